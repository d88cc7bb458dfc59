/**
 * Where the SDK means more than the spec says: labels may be written as a record, a scan says it was
 * started by this SDK, a rule instance's update may leave out the group it is in (the path names it), and
 * a new group's rule configurations are keyed by rule UUIDs.
 * Each keeps the generated type's name, so the table of operations reads these instead.
 */
import * as Schema from "effect/Schema"
import { lazy } from "../internal/lazy.js"
import * as Wire from "../internal/wire-schemas.js"
import { length, Uuid } from "./formats.js"
import type * as Generated from "./generated.js"

/**
 * Labels as the caller may write them: the API's array of `{ key, value }`, or a record
 * `{ team: "ml-platform" }`. Both are sent as the array.
 * @category Wire types
 */
export type LabelsInput = ReadonlyArray<Generated.LabelInput> | { readonly [key: string]: string }

function makeLabelsInputSchema() {
  const label = Wire.LabelInput()
  const key = label.fields.key.pipe(
    // A record cannot carry `__proto__` through JavaScript objects: it would be dropped, not sent.
    Schema.filter((key) => key !== "__proto__" || "must not be __proto__")
  )
  return Schema.Union(
    Schema.Array(label),
    Schema.transform(
      Schema.Record({ key, value: label.fields.value }),
      Schema.Array(Schema.typeSchema(label)),
      {
        strict: true,
        decode: (record) => Object.entries(record).map(([key, value]) => ({ key, value })),
        encode: (labels) => Object.fromEntries(labels.map((label) => [label.key, label.value]))
      }
    )
  ).annotations({ identifier: "LabelsInput" })
}
const makeLabelsInput = /* @__PURE__ */ lazy(makeLabelsInputSchema)
/**
 * The Schema of {@link LabelsInput}: the array as it is, a record turned into the array.
 * @category Schemas
 */
export const LabelsInput = /* @__PURE__ */ makeLabelsInput()

const makeScanCreateRequest = /* @__PURE__ */ lazy(() => {
  const generated = Wire.ScanCreateRequest()
  return Schema.Struct({
    ...generated.fields,
    model_uri: generated.fields.model_uri.pipe(length(1, undefined)),
    labels: Schema.optional(Schema.NullOr(labelCount(0))),
    scan_origin: Schema.optionalWith(Schema.NullOr(Wire.ScanOrigin()), {
      default: () => "MODEL_SECURITY_SDK" as const
    })
  }).annotations({ identifier: "ScanCreateRequest" })
})

const makeLabelsCreateRequest = /* @__PURE__ */ lazy(() =>
  Schema.Struct({
    labels: labelCount(1)
  }).annotations({ identifier: "LabelsCreateRequest" })
)

const makeModelSecurityRuleInstanceUpdateRequest = /* @__PURE__ */ lazy(() => {
  const generated = Wire.ModelSecurityRuleInstanceUpdateRequest()
  return Schema.Struct({
    ...generated.fields,
    security_group_uuid: Schema.optional(generated.fields.security_group_uuid)
  }).annotations({ identifier: "ModelSecurityRuleInstanceUpdateRequest" })
})

const makeModelSecurityGroupCreateRequest = /* @__PURE__ */ lazy(() =>
  Schema.Struct({
    ...Wire.ModelSecurityGroupCreateRequest().fields,
    rule_configurations: Schema.optional(Schema.Record({ key: Uuid, value: Wire.RuleConfiguration() }))
  }).annotations({ identifier: "ModelSecurityGroupCreateRequest" })
)

/**
 * The refined Schemas, each made on its first call: what the table of operations reads, so that a bundle
 * that does not call an operation taking one does not make it.
 * @internal
 */
export const Refined = {
  LabelsCreateRequest: makeLabelsCreateRequest,
  LabelsInput: makeLabelsInput,
  ModelSecurityGroupCreateRequest: makeModelSecurityGroupCreateRequest,
  ModelSecurityRuleInstanceUpdateRequest: makeModelSecurityRuleInstanceUpdateRequest,
  ScanCreateRequest: makeScanCreateRequest
}

/** Labels, `minimum` to 50 of them. */
const labelCount = (minimum: number) =>
  makeLabelsInput().pipe(
    Schema.filter((labels) =>
      labels.length >= minimum && labels.length <= 50 ? undefined : `must hold ${minimum} to 50 labels`
    )
  )

/**
 * `ScanCreateRequestSchema`: what starts a scan. `model_uri` must not be empty; `labels` may be an array
 * or a record; `scan_origin` defaults to `MODEL_SECURITY_SDK`.
 * @category Schemas
 */
export const ScanCreateRequest = /* @__PURE__ */ makeScanCreateRequest()
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
export const LabelsCreateRequest = /* @__PURE__ */ makeLabelsCreateRequest()
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
export const ModelSecurityRuleInstanceUpdateRequest =
  /* @__PURE__ */ makeModelSecurityRuleInstanceUpdateRequest()
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
export const ModelSecurityGroupCreateRequest = /* @__PURE__ */ makeModelSecurityGroupCreateRequest()
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
