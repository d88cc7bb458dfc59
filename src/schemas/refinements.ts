/**
 * Where the SDK means more than the spec says: labels may be written as a record, a scan says it was
 * started by this SDK, a rule instance's update may leave out the group it is in (the path names it), and
 * a new group's rule configurations are keyed by rule UUIDs.
 * Each keeps the generated type's name, so the table of operations reads these instead.
 */
import * as Schema from "effect/Schema"
import { length, Uuid } from "./formats.js"
import * as Generated from "./generated.js"

const LabelKey = Generated.LabelInput.fields.key.pipe(
  // A record cannot carry `__proto__` through JavaScript objects: it would be dropped, not sent.
  Schema.filter((key) => key !== "__proto__" || "must not be __proto__")
)

/**
 * Labels as the caller may write them: the API's array of `{ key, value }`, or a record
 * `{ team: "ml-platform" }`. Both are sent as the array.
 * @category Wire types
 */
export type LabelsInput = ReadonlyArray<Generated.LabelInput> | { readonly [key: string]: string }
/**
 * The Schema of {@link LabelsInput}: the array as it is, a record turned into the array.
 * @category Schemas
 */
export const LabelsInput = Schema.Union(
  Schema.Array(Generated.LabelInput),
  Schema.transform(
    Schema.Record({ key: LabelKey, value: Generated.LabelInput.fields.value }),
    Schema.Array(Schema.typeSchema(Generated.LabelInput)),
    {
      strict: true,
      decode: (record) => Object.entries(record).map(([key, value]) => ({ key, value })),
      encode: (labels) => Object.fromEntries(labels.map((label) => [label.key, label.value]))
    }
  )
).annotations({ identifier: "LabelsInput" })

/** Labels, `minimum` to 50 of them. */
const labelCount = (minimum: number) =>
  LabelsInput.pipe(
    Schema.filter((labels) =>
      labels.length >= minimum && labels.length <= 50 ? undefined : `must hold ${minimum} to 50 labels`
    )
  )

/**
 * `ScanCreateRequestSchema`: what starts a scan. `model_uri` must not be empty; `labels` may be an array
 * or a record; `scan_origin` defaults to `MODEL_SECURITY_SDK`.
 * @category Schemas
 */
export const ScanCreateRequest = Schema.Struct({
  ...Generated.ScanCreateRequest.fields,
  model_uri: Generated.ScanCreateRequest.fields.model_uri.pipe(length(1, undefined)),
  labels: Schema.optional(Schema.NullOr(labelCount(0))),
  scan_origin: Schema.optionalWith(Schema.NullOr(Generated.ScanOrigin), {
    default: () => "MODEL_SECURITY_SDK" as const
  })
}).annotations({ identifier: "ScanCreateRequest" })
/**
 * What starts a scan, as the caller writes it: `model_uri` not empty, `labels` an array or a record,
 * `scan_origin` defaulted to `MODEL_SECURITY_SDK`. Sent as the body of `POST /v1/scans`.
 * @category Wire types
 */
export interface ScanCreateRequest extends Omit<Generated.ScanCreateRequest, "labels"> {
  /** Labels of the scan: an array of `{ key, value }` or a record, at most 50. */
  readonly labels?: LabelsInput | null | undefined
}

/**
 * `LabelsCreateRequestSchema`: 1 to 50 labels, as an array or a record.
 * @category Schemas
 */
export const LabelsCreateRequest = Schema.Struct({
  labels: labelCount(1)
}).annotations({ identifier: "LabelsCreateRequest" })
/**
 * Labels to add or set, as the caller writes them. Sent as the body of `POST /v1/scans/{scan_uuid}/labels`
 * and `PUT /v1/scans/{scan_uuid}/labels`.
 * @category Wire types
 */
export interface LabelsCreateRequest {
  /** 1 to 50 labels: an array of `{ key, value }` or a record. */
  readonly labels: LabelsInput
}

/**
 * `ModelSecurityRuleInstanceUpdateRequestSchema`: a new state and/or settings. `security_group_uuid`
 * may be left out: it is the group in the path, and must match it when given.
 * @category Schemas
 */
export const ModelSecurityRuleInstanceUpdateRequest = Schema.Struct({
  ...Generated.ModelSecurityRuleInstanceUpdateRequest.fields,
  security_group_uuid: Schema.optional(
    Generated.ModelSecurityRuleInstanceUpdateRequest.fields.security_group_uuid
  )
}).annotations({ identifier: "ModelSecurityRuleInstanceUpdateRequest" })
/**
 * A rule instance's new state and/or settings, as the caller writes them. Sent as the body of
 * `PUT /v1/security-groups/{security_group_uuid}/rule-instances/{rule_instance_uuid}`.
 * @category Wire types
 */
export interface ModelSecurityRuleInstanceUpdateRequest
  extends Omit<Generated.ModelSecurityRuleInstanceUpdateRequest, "security_group_uuid"> {
  /** The group in the path, which it defaults to and must match. */
  readonly security_group_uuid?: string | undefined
}

/**
 * `ModelSecurityGroupCreateRequestSchema`: `name` and `source_type` are required; `rule_configurations`
 * is keyed by the UUIDs of the rules it configures.
 * @category Schemas
 */
export const ModelSecurityGroupCreateRequest = Schema.Struct({
  ...Generated.ModelSecurityGroupCreateRequest.fields,
  rule_configurations: Schema.optional(Schema.Record({ key: Uuid, value: Generated.RuleConfiguration }))
}).annotations({ identifier: "ModelSecurityGroupCreateRequest" })
/**
 * A new security group, as the caller writes it: `name` and `source_type` required, `rule_configurations`
 * keyed by rule UUID. Sent as the body of `POST /v1/security-groups`.
 * @category Wire types
 */
export interface ModelSecurityGroupCreateRequest
  extends Omit<Generated.ModelSecurityGroupCreateRequest, "rule_configurations"> {
  /** The settings of the group's rules, keyed by the UUID of the rule each configures. */
  readonly rule_configurations?: { readonly [ruleUuid: string]: Generated.RuleConfiguration } | undefined
}
