/** Routes of the management plane (`/aims/mgmt`): security rules, security groups, rule instances and PyPI auth. */
import { ruleApplies } from "./catalog.js"
import {
  ANY_SOURCE_TYPES,
  type AnySourceTypeValue,
  isoTime,
  RULE_FIELD_VALUE_KEYS,
  RULE_STATES,
  type SecurityGroupRecord
} from "./records.js"
import {
  detail,
  type FakeResponse,
  type IncomingRequest,
  json,
  type Plane,
  route,
  validationError
} from "./router.js"
import type { RuleConfiguration, SecurityStore } from "./security-store.js"
import {
  dict,
  integer,
  list,
  literal,
  nullable,
  object,
  optional,
  parseUuid,
  repeated,
  required,
  string,
  uuid,
  type ValidationIssue,
  valueError,
  withDefault
} from "./validation.js"

/** Where the fake's PyPI URLs point: a Google Artifact Registry Python repository. */
export const PYPI_REPOSITORY = {
  region: "us-central1",
  project: "prisma-airs-model-security",
  repository: "model-security-client"
} as const

/** How long a PyPI URL's embedded token stays valid. */
const PYPI_TOKEN_TTL_MS = 3_600_000

const sourceType = literal(ANY_SOURCE_TYPES)
const ruleState = literal(RULE_STATES)
/** `search_query` of the rule and group lists: 3 to 1000 characters, matched against name or uuid. */
const searchQuery = optional(string({ minLength: 3, maxLength: 1000 }))
/** `field_values`: `RuleFieldValueKey` keys, each a list of strings. */
const fieldValues = dict(literal(RULE_FIELD_VALUE_KEYS), list(string()))

const RuleConfigurationSchema = object({
  state: optional(nullable(ruleState)),
  field_values: optional(fieldValues)
})

const GroupCreateRequest = object(
  {
    name: required(string({ minLength: 1, maxLength: 255 }), ""),
    description: withDefault(string({ maxLength: 1000 }), ""),
    source_type: required(sourceType, "ALL" as AnySourceTypeValue),
    rule_configurations: optional(dict(string({ maxLength: 64 }), RuleConfigurationSchema))
  },
  { forbidExtra: true }
)

const GroupUpdateRequest = object(
  {
    name: optional(nullable(string({ minLength: 1, maxLength: 255 }))),
    description: optional(nullable(string({ maxLength: 1000 })))
  },
  { forbidExtra: true }
)

const RuleInstanceUpdateRequest = object(
  {
    security_group_uuid: required(uuid, ""),
    state: optional(nullable(ruleState)),
    field_values: optional(nullable(fieldValues))
  },
  { forbidExtra: true }
)

const page = <K extends string, A>(
  property: K,
  result: { total: number; items: ReadonlyArray<A> }
): FakeResponse => json(200, { pagination: { total_items: result.total }, [property]: result.items })

const defined = <A>(items: ReadonlyArray<A | undefined> | undefined): ReadonlyArray<A> | undefined =>
  items?.filter((item): item is A => item !== undefined)

const groupNotFound = detail(404, "Security group not found")
const ruleNotFound = detail(404, "Security rule not found")
const instanceNotFound = detail(404, "Rule instance not found")

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
  source: AnySourceTypeValue,
  configurations: Partial<Record<string, RuleConfiguration>>
): {
  readonly valid: ReadonlyMap<string, RuleConfiguration>
  readonly issues: ReadonlyArray<ValidationIssue>
} => {
  const valid = new Map<string, RuleConfiguration>()
  const issues: Array<ValidationIssue> = []
  for (const [key, configuration] of Object.entries(configurations)) {
    if (configuration === undefined) continue
    const parsed = parseUuid(key)
    const rule = "uuid" in parsed ? store.findRule(parsed.uuid) : undefined
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

/**
 * The management plane under `/aims/mgmt`, every path of the management spec. Choices where the
 * spec is silent: an unknown or inapplicable rule in `rule_configurations`, and a body
 * `security_group_uuid` that differs from the path, are 422 `value_error`s; a deleted group answers
 * 404 to PUT and DELETE, lists no rule instances, and takes no new scans.
 */
export const mgmtPlane = (
  store: SecurityStore,
  authenticate: (request: IncomingRequest) => FakeResponse | undefined
): Plane => {
  const withLiveGroup = (groupUuid: string, respond: (group: SecurityGroupRecord) => FakeResponse) => {
    const group = store.findGroup(groupUuid)
    return group === undefined || group.is_tombstone ? groupNotFound : respond(group)
  }
  const groupParam = { uuid: required(uuid, "") }
  const instanceParams = {
    security_group_uuid: required(uuid, ""),
    rule_instance_uuid: required(uuid, "")
  }

  return {
    name: "mgmt",
    prefix: "/aims/mgmt",
    body: "json",
    authenticate,
    routes: [
      route({
        name: "pypi.authenticate",
        method: "GET",
        path: "/v1/pypi/authenticate",
        handle: () => {
          const { region, project, repository } = PYPI_REPOSITORY
          return json(200, {
            url: `https://oauth2accesstoken:${accessToken()}@${region}-python.pkg.dev/${project}/${repository}/simple/`,
            expires_at: isoTime(Date.now() + PYPI_TOKEN_TTL_MS)
          })
        }
      }),
      route({
        name: "securityRules.list",
        method: "GET",
        path: "/v1/security-rules",
        query: {
          limit: withDefault(integer(), 10),
          skip: withDefault(integer(), 0),
          source_type: optional(sourceType),
          search_query: searchQuery
        },
        handle: ({ query }) =>
          page("rules", store.listRules(query.source_type, query.search_query, query.skip, query.limit))
      }),
      route({
        name: "securityRules.get",
        method: "GET",
        path: "/v1/security-rules/:uuid",
        params: { uuid: required(uuid, "") },
        handle: ({ params }) => {
          const rule = store.findRule(params.uuid)
          return rule === undefined ? ruleNotFound : json(200, rule)
        }
      }),
      route({
        name: "securityGroups.list",
        method: "GET",
        path: "/v1/security-groups",
        query: {
          skip: withDefault(integer({ ge: 0 }), 0),
          limit: withDefault(integer({ ge: 1, le: 100 }), 50),
          sort_field: withDefault(literal(["created_at", "updated_at"]), "created_at"),
          sort_dir: withDefault(literal(["asc", "desc"]), "desc"),
          source_types: repeated(optional(list(sourceType))),
          search_query: searchQuery,
          enabled_rules: repeated(optional(list(uuid)))
        },
        handle: ({ query }) =>
          page(
            "security_groups",
            store.listGroups(
              {
                sourceTypes: defined(query.source_types),
                search: query.search_query,
                enabledRules: query.enabled_rules,
                sortField: query.sort_field,
                sortDir: query.sort_dir
              },
              query.skip,
              query.limit
            )
          )
      }),
      route({
        name: "securityGroups.create",
        method: "POST",
        path: "/v1/security-groups",
        body: GroupCreateRequest,
        handle: ({ body, validate }) => {
          const configurations = ruleConfigurations(store, body.source_type, body.rule_configurations ?? {})
          if (validate && configurations.issues.length > 0) return validationError(configurations.issues)
          const group = store.createGroup({
            name: body.name,
            description: body.description,
            sourceType: body.source_type,
            ruleConfigurations: configurations.valid
          })
          return json(201, group)
        }
      }),
      route({
        name: "securityGroups.get",
        method: "GET",
        path: "/v1/security-groups/:uuid",
        params: groupParam,
        handle: ({ params }) => {
          const group = store.findGroup(params.uuid)
          return group === undefined ? groupNotFound : json(200, group)
        }
      }),
      route({
        name: "securityGroups.update",
        method: "PUT",
        path: "/v1/security-groups/:uuid",
        params: groupParam,
        body: GroupUpdateRequest,
        handle: ({ params, body }) =>
          withLiveGroup(params.uuid, (group) => json(200, store.updateGroup(group.uuid, body)))
      }),
      route({
        name: "securityGroups.delete",
        method: "DELETE",
        path: "/v1/security-groups/:uuid",
        params: groupParam,
        handle: ({ params }) =>
          withLiveGroup(params.uuid, (group) => {
            store.deleteGroup(group.uuid)
            return { status: 204 }
          })
      }),
      route({
        name: "ruleInstances.list",
        method: "GET",
        path: "/v1/security-groups/:security_group_uuid/rule-instances",
        params: { security_group_uuid: required(uuid, "") },
        query: {
          limit: withDefault(integer(), 10),
          skip: withDefault(integer(), 0),
          security_rule_uuid: optional(uuid),
          state: optional(ruleState)
        },
        handle: ({ params, query }) =>
          store.findGroup(params.security_group_uuid) === undefined
            ? groupNotFound
            : page(
                "rule_instances",
                store.listInstances(
                  params.security_group_uuid,
                  { securityRuleUuid: query.security_rule_uuid, state: query.state },
                  query.skip,
                  query.limit
                )
              )
      }),
      route({
        name: "ruleInstances.get",
        method: "GET",
        path: "/v1/security-groups/:security_group_uuid/rule-instances/:rule_instance_uuid",
        params: instanceParams,
        handle: ({ params }) => {
          if (store.findGroup(params.security_group_uuid) === undefined) return groupNotFound
          const instance = store.findInstance(params.security_group_uuid, params.rule_instance_uuid)
          return instance === undefined ? instanceNotFound : json(200, instance)
        }
      }),
      route({
        name: "ruleInstances.update",
        method: "PUT",
        path: "/v1/security-groups/:security_group_uuid/rule-instances/:rule_instance_uuid",
        params: instanceParams,
        body: RuleInstanceUpdateRequest,
        handle: ({ params, body, validate }) => {
          if (validate && body.security_group_uuid !== params.security_group_uuid) {
            return validationError([
              valueError(
                ["body", "security_group_uuid"],
                "security_group_uuid must match the security group in the path",
                body.security_group_uuid
              )
            ])
          }
          return withLiveGroup(params.security_group_uuid, (group) => {
            const updated = store.updateInstance(group.uuid, params.rule_instance_uuid, {
              state: body.state,
              fieldValues: body.field_values
            })
            return updated === undefined ? instanceNotFound : json(200, updated)
          })
        }
      })
    ]
  }
}
