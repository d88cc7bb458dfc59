/** `client.securityRules`: the Promise form of the `SecurityRules` service. */
import type { StreamParams } from "../schemas/common.js"
import { SecurityRules } from "../services/security-rules.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { serviceCalls } from "./service-client.js"
import type {
  ListModelSecurityRulesResponse,
  ModelSecurityRuleListItem,
  ModelSecurityRuleResponse,
  SecurityRuleListParams,
  SnapshotVersion,
  SnapshotVersionListParams,
  SnapshotVersionListResponse
} from "./types.js"

/**
 * The catalogue of security rules (management plane, read-only). Reached as `client.securityRules` of a
 * {@link ModelSecurityClient}; the Promise form of the Effect API's `SecurityRules` service. Each method has
 * an example.
 * @category Client
 */
export interface SecurityRulesClient {
  /**
   * One page of security rules, optionally for one source type, matching a UUID or name (`search_query`), or
   * as they were at a snapshot `generation`.
   * @example
   * ```ts
   * const { rules } = await client.securityRules.list({
   *   source_type: "HUGGING_FACE",
   *   search_query: "pickle"
   * })
   * ```
   */
  list(params?: Loose<SecurityRuleListParams>, options?: CallOptions): Promise<ListModelSecurityRulesResponse>
  /**
   * Every security rule matching the filters, as an async iterable.
   * @example
   * ```ts
   * for await (const rule of client.securityRules.iterate({ source_type: "S3" })) {
   *   console.log(rule.name)
   * }
   * ```
   */
  iterate(
    params?: Loose<StreamParams<SecurityRuleListParams>>,
    options?: IterateOptions
  ): AsyncIterable<ModelSecurityRuleListItem>
  /**
   * Every security rule matching the filters, collected.
   * @example const rules = await client.securityRules.listAll({ source_type: "S3" })
   */
  listAll(
    params?: Loose<StreamParams<SecurityRuleListParams>>,
    options?: IterateOptions
  ): Promise<Array<ModelSecurityRuleListItem>>
  /**
   * One security rule by UUID.
   * @example const rule = await client.securityRules.get(ruleId)
   */
  get(uuid: string, options?: CallOptions): Promise<ModelSecurityRuleResponse>
  /**
   * One page of the catalogue's snapshot versions, newest first.
   * @example const { versions } = await client.securityRules.listVersions({ limit: 20 })
   */
  listVersions(
    params?: SnapshotVersionListParams,
    options?: CallOptions
  ): Promise<SnapshotVersionListResponse>
  /**
   * Every snapshot version of the catalogue, as an async iterable.
   * @example
   * ```ts
   * for await (const version of client.securityRules.iterateVersions()) {
   *   console.log(version.timestamp)
   * }
   * ```
   */
  iterateVersions(
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): AsyncIterable<SnapshotVersion>
  /**
   * Every snapshot version of the catalogue, collected.
   * @example const versions = await client.securityRules.listAllVersions()
   */
  listAllVersions(
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): Promise<Array<SnapshotVersion>>
}

/** `client.securityRules` over the runner. */
export const securityRulesClient = (runner: Runner): SecurityRulesClient => {
  const { run, iterate, collect } = serviceCalls(runner, SecurityRules)
  return {
    list: (params, options) => run((r) => r.list(strict(params ?? {})), options),
    iterate: (params, options) => iterate((r, page) => r.stream(strict(params ?? {}), page), options),
    listAll: (params, options) => collect((r, page) => r.stream(strict(params ?? {}), page), options),
    get: (uuid, options) => run((r) => r.get(uuid), options),
    listVersions: (params, options) => run((r) => r.listVersions(params), options),
    iterateVersions: (params, options) => iterate((r) => r.streamVersions(params), options),
    listAllVersions: (params, options) => collect((r) => r.streamVersions(params), options)
  }
}
