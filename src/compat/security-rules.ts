/** `client.securityRules`: the Promise form of the `SecurityRules` service. */
import type { StreamParams } from "../schemas/common.js"
import type { SecurityRuleListParams, SnapshotVersionListParams } from "../schemas/generated.js"
import { SecurityRules } from "../services/security-rules.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { ServiceClient } from "./service-client.js"

/** The catalogue of security rules (management plane, read-only). */
export class SecurityRulesClient extends ServiceClient<SecurityRules, SecurityRules.Service> {
  /** @internal */
  constructor(runner: Runner) {
    super(runner, SecurityRules)
  }

  /** One page of security rules (at a snapshot `generation`, if given). */
  list(params?: Loose<SecurityRuleListParams>, options?: CallOptions) {
    return this.run((r) => r.list(strict(params ?? {})), options)
  }
  /** Every security rule matching the filters, as an async iterable. */
  iterate(params?: Loose<StreamParams<SecurityRuleListParams>>, options?: IterateOptions) {
    return this.iterateWith((r, page) => r.stream(strict(params ?? {}), page), options)
  }
  /** Every security rule matching the filters, collected. */
  listAll(params?: Loose<StreamParams<SecurityRuleListParams>>, options?: IterateOptions) {
    return this.collectWith((r, page) => r.stream(strict(params ?? {}), page), options)
  }
  /** One security rule. */
  get(uuid: string, options?: CallOptions) {
    return this.run((r) => r.get(uuid), options)
  }
  /** One page of the catalogue's snapshot versions, newest first. */
  listVersions(params?: SnapshotVersionListParams, options?: CallOptions) {
    return this.run((r) => r.listVersions(params), options)
  }
  /** Every snapshot version of the catalogue, as an async iterable. */
  iterateVersions(params?: Omit<SnapshotVersionListParams, "next_token">, options?: CallOptions) {
    return this.iterateWith((r) => r.streamVersions(params), options)
  }
  /** Every snapshot version of the catalogue, collected. */
  listAllVersions(params?: Omit<SnapshotVersionListParams, "next_token">, options?: CallOptions) {
    return this.collectWith((r) => r.streamVersions(params), options)
  }
}
