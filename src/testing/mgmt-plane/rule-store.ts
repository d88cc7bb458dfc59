/** The security rules every tenant has, and the generations of their snapshot. */
import { type Page, paginate } from "../http/paging.js"
import type { SecurityRuleRecord } from "../records.js"
import { ruleApplies } from "../tenant/security-rule-specs.js"
import type { Catalog } from "../tenant/seeded-catalog.js"
import type { GroupStore } from "./group-store.js"
import { SnapshotSeries } from "./snapshot-series.js"

/** A security rule in a list (`ModelSecurityRuleListItemSchema`); the count is null in a snapshot. */
export interface RuleListItem extends SecurityRuleRecord {
  readonly enabled_security_group_count: number | null
}

/** The security rules, as seeded: the API has no operation that changes them. */
export class RuleStore {
  /** The security rules, in catalog order. */
  readonly all: ReadonlyArray<SecurityRuleRecord>
  /** Generations of the security rules. */
  readonly history = new SnapshotSeries<ReadonlyArray<RuleListItem>>("security-rules")
  private readonly byUuid: ReadonlyMap<string, SecurityRuleRecord>

  /** @param groups counts the groups where a rule is enabled. */
  constructor(
    catalog: Catalog,
    private readonly groups: GroupStore
  ) {
    this.all = catalog.rules
    this.byUuid = new Map(catalog.rules.map((rule) => [rule.uuid, rule]))
    for (const { at, value } of catalog.history.rules) {
      this.history.append(
        at,
        value.map((rule) => ({ ...rule, enabled_security_group_count: null }))
      )
    }
  }

  /** A rule by canonical uuid. */
  find(uuid: string): SecurityRuleRecord | undefined {
    return this.byUuid.get(uuid)
  }

  /**
   * A page of rules (at `generation`, or the current ones) applying to `sourceType` (every rule when
   * absent) whose name or uuid contains `search`; `undefined` for an unknown generation.
   */
  list(
    filter: {
      readonly sourceType?: string | undefined
      readonly search?: string | undefined
      readonly generation?: number | undefined
    },
    skip: number,
    limit: number
  ): Page<RuleListItem> | undefined {
    const rules =
      filter.generation === undefined
        ? this.all.map((rule) => ({
            ...rule,
            enabled_security_group_count: this.groups.enabledGroupCount(rule.uuid)
          }))
        : this.history.at(filter.generation)
    if (rules === undefined) return undefined
    const needle = filter.search?.toLowerCase()
    const matching = rules.filter(
      (rule) =>
        (filter.sourceType === undefined || ruleApplies(rule, filter.sourceType)) &&
        (needle === undefined ||
          rule.name.toLowerCase().includes(needle) ||
          rule.uuid.toLowerCase().includes(needle))
    )
    return paginate(matching, skip, limit)
  }
}
