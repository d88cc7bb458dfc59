/** `airs-ms scans …` and `airs-ms labels …`: scans, their results, and their labels. */
import { Args, Options } from "@effect/cli"
import { Scans } from "@effect-airs/model-security"
import * as Effect from "effect/Effect"
import { defined, group, leaf, many, opt, pageOptions, runList, withHelp } from "../command.js"
import { UsageError } from "../errors.js"
import { choice, choices, keyValues } from "../options.js"
import { emit } from "../output.js"

const OUTCOMES = ["PENDING", "ALLOWED", "BLOCKED", "ERROR"] as const
const SOURCE_TYPES = ["LOCAL", "HUGGING_FACE", "S3", "GCS", "AZURE", "ARTIFACTORY", "GITLAB", "ALL"] as const
const DIRECTIONS = ["asc", "desc"] as const

export const SCAN_COLUMNS = [
  "uuid",
  "eval_outcome",
  "model_uri",
  "source_type",
  "security_group_name",
  "eval_summary.rules_failed",
  "created_at"
]
const EVALUATION_COLUMNS = ["uuid", "rule_name", "result", "rule_instance_state", "violation_count"]
const VIOLATION_COLUMNS = ["uuid", "rule_name", "rule_instance_state", "file", "threat", "threat_description"]
const FILE_COLUMNS = ["path", "type", "result", "formats"]

const uuidArg = (name: string, description: string) =>
  Args.text({ name }).pipe(Args.withDescription(description))

const scanArg = uuidArg("scan-uuid", "The scan's UUID.")

export const sourceTypes = (name: string) =>
  choices(name, SOURCE_TYPES).pipe(Options.withDescription("Source type (repeatable)."))

const list = leaf(
  "list",
  {
    ...pageOptions,
    outcome: choices("outcome", OUTCOMES).pipe(Options.withDescription("Verdict (repeatable).")),
    sourceType: sourceTypes("source-type"),
    group: Options.text("group").pipe(Options.withDescription("Security group UUID."), Options.optional),
    modelVersion: Options.text("model-version").pipe(
      Options.withDescription("Model version UUID."),
      Options.optional
    ),
    search: Options.text("search").pipe(
      Options.withDescription("Search in model URI or UUID."),
      Options.optional
    ),
    labelsQuery: Options.text("labels-query").pipe(
      Options.withDescription("Query on labels."),
      Options.optional
    ),
    since: Options.text("since").pipe(
      Options.withDescription("Created at or after (ISO date-time)."),
      Options.optional
    ),
    until: Options.text("until").pipe(
      Options.withDescription("Created before (ISO date-time)."),
      Options.optional
    ),
    sortOrder: choice("sort-order", DIRECTIONS).pipe(
      Options.withDescription("Order by creation time."),
      Options.optional
    )
  },
  (v) =>
    Effect.flatMap(Scans, (scans) => {
      const params = defined({
        eval_outcomes: many(v.outcome),
        source_types: many(v.sourceType),
        security_group_uuid: opt(v.group),
        model_version_uuid: opt(v.modelVersion),
        search_query: opt(v.search),
        labels_query: opt(v.labelsQuery),
        start_time: opt(v.since),
        end_time: opt(v.until),
        sort_order: opt(v.sortOrder)
      })
      return runList(
        {
          noun: "scans",
          columns: SCAN_COLUMNS,
          page: (paging) =>
            Effect.map(scans.list({ ...params, ...paging }), (p) => ({
              items: p.scans,
              total: p.pagination.total_items
            })),
          stream: scans.stream(params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List scans, newest first (filters as the API has them).",
    "airs-ms scans list --outcome BLOCKED --source-type HUGGING_FACE --limit 20"
  )
)

const get = leaf("get", { uuid: scanArg }, (v) =>
  Effect.flatMap(Scans, (scans) => Effect.flatMap(scans.get(v.uuid), emit))
).pipe(withHelp("Show one scan.", "airs-ms scans get 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 -o json"))

const evaluations = leaf(
  "evaluations",
  {
    uuid: scanArg,
    ...pageOptions,
    result: choice("result", ["PASSED", "FAILED", "ERROR"] as const).pipe(
      Options.withDescription("Only evaluations with this result."),
      Options.optional
    ),
    ruleInstance: Options.text("rule-instance").pipe(
      Options.withDescription("Rule instance UUID."),
      Options.optional
    )
  },
  (v) =>
    Effect.flatMap(Scans, (scans) => {
      const params = defined({ result: opt(v.result), rule_instance_uuid: opt(v.ruleInstance) })
      return runList(
        {
          noun: "evaluations",
          columns: EVALUATION_COLUMNS,
          page: (paging) =>
            Effect.map(scans.getEvaluations(v.uuid, { ...params, ...paging }), (p) => ({
              items: p.evaluations,
              total: p.pagination.total_items
            })),
          stream: scans.streamEvaluations(v.uuid, params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List a scan's rule evaluations.",
    "airs-ms scans evaluations 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --result FAILED"
  )
)

const evaluation = leaf("evaluation", { uuid: uuidArg("evaluation-uuid", "The evaluation's UUID.") }, (v) =>
  Effect.flatMap(Scans, (scans) => Effect.flatMap(scans.getEvaluation(v.uuid), emit))
).pipe(withHelp("Show one rule evaluation.", "airs-ms scans evaluation 9a1b3c5d-7e9f-4b1d-a3c5-e7f9b1d3f5a7"))

const files = leaf(
  "files",
  {
    uuid: scanArg,
    ...pageOptions,
    path: Options.text("path").pipe(
      Options.withDescription("Directory to list (default /)."),
      Options.optional
    ),
    recursive: Options.boolean("recursive").pipe(Options.withDescription("Include subdirectories.")),
    type: choice("type", ["FILE", "DIRECTORY"] as const).pipe(
      Options.withDescription("Only files or only directories."),
      Options.optional
    )
  },
  (v) =>
    Effect.flatMap(Scans, (scans) => {
      const params = defined({
        query_path: opt(v.path),
        recursive: v.recursive ? true : undefined,
        type: opt(v.type)
      })
      return runList(
        {
          noun: "files",
          columns: FILE_COLUMNS,
          page: (paging) =>
            Effect.map(scans.getFiles(v.uuid, { ...params, ...paging }), (p) => ({
              items: p.files,
              total: p.pagination.total_items
            })),
          stream: scans.streamFiles(v.uuid, params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List the files a scan looked at.",
    "airs-ms scans files 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --path /onnx --recursive --type FILE"
  )
)

const violations = leaf("violations", { uuid: scanArg, ...pageOptions }, (v) =>
  Effect.flatMap(Scans, (scans) =>
    runList(
      {
        noun: "violations",
        columns: VIOLATION_COLUMNS,
        page: (paging) =>
          Effect.map(scans.getViolations(v.uuid, paging), (p) => ({
            items: p.violations,
            total: p.pagination.total_items
          })),
        stream: scans.streamViolations(v.uuid)
      },
      v
    )
  )
).pipe(
  withHelp(
    "List a scan's rule violations.",
    "airs-ms scans violations 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --all -o ndjson"
  )
)

const violation = leaf("violation", { uuid: uuidArg("violation-uuid", "The violation's UUID.") }, (v) =>
  Effect.flatMap(Scans, (scans) => Effect.flatMap(scans.getViolation(v.uuid), emit))
).pipe(
  withHelp("Show one violation.", "airs-ms scans violation 2b4d6f8a-0c2e-4f6a-8b0d-c2e4a6c8e0f2 -o yaml")
)

export const scansCommand = group(
  "scans",
  "Scans and their results.",
  "airs-ms scans list --outcome BLOCKED",
  [list, get, evaluations, evaluation, files, violations, violation]
)

// labels

const labelPairs = keyValues("label").pipe(Options.withDescription("A label, key=value (repeatable)."))

const needLabels = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs.length === 0
    ? Effect.fail(new UsageError({ message: "--label: at least one key=value is needed" }))
    : Effect.succeed(pairs.map(([key, value]) => ({ key, value })))

const add = leaf("add", { uuid: scanArg, labels: labelPairs }, (v) =>
  Effect.gen(function* () {
    const labels = yield* needLabels(v.labels)
    const scans = yield* Scans
    yield* emit(yield* scans.addLabels(v.uuid, { labels }))
  })
).pipe(
  withHelp(
    "Add labels to a scan (a key it has gets the new value).",
    "airs-ms labels add 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --label team=ml --label stage=prod"
  )
)

const set = leaf("set", { uuid: scanArg, labels: labelPairs }, (v) =>
  Effect.gen(function* () {
    const scans = yield* Scans
    yield* emit(yield* scans.setLabels(v.uuid, { labels: v.labels.map(([key, value]) => ({ key, value })) }))
  })
).pipe(
  withHelp(
    "Replace all labels of a scan (none given: remove them all).",
    "airs-ms labels set 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --label team=ml"
  )
)

const del = leaf(
  "delete",
  {
    uuid: scanArg,
    keys: Options.text("key").pipe(
      Options.repeated,
      Options.withDescription("A label key to delete (repeatable).")
    )
  },
  (v) =>
    Effect.gen(function* () {
      if (v.keys.length === 0)
        return yield* new UsageError({ message: "--key: at least one label key is needed" })
      const scans = yield* Scans
      yield* scans.deleteLabels(v.uuid, v.keys)
      yield* emit({ scan_uuid: v.uuid, deleted_keys: v.keys })
    })
).pipe(
  withHelp(
    "Delete labels of a scan by key.",
    "airs-ms labels delete 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --key stage"
  )
)

const search = Options.text("search").pipe(Options.withDescription("Prefix to search for."), Options.optional)

const keys = leaf("keys", { ...pageOptions, search }, (v) =>
  Effect.flatMap(Scans, (scans) => {
    const params = defined({ search: opt(v.search) })
    return runList(
      {
        noun: "label keys",
        columns: ["value"],
        page: (paging) =>
          Effect.map(scans.getLabelKeys({ ...params, ...paging }), (p) => ({
            items: p.keys,
            total: p.pagination.total_items
          })),
        stream: scans.streamLabelKeys(params)
      },
      v
    )
  })
).pipe(withHelp("List the label keys used across scans.", "airs-ms labels keys --search te"))

const values = leaf("values", { key: Args.text({ name: "key" }), ...pageOptions, search }, (v) =>
  Effect.flatMap(Scans, (scans) => {
    const params = defined({ search: opt(v.search) })
    return runList(
      {
        noun: "label values",
        columns: ["value"],
        page: (paging) =>
          Effect.map(scans.getLabelValues(v.key, { ...params, ...paging }), (p) => ({
            items: p.values,
            total: p.pagination.total_items
          })),
        stream: scans.streamLabelValues(v.key, params)
      },
      v
    )
  })
).pipe(withHelp("List the values of a label key across scans.", "airs-ms labels values team --limit 50"))

export const labelsCommand = group(
  "labels",
  "Labels of scans.",
  "airs-ms labels add 6d8b08fc-2e82-47f0-a0e6-6d8b08e13e82 --label team=ml",
  [add, set, del, keys, values]
)
