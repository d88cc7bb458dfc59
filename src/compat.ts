/** Promise API entry (`@effect-airs/model-security/compat`) for code written against the existing SDK. */
export { ModelSecurityClient, type ModelSecurityClientOptions, type PyPIAuth } from "./compat/client.js"
export { AISecSDKException, ErrorType } from "./compat/errors.js"
export type { Loose } from "./compat/loose.js"
export type { CallOptions, IterateOptions } from "./compat/runner.js"
export type { ScansClient } from "./compat/scans.js"
export type { SecurityGroupsClient } from "./compat/security-groups.js"
export type { SecurityRulesClient } from "./compat/security-rules.js"
