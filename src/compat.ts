/**
 * The Promise API, for code written against the existing Prisma AIRS SDK: {@link ModelSecurityClient} and
 * its sub-clients ({@link ScansClient}, {@link ModelsClient}, {@link SecurityGroupsClient},
 * {@link SecurityRulesClient}, {@link CustomRulesClient}), with plain wire types and
 * {@link AISecSDKException} errors. Built self-contained: it needs no Effect package installed.
 *
 * ```ts
 * import { ModelSecurityClient } from "@effect-airs/model-security/compat"
 *
 * const client = new ModelSecurityClient() // credentials from PANW_MODEL_SEC_* or PANW_MGMT_*
 * const model_uri = "https://huggingface.co/org/model"
 * const scan = await client.scans.create({ model_uri, security_group_uuid })
 * const done = await client.scans.waitForCompletion(scan.uuid)
 * ```
 *
 * @module @effect-airs/model-security/compat
 */
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
export type { Loose, LooseValue } from "./compat/loose.js"
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
/** The streaming forms' options, the same as the Effect API's. @category Options */
export type { PageOptions, StreamParams } from "./schemas/common.js"
