/** The management plane's mutable data: security groups (soft-deletable) and their rule instances. */
import { ruleApplies } from "./catalog.js"
import { type Catalog, defaultInstance } from "./fixtures.js"
import { type Page, paginate } from "./page.js"
import { fixtureUuid, IdKind } from "./random.js"
import {
  type AnySourceTypeValue,
  isoTime,
  type RuleFieldValueKeyValue,
  type RuleInstanceRecord,
  type RuleStateValue,
  type SecurityGroupRecord,
  type SecurityRuleRecord
} from "./records.js"

/** `field_values` of a rule instance. */
export type FieldValues = Partial<Record<RuleFieldValueKeyValue, ReadonlyArray<string>>>

/** How a rule is set up in a new group (`RuleConfigurationSchema`); absent fields keep the rule's defaults. */
export interface RuleConfiguration {
  readonly state?: RuleStateValue | null | undefined
  readonly field_values?: FieldValues | undefined
}

/** The fields of a group-creation request the store acts on. */
export interface CreateGroupInput {
  readonly name: string
  readonly description: string
  readonly sourceType: AnySourceTypeValue
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
  readonly state?: RuleStateValue | undefined
}

interface GroupEntry {
  /** The group's number: its position in creation order and the index of its fixture ids. */
  readonly number: number
  record: SecurityGroupRecord
  instances: Array<RuleInstanceRecord>
}

/** Merges `patch` into `values`: keys of the patch replace those of the values, other keys are kept. */
const mergeFieldValues = (values: FieldValues, patch: FieldValues | undefined): FieldValues =>
  patch === undefined ? values : { ...values, ...patch }

/**
 * Security groups and rule instances, seeded from the catalog. Deleting a group only marks it
 * `is_tombstone`: it leaves the lists but can still be retrieved, with its rule instances.
 */
export class SecurityStore {
  /** The security rules, in catalog order. */
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  private readonly entries: Array<GroupEntry> = []
  private readonly byUuid = new Map<string, GroupEntry>()
  private readonly rulesByUuid: ReadonlyMap<string, SecurityRuleRecord>
  private lastWrite = 0

  constructor(
    catalog: Catalog,
    private readonly config: { readonly seed: number; readonly tsgId: string }
  ) {
    this.rules = catalog.rules
    this.rulesByUuid = new Map(catalog.rules.map((rule) => [rule.uuid, rule]))
    for (const record of catalog.groups) {
      this.add({
        number: this.entries.length,
        record,
        instances: [...(catalog.ruleInstances.get(record.uuid) ?? [])]
      })
    }
  }

  private add(entry: GroupEntry): void {
    this.entries.push(entry)
    this.byUuid.set(entry.record.uuid, entry)
  }

  /** A wall-clock time in milliseconds, later than every earlier write. */
  private now(): number {
    this.lastWrite = Math.max(Date.now(), this.lastWrite + 1)
    return this.lastWrite
  }

  /** Every group in creation order, soft-deleted ones included. */
  get groups(): ReadonlyArray<SecurityGroupRecord> {
    return this.entries.map((entry) => entry.record)
  }

  /** A rule by canonical uuid. */
  findRule(uuid: string): SecurityRuleRecord | undefined {
    return this.rulesByUuid.get(uuid)
  }

  /** A page of rules applying to `sourceType` (every rule when absent) whose name or uuid contains `search`. */
  listRules(sourceType: string | undefined, search: string | undefined, skip: number, limit: number) {
    const needle = search?.toLowerCase()
    const matching = this.rules.filter(
      (rule) =>
        (sourceType === undefined || ruleApplies(rule, sourceType)) &&
        (needle === undefined ||
          rule.name.toLowerCase().includes(needle) ||
          rule.uuid.toLowerCase().includes(needle))
    )
    return paginate(matching, skip, limit)
  }

  /** A group by canonical uuid, soft-deleted or not. */
  findGroup(uuid: string): SecurityGroupRecord | undefined {
    return this.byUuid.get(uuid)?.record
  }

  /** A page of the groups that are not deleted, filtered and sorted (ties keep creation order). */
  listGroups(query: GroupQuery, skip: number, limit: number): Page<SecurityGroupRecord> {
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
            (instance) => instance.state !== "DISABLED" && enabled.has(instance.security_rule_uuid)
          ))
    )
    const sign = query.sortDir === "asc" ? 1 : -1
    const sorted = matching.sort(
      (a, b) =>
        sign *
        (Date.parse(a.record[query.sortField]) - Date.parse(b.record[query.sortField]) || a.number - b.number)
    )
    return paginate(
      sorted.map((entry) => entry.record),
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
    const at = isoTime(this.now())
    const record: SecurityGroupRecord = {
      uuid: fixtureUuid(this.config.seed, IdKind.securityGroup, number),
      tsg_id: this.config.tsgId,
      created_at: at,
      updated_at: at,
      name: input.name,
      description: input.description,
      source_type: input.sourceType,
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
    this.add({ number, record, instances })
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

  /** A group's rule instances in rule order (empty for an unknown group). */
  instancesOf(groupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return this.byUuid.get(groupUuid)?.instances ?? []
  }

  /** A group's rule instances that take part in evaluations (ALLOWING or BLOCKING). */
  enabledInstances(groupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return this.instancesOf(groupUuid).filter((instance) => instance.state !== "DISABLED")
  }

  /** A page of a group's rule instances; a deleted group's are hidden from the list. */
  listInstances(
    groupUuid: string,
    query: InstanceQuery,
    skip: number,
    limit: number
  ): Page<RuleInstanceRecord> {
    const entry = this.byUuid.get(groupUuid)
    const visible = entry === undefined || entry.record.is_tombstone ? [] : entry.instances
    return paginate(
      visible.filter(
        (instance) =>
          (query.securityRuleUuid === undefined || instance.security_rule_uuid === query.securityRuleUuid) &&
          (query.state === undefined || instance.state === query.state)
      ),
      skip,
      limit
    )
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
    const updated: RuleInstanceRecord = {
      ...instance,
      state: patch.state ?? instance.state,
      field_values: mergeFieldValues(instance.field_values, patch.fieldValues ?? undefined),
      updated_at: isoTime(this.now())
    }
    entry.instances[position] = updated
    return updated
  }
}
