/**
 * Security groups (soft-deletable) and their rule instances: security rules' in rule order, then custom
 * rules' in assignment order. Every change to a group's rule instances stores a generation of its snapshot.
 */
import { type Page, paginate } from "../http/paging.js"
import { fixtureUuid, IdKind } from "../random.js"
import {
  type FieldValues,
  isoTime,
  type RuleInstanceRecord,
  type RuleStateValue,
  type SecurityGroupRecord,
  type SecurityRuleRecord
} from "../records.js"
import { ruleApplies } from "../tenant/security-rule-specs.js"
import { type Catalog, defaultInstance } from "../tenant/seeded-catalog.js"
import { SnapshotSeries } from "./snapshot-series.js"
import type { WriteClock } from "./write-clock.js"

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

/** A security group in a list (`ModelSecurityGroupListItemSchema`). */
export interface GroupListItem extends SecurityGroupRecord {
  readonly enabled_rule_count: number
}

/** A group as the store keeps it. */
export interface GroupEntry {
  /** The group's number: its position in creation order and the index of its fixture ids. */
  readonly number: number
  readonly record: SecurityGroupRecord
  /** The current rule instances. */
  readonly instances: ReadonlyArray<RuleInstanceRecord>
}

interface Entry extends GroupEntry {
  record: SecurityGroupRecord
  instances: Array<RuleInstanceRecord>
  readonly history: SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>
}

/** Merges `patch` into `values`: keys of the patch replace those of the values, other keys are kept. */
const mergeFieldValues = (values: FieldValues, patch: FieldValues | null | undefined): FieldValues =>
  patch == null ? values : { ...values, ...patch }

/** Orders by `key`, ties by `tiebreak`, in `direction`. */
export const compareBy =
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
 * The security groups, seeded from the catalog. Deleting a group only marks it `is_tombstone`: it leaves
 * the lists but can still be retrieved, with its rule instances.
 */
export class GroupStore {
  private readonly ordered: Array<Entry> = []
  private readonly byUuid = new Map<string, Entry>()
  private readonly rules: ReadonlyArray<SecurityRuleRecord>

  constructor(
    catalog: Catalog,
    private readonly config: { readonly seed: number; readonly tsgId: string },
    private readonly clock: WriteClock
  ) {
    this.rules = catalog.rules
    for (const record of catalog.groups) {
      const history = new SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>(`group:${record.uuid}`)
      for (const { at, value } of catalog.history.groups.get(record.uuid) ?? [])
        history.append(at, value.map(asSnapshot))
      this.push({
        number: this.ordered.length,
        record,
        instances: [...(catalog.ruleInstances.get(record.uuid) ?? [])],
        history
      })
    }
  }

  private push(entry: Entry): void {
    this.ordered.push(entry)
    this.byUuid.set(entry.record.uuid, entry)
  }

  private recordGroup(entry: Entry, at: number): void {
    entry.history.append(at, entry.instances.map(asSnapshot))
  }

  /** Every group in creation order, soft-deleted ones included. */
  get all(): ReadonlyArray<SecurityGroupRecord> {
    return this.ordered.map((entry) => entry.record)
  }

  /** Every group as the store keeps it, in creation order, soft-deleted ones included. */
  get entries(): ReadonlyArray<GroupEntry> {
    return this.ordered
  }

  /** A group as the store keeps it, by canonical uuid, soft-deleted or not. */
  entry(uuid: string): GroupEntry | undefined {
    return this.byUuid.get(uuid)
  }

  /** A group by canonical uuid, soft-deleted or not. */
  find(uuid: string): SecurityGroupRecord | undefined {
    return this.byUuid.get(uuid)?.record
  }

  /** The number of live groups where a rule (security or custom) has an instance that is not DISABLED. */
  enabledGroupCount(ruleUuid: string): number {
    return this.ordered.filter(
      ({ record, instances }) =>
        !record.is_tombstone &&
        instances.some(
          (instance) =>
            instance.state !== "DISABLED" &&
            (instance.security_rule_uuid === ruleUuid || instance.custom_rule_uuid === ruleUuid)
        )
    ).length
  }

  /** A page of the groups that are not deleted, filtered and sorted (ties keep creation order). */
  list(query: GroupQuery, skip: number, limit: number): Page<GroupListItem> {
    const sources =
      query.sourceTypes === undefined || query.sourceTypes.length === 0 || query.sourceTypes.includes("ALL")
        ? undefined
        : new Set(query.sourceTypes)
    const needle = query.search?.toLowerCase()
    const enabled =
      query.enabledRules === undefined || query.enabledRules.length === 0
        ? undefined
        : new Set(query.enabledRules)
    const matching = this.ordered.filter(
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
  create(input: CreateGroupInput): SecurityGroupRecord {
    const number = this.ordered.length
    const time = this.clock.now()
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
    const entry: Entry = {
      number,
      record,
      instances,
      history: new SnapshotSeries<ReadonlyArray<RuleInstanceRecord>>(`group:${record.uuid}`)
    }
    this.push(entry)
    this.recordGroup(entry, time)
    return record
  }

  /** Renames or redescribes a group (`null` or absent keeps a field); always moves `updated_at`. */
  update(
    uuid: string,
    patch: { readonly name?: string | null | undefined; readonly description?: string | null | undefined }
  ): SecurityGroupRecord | undefined {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return undefined
    entry.record = {
      ...entry.record,
      name: patch.name ?? entry.record.name,
      description: patch.description ?? entry.record.description,
      updated_at: isoTime(this.clock.now())
    }
    return entry.record
  }

  /** Soft-deletes a group: `is_tombstone` becomes true and it leaves the lists. */
  delete(uuid: string): void {
    const entry = this.byUuid.get(uuid)
    if (entry === undefined) return
    entry.record = { ...entry.record, is_tombstone: true, updated_at: isoTime(this.clock.now()) }
  }

  /** A group's rule instances: security rules in rule order, then custom rules in assignment order. */
  instancesOf(groupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return this.byUuid.get(groupUuid)?.instances ?? []
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
    const time = this.clock.now()
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

  /** Replaces a group's rule instances and stores the new generation of its snapshot, made at `time`. */
  setInstances(groupUuid: string, instances: ReadonlyArray<RuleInstanceRecord>, time: number): void {
    const entry = this.byUuid.get(groupUuid)
    if (entry === undefined) return
    entry.instances = [...instances]
    this.recordGroup(entry, time)
  }
}
