/** The services of the Effect API. */
export { ModelSecurity, type ModelSecurityServices } from "./model-security.js"
export { type Page, type PagingPlan, paginate, type StreamParams } from "./pagination.js"
export { type PollOptions, Scans } from "./scans.js"
export { SecurityGroups } from "./security-groups.js"
export { SecurityRules } from "./security-rules.js"
