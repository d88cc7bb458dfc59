/** Routes of the data plane (`/aims/data`): scans, evaluations, files, violations and labels. */
import {
  ERROR_CODES,
  EVAL_OUTCOMES,
  EVALUATION_RESULTS,
  type LabelRecord,
  SCAN_ORIGINS,
  SOURCE_TYPES,
  THREAT_CATEGORIES
} from "./records.js"
import { detail, type FakeResponse, type IncomingRequest, json, type Plane, route } from "./router.js"
import { parseLabelsQuery } from "./scan-filter.js"
import { type FakeState, paginate } from "./state.js"
import {
  dateTime,
  integer,
  list,
  literal,
  nullable,
  object,
  optional,
  repeated,
  required,
  string,
  uuid,
  withDefault
} from "./validation.js"

const LABEL_PATTERN = /^[a-zA-Z0-9_-]+$/
const labelKey = string({ minLength: 1, maxLength: 128, pattern: LABEL_PATTERN })
const labelValue = string({ minLength: 1, maxLength: 256, pattern: LABEL_PATTERN })
const label = object({ key: required(labelKey, ""), value: required(labelValue, "") })

const limit = withDefault(integer({ ge: 1, le: 100 }), 10)
/** `skip` where the spec gives no minimum; a negative value is treated as 0. */
const skip = withDefault(integer(), 0)
const skipMin0 = withDefault(integer({ ge: 0 }), 0)
const sortDirection = (fallback: "asc" | "desc") => withDefault(literal(["asc", "desc"]), fallback)

const LabelsCreateRequest = object(
  { labels: required(list(label, { minItems: 1, maxItems: 50 }), [] as Array<LabelRecord>) },
  { forbidExtra: true }
)

const ModelScanIssue = object({
  description: required(string({ maxLength: 4096 }), ""),
  module: optional(nullable(string({ maxLength: 256 }))),
  operator: optional(nullable(string({ maxLength: 256 }))),
  source: required(string({ maxLength: 1024 }), ""),
  threat: optional(nullable(literal(THREAT_CATEGORIES)))
})

const FileScanData = object({
  blob_id: required(string({ maxLength: 256 }), ""),
  error_message: optional(nullable(string({ maxLength: 1024 }))),
  file_path: required(string({ maxLength: 1024 }), ""),
  formats: optional(nullable(list(string({ maxLength: 256 }), { maxItems: 20 }))),
  issues_detected: optional(nullable(list(ModelScanIssue))),
  modelscan_status: required(literal(["SCANNED", "SKIPPED", "ERROR"]), "SCANNED")
})

const ScanDetails = object(
  {
    error_code: optional(nullable(literal(ERROR_CODES))),
    error_message: optional(nullable(string({ maxLength: 1024 }))),
    files: required(list(FileScanData, { maxItems: 1000 }), []),
    model_formats: required(list(string({ maxLength: 64 }), { maxItems: 100 }), []),
    model_size_bytes: required(integer(), 0),
    scan_duration_ms: required(integer(), 0),
    scanner_version: required(string({ maxLength: 64 }), ""),
    time_started: required(dateTime, 0),
    total_files_scanned: required(integer(), 0),
    total_files_skipped: required(integer(), 0)
  },
  { forbidExtra: true }
)

const patterns = optional(nullable(list(string({ maxLength: 256 }))))

const ScanCreateRequest = object(
  {
    allow_patterns: patterns,
    ignore_patterns: patterns,
    labels: optional(nullable(list(label, { maxItems: 50 }))),
    model_author: optional(nullable(string())),
    model_name: optional(nullable(string())),
    model_uri: required(string(), ""),
    model_version: optional(nullable(string())),
    scan_details: optional(nullable(ScanDetails)),
    scan_origin: required(literal(SCAN_ORIGINS), "MODEL_SECURITY_SDK"),
    security_group_uuid: required(uuid, "")
  },
  { forbidExtra: true }
)

const defined = <A>(items: ReadonlyArray<A | undefined>): ReadonlyArray<A> =>
  items.filter((item): item is A => item !== undefined)

/** Normalises a `query_path`: a leading "/", no trailing "/" (except the root). */
const normalisePath = (path: string): string => {
  const trimmed = path.trim().replace(/\/+$/, "")
  return trimmed === "" ? "/" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Orders records by a key, strings in code-point order, then by `uuid`. Timestamps are keyed by
 * `Date.parse`: as strings "…:05Z" would sort after "…:05.100000Z".
 */
const sortBy = <A extends { readonly uuid: string }>(
  items: ReadonlyArray<A>,
  key: (item: A) => string | number,
  direction: "asc" | "desc"
): ReadonlyArray<A> => {
  const sign = direction === "asc" ? 1 : -1
  return [...items].sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.uuid, b.uuid)))
}

const page = <K extends string, A>(
  property: K,
  result: { total: number; items: ReadonlyArray<A> }
): FakeResponse => json(200, { pagination: { total_items: result.total }, [property]: result.items })

const scanNotFound = detail(404, "Scan not found")

/** The data plane under `/aims/data`, every path of the data-plane spec. */
export const dataPlane = (
  state: FakeState,
  authenticate: (request: IncomingRequest) => FakeResponse | undefined
): Plane => {
  const scanParam = { scan_uuid: required(uuid, "") }
  const withScan = (
    scanUuid: string,
    respond: (entry: NonNullable<ReturnType<FakeState["findScan"]>>) => FakeResponse
  ) => {
    const entry = state.findScan(scanUuid)
    return entry === undefined ? scanNotFound : respond(entry)
  }
  const writeLabels = (name: string, method: "POST" | "PUT", merge: boolean) =>
    route({
      name,
      method,
      path: "/v1/scans/:scan_uuid/labels",
      params: scanParam,
      body: LabelsCreateRequest,
      handle: ({ params, body }) =>
        withScan(params.scan_uuid, (entry) => {
          state.setLabels(entry, merge ? [...entry.record.labels, ...body.labels] : body.labels)
          return json(200, {})
        })
    })

  return {
    name: "data",
    prefix: "/aims/data",
    body: "json",
    authenticate,
    routes: [
      route({
        name: "scans.list",
        method: "GET",
        path: "/v1/scans",
        query: {
          limit,
          skip,
          sort_order: sortDirection("desc"),
          search_query: optional(string({ maxLength: 256 })),
          security_group_uuid: optional(uuid),
          source_types: repeated(optional(list(literal([...SOURCE_TYPES, "ALL"])))),
          eval_outcomes: repeated(optional(list(literal(EVAL_OUTCOMES)))),
          start_time: optional(dateTime),
          end_time: optional(dateTime),
          labels_query: optional(string({ maxLength: 4096 }))
        },
        handle: ({ query }) => {
          const sources = query.source_types === undefined ? undefined : defined(query.source_types)
          const outcomes = query.eval_outcomes === undefined ? undefined : defined(query.eval_outcomes)
          const labels = query.labels_query === undefined ? [] : parseLabelsQuery(query.labels_query)
          const result = state.listScans(
            {
              evalOutcomes: outcomes === undefined || outcomes.length === 0 ? undefined : new Set(outcomes),
              sourceTypes:
                sources === undefined || sources.length === 0 || sources.includes("ALL")
                  ? undefined
                  : new Set(sources),
              securityGroupUuid: query.security_group_uuid,
              searchQuery: query.search_query === "" ? undefined : query.search_query,
              startTime: query.start_time,
              endTime: query.end_time,
              labels: labels.length === 0 ? undefined : labels
            },
            query.sort_order === "asc",
            query.skip,
            query.limit
          )
          return page("scans", result)
        }
      }),
      route({
        name: "scans.create",
        method: "POST",
        path: "/v1/scans",
        body: ScanCreateRequest,
        handle: ({ body }) => {
          const group = state.findGroup(body.security_group_uuid)
          if (group === undefined || group.is_tombstone) return detail(404, "Security group not found")
          const scan = state.createScan({
            group,
            modelUri: body.model_uri,
            scanOrigin: body.scan_origin,
            labels: body.labels ?? [],
            scanDetails: {
              errorCode: body.scan_details?.error_code ?? undefined,
              errorMessage: body.scan_details?.error_message ?? undefined
            }
          })
          return json(201, scan)
        }
      }),
      route({
        name: "labels.keys",
        method: "GET",
        path: "/v1/scans/label-keys",
        query: {
          limit,
          skip: skipMin0,
          search: optional(string({ minLength: 1, maxLength: 128, pattern: LABEL_PATTERN }))
        },
        handle: ({ query }) => page("keys", paginate(state.labelKeys(query.search), query.skip, query.limit))
      }),
      route({
        name: "labels.values",
        method: "GET",
        path: "/v1/scans/label-keys/:key/values",
        params: { key: required(labelKey, "") },
        query: {
          limit,
          skip: skipMin0,
          search: optional(string({ minLength: 1, maxLength: 256, pattern: LABEL_PATTERN }))
        },
        handle: ({ params, query }) =>
          page("values", paginate(state.labelValues(params.key, query.search), query.skip, query.limit))
      }),
      route({
        name: "scans.get",
        method: "GET",
        path: "/v1/scans/:uuid",
        params: { uuid: required(uuid, "") },
        handle: ({ params }) => withScan(params.uuid, (entry) => json(200, state.pollScan(entry).record))
      }),
      route({
        name: "evaluations.list",
        method: "GET",
        path: "/v1/scans/:scan_uuid/evaluations",
        params: scanParam,
        query: {
          limit,
          skip,
          sort_field: withDefault(literal(["created_at", "updated_at"]), "created_at"),
          sort_order: sortDirection("desc"),
          result: optional(literal(EVALUATION_RESULTS)),
          rule_instance_uuid: optional(uuid)
        },
        handle: ({ params, query }) =>
          withScan(params.scan_uuid, (entry) => {
            const matching = state
              .details(entry)
              .evaluations.filter(
                (evaluation) =>
                  (query.result === undefined || evaluation.result === query.result) &&
                  (query.rule_instance_uuid === undefined ||
                    evaluation.rule_instance_uuid === query.rule_instance_uuid)
              )
            const sorted = sortBy(
              matching,
              (evaluation) => Date.parse(evaluation[query.sort_field]),
              query.sort_order
            )
            return page("evaluations", paginate(sorted, query.skip, query.limit))
          })
      }),
      route({
        name: "evaluations.get",
        method: "GET",
        path: "/v1/evaluations/:uuid",
        params: { uuid: required(uuid, "") },
        handle: ({ params }) => {
          const evaluation = state.findEvaluation(params.uuid)
          return evaluation === undefined ? detail(404, "Evaluation not found") : json(200, evaluation)
        }
      }),
      route({
        name: "files.list",
        method: "GET",
        path: "/v1/scans/:scan_uuid/files",
        params: scanParam,
        query: {
          limit,
          skip: skipMin0,
          sort_field: withDefault(literal(["path", "type"]), "path"),
          sort_dir: sortDirection("asc"),
          query_path: withDefault(string(), "/")
        },
        handle: ({ params, query }) =>
          withScan(params.scan_uuid, (entry) => {
            const parent = normalisePath(query.query_path)
            const inDirectory = state.details(entry).files.filter((file) => file.parent_path === parent)
            const sorted = sortBy(
              inDirectory,
              (file) => (query.sort_field === "type" ? `${file.type}\u0000${file.path}` : file.path),
              query.sort_dir
            )
            return page("files", paginate(sorted, query.skip, query.limit))
          })
      }),
      route({
        name: "violations.list",
        method: "GET",
        path: "/v1/scans/:scan_uuid/rule-violations",
        params: scanParam,
        query: { limit, skip },
        handle: ({ params, query }) =>
          withScan(params.scan_uuid, (entry) => {
            const sorted = sortBy(
              state.details(entry).violations,
              (violation) => Date.parse(violation.created_at),
              "desc"
            )
            return page("violations", paginate(sorted, query.skip, query.limit))
          })
      }),
      route({
        name: "violations.get",
        method: "GET",
        path: "/v1/violations/:uuid",
        params: { uuid: required(uuid, "") },
        handle: ({ params }) => {
          const violation = state.findViolation(params.uuid)
          return violation === undefined ? detail(404, "Violation not found") : json(200, violation)
        }
      }),
      writeLabels("labels.add", "POST", true),
      writeLabels("labels.set", "PUT", false),
      route({
        name: "labels.delete",
        method: "DELETE",
        path: "/v1/scans/:scan_uuid/labels",
        params: scanParam,
        query: {
          keys: repeated(required(list(labelKey, { minItems: 1, maxItems: 50 }), [] as Array<string>))
        },
        handle: ({ params, query }) =>
          withScan(params.scan_uuid, (entry) => {
            const keys = new Set(query.keys)
            state.setLabels(
              entry,
              entry.record.labels.filter((existing) => !keys.has(existing.key))
            )
            return { status: 204 }
          })
      })
    ]
  }
}
