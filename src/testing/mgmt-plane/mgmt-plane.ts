/**
 * The management plane (`/aims/mgmt`): security rules, security groups, rule instances, custom rules,
 * snapshot versions and PyPI auth.
 */
import {
  detail,
  type FakeResponse,
  type IncomingRequest,
  json,
  page,
  validationError
} from "../http/messages.js"
import { type Page, paginate } from "../http/paging.js"
import { type OperationHandlers, operationRoutes, type Plane } from "../http/routes.js"
import { type ConditionRecord, isoTime, type SecurityGroupRecord } from "../records.js"
import { conditionIssues } from "../tenant/rule-conditions.js"
import { ruleApplies } from "../tenant/security-rule-specs.js"
import { type ValidationIssue, valueError } from "../validation/check.js"
import { parseUuid } from "../validation/string-formats.js"
import type { RuleConfiguration } from "./group-store.js"
import type { SecurityStore } from "./security-store.js"
import type { SnapshotSeries } from "./snapshot-series.js"

/** Where the fake's PyPI URLs point: a Google Artifact Registry Python repository. */
export const PYPI_REPOSITORY = {
  region: "us-central1",
  project: "prisma-airs-model-security",
  repository: "model-security-client"
} as const

/** How long a PyPI URL's embedded token stays valid. */
const PYPI_TOKEN_TTL_MS = 3_600_000

const groupNotFound = detail(404, "Security group not found")
const ruleNotFound = detail(404, "Security rule not found")
const instanceNotFound = detail(404, "Rule instance not found")
const customRuleNotFound = detail(404, "Custom rule not found")
const generationNotFound = (generation: number) => detail(404, `Snapshot generation ${generation} not found`)

/** A random token shaped like a Google OAuth2 access token. */
const accessToken = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(96))
  const base64 = btoa(String.fromCharCode(...bytes))
  return `ya29.c.${base64.replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "")}`
}

/**
 * The rule configurations of a group-creation request, keyed by canonical rule uuid, and a
 * `value_error` for each key that names no rule, or a rule that does not apply to the source type.
 */
const ruleConfigurations = (
  store: SecurityStore,
  source: string,
  configurations: Readonly<Record<string, RuleConfiguration>>
): {
  readonly valid: ReadonlyMap<string, RuleConfiguration>
  readonly issues: ReadonlyArray<ValidationIssue>
} => {
  const valid = new Map<string, RuleConfiguration>()
  const issues: Array<ValidationIssue> = []
  for (const [key, configuration] of Object.entries(configurations)) {
    const parsed = parseUuid(key)
    const rule = "uuid" in parsed ? store.rules.find(parsed.uuid) : undefined
    const loc = ["body", "rule_configurations", key]
    if (rule === undefined) {
      issues.push(valueError(loc, `Security rule ${key} not found`, configuration))
    } else if (!ruleApplies(rule, source)) {
      issues.push(
        valueError(
          loc,
          `Security rule ${key} (${rule.name}) does not apply to source type ${source}`,
          configuration
        )
      )
    } else {
      valid.set(rule.uuid, configuration)
    }
  }
  return { valid, issues }
}

/** A page of snapshot versions, or a 422 for a cursor the series did not give out. */
const versions = (series: SnapshotSeries<unknown>, query: Readonly<Record<string, any>>): FakeResponse => {
  const found = series.page(query.limit, query.next_token)
  if (found === undefined) {
    return validationError([
      valueError(["query", "next_token"], "Invalid pagination token", query.next_token)
    ])
  }
  return json(200, { versions: found.versions, pagination: { next_token: found.nextToken } })
}

/** A page read at a generation, or 404 when the snapshot has no such generation. */
const snapshotPage = <A>(property: string, generation: number | undefined, result: Page<A> | undefined) =>
  result === undefined ? generationNotFound(generation ?? 0) : page(property, result)

/**
 * The management plane under `/aims/mgmt`, one route per management operation of the spec. Choices
 * where the spec is silent: an unknown or inapplicable rule in `rule_configurations`, a body
 * `security_group_uuid` that differs from the path, a rule-result condition on an unknown rule and a
 * label `equals`/`not_equals` without a value are 422 `value_error`s; a deleted group answers 404 to PUT
 * and DELETE, lists no current rule instances, and takes no new scans; a read at an unknown generation
 * is a 404, a cursor the fake did not give out a 422; archiving a custom rule removes its assignments.
 */
export const mgmtPlane = (
  store: SecurityStore,
  authenticate: (request: IncomingRequest) => FakeResponse | undefined
): Plane => {
  const withLiveGroup = (groupUuid: string, respond: (group: SecurityGroupRecord) => FakeResponse) => {
    const group = store.groups.find(groupUuid)
    return group === undefined || group.is_tombstone ? groupNotFound : respond(group)
  }
  const knownRule = (uuid: string) =>
    store.rules.find(uuid) !== undefined || store.customRules.find(uuid) !== undefined
  const conditionCheck = (condition: ConditionRecord | null | undefined, validate: boolean) =>
    validate && condition != null ? conditionIssues(condition, ["body", "condition"], knownRule) : []

  const handlers: OperationHandlers = {
    "ModelSecurity.getPyPIAuth": () => {
      const { region, project, repository } = PYPI_REPOSITORY
      return json(200, {
        url: `https://oauth2accesstoken:${accessToken()}@${region}-python.pkg.dev/${project}/${repository}/simple/`,
        expires_at: isoTime(Date.now() + PYPI_TOKEN_TTL_MS)
      })
    },

    // --- security rules ----------------------------------------------------------------------
    "SecurityRules.list": ({ query }) =>
      snapshotPage(
        "rules",
        query.generation,
        store.rules.list(
          { sourceType: query.source_type, search: query.search_query, generation: query.generation },
          query.skip,
          query.limit
        )
      ),

    "SecurityRules.get": ({ path }) => {
      const rule = store.rules.find(path.uuid)
      return rule === undefined ? ruleNotFound : json(200, rule)
    },

    "SecurityRules.listVersions": ({ query }) => versions(store.rules.history, query),

    // --- security groups ---------------------------------------------------------------------
    "SecurityGroups.list": ({ query }) =>
      page(
        "security_groups",
        store.groups.list(
          {
            sourceTypes: query.source_types,
            search: query.search_query,
            enabledRules: query.enabled_rules,
            sortField: query.sort_field,
            sortDir: query.sort_dir
          },
          query.skip,
          query.limit
        )
      ),

    "SecurityGroups.create": ({ body, validate, success }) => {
      const source = String(body?.source_type ?? "ALL")
      const configurations = ruleConfigurations(store, source, body?.rule_configurations ?? {})
      if (validate && configurations.issues.length > 0) return validationError(configurations.issues)
      const group = store.groups.create({
        name: String(body?.name ?? ""),
        description: body?.description ?? "",
        sourceType: source,
        ruleConfigurations: configurations.valid
      })
      return success(group)
    },

    "SecurityGroups.get": ({ path }) => {
      const group = store.groups.find(path.uuid)
      return group === undefined ? groupNotFound : json(200, group)
    },

    "SecurityGroups.update": ({ path, body }) =>
      withLiveGroup(path.uuid, (group) => json(200, store.groups.update(group.uuid, body ?? {}))),

    "SecurityGroups.delete": ({ path, success }) =>
      withLiveGroup(path.uuid, (group) => {
        store.groups.delete(group.uuid)
        return success()
      }),

    // --- rule instances ----------------------------------------------------------------------
    "SecurityGroups.listRuleInstances": ({ path, query }) =>
      store.groups.find(path.security_group_uuid) === undefined
        ? groupNotFound
        : snapshotPage(
            "rule_instances",
            query.generation,
            store.groups.listInstances(
              path.security_group_uuid,
              {
                securityRuleUuid: query.security_rule_uuid,
                state: query.state,
                isCustom: query.is_custom,
                generation: query.generation
              },
              query.skip,
              query.limit
            )
          ),

    "SecurityGroups.getRuleInstance": ({ path }) => {
      if (store.groups.find(path.security_group_uuid) === undefined) return groupNotFound
      const instance = store.groups.findInstance(path.security_group_uuid, path.rule_instance_uuid)
      return instance === undefined ? instanceNotFound : json(200, instance)
    },

    "SecurityGroups.updateRuleInstance": ({ path, body, validate }) => {
      if (validate && body.security_group_uuid !== path.security_group_uuid) {
        return validationError([
          valueError(
            ["body", "security_group_uuid"],
            "security_group_uuid must match the security group in the path",
            body.security_group_uuid
          )
        ])
      }
      return withLiveGroup(path.security_group_uuid, (group) => {
        const updated = store.groups.updateInstance(group.uuid, path.rule_instance_uuid, {
          state: body?.state,
          fieldValues: body?.field_values
        })
        return updated === undefined ? instanceNotFound : json(200, updated)
      })
    },

    "SecurityGroups.listRuleInstanceVersions": ({ path, query }) => {
      const series = store.groups.instanceHistory(path.security_group_uuid)
      return series === undefined ? groupNotFound : versions(series, query)
    },

    // --- custom rules ------------------------------------------------------------------------
    "CustomRules.list": ({ query }) =>
      snapshotPage(
        "custom_rules",
        query.generation,
        store.customRules.list(
          {
            isArchived: query.is_archived,
            sourceTypes: query.source_types,
            search: query.search_query,
            sortField: query.sort_field,
            sortDir: query.sort_dir,
            generation: query.generation
          },
          query.skip,
          query.limit
        )
      ),

    "CustomRules.create": ({ body, validate, success }) => {
      const issues = conditionCheck(body?.condition, validate)
      if (issues.length > 0) return validationError(issues)
      const rule = store.customRules.create({
        name: String(body?.name ?? ""),
        description: body?.description ?? "",
        compatibleSources: body?.compatible_sources ?? ["ALL"],
        condition: body?.condition ?? { type: "label", key: "", operator: "exists" },
        ruleAction: body?.rule_action === "PASS" ? "PASS" : "FAIL",
        violationMessage: String(body?.violation_message ?? ""),
        remediationMessage: body?.remediation_message ?? null
      })
      return success(rule)
    },

    "CustomRules.get": ({ path }) => {
      const rule = store.customRules.find(path.custom_rule_uuid)
      return rule === undefined ? customRuleNotFound : json(200, rule)
    },

    "CustomRules.update": ({ path, body, validate }) => {
      if (store.customRules.find(path.custom_rule_uuid) === undefined) return customRuleNotFound
      const issues = conditionCheck(body?.condition, validate)
      if (issues.length > 0) return validationError(issues)
      const updated = store.customRules.update(path.custom_rule_uuid, {
        name: body?.name,
        description: body?.description,
        condition: body?.condition,
        ruleAction: body?.rule_action,
        violationMessage: body?.violation_message,
        remediationMessage: body?.remediation_message
      })
      return json(200, updated)
    },

    "CustomRules.archive": ({ path, success }) =>
      store.customRules.setArchived(path.custom_rule_uuid, true) === undefined
        ? customRuleNotFound
        : success(),

    "CustomRules.unarchive": ({ path, success }) =>
      store.customRules.setArchived(path.custom_rule_uuid, false) === undefined
        ? customRuleNotFound
        : success(),

    "CustomRules.listSecurityGroups": ({ path, query }) => {
      if (store.customRules.find(path.custom_rule_uuid) === undefined) return customRuleNotFound
      const groups = store.customRules.assignedGroups(path.custom_rule_uuid).map(({ group, state }) => ({
        uuid: group.uuid,
        name: group.name,
        source_type: group.source_type,
        rule_state: state
      }))
      return page("security_groups", paginate(groups, query.skip, query.limit))
    },

    "CustomRules.assignSecurityGroups": ({ path, body, success }) => {
      const results = store.customRules.assign(path.custom_rule_uuid, body?.assignments ?? [])
      return results === undefined ? customRuleNotFound : success({ results })
    },

    "CustomRules.removeAssignment": ({ path, success }) => {
      if (store.customRules.find(path.custom_rule_uuid) === undefined) return customRuleNotFound
      if (store.groups.find(path.sg_uuid) === undefined) return groupNotFound
      return store.customRules.removeAssignment(path.custom_rule_uuid, path.sg_uuid)
        ? success()
        : detail(404, "Custom rule is not assigned to this security group")
    },

    "CustomRules.listVersions": ({ query }) => versions(store.customRules.history, query)
  }

  return {
    name: "mgmt",
    prefix: "/aims/mgmt",
    body: "json",
    authenticate,
    routes: operationRoutes("mgmt", handlers)
  }
}
