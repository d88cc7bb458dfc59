/** `client.securityRules`: the Promise form of the `SecurityRules` service. */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { SecurityRuleListParams } from "../schemas/security-rule.js"
import type { StreamParams } from "../services/pagination.js"
import { SecurityRules } from "../services/security-rules.js"
import { type Loose, strict } from "./loose.js"
import { type CallOptions, type IterateOptions, pageOptions, type Runner } from "./runner.js"

/** The catalogue of security rules (management plane, read-only). */
export class SecurityRulesClient {
  /** @internal */
  constructor(private readonly runner: Runner) {}

  /** One page of security rules. */
  list(params?: Loose<SecurityRuleListParams>, options?: CallOptions) {
    const query = strict<SecurityRuleListParams>(params ?? {})
    return this.runner.run(
      Effect.flatMap(SecurityRules, (r) => r.list(query)),
      options
    )
  }
  /** Every security rule matching the filters, as an async iterable. */
  iterate(params?: Loose<StreamParams<SecurityRuleListParams>>, options?: IterateOptions) {
    return this.runner.iterate(this.stream(params, options), options)
  }
  /** Every security rule matching the filters, collected. */
  listAll(params?: Loose<StreamParams<SecurityRuleListParams>>, options?: IterateOptions) {
    return this.runner.collect(this.stream(params, options), options)
  }
  /** One security rule. */
  get(uuid: string, options?: CallOptions) {
    return this.runner.run(
      Effect.flatMap(SecurityRules, (r) => r.get(uuid)),
      options
    )
  }

  private stream(
    params: Loose<StreamParams<SecurityRuleListParams>> | undefined,
    options: IterateOptions | undefined
  ) {
    const query = strict<StreamParams<SecurityRuleListParams>>(params ?? {})
    return Stream.unwrap(Effect.map(SecurityRules, (r) => r.stream(query, pageOptions(options))))
  }
}
