/**
 * The tenant's catalog as seeded: security rules and their history, one security group per source type
 * with its rule instances, and the custom rules and their assignments, each change a generation of its
 * snapshot.
 */
import { fixtureUuid, IdKind } from "../random.js"
import {
  type CustomRuleRecord,
  isoTime,
  type RuleInstanceRecord,
  type RuleStateValue,
  type SecurityGroupRecord,
  type SecurityRuleRecord,
  SOURCE_TYPES
} from "../records.js"
import { CUSTOM_RULES } from "./custom-rule-specs.js"
import { completeCondition } from "./rule-conditions.js"
import { RULE_HISTORY, RULES, ruleApplies } from "./security-rule-specs.js"
import { CATALOG_EPOCH, DAY, HOUR, MINUTE } from "./seeding.js"

/** Rule-instance item numbers of custom rules start here (security rules use their rule number). */
const CUSTOM_INSTANCE_ITEM = 2048

/** What fixture generation depends on. */
export interface FixtureConfig {
  readonly seed: number
  readonly tsgId: string
}

/** One generation of a snapshot in the seeded history: when it was made and what it held. */
export interface Seeded<A> {
  readonly at: number
  readonly value: A
}

/**
 * The tenant as seeded: security rules, one security group per source type, custom rules, each group's
 * rule instances (security rules first, in rule order, then custom rules in assignment order), and the
 * history of each snapshot up to then.
 */
export interface Catalog {
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  readonly groups: ReadonlyArray<SecurityGroupRecord>
  readonly ruleInstances: ReadonlyMap<string, ReadonlyArray<RuleInstanceRecord>>
  readonly customRules: ReadonlyArray<CustomRuleRecord>
  readonly history: {
    readonly rules: ReadonlyArray<Seeded<ReadonlyArray<SecurityRuleRecord>>>
    readonly customRules: ReadonlyArray<Seeded<ReadonlyArray<CustomRuleRecord>>>
    readonly groups: ReadonlyMap<string, ReadonlyArray<Seeded<ReadonlyArray<RuleInstanceRecord>>>>
  }
}

/** The user uuids of the fixtures' people (see `OWNERS`). */
const userUuids = new Map<string, string>()
export const userUuid = (seed: number, user: number): string => {
  const key = `${seed}:${user}`
  let uuid = userUuids.get(key)
  if (uuid === undefined) {
    uuid = fixtureUuid(seed, IdKind.user, user)
    userUuids.set(key, uuid)
  }
  return uuid
}

/** A new rule instance of `rule` in `group`, in the rule's default state with its default values. */
export const defaultInstance = (
  seed: number,
  group: SecurityGroupRecord,
  groupNumber: number,
  rule: SecurityRuleRecord,
  ruleNumber: number
): RuleInstanceRecord => ({
  uuid: fixtureUuid(seed, IdKind.ruleInstance, groupNumber, ruleNumber),
  tsg_id: group.tsg_id,
  created_at: group.created_at,
  updated_at: group.created_at,
  created_by: null,
  updated_by: null,
  security_group_uuid: group.uuid,
  security_rule_uuid: rule.uuid,
  rule,
  custom_rule_uuid: null,
  custom_rule: null,
  state: rule.default_state,
  field_values: rule.default_values
})

/** A new rule instance of the custom rule numbered `ruleNumber` in `group`, made at `at`. */
export const customInstance = (
  seed: number,
  group: SecurityGroupRecord,
  groupNumber: number,
  rule: CustomRuleRecord,
  ruleNumber: number,
  state: RuleStateValue,
  at: number
): RuleInstanceRecord => ({
  uuid: fixtureUuid(seed, IdKind.ruleInstance, groupNumber, CUSTOM_INSTANCE_ITEM + ruleNumber),
  tsg_id: group.tsg_id,
  created_at: isoTime(at),
  updated_at: isoTime(at),
  created_by: null,
  updated_by: null,
  security_group_uuid: group.uuid,
  security_rule_uuid: null,
  rule: null,
  custom_rule_uuid: rule.uuid,
  custom_rule: { uuid: rule.uuid, name: rule.name, description: rule.description },
  state,
  field_values: {}
})

/**
 * Builds the catalog for a tenant. The security rules had three generations (the newest rules added
 * last); the groups were created an hour apart in `SOURCE_TYPES` order; ten days later the custom rules
 * were written and assigned, one change a minute, each change a generation of its snapshot.
 */
export const makeCatalog = ({ seed, tsgId }: FixtureConfig): Catalog => {
  const rules = RULES.map(
    ({ threats: _threats, ...spec }, n): SecurityRuleRecord => ({
      uuid: fixtureUuid(seed, IdKind.securityRule, n),
      ...spec
    })
  )
  const ruleHistory = RULE_HISTORY.map(({ daysBefore, without }) => ({
    at: CATALOG_EPOCH - daysBefore * DAY,
    value: rules.slice(0, rules.length - without)
  }))
  const groups = SOURCE_TYPES.map((source, n): SecurityGroupRecord => {
    const at = isoTime(CATALOG_EPOCH + n * HOUR)
    return {
      uuid: fixtureUuid(seed, IdKind.securityGroup, n),
      tsg_id: tsgId,
      created_at: at,
      updated_at: at,
      name: `Default ${source} group`,
      description: `Default security group for models from ${source}`,
      source_type: source,
      state: "ACTIVE",
      is_tombstone: false
    }
  })
  const instances = new Map(
    groups.map((group, g) => [
      group.uuid,
      rules.flatMap(
        (rule, n): ReadonlyArray<RuleInstanceRecord> =>
          ruleApplies(rule, group.source_type) ? [defaultInstance(seed, group, g, rule, n)] : []
      )
    ])
  )
  const groupHistory = new Map(
    groups.map((group) => [
      group.uuid,
      [{ at: Date.parse(group.created_at), value: instances.get(group.uuid)! }]
    ])
  )
  const ruleUuid = (name: string) => rules.find((rule) => rule.name === name)!.uuid
  const alice = userUuid(seed, 0)
  let clock = CATALOG_EPOCH + 10 * DAY
  const customRules: Array<CustomRuleRecord> = []
  const customHistory: Array<Seeded<ReadonlyArray<CustomRuleRecord>>> = []
  CUSTOM_RULES.forEach((spec, n) => {
    const created = isoTime(clock)
    customRules.push({
      uuid: fixtureUuid(seed, IdKind.customRule, n),
      tsg_id: tsgId,
      name: spec.name,
      description: spec.description,
      compatible_sources: spec.compatibleSources,
      condition: completeCondition(spec.condition(ruleUuid)),
      rule_action: spec.ruleAction,
      violation_message: spec.violationMessage,
      remediation_message: spec.remediationMessage,
      is_archived: false,
      created_at: created,
      updated_at: created,
      created_by: alice,
      updated_by: alice
    })
    customHistory.push({ at: clock, value: [...customRules] })
    clock += MINUTE
  })
  CUSTOM_RULES.forEach((spec, n) => {
    if (spec.archived) {
      customRules[n] = { ...customRules[n]!, is_archived: true, updated_at: isoTime(clock) }
      customHistory.push({ at: clock, value: [...customRules] })
      clock += MINUTE
    }
    for (const [source, state] of spec.assignments) {
      const g = SOURCE_TYPES.indexOf(source)
      const group = groups[g]!
      const next = [
        ...instances.get(group.uuid)!,
        customInstance(seed, group, g, customRules[n]!, n, state, clock)
      ]
      instances.set(group.uuid, next)
      groupHistory.get(group.uuid)!.push({ at: clock, value: next })
      clock += MINUTE
    }
  })
  return {
    rules,
    groups,
    ruleInstances: instances,
    customRules,
    history: { rules: ruleHistory, customRules: customHistory, groups: groupHistory }
  }
}
