/**
 * Every wire type of the API, one Schema each, generated from the vendor specs and named after their
 * components; the few the SDK refines (see `refinements.ts`) replace the generated ones of the same name.
 */

export type { PageOptions, StreamParams } from "./common.js"
export { Condition } from "./conditions.js"
export * from "./generated.js"
export {
  LabelsCreateRequest,
  LabelsInput,
  ModelSecurityGroupCreateRequest,
  ModelSecurityRuleInstanceUpdateRequest,
  ScanCreateRequest
} from "./refinements.js"
