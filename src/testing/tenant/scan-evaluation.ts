/**
 * How a scan is evaluated: the rule instances it is evaluated against, the threats its model carries,
 * each instance's result (custom rules by their conditions) and the outcome.
 */
import { pick, rngFor } from "../random.js"
import type { CustomRuleRecord, LabelRecord, RuleInstanceRecord, ScanRecord } from "../records.js"
import { type ModelTemplate, TEMPLATES } from "./model-layouts.js"
import { customRuleResult } from "./rule-conditions.js"
import { ruleForThreat } from "./security-rule-specs.js"
import type { Catalog } from "./seeded-catalog.js"
import { Salt } from "./seeding.js"
import type { ThreatCode } from "./threats.js"

/** A rule instance as evaluations see it: with the custom rule's definition when it is a custom rule's. */
export interface EvalInstance {
  readonly instance: RuleInstanceRecord
  readonly custom?: CustomRuleRecord
}

/** The instances of a group that take part in evaluations (not DISABLED), with custom rules' definitions. */
export const evalInstances = (
  instances: ReadonlyArray<RuleInstanceRecord>,
  customRule: (uuid: string) => CustomRuleRecord | undefined
): ReadonlyArray<EvalInstance> =>
  instances.flatMap((instance) => {
    if (instance.state === "DISABLED") return []
    if (instance.custom_rule_uuid === null) return [{ instance }]
    const custom = customRule(instance.custom_rule_uuid)
    return custom === undefined || custom.is_archived ? [] : [{ instance, custom }]
  })

const seededEvalInstances = new WeakMap<Catalog, Map<string, ReadonlyArray<EvalInstance>>>()
/** The seeded instances a seeded scan of a group is evaluated against. */
const catalogInstances = (catalog: Catalog, groupUuid: string): ReadonlyArray<EvalInstance> => {
  let byGroup = seededEvalInstances.get(catalog)
  if (byGroup === undefined) {
    byGroup = new Map()
    seededEvalInstances.set(catalog, byGroup)
  }
  let items = byGroup.get(groupUuid)
  if (items === undefined) {
    items = evalInstances(catalog.ruleInstances.get(groupUuid) ?? [], (uuid) =>
      catalog.customRules.find((rule) => rule.uuid === uuid)
    )
    byGroup.set(groupUuid, items)
  }
  return items
}

/** A scan plus what the fake needs to derive its details; `index` orders scans by creation. */
export interface ScanEntry {
  readonly index: number
  readonly template: number
  readonly record: ScanRecord
  /** Whether the model carries threats (its layout's, see `blockedThreats`). */
  readonly threatened: boolean
  /** The labels the scan was evaluated with (its labels may change afterwards). */
  readonly labelsAtScan: ReadonlyArray<LabelRecord>
  /** The model revision scanned; `null` when the scan read no model files (no model version). */
  readonly revision: string | null
  /** The model name given when the scan was created, if any. */
  readonly modelName?: string | undefined
  /**
   * The group's enabled rule instances when the scan was created, for scans created through the API;
   * seeded scans are evaluated against the seeded catalog.
   */
  readonly instances?: ReadonlyArray<EvalInstance>
}

/** The rule instances a scan is evaluated against. */
export const instancesOf = (catalog: Catalog, entry: ScanEntry): ReadonlyArray<EvalInstance> =>
  entry.instances ?? catalogInstances(catalog, entry.record.security_group_uuid)

/** The layout of a scan's model. */
export const templateOf = (entry: ScanEntry): ModelTemplate => TEMPLATES[entry.template] ?? TEMPLATES[0]!

/** The threats a threatened model carries: one or two distinct codes its layout can carry. */
export const blockedThreats = (
  seed: number,
  index: number,
  template: ModelTemplate
): ReadonlyArray<ThreatCode> => {
  const codes = template.threats
  if (codes.length === 0) return []
  const rng = rngFor(seed, Salt.threats, index)
  const first = pick(rng, codes)
  const second = codes.length > 1 && rng() < 0.35 ? pick(rng, codes) : first
  return second === first ? [first] : [first, second]
}

/** The result of one rule instance on a scan. */
export interface Evaluated {
  readonly item: EvalInstance
  readonly failed: boolean
}

/**
 * Evaluates a scan against its rule instances, in order: a security rule fails when it reports a threat
 * the model carries; a custom rule by its condition over the scan's labels and the results before it.
 */
export const evaluate = (
  seed: number,
  catalog: Catalog,
  entry: ScanEntry,
  items: ReadonlyArray<EvalInstance> = instancesOf(catalog, entry)
): ReadonlyArray<Evaluated> => {
  const failing = new Set(
    entry.threatened
      ? blockedThreats(seed, entry.index, templateOf(entry)).map(
          (code) => catalog.rules[ruleForThreat(code)]?.uuid
        )
      : []
  )
  if (failing.size === 0 && items.every((item) => item.custom === undefined)) {
    return items.map((item) => ({ item, failed: false }))
  }
  const results = new Map<string, "PASSED" | "FAILED">()
  return items.map((item): Evaluated => {
    const { instance, custom } = item
    if (custom === undefined) {
      const failed = failing.has(instance.security_rule_uuid ?? "")
      if (instance.security_rule_uuid !== null)
        results.set(instance.security_rule_uuid, failed ? "FAILED" : "PASSED")
      return { item, failed }
    }
    const result = customRuleResult(custom.condition, custom.rule_action, {
      labels: entry.labelsAtScan,
      results
    })
    results.set(custom.uuid, result)
    return { item, failed: result === "FAILED" }
  })
}

/** The outcome of a finished scan: BLOCKED when a BLOCKING rule instance failed, else ALLOWED. */
export const outcomeOf = (results: ReadonlyArray<Evaluated>): "ALLOWED" | "BLOCKED" =>
  results.some((result) => result.failed && result.item.instance.state === "BLOCKING") ? "BLOCKED" : "ALLOWED"
