/** Wire types of scans: the scan itself, its list, its creation request and the list filters. */
import * as Schema from "effect/Schema"
import {
  DateTimeInput,
  Label,
  LabelsInput,
  Limit,
  optionalNullable,
  Pagination,
  Skip,
  SortDirection,
  SourceType,
  ThreatCategory,
  tolerant,
  Uuid
} from "./common.js"

/** `EvalOutcome`: the verdict of a scan. `PENDING` until the scan finishes. */
export const EvalOutcome = Schema.Literal("PENDING", "ALLOWED", "BLOCKED", "ERROR").annotations({
  identifier: "EvalOutcome"
})
export type EvalOutcome = typeof EvalOutcome.Type

/** `ScanOrigin`: what started the scan. */
export const ScanOrigin = Schema.Literal("MODEL_SECURITY_SDK", "HUGGING_FACE").annotations({
  identifier: "ScanOrigin"
})
export type ScanOrigin = typeof ScanOrigin.Type

/** `ErrorCodes`: why a scan ended in `ERROR`. */
export const ErrorCodes = Schema.Literal(
  "UNKNOWN_ERROR",
  "SCAN_ERROR",
  "INVALID_RESPONSE",
  "ACCESS_DENIED",
  "MISSING_CREDENTIALS",
  "NO_SUCH_KEY",
  "NO_SUCH_BUCKET",
  "INVALID_BUCKET_NAME",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
  "INVALID_OBJECT_STATE",
  "UNKNOWN_REMOTE_SERVICE_ERROR",
  "UNSUPPORTED_REMOTE_STORAGE",
  "MISSING_ARTIFACTS",
  "WORKER_ERROR",
  "POLICY_EVAL_ERROR"
).annotations({ identifier: "ErrorCodes" })
export type ErrorCodes = typeof ErrorCodes.Type

/** `EvalSummarySchema`: how many rules passed and failed. */
export const EvalSummary = Schema.Struct({
  rules_failed: Schema.optional(Schema.Number),
  rules_passed: Schema.optional(Schema.Number),
  total_rules: Schema.optional(Schema.Number)
}).annotations({ identifier: "EvalSummary" })
export type EvalSummary = typeof EvalSummary.Type

/** `ScanBaseResponseSchema`: a scan as the API returns it. */
export const ScanBaseResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  model_uri: Schema.String,
  owner: Schema.String,
  scan_origin: tolerant(ScanOrigin),
  security_group_uuid: Schema.String,
  security_group_name: Schema.String,
  model_version_uuid: Schema.String,
  eval_outcome: tolerant(EvalOutcome),
  source_type: tolerant(SourceType),
  created_by: optionalNullable(Schema.String),
  enabled_rule_count_snapshot: optionalNullable(Schema.Number),
  error_code: optionalNullable(tolerant(ErrorCodes)),
  error_message: optionalNullable(Schema.String),
  eval_summary: optionalNullable(EvalSummary),
  labels: Schema.optional(Schema.Array(Label)),
  model_formats: optionalNullable(Schema.Array(Schema.String)),
  scanner_version: optionalNullable(Schema.String),
  time_started: optionalNullable(Schema.String),
  total_files_scanned: optionalNullable(Schema.Number),
  total_files_skipped: optionalNullable(Schema.Number)
}).annotations({ identifier: "ScanBaseResponse" })
export type ScanBaseResponse = typeof ScanBaseResponse.Type

/** `ScanListSchema`: one page of scans. */
export const ScanList = Schema.Struct({
  pagination: Pagination,
  scans: Schema.Array(ScanBaseResponse)
}).annotations({ identifier: "ScanList" })
export type ScanList = typeof ScanList.Type

/** A count or size the caller sends: a non-negative integer (NaN and Infinity would reach the API as null). */
const Count = Schema.Number.pipe(
  Schema.filter((n) => Number.isSafeInteger(n) && n >= 0, { message: () => "must be an integer ≥ 0" })
)

/** `ModelScanStatus`. */
export const ModelScanStatus = Schema.Literal("SCANNED", "SKIPPED", "ERROR").annotations({
  identifier: "ModelScanStatus"
})

/** `ModelScanIssue`: one issue found in a file by a local scan. */
export const ModelScanIssue = Schema.Struct({
  description: Schema.String.pipe(Schema.maxLength(4096)),
  source: Schema.String.pipe(Schema.maxLength(1024)),
  module: optionalNullable(Schema.String.pipe(Schema.maxLength(256))),
  operator: optionalNullable(Schema.String.pipe(Schema.maxLength(256))),
  threat: optionalNullable(ThreatCategory)
}).annotations({ identifier: "ModelScanIssue" })

/** `FileScanDataSchema`: one file's result in a locally run scan. */
export const FileScanData = Schema.Struct({
  file_path: Schema.String.pipe(Schema.maxLength(1024)),
  modelscan_status: ModelScanStatus,
  blob_id: Schema.String.pipe(Schema.maxLength(256)),
  error_message: optionalNullable(Schema.String.pipe(Schema.maxLength(1024))),
  formats: optionalNullable(
    Schema.Array(Schema.String.pipe(Schema.maxLength(256))).pipe(Schema.maxItems(20))
  ),
  issues_detected: optionalNullable(Schema.Array(ModelScanIssue))
}).annotations({ identifier: "FileScanData" })

/** `ScanDetails`: results of a scan run locally, uploaded with the scan. */
export const ScanDetails = Schema.Struct({
  scanner_version: Schema.String.pipe(Schema.maxLength(64)),
  time_started: DateTimeInput,
  files: Schema.Array(FileScanData).pipe(Schema.maxItems(1000)),
  total_files_scanned: Count,
  total_files_skipped: Count,
  model_formats: Schema.Array(Schema.String.pipe(Schema.maxLength(64))).pipe(Schema.maxItems(100)),
  model_size_bytes: Count,
  scan_duration_ms: Count,
  error_code: optionalNullable(ErrorCodes),
  error_message: optionalNullable(Schema.String.pipe(Schema.maxLength(1024)))
}).annotations({ identifier: "ScanDetails" })

const patterns = optionalNullable(Schema.Array(Schema.String.pipe(Schema.maxLength(256))))

/**
 * `ScanCreateRequestSchema`: what starts a scan. `scan_origin` defaults to `MODEL_SECURITY_SDK`;
 * `labels` may be an array or a record.
 */
export const ScanCreateRequest = Schema.Struct({
  model_uri: Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" })),
  security_group_uuid: Uuid,
  scan_origin: Schema.optionalWith(ScanOrigin, { default: () => "MODEL_SECURITY_SDK" as const }),
  allow_patterns: patterns,
  ignore_patterns: patterns,
  labels: optionalNullable(
    LabelsInput.pipe(Schema.filter((labels) => labels.length <= 50 || "must hold at most 50 labels"))
  ),
  model_author: optionalNullable(Schema.String),
  model_name: optionalNullable(Schema.String),
  model_version: optionalNullable(Schema.String),
  scan_details: optionalNullable(ScanDetails)
}).annotations({ identifier: "ScanCreateRequest" })
export type ScanCreateRequest = typeof ScanCreateRequest.Encoded

/** Filters of `GET /v1/scans`, plus `sort_by` and `model_version_uuid`, which the existing SDK sends. */
export const ScanListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  sort_order: Schema.optional(SortDirection),
  sort_by: Schema.optional(Schema.String),
  search_query: Schema.optional(Schema.String.pipe(Schema.maxLength(256))),
  security_group_uuid: Schema.optional(Uuid),
  source_types: Schema.optional(Schema.Array(SourceType)),
  eval_outcomes: Schema.optional(Schema.Array(EvalOutcome)),
  start_time: Schema.optional(DateTimeInput),
  end_time: Schema.optional(DateTimeInput),
  labels_query: Schema.optional(Schema.String.pipe(Schema.maxLength(4096))),
  model_version_uuid: Schema.optional(Uuid)
}).annotations({ identifier: "ScanListParams" })
export type ScanListParams = typeof ScanListParams.Encoded
