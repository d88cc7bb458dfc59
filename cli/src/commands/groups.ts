/** `airs-ms groups …`, `airs-ms rule-instances …` and `airs-ms rules …`: the management plane's groups and rules. */
import { Args, Options } from "@effect/cli"
import {
  type ModelSecurityGroupCreateRequest,
  type ModelSecurityGroupUpdateRequest,
  type ModelSecurityRuleInstanceUpdateRequest,
  SecurityGroups,
  SecurityRules
} from "@effect-airs/model-security"
import * as Effect from "effect/Effect"
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
  runCursorList,
  runList,
  withHelp
} from "../command.js"
import { choice, integer } from "../options.js"
import { emit } from "../output.js"
import { sourceTypes } from "./scans.js"

const SOURCE_TYPES = ["LOCAL", "HUGGING_FACE", "S3", "GCS", "AZURE", "ARTIFACTORY", "GITLAB", "ALL"] as const
const STATES = ["DISABLED", "ALLOWING", "BLOCKING"] as const
const DIRECTIONS = ["asc", "desc"] as const

const GROUP_COLUMNS = ["uuid", "name", "source_type", "state", "description", "updated_at"]
const INSTANCE_COLUMNS = [
  "uuid",
  "state",
  "rule.name",
  "custom_rule.name",
  "security_rule_uuid",
  "custom_rule_uuid"
]
const RULE_COLUMNS = ["uuid", "name", "rule_type", "default_state", "compatible_sources"]
const VERSION_COLUMNS = ["generation", "timestamp"]

const groupArg = Args.text({ name: "group-uuid" }).pipe(Args.withDescription("The security group's UUID."))
const generation = integer("generation", 0).pipe(
  Options.withDescription("Read this snapshot generation (see the versions command)."),
  Options.optional
)

const list = leaf(
  "list",
  {
    ...pageOptions,
    sourceType: sourceTypes("source-type"),
    search: Options.text("search").pipe(
      Options.withDescription("Search in name or UUID (3+ characters)."),
      Options.optional
    ),
    enabledRule: Options.text("enabled-rule").pipe(
      Options.repeated,
      Options.withDescription("Only groups where this rule UUID is ALLOWING or BLOCKING (repeatable).")
    ),
    sortField: choice("sort-field", ["created_at", "updated_at"] as const).pipe(Options.optional),
    sortDir: choice("sort-dir", DIRECTIONS).pipe(Options.optional)
  },
  (v) =>
    Effect.flatMap(SecurityGroups, (groups) => {
      const params = defined({
        source_types: many(v.sourceType),
        search_query: opt(v.search),
        enabled_rules: many(v.enabledRule),
        sort_field: opt(v.sortField),
        sort_dir: opt(v.sortDir)
      })
      return runList(
        {
          noun: "security groups",
          columns: GROUP_COLUMNS,
          page: (paging) =>
            Effect.map(groups.list({ ...params, ...paging }), (p) => ({
              items: p.security_groups,
              total: p.pagination.total_items
            })),
          stream: groups.stream(params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List security groups.",
    "airs-ms groups list --source-type S3 --sort-field updated_at --sort-dir desc"
  )
)

const get = leaf("get", { uuid: groupArg }, (v) =>
  Effect.flatMap(SecurityGroups, (groups) => Effect.flatMap(groups.get(v.uuid), emit))
).pipe(withHelp("Show one security group.", "airs-ms groups get a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607"))

const name = Options.text("name").pipe(Options.withDescription("Name."), Options.optional)
const description = Options.text("description").pipe(
  Options.withDescription("Description."),
  Options.optional
)

const create = leaf(
  "create",
  {
    file: fileOption(
      "The body as JSON or YAML (name, source_type, description, rule_configurations); - for stdin."
    ),
    name,
    description,
    sourceType: choice("source-type", SOURCE_TYPES).pipe(
      Options.withDescription("Source type."),
      Options.optional
    )
  },
  (v) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(v.file, {
        name: opt(v.name),
        description: opt(v.description),
        source_type: opt(v.sourceType)
      })
      const groups = yield* SecurityGroups
      yield* emit(yield* groups.create(body as unknown as ModelSecurityGroupCreateRequest))
    })
).pipe(
  withHelp(
    "Create a security group (flags, or a body from --file).",
    'airs-ms groups create --name "S3 models" --source-type S3 --description "Models from our buckets"'
  )
)

const update = leaf(
  "update",
  {
    uuid: groupArg,
    file: fileOption("The body as JSON or YAML (name, description); - for stdin."),
    name,
    description
  },
  (v) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(v.file, { name: opt(v.name), description: opt(v.description) })
      const groups = yield* SecurityGroups
      yield* emit(yield* groups.update(v.uuid, body as ModelSecurityGroupUpdateRequest))
    })
).pipe(
  withHelp(
    "Update a security group's name or description.",
    'airs-ms groups update a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607 --description "Models from our buckets"'
  )
)

const del = leaf("delete", { uuid: groupArg }, (v) =>
  Effect.gen(function* () {
    const groups = yield* SecurityGroups
    yield* groups.delete(v.uuid)
    yield* emit({ uuid: v.uuid, deleted: true })
  })
).pipe(withHelp("Delete a security group.", "airs-ms groups delete a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607"))

export const groupsCommand = group(
  "groups",
  "Security groups.",
  "airs-ms groups list --source-type HUGGING_FACE",
  [list, get, create, update, del]
)

// rule instances

const instanceArg = Args.text({ name: "rule-instance-uuid" }).pipe(
  Args.withDescription("The rule instance's UUID.")
)

const instances = leaf(
  "list",
  {
    group: groupArg,
    ...pageOptions,
    rule: Options.text("rule").pipe(Options.withDescription("Security rule UUID."), Options.optional),
    state: choice("state", STATES).pipe(
      Options.withDescription("Only instances in this state."),
      Options.optional
    ),
    custom: Options.boolean("custom").pipe(Options.withDescription("Only instances of custom rules.")),
    generation
  },
  (v) =>
    Effect.flatMap(SecurityGroups, (groups) => {
      const params = defined({
        security_rule_uuid: opt(v.rule),
        state: opt(v.state),
        is_custom: v.custom ? true : undefined,
        generation: opt(v.generation)
      })
      return runList(
        {
          noun: "rule instances",
          columns: INSTANCE_COLUMNS,
          page: (paging) =>
            Effect.map(groups.listRuleInstances(v.group, { ...params, ...paging }), (p) => ({
              items: p.rule_instances,
              total: p.pagination.total_items
            })),
          stream: groups.streamRuleInstances(v.group, params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List a security group's rule instances.",
    "airs-ms rule-instances list a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607 --state BLOCKING"
  )
)

const instance = leaf("get", { group: groupArg, uuid: instanceArg }, (v) =>
  Effect.flatMap(SecurityGroups, (groups) => Effect.flatMap(groups.getRuleInstance(v.group, v.uuid), emit))
).pipe(
  withHelp(
    "Show one rule instance.",
    "airs-ms rule-instances get a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607 7b2d4f6a-8c0e-4a1b-b3d5-e7f9a1c3e5b7"
  )
)

const updateInstance = leaf(
  "update",
  {
    group: groupArg,
    uuid: instanceArg,
    file: fileOption("The body as JSON or YAML (state, field_values); - for stdin."),
    state: choice("state", STATES).pipe(
      Options.withDescription("How the group applies the rule."),
      Options.optional
    )
  },
  (v) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(v.file, { state: opt(v.state) })
      const groups = yield* SecurityGroups
      yield* emit(
        yield* groups.updateRuleInstance(
          v.group,
          v.uuid,
          body as unknown as ModelSecurityRuleInstanceUpdateRequest
        )
      )
    })
).pipe(
  withHelp(
    "Change how a group applies a rule (state, field values).",
    "airs-ms rule-instances update a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607 7b2d4f6a-8c0e-4a1b-b3d5-e7f9a1c3e5b7 --state ALLOWING"
  )
)

export const ruleInstancesCommand = group(
  "rule-instances",
  "Rule instances of a security group.",
  "airs-ms rule-instances list a1f3c2d4-5b6e-4f70-8a91-b2c3d4e5f607",
  [instances, instance, updateInstance]
)

// security rules

const rulesList = leaf(
  "list",
  {
    ...pageOptions,
    sourceType: choice("source-type", SOURCE_TYPES).pipe(
      Options.withDescription("Source type."),
      Options.optional
    ),
    search: Options.text("search").pipe(
      Options.withDescription("Search in name or UUID (3+ characters)."),
      Options.optional
    ),
    generation
  },
  (v) =>
    Effect.flatMap(SecurityRules, (rules) => {
      const params = defined({
        source_type: opt(v.sourceType),
        search_query: opt(v.search),
        generation: opt(v.generation)
      })
      return runList(
        {
          noun: "security rules",
          columns: RULE_COLUMNS,
          page: (paging) =>
            Effect.map(rules.list({ ...params, ...paging }), (p) => ({
              items: p.rules,
              total: p.pagination.total_items
            })),
          stream: rules.stream(params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List the security rules of the catalogue.",
    "airs-ms rules list --source-type HUGGING_FACE --search pickle"
  )
)

const rule = leaf("get", { uuid: Args.text({ name: "rule-uuid" }) }, (v) =>
  Effect.flatMap(SecurityRules, (rules) => Effect.flatMap(rules.get(v.uuid), emit))
).pipe(withHelp("Show one security rule.", "airs-ms rules get 0c5e7a9b-1d2f-4a3b-9c4d-5e6f7a8b9c0d"))

const versions = leaf("versions", cursorOptions, (v) =>
  Effect.flatMap(SecurityRules, (rules) =>
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
    "List snapshot generations of the rule catalogue, newest first.",
    "airs-ms rules versions --limit 5"
  )
)

export const rulesCommand = group(
  "rules",
  "The security rule catalogue.",
  "airs-ms rules list --source-type S3",
  [rulesList, rule, versions]
)

export { VERSION_COLUMNS }
