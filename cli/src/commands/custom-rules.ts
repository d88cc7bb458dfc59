/**
 * `airs-ms custom-rules …`: rules of the tenant's own, conditions over labels and other rules' results.
 * Bodies and condition trees come from a JSON or YAML file, or stdin (`-`).
 */
import { Args, Options } from "@effect/cli"
import {
  type BatchAssignCustomRuleRequest,
  type CustomRuleCreateRequest,
  CustomRules,
  type CustomRuleUpdateRequest
} from "@effect-airs/model-security"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  bodyOf,
  cursorOptions,
  defined,
  fileOption,
  group,
  leaf,
  many,
  opt,
  pageOptions,
  readDocument,
  runCursorList,
  runList,
  withHelp
} from "../command.js"
import { Exit, UsageError, VerdictExit } from "../errors.js"
import { choice, integer } from "../options.js"
import { emit, writeErr } from "../output.js"
import { VERSION_COLUMNS } from "./groups.js"
import { sourceTypes } from "./scans.js"

const RULE_COLUMNS = ["uuid", "name", "compatible_sources", "rule_action", "is_archived", "updated_at"]
const RULE_GROUP_COLUMNS = ["uuid", "name", "source_type", "rule_state"]
const STATES = ["DISABLED", "ALLOWING", "BLOCKING"] as const

const ruleArg = Args.text({ name: "custom-rule-uuid" }).pipe(Args.withDescription("The custom rule's UUID."))

const list = leaf(
  "list",
  {
    ...pageOptions,
    archived: choice("archived", ["true", "false"] as const).pipe(
      Options.withDescription("Only archived (true) or only active (false) rules."),
      Options.optional
    ),
    sourceType: sourceTypes("source-type"),
    search: Options.text("search").pipe(Options.withDescription("Search in name or UUID."), Options.optional),
    sortField: choice("sort-field", ["created_at", "updated_at"] as const).pipe(Options.optional),
    sortDir: choice("sort-dir", ["asc", "desc"] as const).pipe(Options.optional),
    generation: integer("generation", 0).pipe(
      Options.withDescription("Read this snapshot generation (see custom-rules versions)."),
      Options.optional
    )
  },
  (v) =>
    Effect.flatMap(CustomRules, (rules) => {
      const params = defined({
        is_archived: Option.getOrUndefined(Option.map(v.archived, (a) => a === "true")),
        source_types: many(v.sourceType),
        search_query: opt(v.search),
        sort_field: opt(v.sortField),
        sort_dir: opt(v.sortDir),
        generation: opt(v.generation)
      })
      return runList(
        {
          noun: "custom rules",
          columns: RULE_COLUMNS,
          page: (paging) =>
            Effect.map(rules.list({ ...params, ...paging }), (p) => ({
              items: p.custom_rules,
              total: p.pagination.total_items
            })),
          stream: rules.stream(params)
        },
        v
      )
    })
).pipe(withHelp("List custom rules.", "airs-ms custom-rules list --archived false --sort-field updated_at"))

const get = leaf("get", { uuid: ruleArg }, (v) =>
  Effect.flatMap(CustomRules, (rules) => Effect.flatMap(rules.get(v.uuid), emit))
).pipe(
  withHelp(
    "Show one custom rule, with its condition tree.",
    "airs-ms custom-rules get 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d -o yaml"
  )
)

/** The fields of a rule that flags can set; the condition tree comes from a file. */
const ruleFields = {
  file: fileOption("The whole body as JSON or YAML; - for stdin. Flags override its fields."),
  name: Options.text("name").pipe(Options.withDescription("Name."), Options.optional),
  description: Options.text("description").pipe(Options.withDescription("Description."), Options.optional),
  condition: Options.text("condition").pipe(
    Options.withPseudoName("path|-"),
    Options.withDescription("The condition tree as JSON or YAML; - for stdin."),
    Options.optional
  ),
  violationMessage: Options.text("violation-message").pipe(
    Options.withDescription("What a violation says."),
    Options.optional
  ),
  remediationMessage: Options.text("remediation-message").pipe(
    Options.withDescription("How to fix a violation."),
    Options.optional
  ),
  action: choice("action", ["FAIL", "PASS"] as const).pipe(
    Options.withDescription("What the rule does when its condition holds."),
    Options.optional
  )
}

const ruleBody = (
  v: {
    readonly file: Option.Option<string>
    readonly name: Option.Option<string>
    readonly description: Option.Option<string>
    readonly condition: Option.Option<string>
    readonly violationMessage: Option.Option<string>
    readonly remediationMessage: Option.Option<string>
    readonly action: Option.Option<string>
  },
  extra: Record<string, unknown> = {}
) =>
  Effect.gen(function* () {
    if (Option.getOrUndefined(v.file) === "-" && Option.getOrUndefined(v.condition) === "-") {
      return yield* new UsageError({ message: "--condition: stdin is already --file's; pass a path" })
    }
    const condition = Option.isSome(v.condition)
      ? yield* readDocument("condition", v.condition.value)
      : undefined
    return yield* bodyOf(v.file, {
      name: opt(v.name),
      description: opt(v.description),
      condition,
      violation_message: opt(v.violationMessage),
      remediation_message: opt(v.remediationMessage),
      rule_action: opt(v.action),
      ...extra
    })
  })

const create = leaf(
  "create",
  {
    ...ruleFields,
    source: sourceTypes("source").pipe(Options.withDescription("A compatible source type (repeatable)."))
  },
  (v) =>
    Effect.gen(function* () {
      const body = yield* ruleBody(v, { compatible_sources: many(v.source) })
      const rules = yield* CustomRules
      yield* emit(yield* rules.create(body as unknown as CustomRuleCreateRequest))
    })
).pipe(
  withHelp(
    "Create a custom rule (name, sources, condition, violation message).",
    'airs-ms custom-rules create --name "Models carry an owner" --source HUGGING_FACE --condition owner.yaml --violation-message "no owner label"'
  )
)

const update = leaf("update", { uuid: ruleArg, ...ruleFields }, (v) =>
  Effect.gen(function* () {
    const body = yield* ruleBody(v)
    const rules = yield* CustomRules
    yield* emit(yield* rules.update(v.uuid, body as CustomRuleUpdateRequest))
  })
).pipe(
  withHelp(
    "Update a custom rule.",
    'airs-ms custom-rules update 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d --remediation-message "add an owner label"'
  )
)

const archive = leaf("archive", { uuid: ruleArg }, (v) =>
  Effect.gen(function* () {
    const rules = yield* CustomRules
    yield* rules.archive(v.uuid)
    yield* emit({ uuid: v.uuid, archived: true })
  })
).pipe(
  withHelp("Archive a custom rule.", "airs-ms custom-rules archive 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d")
)

const unarchive = leaf("unarchive", { uuid: ruleArg }, (v) =>
  Effect.gen(function* () {
    const rules = yield* CustomRules
    yield* rules.unarchive(v.uuid)
    yield* emit({ uuid: v.uuid, archived: false })
  })
).pipe(
  withHelp(
    "Restore an archived custom rule.",
    "airs-ms custom-rules unarchive 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d"
  )
)

const assign = leaf(
  "assign",
  {
    uuid: ruleArg,
    groups: Options.text("group").pipe(
      Options.repeated,
      Options.withDescription("A security group UUID to assign the rule to (repeatable).")
    ),
    state: choice("state", STATES).pipe(
      Options.withDescription("How the groups apply the rule (default BLOCKING)."),
      Options.optional
    ),
    file: fileOption(
      "The assignments as JSON or YAML ({ assignments: [{ security_group_uuid, state }] }); - for stdin."
    )
  },
  (v) =>
    Effect.gen(function* () {
      const state = Option.getOrElse(v.state, () => "BLOCKING" as const)
      const fromFlags = v.groups.map((security_group_uuid) => ({ security_group_uuid, state }))
      const body = yield* bodyOf(v.file, {})
      const assignments = [...((body.assignments as ReadonlyArray<unknown> | undefined) ?? []), ...fromFlags]
      if (assignments.length === 0) {
        return yield* new UsageError({
          message: "--group: at least one security group is needed (or --file)"
        })
      }
      const rules = yield* CustomRules
      const { results } = yield* rules.assignSecurityGroups(v.uuid, {
        ...body,
        assignments
      } as unknown as BatchAssignCustomRuleRequest)
      yield* emit(results)
      const failed = results.filter(
        (r) => r.status === "error" || (r.error !== undefined && r.error !== null)
      )
      if (failed.length > 0) {
        yield* writeErr(`${failed.length} of ${results.length} assignments failed`)
        return yield* new VerdictExit({ code: Exit.error })
      }
    })
).pipe(
  withHelp(
    "Assign a custom rule to security groups (a result per group).",
    "airs-ms custom-rules assign 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d --group a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607 --state BLOCKING"
  )
)

const unassign = leaf(
  "unassign",
  {
    uuid: ruleArg,
    group: Args.text({ name: "group-uuid" }).pipe(Args.withDescription("The security group's UUID."))
  },
  (v) =>
    Effect.gen(function* () {
      const rules = yield* CustomRules
      yield* rules.removeAssignment(v.uuid, v.group)
      yield* emit({ custom_rule_uuid: v.uuid, security_group_uuid: v.group, assigned: false })
    })
).pipe(
  withHelp(
    "Remove a custom rule from a security group.",
    "airs-ms custom-rules unassign 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607"
  )
)

const groups = leaf("groups", { uuid: ruleArg, ...pageOptions }, (v) =>
  Effect.flatMap(CustomRules, (rules) =>
    runList(
      {
        noun: "security groups",
        columns: RULE_GROUP_COLUMNS,
        page: (paging) =>
          Effect.map(rules.listSecurityGroups(v.uuid, paging), (p) => ({
            items: p.security_groups,
            total: p.pagination.total_items
          })),
        stream: rules.streamSecurityGroups(v.uuid)
      },
      v
    )
  )
).pipe(
  withHelp(
    "List the security groups a custom rule is assigned to.",
    "airs-ms custom-rules groups 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d"
  )
)

const versions = leaf("versions", cursorOptions, (v) =>
  Effect.flatMap(CustomRules, (rules) =>
    runCursorList(
      {
        noun: "versions",
        columns: VERSION_COLUMNS,
        page: (paging) =>
          Effect.map(rules.listVersions(paging), (p) => ({
            items: p.versions,
            nextToken: p.pagination.next_token
          })),
        stream: rules.streamVersions()
      },
      v
    )
  )
).pipe(
  withHelp(
    "List snapshot generations of the custom rules, newest first.",
    "airs-ms custom-rules versions --all"
  )
)

export const customRulesCommand = group(
  "custom-rules",
  "Custom rules: conditions on labels and rule results.",
  "airs-ms custom-rules list --archived false",
  [list, get, create, update, archive, unarchive, assign, unassign, groups, versions]
)
