/**
 * The management plane's data: the security rules, the security groups with their rule instances, and
 * the custom rules, seeded from the catalog and written on one clock.
 */

import { type EvalInstance, evalInstances } from "../tenant/scan-evaluation.js"
import type { Catalog } from "../tenant/seeded-catalog.js"
import { CustomRuleStore } from "./custom-rule-store.js"
import { GroupStore } from "./group-store.js"
import { RuleStore } from "./rule-store.js"
import { WriteClock } from "./write-clock.js"

/**
 * Security rules, security groups and their rule instances, and custom rules. Every change to a group's
 * rule instances, to the custom rules or to the security rules stores a new generation of that snapshot.
 */
export class SecurityStore {
  readonly rules: RuleStore
  readonly groups: GroupStore
  readonly customRules: CustomRuleStore

  constructor(catalog: Catalog, config: { readonly seed: number; readonly tsgId: string }) {
    const clock = new WriteClock()
    this.groups = new GroupStore(catalog, config, clock)
    this.rules = new RuleStore(catalog, this.groups)
    this.customRules = new CustomRuleStore(catalog, config, clock, this.groups)
  }

  /** A group's rule instances that take part in evaluations now, with the custom rules' definitions. */
  enabledInstances(groupUuid: string): ReadonlyArray<EvalInstance> {
    return evalInstances(this.groups.instancesOf(groupUuid), (uuid) => this.customRules.find(uuid))
  }
}
