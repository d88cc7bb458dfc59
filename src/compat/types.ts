/**
 * The wire types of the Promise API, plain TypeScript: the generated ones (`wire.ts`), and the few the SDK
 * refines (`src/schemas/refinements.ts`) as the caller writes them. `test/types/wire-types.ts` proves each
 * equal to the Effect API's type of the same name.
 */
import type * as Wire from "./wire.js"

export type * from "./wire.js"

/**
 * Labels as the caller may write them: the API's array of `{ key, value }`, or a record `{ team: "ml" }`.
 * @category Wire types
 */
export type LabelsInput = ReadonlyArray<Wire.LabelInput> | { readonly [key: string]: string }

/**
 * What starts a scan: `model_uri` not empty, `labels` an array or a record, `scan_origin` defaulted.
 * @category Wire types
 */
export interface ScanCreateRequest extends Omit<Wire.ScanCreateRequest, "labels"> {
  readonly labels?: LabelsInput | null | undefined
}

/**
 * 1 to 50 labels to add or set, as an array or a record.
 * @category Wire types
 */
export interface LabelsCreateRequest {
  readonly labels: LabelsInput
}

/**
 * A rule instance's new state and/or settings; `security_group_uuid` defaults to the group in the path.
 * @category Wire types
 */
export interface ModelSecurityRuleInstanceUpdateRequest
  extends Omit<Wire.ModelSecurityRuleInstanceUpdateRequest, "security_group_uuid"> {
  readonly security_group_uuid?: string | undefined
}

/**
 * A new security group: `name` and `source_type` required, `rule_configurations` keyed by rule UUID.
 * @category Wire types
 */
export interface ModelSecurityGroupCreateRequest
  extends Omit<Wire.ModelSecurityGroupCreateRequest, "rule_configurations"> {
  readonly rule_configurations?: { readonly [ruleUuid: string]: Wire.RuleConfiguration } | undefined
}
