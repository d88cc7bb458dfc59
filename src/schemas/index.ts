/**
 * Every wire type of the API, one Schema each, generated from the vendor specs and named after their
 * components; the few the SDK refines (see `refinements.ts`) replace the generated ones of the same name.
 */
export * from "./generated.js"
export type { PageOptions, StreamParams } from "./common.js"
export { DateTime, tolerant, Uuid } from "./formats.js"
export {
  LabelsCreateRequest,
  LabelsInput,
  ModelSecurityRuleInstanceUpdateRequest,
  ScanCreateRequest
} from "./refinements.js"
export { Condition } from "./conditions.js"
