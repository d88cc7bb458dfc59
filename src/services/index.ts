/**
 * The services of the Effect API.
 * @module
 */
export { CustomRules } from "./custom-rules.js"
export {
  ModelSecurity,
  type ModelSecurityFetchOptions,
  type ModelSecurityServices
} from "./model-security.js"
export { Models } from "./models.js"
export { type PollOptions, Scans } from "./scans.js"
export { SecurityGroups } from "./security-groups.js"
export { SecurityRules } from "./security-rules.js"
