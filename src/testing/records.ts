/** Plain JSON shapes of the entities the fake AIRS serves, exactly as the API returns them. */

/** `SourceType` values of security groups and scans (the API's `ALL` is only a filter value). */
export const SOURCE_TYPES = ["LOCAL", "HUGGING_FACE", "S3", "GCS", "AZURE", "ARTIFACTORY", "GITLAB"] as const
/** A concrete source type. */
export type SourceTypeValue = (typeof SOURCE_TYPES)[number]

/** Every `SourceType` value: the concrete ones and `ALL`, which filters treat as "any source". */
export const ANY_SOURCE_TYPES = [...SOURCE_TYPES, "ALL"] as const
/** A `SourceType` value, `ALL` included: a security group created for `ALL` applies every rule. */
export type AnySourceTypeValue = (typeof ANY_SOURCE_TYPES)[number]

/** `RuleFieldValueKey` values: the settings a rule instance may carry in `field_values`. */
export const RULE_FIELD_VALUE_KEYS = [
  "approved_formats",
  "approved_locations",
  "approved_licenses",
  "deny_orgs",
  "denied_org_models",
  "approved_org_models"
] as const
/** A key of `field_values` / `default_values`. */
export type RuleFieldValueKeyValue = (typeof RULE_FIELD_VALUE_KEYS)[number]

/** `EvalOutcome` values. */
export const EVAL_OUTCOMES = ["PENDING", "ALLOWED", "BLOCKED", "ERROR"] as const
/** A scan's verdict. */
export type EvalOutcomeValue = (typeof EVAL_OUTCOMES)[number]

/** `ScanOrigin` values. */
export const SCAN_ORIGINS = ["MODEL_SECURITY_SDK", "HUGGING_FACE"] as const
/** What started a scan. */
export type ScanOriginValue = (typeof SCAN_ORIGINS)[number]

/** `RuleState` values. */
export const RULE_STATES = ["DISABLED", "ALLOWING", "BLOCKING"] as const
/** How a rule instance acts on a scan. */
export type RuleStateValue = (typeof RULE_STATES)[number]

/** `RuleEvaluationResult` values. */
export const EVALUATION_RESULTS = ["PASSED", "FAILED", "ERROR"] as const
/** The result of one rule evaluation. */
export type EvaluationResultValue = (typeof EVALUATION_RESULTS)[number]

/** `ErrorCodes` values. */
export const ERROR_CODES = [
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
] as const
/** Why a scan ended in `ERROR`. */
export type ErrorCodeValue = (typeof ERROR_CODES)[number]

/** `LabelSchema`. */
export interface LabelRecord {
  readonly key: string
  readonly value: string
}

/** `EvalSummarySchema`. */
export interface EvalSummaryRecord {
  readonly rules_passed: number
  readonly rules_failed: number
  readonly total_rules: number
}

/** `ScanBaseResponseSchema`. */
export interface ScanRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly model_uri: string
  readonly owner: string
  readonly scan_origin: ScanOriginValue
  readonly security_group_uuid: string
  readonly security_group_name: string
  readonly model_version_uuid: string
  readonly eval_outcome: EvalOutcomeValue
  readonly source_type: AnySourceTypeValue
  readonly created_by: string | null
  readonly enabled_rule_count_snapshot: number | null
  readonly error_code: ErrorCodeValue | null
  readonly error_message: string | null
  readonly eval_summary: EvalSummaryRecord | null
  readonly labels: ReadonlyArray<LabelRecord>
  readonly model_formats: ReadonlyArray<string> | null
  readonly scanner_version: string | null
  readonly time_started: string | null
  readonly total_files_scanned: number | null
  readonly total_files_skipped: number | null
}

/** `RuleEvaluationResponseSchema`. */
export interface EvaluationRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly result: EvaluationResultValue
  readonly violation_count: number
  readonly rule_instance_uuid: string
  readonly scan_uuid: string
  readonly rule_name: string
  readonly rule_description: string
  readonly rule_instance_state: RuleStateValue
}

/** `ViolationResponseSchema`. */
export interface ViolationRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly description: string
  readonly rule_instance_uuid: string
  readonly rule_name: string
  readonly rule_description: string
  readonly rule_instance_state: RuleStateValue
  readonly file: string | null
  readonly hash: string | null
  readonly module: string | null
  readonly operator: string | null
  readonly threat: string | null
  readonly threat_description: string | null
}

/** `FileResponseSchema`. */
export interface FileRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly path: string
  readonly parent_path: string
  readonly type: "DIRECTORY" | "FILE"
  readonly result: "SKIPPED" | "SUCCESS" | "ERROR" | "FAILED"
  readonly model_version_uuid: string
  readonly scan_uuid: string | null
  readonly blob_id: string | null
  readonly formats: ReadonlyArray<string> | null
}

/** `ModelSecurityGroupResponseSchema` (management plane). */
export interface SecurityGroupRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly name: string
  readonly description: string
  readonly source_type: AnySourceTypeValue
  readonly state: "PENDING" | "ACTIVE"
  readonly is_tombstone: boolean
}

/** `RuleEditableFieldSchema` (management plane). */
export interface RuleEditableFieldRecord {
  readonly attribute_name: string
  readonly type: string
  readonly display_name: string
  readonly display_type: "SELECT" | "LIST"
  readonly description: string | null
  readonly dropdown_values: ReadonlyArray<{ readonly value: string; readonly label: string }> | null
}

/** `ModelSecurityRuleResponseSchema` (management plane). */
export interface SecurityRuleRecord {
  readonly uuid: string
  readonly name: string
  readonly description: string
  readonly rule_type: "METADATA" | "ARTIFACT"
  readonly compatible_sources: ReadonlyArray<SourceTypeValue>
  readonly default_state: RuleStateValue
  readonly remediation: {
    readonly description: string
    readonly steps: ReadonlyArray<string>
    readonly url: string
  }
  readonly editable_fields: ReadonlyArray<RuleEditableFieldRecord>
  readonly constant_values: Readonly<Record<string, unknown>>
  readonly default_values: Readonly<Partial<Record<RuleFieldValueKeyValue, ReadonlyArray<string>>>>
}

/** `ModelSecurityRuleInstanceResponseSchema` (management plane). */
export interface RuleInstanceRecord {
  readonly uuid: string
  readonly tsg_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly security_group_uuid: string
  readonly security_rule_uuid: string
  readonly state: RuleStateValue
  readonly field_values: Readonly<Partial<Record<RuleFieldValueKeyValue, ReadonlyArray<string>>>>
  readonly rule: SecurityRuleRecord
}

const DAY = 86_400_000
const dates = new Map<number, string>()
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** Formats a time as the API does: ISO 8601 in UTC, microseconds only when the fraction is not zero. */
export const isoTime = (time: number): string => {
  const ms = Math.floor(time)
  const day = Math.floor(ms / DAY)
  let date = dates.get(day)
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10)
    if (dates.size < 10_000) dates.set(day, date)
  }
  const t = ms - day * DAY
  const fraction = t % 1000
  const clock = `${pad2(Math.floor(t / 3_600_000))}:${pad2(Math.floor(t / 60_000) % 60)}:${pad2(Math.floor(t / 1000) % 60)}`
  return `${date}T${clock}${fraction === 0 ? "" : `.${String(fraction).padStart(3, "0")}000`}Z`
}

/** `ThreatCategory` values. */
export const THREAT_CATEGORIES = [
  "PAIT-ARV-100",
  "PAIT-GGUF-100",
  "PAIT-GGUF-101",
  "PAIT-KERAS-100",
  "PAIT-KERAS-101",
  "PAIT-KERAS-102",
  "PAIT-JOBLIB-100",
  "PAIT-JOBLIB-101",
  "PAIT-PKL-100",
  "PAIT-PKL-101",
  "PAIT-PYTCH-100",
  "PAIT-PYTCH-101",
  "PAIT-EXDIR-100",
  "PAIT-EXDIR-101",
  "PAIT-ONNX-200",
  "PAIT-TF-200",
  "PAIT-LMAFL-300",
  "PAIT-LITERT-300",
  "PAIT-LITERT-301",
  "PAIT-LITERT-302",
  "PAIT-KERAS-300",
  "PAIT-KERAS-301",
  "PAIT-TCHST-300",
  "PAIT-TCHST-301",
  "PAIT-TF-300",
  "PAIT-TF-301",
  "PAIT-TF-302",
  "PAIT-TMT-300",
  "PAIT-TMT-301",
  "UNAPPROVED_FORMATS"
] as const
