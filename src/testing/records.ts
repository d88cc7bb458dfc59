/**
 * The entities the fake AIRS serves, typed by the response shapes generated from the vendor specs
 * (`vendor-spec.ts`), with every field present: the fake always sends them all, nulls included.
 */
import type * as Spec from "./vendor-spec.js"

/**
 * `T` with every field required and never `undefined`, nested records included.
 * @category Records
 */
export type Complete<T> =
  T extends ReadonlyArray<infer A>
    ? ReadonlyArray<Complete<A>>
    : T extends object
      ? { readonly [K in keyof T]-?: Complete<Exclude<T[K], undefined>> }
      : T

/**
 * `LabelSchema`.
 * @category Records
 */
export interface LabelRecord extends Complete<Spec.Label> {}

/**
 * `EvalSummarySchema`.
 * @category Records
 */
export interface EvalSummaryRecord extends Complete<Spec.EvalSummary> {}

/**
 * `ScanBaseResponseSchema`.
 * @category Records
 */
export interface ScanRecord extends Complete<Spec.ScanBaseResponse> {}

/**
 * `RuleEvaluationResponseSchema`.
 * @category Records
 */
export interface EvaluationRecord extends Complete<Spec.RuleEvaluationResponse> {}

/**
 * `ViolationResponseSchema`.
 * @category Records
 */
export interface ViolationRecord extends Complete<Spec.ViolationResponse> {}

/**
 * `FileResponseSchema`.
 * @category Records
 */
export interface FileRecord extends Complete<Spec.FileResponse> {}

/**
 * `ModelResponseSchema`: a model, derived from the scans of one `model_uri`.
 * @category Records
 */
export interface ModelRecord extends Complete<Spec.ModelResponse> {}

/**
 * `ModelVersionResponseSchema`: one revision of a model, derived from its scans.
 * @category Records
 */
export interface ModelVersionRecord extends Complete<Spec.ModelVersionResponse> {}

/**
 * `ModelSecurityGroupResponseSchema` (management plane).
 * @category Records
 */
export interface SecurityGroupRecord extends Complete<Spec.ModelSecurityGroupResponse> {}

/**
 * `RuleEditableFieldSchema` (management plane).
 * @category Records
 */
export interface RuleEditableFieldRecord extends Complete<Spec.RuleEditableField> {}

/**
 * `ModelSecurityRuleResponseSchema` (management plane).
 * @category Records
 */
export interface SecurityRuleRecord extends Complete<Spec.ModelSecurityRuleResponse> {}

/**
 * `ModelSecurityRuleInstanceResponseSchema` (management plane): an instance of a security rule (`rule`,
 * `security_rule_uuid`) or of a custom rule (`custom_rule`, `custom_rule_uuid`), the other pair null.
 * @category Records
 */
export interface RuleInstanceRecord extends Complete<Spec.ModelSecurityRuleInstanceResponse> {}

/**
 * `CustomRuleResponseSchema` (management plane).
 * @category Records
 */
export interface CustomRuleRecord extends Complete<Spec.CustomRuleResponse> {}

/**
 * A custom rule's condition: a label condition, a rule-result condition, or an `and`/`or` group of them.
 * @category Records
 */
export type ConditionRecord = Complete<Spec.LabelCondition | Spec.RuleResultCondition | Spec.ConditionGroup>

/**
 * `SnapshotVersionSchema`: one generation of a snapshot (security rules, custom rules, or a group's rule instances).
 * @category Records
 */
export interface SnapshotVersionRecord extends Complete<Spec.SnapshotVersion> {}

/** The source types of security groups and scans (`ALL` is for groups and filters only). */
export const SOURCE_TYPES = [
  "LOCAL",
  "HUGGING_FACE",
  "S3",
  "GCS",
  "AZURE",
  "ARTIFACTORY",
  "GITLAB"
] as const satisfies ReadonlyArray<Spec.SourceType>
/** A concrete source type. */
export type SourceTypeValue = (typeof SOURCE_TYPES)[number]

/** A rule state. */
export type RuleStateValue = Spec.RuleState

/** A key of `field_values` / `default_values`. */
export type RuleFieldValueKeyValue = Spec.RuleFieldValueKey

/** `field_values` of a rule instance. */
export type FieldValues = Readonly<Partial<Record<RuleFieldValueKeyValue, ReadonlyArray<string>>>>

/** An `ErrorCodes` value. */
export type ErrorCodeValue = Spec.ErrorCodes

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

/** Whether a rule or custom rule applies to a security group of `source` (`ALL` on either side covers all). */
export const appliesTo = (compatible: ReadonlyArray<string>, source: string): boolean =>
  source === "ALL" || compatible.includes(source) || compatible.includes("ALL")
