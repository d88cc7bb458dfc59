/** Promise API entry (`@effect-airs/model-security/compat`) for code written against the existing SDK. */
export { ModelSecurityClient, type ModelSecurityClientOptions, type PyPIAuth } from "./compat/client.js"
export type { CustomRulesClient } from "./compat/custom-rules-client.js"
export {
  type AISecSDKErrorCause,
  AISecSDKException,
  type ClientErrorCause,
  ErrorType,
  type MissingVariableErrorCause,
  type OAuthErrorCause,
  type PayloadErrorCause,
  type ServerErrorCause,
  type ValidationIssue
} from "./compat/errors.js"
export type { Loose } from "./compat/loose.js"
export type { ModelListOptions, ModelsClient } from "./compat/models-client.js"
export type { CallOptions, IterateOptions } from "./compat/runner.js"
export type {
  DurationInput,
  DurationUnit,
  FileListOptions,
  PollOptions,
  ScanListOptions,
  ScansClient
} from "./compat/scans-client.js"
export type { SecurityGroupsClient } from "./compat/security-groups-client.js"
export type { SecurityRulesClient } from "./compat/security-rules-client.js"
export type * from "./compat/types.js"
export type { PageOptions, StreamParams } from "./schemas/common.js"
