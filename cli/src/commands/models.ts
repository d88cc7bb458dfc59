/** `airs-ms models …` and `airs-ms pypi-auth`. */
import { Args, Options } from "@effect/cli"
import { ModelSecurity, Models } from "@effect-airs/model-security"
import * as Effect from "effect/Effect"
import { defined, group, leaf, many, opt, pageOptions, runList, withHelp } from "../command.js"
import { choice, choices } from "../options.js"
import { emit, Session, writeOut } from "../output.js"
import { sourceTypes } from "./scans.js"

const MODEL_COLUMNS = [
  "uuid",
  "name",
  "latest_version_outcome",
  "latest_version_source_types",
  "latest_version_scan_time"
]
const VERSION_COLUMNS = [
  "uuid",
  "revision",
  "last_eval_outcome",
  "file_count",
  "model_formats",
  "latest_scan_time"
]
const FILE_COLUMNS = ["path", "type", "result", "formats"]

const list = leaf(
  "list",
  {
    ...pageOptions,
    search: Options.text("search").pipe(Options.withDescription("Search in name or UUID."), Options.optional),
    outcome: choices("outcome", ["PENDING", "ALLOWED", "BLOCKED", "ERROR"] as const).pipe(
      Options.withDescription("Verdict of the latest version (repeatable).")
    ),
    format: Options.text("format").pipe(
      Options.repeated,
      Options.withDescription("A file format of the latest version (repeatable).")
    ),
    sourceType: sourceTypes("source-type"),
    since: Options.text("since").pipe(
      Options.withDescription("Created at or after (ISO date-time)."),
      Options.optional
    ),
    until: Options.text("until").pipe(
      Options.withDescription("Created before (ISO date-time)."),
      Options.optional
    ),
    sortField: choice("sort-field", ["created_at", "updated_at"] as const).pipe(Options.optional),
    sortOrder: choice("sort-order", ["asc", "desc"] as const).pipe(Options.optional)
  },
  (v) =>
    Effect.flatMap(Models, (models) => {
      const params = defined({
        search_query: opt(v.search),
        latest_version_outcomes: many(v.outcome),
        latest_version_formats: many(v.format),
        latest_version_source_types: many(v.sourceType),
        start_time: opt(v.since),
        end_time: opt(v.until),
        sort_field: opt(v.sortField),
        sort_order: opt(v.sortOrder)
      })
      return runList(
        {
          noun: "models",
          columns: MODEL_COLUMNS,
          page: (paging) =>
            Effect.map(models.list({ ...params, ...paging }), (p) => ({
              items: p.models,
              total: p.pagination.total_items
            })),
          stream: models.stream(params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List the models scans have seen.",
    "airs-ms models list --outcome BLOCKED --sort-field updated_at --sort-order desc"
  )
)

const get = leaf("get", { uuid: Args.text({ name: "model-uuid" }) }, (v) =>
  Effect.flatMap(Models, (models) => Effect.flatMap(models.get(v.uuid), emit))
).pipe(withHelp("Show one model.", "airs-ms models get 3e9a1c5b-7d2f-4b6e-8a0c-1d3f5b7e9a2c"))

const versions = leaf(
  "versions",
  {
    uuid: Args.text({ name: "model-uuid" }),
    ...pageOptions,
    sortOrder: choice("sort-order", ["asc", "desc"] as const).pipe(Options.optional)
  },
  (v) =>
    Effect.flatMap(Models, (models) => {
      const params = defined({ sort_order: opt(v.sortOrder) })
      return runList(
        {
          noun: "model versions",
          columns: VERSION_COLUMNS,
          page: (paging) =>
            Effect.map(models.listVersions(v.uuid, { ...params, ...paging }), (p) => ({
              items: p.model_versions,
              total: p.pagination.total_items
            })),
          stream: models.streamVersions(v.uuid, params)
        },
        v
      )
    })
).pipe(
  withHelp(
    "List a model's versions.",
    "airs-ms models versions 3e9a1c5b-7d2f-4b6e-8a0c-1d3f5b7e9a2c --sort-order desc --limit 10"
  )
)

const files = leaf("files", { uuid: Args.text({ name: "model-version-uuid" }), ...pageOptions }, (v) =>
  Effect.flatMap(Models, (models) =>
    runList(
      {
        noun: "files",
        columns: FILE_COLUMNS,
        page: (paging) =>
          Effect.map(models.listVersionFiles(v.uuid, paging), (p) => ({
            items: p.files,
            total: p.pagination.total_items
          })),
        stream: models.streamVersionFiles(v.uuid)
      },
      v
    )
  )
).pipe(
  withHelp(
    "List the files of a model version.",
    "airs-ms models files 5c7e9a1b-3d5f-4a7c-9e1b-2d4f6a8c0e3b --all -o csv"
  )
)

export const modelsCommand = group(
  "models",
  "Models and their versions.",
  "airs-ms models list --outcome BLOCKED",
  [list, get, versions, files]
)

/** `pypi-auth`: the authenticated index URL, or with `--pip-conf` a pip configuration snippet. */
export const pypiAuthCommand = leaf(
  "pypi-auth",
  {
    pipConf: Options.boolean("pip-conf").pipe(
      Options.withDescription("Print a pip.conf snippet ([global] index-url = …) instead.")
    )
  },
  (v) =>
    Effect.gen(function* () {
      const airs = yield* ModelSecurity
      const session = yield* Session
      const auth = yield* airs.getPyPIAuth()
      if (v.pipConf) {
        return yield* writeOut(`# expires at ${auth.expires_at}\n[global]\nindex-url = ${auth.url}\n`)
      }
      if (session.format === "table") return yield* writeOut(`${auth.url}\n`)
      yield* emit(auth)
    })
).pipe(
  withHelp(
    "The PyPI index URL of the scanning proxy, with its credentials (the URL itself is the secret: keep it out of logs).",
    "airs-ms pypi-auth --pip-conf > ~/.config/pip/pip.conf"
  )
)
