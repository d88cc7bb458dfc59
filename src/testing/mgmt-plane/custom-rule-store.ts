/**
 * Custom rules and their assignments to security groups, and the generations of the custom rules'
 * snapshot. Assigning, archiving or changing a custom rule changes the rule instances of its groups.
 */
import { type Page, paginate } from "../http/paging.js"
import { fixtureUuid, IdKind } from "../random.js"
import {
  appliesTo,
  type CustomRuleRecord,
  isoTime,
  type RuleInstanceRecord,
  type RuleStateValue,
  type SecurityGroupRecord
} from "../records.js"
import { completeCondition } from "../tenant/rule-conditions.js"
import { type Catalog, customInstance } from "../tenant/seeded-catalog.js"
import { compareBy, type GroupStore } from "./group-store.js"
import { SnapshotSeries } from "./snapshot-series.js"
import type { WriteClock } from "./write-clock.js"

/** The filters and order of `GET /v1/custom-rules`. */
export interface CustomRuleQuery {
  readonly isArchived: boolean
  readonly sourceTypes?: ReadonlyArray<string> | undefined
  readonly search?: string | undefined
  readonly sortField: "created_at" | "updated_at"
  readonly sortDir: "asc" | "desc"
}

/** The fields of a custom rule a create or update request sets. */
export interface CustomRuleInput {
  readonly name: string
  readonly description: string
  readonly compatibleSources: ReadonlyArray<string>
  readonly condition: Parameters<typeof completeCondition>[0]
  readonly ruleAction: "FAIL" | "PASS"
  readonly violationMessage: string
  readonly remediationMessage: string | null
}

/** The result of assigning a custom rule to one group (`CustomRuleAssignmentResultSchema`). */
export interface AssignmentResult {
  readonly security_group_uuid: string
  readonly status: "created" | "updated" | "error"
  readonly rule_instance_uuid: string | null
  readonly error: string | null
}

/** A custom rule in a list (`CustomRuleListItemSchema`); the count is null in a snapshot. */
export interface CustomRuleListItem extends CustomRuleRecord {
  readonly enabled_security_group_count: number | null
}

interface CustomRuleEntry {
  readonly number: number
  record: CustomRuleRecord
}

/** A custom rule as a snapshot holds it: without its condition, action and timestamps. */
const customSnapshot = (rules: ReadonlyArray<CustomRuleRecord>): ReadonlyArray<CustomRuleListItem> =>
  rules.map((rule) => ({
    ...rule,
    condition: null,
    rule_action: null,
    created_at: null,
    updated_at: null,
    enabled_security_group_count: null
  }))

/** The custom rules, seeded from the catalog; archived ones are kept. */
export class CustomRuleStore {
  /** Generations of the custom rules. */
  readonly history = new SnapshotSeries<ReadonlyArray<CustomRuleListItem>>("custom-rules")
  private readonly ordered: Array<CustomRuleEntry> = []
  private readonly byUuid = new Map<string, CustomRuleEntry>()

  /** @param groups the groups custom rules are assigned to. */
  constructor(
    catalog: Catalog,
    private readonly config: { readonly seed: number; readonly tsgId: string },
    private readonly clock: WriteClock,
    private readonly groups: GroupStore
  ) {
    for (const { at, value } of catalog.history.customRules) this.history.append(at, customSnapshot(value))
    catalog.customRules.forEach((record, number) => {
      this.push({ number, record })
    })
  }

  private push(entry: CustomRuleEntry): void {
    this.ordered.push(entry)
    this.byUuid.set(entry.record.uuid, entry)
  }

  private recordCustomRules(at: number): void {
    this.history.append(at, customSnapshot(this.ordered.map((entry) => entry.record)))
  }

  /** Every custom rule in creation order, archived ones included. */
  get all(): ReadonlyArray<CustomRuleRecord> {
    return this.ordered.map((entry) => entry.record)
  }

  /** A custom rule by canonical uuid. */
  find(uuid: string): CustomRuleRecord | undefined {
    return this.byUuid.get(uuid)?.record
  }

  /**
   * A page of custom rules, or of those at `generation` (then the filters are ignored, as the API
   * does); `undefined` for an unknown generation. `source_types` keeps rules compatible with any of them.
   */
  list(
    query: CustomRuleQuery & { readonly generation?: number | undefined },
    skip: number,
    limit: number
  ): Page<CustomRuleListItem> | undefined {
    if (query.generation !== undefined) {
      const snapshot = this.history.at(query.generation)
      return snapshot === undefined ? undefined : paginate(snapshot, skip, limit)
    }
    const sources =
      query.sourceTypes === undefined || query.sourceTypes.length === 0 || query.sourceTypes.includes("ALL")
        ? undefined
        : query.sourceTypes
    const needle = query.search?.toLowerCase()
    const matching = this.ordered.filter(
      ({ record }) =>
        record.is_archived === query.isArchived &&
        (sources === undefined || sources.some((source) => appliesTo(record.compatible_sources, source))) &&
        (needle === undefined || record.name.toLowerCase().includes(needle) || record.uuid.includes(needle))
    )
    const sorted = matching.sort(
      compareBy(
        (entry) => Date.parse(entry.record[query.sortField] ?? ""),
        (entry) => entry.number,
        query.sortDir
      )
    )
    return paginate(
      sorted.map(({ record }) => ({
        ...record,
        enabled_security_group_count: this.groups.enabledGroupCount(record.uuid)
      })),
      skip,
      limit
    )
  }

  /** Creates a custom rule (not archived, assigned to no group). */
  create(input: CustomRuleInput): CustomRuleRecord {
    const number = this.ordered.length
    const time = this.clock.now()
    const at = isoTime(time)
    const record: CustomRuleRecord = {
      uuid: fixtureUuid(this.config.seed, IdKind.customRule, number),
      tsg_id: this.config.tsgId,
      name: input.name,
      description: input.description,
      compatible_sources: input.compatibleSources as CustomRuleRecord["compatible_sources"],
      condition: completeCondition(input.condition),
      rule_action: input.ruleAction,
      violation_message: input.violationMessage,
      remediation_message: input.remediationMessage,
      is_archived: false,
      created_at: at,
      updated_at: at,
      created_by: null,
      updated_by: null
    }
    this.push({ number, record })
    this.recordCustomRules(time)
    return record
  }

  /**
   * Changes a custom rule (`null` or absent keeps a field). The groups it is assigned to show its new
   * name and description, and get a new generation: their compiled policy changed.
   */
  update(
    uuid: string,
    patch: { readonly [K in keyof CustomRuleInput]?: CustomRuleInput[K] | null | undefined }
  ): CustomRuleRecord | undefined {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return undefined
    const time = this.clock.now()
    const { record } = entry
    entry.record = {
      ...record,
      name: patch.name ?? record.name,
      description: patch.description ?? record.description,
      condition: patch.condition == null ? record.condition : completeCondition(patch.condition),
      rule_action: patch.ruleAction ?? record.rule_action,
      violation_message: patch.violationMessage ?? record.violation_message,
      remediation_message: patch.remediationMessage ?? record.remediation_message,
      updated_at: isoTime(time)
    }
    this.recordCustomRules(time)
    const summary = { uuid, name: entry.record.name, description: entry.record.description }
    for (const group of this.groups.entries) {
      if (!group.instances.some((instance) => instance.custom_rule_uuid === uuid)) continue
      this.groups.setInstances(
        group.record.uuid,
        group.instances.map((instance) =>
          instance.custom_rule_uuid === uuid ? { ...instance, custom_rule: summary } : instance
        ),
        time
      )
    }
    return entry.record
  }

  /**
   * Archives or restores a custom rule. Archiving removes it from every group it was assigned to (each
   * such group gets a new generation); restoring does not assign it again.
   */
  setArchived(uuid: string, archived: boolean): CustomRuleRecord | undefined {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return undefined
    const time = this.clock.now()
    entry.record = { ...entry.record, is_archived: archived, updated_at: isoTime(time) }
    this.recordCustomRules(time)
    if (archived) {
      for (const group of this.groups.entries) {
        if (!group.instances.some((instance) => instance.custom_rule_uuid === uuid)) continue
        this.groups.setInstances(
          group.record.uuid,
          group.instances.filter((instance) => instance.custom_rule_uuid !== uuid),
          time
        )
      }
    }
    return entry.record
  }

  /** The live groups a custom rule is assigned to, in group creation order, with the instance's state. */
  assignedGroups(
    uuid: string
  ): ReadonlyArray<{ readonly group: SecurityGroupRecord; readonly state: string }> {
    return this.groups.entries.flatMap(({ record, instances }) => {
      const instance = instances.find((candidate) => candidate.custom_rule_uuid === uuid)
      return instance === undefined || record.is_tombstone ? [] : [{ group: record, state: instance.state }]
    })
  }

  /**
   * Assigns a custom rule to groups, each in a state: a new rule instance (`created`), or a new state
   * for the existing one (`updated`); an unknown or deleted group, a group of a source type the rule is
   * not compatible with, or an archived rule give an `error` for that item. Each group changed gets one
   * new generation.
   */
  assign(
    uuid: string,
    assignments: ReadonlyArray<{ readonly security_group_uuid: string; readonly state: RuleStateValue }>
  ): ReadonlyArray<AssignmentResult> | undefined {
    const rule = this.byUuid.get(uuid)
    if (rule === undefined) return undefined
    const time = this.clock.now()
    /** The new rule instances of each group changed, in the order of their first change. */
    const changed = new Map<string, Array<RuleInstanceRecord>>()
    const results = assignments.map(({ security_group_uuid, state }): AssignmentResult => {
      const error = (message: string): AssignmentResult => ({
        security_group_uuid,
        status: "error",
        rule_instance_uuid: null,
        error: message
      })
      const group = this.groups.entry(security_group_uuid)
      if (rule.record.is_archived) return error("Custom rule is archived")
      if (group === undefined || group.record.is_tombstone) return error("Security group not found")
      if (!appliesTo(rule.record.compatible_sources, group.record.source_type)) {
        return error(`Custom rule does not apply to source type ${group.record.source_type}`)
      }
      const instances = changed.get(group.record.uuid) ?? [...group.instances]
      changed.set(group.record.uuid, instances)
      const position = instances.findIndex((instance) => instance.custom_rule_uuid === uuid)
      if (position >= 0) {
        const updated = { ...instances[position]!, state, updated_at: isoTime(time) }
        instances[position] = updated
        return { security_group_uuid, status: "updated", rule_instance_uuid: updated.uuid, error: null }
      }
      const instance = customInstance(
        this.config.seed,
        group.record,
        group.number,
        rule.record,
        rule.number,
        state,
        time
      )
      instances.push(instance)
      return { security_group_uuid, status: "created", rule_instance_uuid: instance.uuid, error: null }
    })
    for (const [groupUuid, instances] of changed) this.groups.setInstances(groupUuid, instances, time)
    return results
  }

  /** Removes a custom rule's instance from a group; false when the rule is not assigned to it. */
  removeAssignment(uuid: string, groupUuid: string): boolean {
    const group = this.groups.entry(groupUuid)
    const position = group?.instances.findIndex((instance) => instance.custom_rule_uuid === uuid) ?? -1
    if (group === undefined || position < 0) return false
    this.groups.setInstances(
      groupUuid,
      group.instances.filter((_, n) => n !== position),
      this.clock.now()
    )
    return true
  }
}
