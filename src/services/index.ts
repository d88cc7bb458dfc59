/** The services of the Effect API. */
export { ModelSecurity, type ModelSecurityServices } from "./model-security.js"
export { type Page, type PagingPlan, paginate } from "./pagination.js"
export { type PollOptions, Scans, type StreamParams } from "./scans.js"
