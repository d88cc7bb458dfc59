/**
 * The management plane's mutable data: security groups (soft-deletable) and their rule instances, custom
 * rules and their assignments, and the snapshot history of each (security rules, custom rules, each
 * group's rule instances).
 */
import { ruleApplies } from "./catalog.js"
import { completeCondition } from "./conditions.js"
import {
  type Catalog,
  customInstance,
  defaultInstance,
  type EvalInstance,
  evalInstances
} from "./fixtures.js"
import { type Page, paginate } from "./page.js"
import { fixtureUuid, IdKind } from "./random.js"
import {
  appliesTo,
  type CustomRuleRecord,
  type FieldValues,
  isoTime,
  type RuleInstanceRecord,
  type RuleStateValue,
  type SecurityGroupRecord,
  type SecurityRuleRecord
} from "./records.js"
import { SnapshotSeries } from "./snapshots.js"

/** How a rule is set up in a new group (`RuleConfigurationSchema`); absent fields keep the rule's defaults. */
export interface RuleConfiguration {
  readonly state?: RuleStateValue | null | undefined
  readonly field_values?: FieldValues | undefined
}

/** The fields of a group-creation request the store acts on. */
export interface CreateGroupInput {
  readonly name: string
  readonly description: string
  readonly sourceType: string
  /** Keyed by canonical rule uuid; every key must name a rule that applies to `sourceType`. */
  readonly ruleConfigurations: ReadonlyMap<string, RuleConfiguration>
}

/** The filters and order of `GET /v1/security-groups`; an absent filter does not filter. */
export interface GroupQuery {
  /** Source types to keep; `ALL` among them keeps every group. */
  readonly sourceTypes?: ReadonlyArray<string> | undefined
  /** Case-insensitive substring of the name or uuid. */
  readonly search?: string | undefined
  /** Rule uuids; keeps groups where one of these rules' instance is ALLOWING or BLOCKING. */
  readonly enabledRules?: ReadonlyArray<string> | undefined
  readonly sortField: "created_at" | "updated_at"
  readonly sortDir: "asc" | "desc"
}

/** The filters of `GET /v1/security-groups/{uuid}/rule-instances`. */
export interface InstanceQuery {
  readonly securityRuleUuid?: string | undefined
  readonly state?: string | undefined
  /** true: custom rules' instances only; false: security rules' only. */
  readonly isCustom?: boolean | undefined
}

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

/** A security group in a list (`ModelSecurityGroupListItemSchema`). */
export interface GroupListItem extends SecurityGroupRecord {
  readonly enabled_rule_count: number
}

/** A security rule in a list (`ModelSecurityRuleListItemSchema`); the count is null in a snapshot. */
export interface RuleListItem extends SecurityRuleRecord {
  readonly enabled_security_group_count: number | null
}

/** A custom rule in a list (`CustomRuleListItemSchema`); the count is null in a snapshot. */
export interface CustomRuleListItem extends CustomRuleRecord {
  readonly enabled_security_group_count: number | null
}

interface GroupEntry {
  /** The group's number: its position in creation order and the index of its fixture ids. */
  readonly number: number
  record: SecurityGroupRecord
  instances: Array<RuleInstanceRecord>
  readonly history: SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>
}

interface CustomRuleEntry {
  readonly number: number
  record: CustomRuleRecord
}

/** Merges `patch` into `values`: keys of the patch replace those of the values, other keys are kept. */
const mergeFieldValues = (values: FieldValues, patch: FieldValues | null | undefined): FieldValues =>
  patch == null ? values : { ...values, ...patch }

const compareBy =
  <A>(key: (item: A) => number, tiebreak: (item: A) => number, direction: "asc" | "desc") =>
  (a: A, b: A) =>
    (direction === "asc" ? 1 : -1) * (key(a) - key(b) || tiebreak(a) - tiebreak(b))

/** A rule instance as a snapshot holds it: the timestamps are not captured. */
const asSnapshot = (instance: RuleInstanceRecord): RuleInstanceRecord => ({
  ...instance,
  created_at: null,
  updated_at: null
})

/**
 * Security groups, rule instances and custom rules, seeded from the catalog. Deleting a group only marks
 * it `is_tombstone`: it leaves the lists but can still be retrieved, with its rule instances. Every change
 * to a group's rule instances, to the custom rules or to the security rules stores a new generation of
 * that snapshot.
 */
export class SecurityStore {
  /** The security rules, in catalog order. */
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  /** Generations of the security rules. */
  readonly ruleHistory = new SnapshotSeries<ReadonlyArray<RuleListItem>>("security-rules")
  /** Generations of the custom rules. */
  readonly customRuleHistory = new SnapshotSeries<ReadonlyArray<CustomRuleListItem>>("custom-rules")
  private readonly entries: Array<GroupEntry> = []
  private readonly byUuid = new Map<string, GroupEntry>()
  private readonly rulesByUuid: ReadonlyMap<string, SecurityRuleRecord>
  private readonly custom: Array<CustomRuleEntry> = []
  private readonly customByUuid = new Map<string, CustomRuleEntry>()
  private lastWrite = 0

  constructor(
    catalog: Catalog,
    private readonly config: { readonly seed: number; readonly tsgId: string }
  ) {
    this.rules = catalog.rules
    this.rulesByUuid = new Map(catalog.rules.map((rule) => [rule.uuid, rule]))
    for (const { at, value } of catalog.history.rules) {
      this.ruleHistory.append(
        at,
        value.map((rule) => ({ ...rule, enabled_security_group_count: null }))
      )
    }
    for (const { at, value } of catalog.history.customRules)
      this.customRuleHistory.append(at, this.customSnapshot(value))
    catalog.customRules.forEach((record, number) => {
      const entry = { number, record }
      this.custom.push(entry)
      this.customByUuid.set(record.uuid, entry)
    })
    for (const record of catalog.groups) {
      const history = new SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>(`group:${record.uuid}`)
      for (const { at, value } of catalog.history.groups.get(record.uuid) ?? [])
        history.append(at, value.map(asSnapshot))
      const entry = {
        number: this.entries.length,
        record,
        instances: [...(catalog.ruleInstances.get(record.uuid) ?? [])],
        history
      }
      this.entries.push(entry)
      this.byUuid.set(record.uuid, entry)
    }
  }

  /** A wall-clock time in milliseconds, later than every earlier write. */
  private now(): number {
    this.lastWrite = Math.max(Date.now(), this.lastWrite + 1)
    return this.lastWrite
  }

  private customSnapshot(rules: ReadonlyArray<CustomRuleRecord>): ReadonlyArray<CustomRuleListItem> {
    return rules.map((rule) => ({
      ...rule,
      condition: null,
      rule_action: null,
      created_at: null,
      updated_at: null,
      enabled_security_group_count: null
    }))
  }

  private recordGroup(entry: GroupEntry, at: number): void {
    entry.history.append(at, entry.instances.map(asSnapshot))
  }

  private recordCustomRules(at: number): void {
    this.customRuleHistory.append(at, this.customSnapshot(this.custom.map((entry) => entry.record)))
  }

  // --- security rules ------------------------------------------------------------------------

  /** A rule by canonical uuid. */
  findRule(uuid: string): SecurityRuleRecord | undefined {
    return this.rulesByUuid.get(uuid)
  }

  /** The number of live groups where a rule (security or custom) has an instance that is not DISABLED. */
  private enabledGroupCount(ruleUuid: string): number {
    return this.entries.filter(
      ({ record, instances }) =>
        !record.is_tombstone &&
        instances.some(
          (instance) =>
            instance.state !== "DISABLED" &&
            (instance.security_rule_uuid === ruleUuid || instance.custom_rule_uuid === ruleUuid)
        )
    ).length
  }

  /**
   * A page of rules (at `generation`, or the current ones) applying to `sourceType` (every rule when
   * absent) whose name or uuid contains `search`; `undefined` for an unknown generation.
   */
  listRules(
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
        ? this.rules.map((rule) => ({
            ...rule,
            enabled_security_group_count: this.enabledGroupCount(rule.uuid)
          }))
        : this.ruleHistory.at(filter.generation)
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

  // --- security groups -----------------------------------------------------------------------

  /** Every group in creation order, soft-deleted ones included. */
  get groups(): ReadonlyArray<SecurityGroupRecord> {
    return this.entries.map((entry) => entry.record)
  }

  /** A group by canonical uuid, soft-deleted or not. */
  findGroup(uuid: string): SecurityGroupRecord | undefined {
    return this.byUuid.get(uuid)?.record
  }

  /** A page of the groups that are not deleted, filtered and sorted (ties keep creation order). */
  listGroups(query: GroupQuery, skip: number, limit: number): Page<GroupListItem> {
    const sources =
      query.sourceTypes === undefined || query.sourceTypes.length === 0 || query.sourceTypes.includes("ALL")
        ? undefined
        : new Set(query.sourceTypes)
    const needle = query.search?.toLowerCase()
    const enabled =
      query.enabledRules === undefined || query.enabledRules.length === 0
        ? undefined
        : new Set(query.enabledRules)
    const matching = this.entries.filter(
      ({ record, instances }) =>
        !record.is_tombstone &&
        (sources === undefined || sources.has(record.source_type)) &&
        (needle === undefined ||
          record.name.toLowerCase().includes(needle) ||
          record.uuid.toLowerCase().includes(needle)) &&
        (enabled === undefined ||
          instances.some(
            (instance) => instance.state !== "DISABLED" && enabled.has(instance.security_rule_uuid ?? "")
          ))
    )
    const sorted = matching.sort(
      compareBy(
        (entry) => Date.parse(entry.record[query.sortField]),
        (entry) => entry.number,
        query.sortDir
      )
    )
    return paginate(
      sorted.map(({ record, instances }) => ({
        ...record,
        enabled_rule_count: instances.filter((instance) => instance.state !== "DISABLED").length
      })),
      skip,
      limit
    )
  }

  /**
   * Creates an ACTIVE group with one rule instance per rule that applies to its source type, in the
   * rule's default state with its default values, overridden by the request's rule configurations.
   */
  createGroup(input: CreateGroupInput): SecurityGroupRecord {
    const number = this.entries.length
    const time = this.now()
    const at = isoTime(time)
    const record: SecurityGroupRecord = {
      uuid: fixtureUuid(this.config.seed, IdKind.securityGroup, number),
      tsg_id: this.config.tsgId,
      created_at: at,
      updated_at: at,
      name: input.name,
      description: input.description,
      source_type: input.sourceType as SecurityGroupRecord["source_type"],
      state: "ACTIVE",
      is_tombstone: false
    }
    const instances = this.rules.flatMap((rule, n) => {
      if (!ruleApplies(rule, input.sourceType)) return []
      const instance = defaultInstance(this.config.seed, record, number, rule, n)
      const configuration = input.ruleConfigurations.get(rule.uuid)
      return [
        {
          ...instance,
          state: configuration?.state ?? instance.state,
          field_values: mergeFieldValues(instance.field_values, configuration?.field_values)
        }
      ]
    })
    const entry = {
      number,
      record,
      instances,
      history: new SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>(`group:${record.uuid}`)
    }
    this.entries.push(entry)
    this.byUuid.set(record.uuid, entry)
    this.recordGroup(entry, time)
    return record
  }

  /** Renames or redescribes a group (`null` or absent keeps a field); always moves `updated_at`. */
  updateGroup(
    uuid: string,
    patch: { readonly name?: string | null | undefined; readonly description?: string | null | undefined }
  ): SecurityGroupRecord | undefined {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return undefined
    entry.record = {
      ...entry.record,
      name: patch.name ?? entry.record.name,
      description: patch.description ?? entry.record.description,
      updated_at: isoTime(this.now())
    }
    return entry.record
  }

  /** Soft-deletes a group: `is_tombstone` becomes true and it leaves the lists. */
  deleteGroup(uuid: string): void {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return
    entry.record = { ...entry.record, is_tombstone: true, updated_at: isoTime(this.now()) }
  }

  // --- rule instances ------------------------------------------------------------------------

  /** A group's rule instances: security rules in rule order, then custom rules in assignment order. */
  instancesOf(groupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return this.byUuid.get(groupUuid)?.instances ?? []
  }

  /** A group's rule instances that take part in evaluations now, with the custom rules' definitions. */
  enabledInstances(groupUuid: string): ReadonlyArray<EvalInstance> {
    return evalInstances(this.instancesOf(groupUuid), (uuid) => this.customByUuid.get(uuid)?.record)
  }

  /**
   * A page of a group's rule instances, or of the instances at `generation` (then the filters are
   * ignored, as the API does); a deleted group's current instances are hidden from the list.
   * `undefined` for an unknown generation.
   */
  listInstances(
    groupUuid: string,
    query: InstanceQuery & { readonly generation?: number | undefined },
    skip: number,
    limit: number
  ): Page<RuleInstanceRecord> | undefined {
    const entry = this.byUuid.get(groupUuid)
    if (query.generation !== undefined) {
      const snapshot = entry?.history.at(query.generation)
      return snapshot === undefined ? undefined : paginate(snapshot, skip, limit)
    }
    const visible = entry === undefined || entry.record.is_tombstone ? [] : entry.instances
    return paginate(
      visible.filter(
        (instance) =>
          (query.securityRuleUuid === undefined || instance.security_rule_uuid === query.securityRuleUuid) &&
          (query.state === undefined || instance.state === query.state) &&
          (query.isCustom === undefined || (instance.custom_rule_uuid !== null) === query.isCustom)
      ),
      skip,
      limit
    )
  }

  /** The generations of a group's rule instances. */
  instanceHistory(groupUuid: string): SnapshotSeries<ReadonlyArray<RuleInstanceRecord>> | undefined {
    return this.byUuid.get(groupUuid)?.history
  }

  /** A rule instance of a group, by canonical uuids. */
  findInstance(groupUuid: string, instanceUuid: string): RuleInstanceRecord | undefined {
    return this.instancesOf(groupUuid).find((instance) => instance.uuid === instanceUuid)
  }

  /**
   * Changes a rule instance's state and/or field values (`null` or absent keeps them; given field
   * values replace those keys and keep the others); always moves `updated_at`.
   */
  updateInstance(
    groupUuid: string,
    instanceUuid: string,
    patch: {
      readonly state?: RuleStateValue | null | undefined
      readonly fieldValues?: FieldValues | null | undefined
    }
  ): RuleInstanceRecord | undefined {
    const entry = this.byUuid.get(groupUuid)
    const position = entry?.instances.findIndex((instance) => instance.uuid === instanceUuid) ?? -1
    if (entry === undefined || position < 0) return undefined
    const instance = entry.instances[position]!
    const time = this.now()
    const updated: RuleInstanceRecord = {
      ...instance,
      state: patch.state ?? instance.state,
      field_values: mergeFieldValues(instance.field_values as FieldValues, patch.fieldValues),
      updated_at: isoTime(time)
    }
    entry.instances[position] = updated
    this.recordGroup(entry, time)
    return updated
  }

  // --- custom rules --------------------------------------------------------------------------

  /** Every custom rule in creation order, archived ones included. */
  get customRules(): ReadonlyArray<CustomRuleRecord> {
    return this.custom.map((entry) => entry.record)
  }

  /** A custom rule by canonical uuid. */
  findCustomRule(uuid: string): CustomRuleRecord | undefined {
    return this.customByUuid.get(uuid)?.record
  }

  /**
   * A page of custom rules, or of those at `generation` (then the filters are ignored, as the API
   * does); `undefined` for an unknown generation. `source_types` keeps rules compatible with any of them.
   */
  listCustomRules(
    query: CustomRuleQuery & { readonly generation?: number | undefined },
    skip: number,
    limit: number
  ): Page<CustomRuleListItem> | undefined {
    if (query.generation !== undefined) {
      const snapshot = this.customRuleHistory.at(query.generation)
      return snapshot === undefined ? undefined : paginate(snapshot, skip, limit)
    }
    const sources =
      query.sourceTypes === undefined || query.sourceTypes.length === 0 || query.sourceTypes.includes("ALL")
        ? undefined
        : query.sourceTypes
    const needle = query.search?.toLowerCase()
    const matching = this.custom.filter(
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
        enabled_security_group_count: this.enabledGroupCount(record.uuid)
      })),
      skip,
      limit
    )
  }

  /** Creates a custom rule (not archived, assigned to no group). */
  createCustomRule(input: CustomRuleInput): CustomRuleRecord {
    const number = this.custom.length
    const time = this.now()
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
    const entry = { number, record }
    this.custom.push(entry)
    this.customByUuid.set(record.uuid, entry)
    this.recordCustomRules(time)
    return record
  }

  /**
   * Changes a custom rule (`null` or absent keeps a field). The groups it is assigned to show its new
   * name and description, and get a new generation: their compiled policy changed.
   */
  updateCustomRule(
    uuid: string,
    patch: { readonly [K in keyof CustomRuleInput]?: CustomRuleInput[K] | null | undefined }
  ): CustomRuleRecord | undefined {
    const entry = this.customByUuid.get(uuid)
    if (entry === undefined) return undefined
    const time = this.now()
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
    for (const group of this.entries) {
      if (!group.instances.some((instance) => instance.custom_rule_uuid === uuid)) continue
      group.instances = group.instances.map((instance) =>
        instance.custom_rule_uuid === uuid ? { ...instance, custom_rule: summary } : instance
      )
      this.recordGroup(group, time)
    }
    return entry.record
  }

  /**
   * Archives or restores a custom rule. Archiving removes it from every group it was assigned to (each
   * such group gets a new generation); restoring does not assign it again.
   */
  setArchived(uuid: string, archived: boolean): CustomRuleRecord | undefined {
    const entry = this.customByUuid.get(uuid)
    if (entry === undefined) return undefined
    const time = this.now()
    entry.record = { ...entry.record, is_archived: archived, updated_at: isoTime(time) }
    this.recordCustomRules(time)
    if (archived) {
      for (const group of this.entries) {
        if (!group.instances.some((instance) => instance.custom_rule_uuid === uuid)) continue
        group.instances = group.instances.filter((instance) => instance.custom_rule_uuid !== uuid)
        this.recordGroup(group, time)
      }
    }
    return entry.record
  }

  /** The live groups a custom rule is assigned to, in group creation order, with the instance's state. */
  assignedGroups(
    uuid: string
  ): ReadonlyArray<{ readonly group: SecurityGroupRecord; readonly state: string }> {
    return this.entries.flatMap(({ record, instances }) => {
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
  assignCustomRule(
    uuid: string,
    assignments: ReadonlyArray<{ readonly security_group_uuid: string; readonly state: RuleStateValue }>
  ): ReadonlyArray<AssignmentResult> | undefined {
    const rule = this.customByUuid.get(uuid)
    if (rule === undefined) return undefined
    const time = this.now()
    const changed = new Set<GroupEntry>()
    const results = assignments.map(({ security_group_uuid, state }): AssignmentResult => {
      const error = (message: string): AssignmentResult => ({
        security_group_uuid,
        status: "error",
        rule_instance_uuid: null,
        error: message
      })
      const group = this.byUuid.get(security_group_uuid)
      if (rule.record.is_archived) return error("Custom rule is archived")
      if (group === undefined || group.record.is_tombstone) return error("Security group not found")
      if (!appliesTo(rule.record.compatible_sources, group.record.source_type)) {
        return error(`Custom rule does not apply to source type ${group.record.source_type}`)
      }
      changed.add(group)
      const position = group.instances.findIndex((instance) => instance.custom_rule_uuid === uuid)
      if (position >= 0) {
        const updated = { ...group.instances[position]!, state, updated_at: isoTime(time) }
        group.instances[position] = updated
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
      group.instances.push(instance)
      return { security_group_uuid, status: "created", rule_instance_uuid: instance.uuid, error: null }
    })
    for (const group of changed) this.recordGroup(group, time)
    return results
  }

  /** Removes a custom rule's instance from a group; false when the rule is not assigned to it. */
  removeAssignment(uuid: string, groupUuid: string): boolean {
    const group = this.byUuid.get(groupUuid)
    const position = group?.instances.findIndex((instance) => instance.custom_rule_uuid === uuid) ?? -1
    if (group === undefined || position < 0) return false
    group.instances.splice(position, 1)
    this.recordGroup(group, this.now())
    return true
  }
}
