/** The scans (seeded on demand, created, relabelled), their details and labels, and the models derived from them. */
import type { Page } from "../http/paging.js"
import type { SecurityStore } from "../mgmt-plane/security-store.js"
import { decodeId, fixtureUuid, IdKind, type IdParts } from "../random.js"
import {
  type ErrorCodeValue,
  type EvaluationRecord,
  isoTime,
  type LabelRecord,
  type ScanRecord,
  type SecurityGroupRecord,
  type ViolationRecord
} from "../records.js"
import { revisionAt, versionUuid } from "../tenant/model-identity.js"
import { type ScanDetails, scanDetails } from "../tenant/scan-details.js"
import { evaluate, outcomeOf, type ScanEntry } from "../tenant/scan-evaluation.js"
import { type Completion, completeScan, pendingScan, templateForUri } from "../tenant/scan-records.js"
import type { Catalog } from "../tenant/seeded-catalog.js"
import { seededHead, seededLabels, seededScan } from "../tenant/seeded-scans.js"
import { SCAN_EPOCH } from "../tenant/seeding.js"
import { NO_ARTIFACT_ERRORS } from "../tenant/vocabulary.js"
import { ModelStore } from "./model-store.js"
import { factsOf, isFiltering, matchesScan, type ScanFacts, type ScanFilter } from "./scan-filter.js"

/** How the scans are seeded. */
export interface ScanStoreConfig {
  readonly seed: number
  readonly tsgId: string
  readonly clientId: string
  readonly scans: number
  readonly scanPolls: number
}

/** The fields of a scan-creation request the fake acts on. */
export interface CreateScanInput {
  readonly group: SecurityGroupRecord
  readonly modelUri: string
  readonly scanOrigin: ScanRecord["scan_origin"]
  readonly labels: ReadonlyArray<LabelRecord>
  /** The revision scanned (`model_version`); absent: the model's revision at this time. */
  readonly modelVersion?: string | undefined
  /** The model name (`model_name`), used when the scan creates the model. */
  readonly modelName?: string | undefined
  /** The version of the SDK that sent the request, if it says. */
  readonly sdkVersion?: string | null | undefined
  readonly scanDetails?:
    | { readonly errorCode?: ErrorCodeValue | undefined; readonly errorMessage?: string | undefined }
    | undefined
}

const DETAILS_CACHE_SIZE = 4096
const SECOND = 1_000

/** Keeps at most one label per key, the last one given winning, in first-seen key order. */
export const dedupeLabels = (labels: ReadonlyArray<LabelRecord>): ReadonlyArray<LabelRecord> => {
  const byKey = new Map<string, string>()
  for (const label of labels) byKey.set(label.key, label.value)
  return [...byKey].map(([key, value]) => ({ key, value }))
}

/**
 * All scans are numbered by creation: `0 … scans-1` are seeded and generated on demand from the seed,
 * later numbers are created through the API. `created_at` grows with the number, so the number is
 * also the list order, and every fixture uuid encodes the number of the scan it belongs to.
 */
export class ScanStore {
  private readonly overrides = new Map<number, ScanEntry>()
  private readonly created: Array<ScanEntry> = []
  private readonly pending = new Map<
    number,
    { remaining: number; completion: Omit<Completion, "finishedAt"> }
  >()
  private readonly detailsCache = new Map<number, ScanDetails>()
  private labelIndex: Map<string, Map<string, number>> | undefined
  private lastCreatedAt: number
  private readonly groupBySource: ReadonlyMap<string, SecurityGroupRecord>
  /** Models and model versions, derived from the scans. */
  readonly models: ModelStore

  /**
   * @param catalog the security rules, groups and rule instances as seeded: seeded scans are evaluated
   *   against these.
   * @param security the current groups and rule instances: created scans are evaluated against these.
   */
  constructor(
    private readonly config: ScanStoreConfig,
    private readonly catalog: Catalog,
    private readonly security: SecurityStore
  ) {
    this.groupBySource = new Map(this.catalog.groups.map((group) => [group.source_type, group]))
    this.lastCreatedAt = SCAN_EPOCH + (config.scans - 1) * 60_000
    const state = this
    this.models = new ModelStore({
      seed: config.seed,
      tsgId: config.tsgId,
      get scanCount() {
        return state.scanCount
      },
      entryAt: (index) => this.entryAt(index),
      details: (entry) => this.details(entry)
    })
  }

  /** The number of scans, seeded and created. */
  get scanCount(): number {
    return this.config.scans + this.created.length
  }

  /** The scan with creation number `index`. */
  entryAt(index: number): ScanEntry {
    if (index >= this.config.scans) return this.created[index - this.config.scans]!
    return this.overrides.get(index) ?? seededScan(this.config, this.catalog, index, this.config.scans)
  }

  private decode(uuid: string, kind: IdKind): IdParts | undefined {
    const parts = decodeId(this.config.seed, uuid)
    return parts !== undefined && parts.kind === kind && parts.index < this.scanCount ? parts : undefined
  }

  /** A scan by uuid (canonical lower-case form). */
  findScan(uuid: string): ScanEntry | undefined {
    const parts = this.decode(uuid, IdKind.scan)
    return parts === undefined ? undefined : this.entryAt(parts.index)
  }

  /** Counts one GET of a scan: a pending scan finishes after `scanPolls` of them. */
  pollScan(entry: ScanEntry): ScanEntry {
    const pending = this.pending.get(entry.index)
    if (pending === undefined) return entry
    if (pending.remaining > 0) {
      pending.remaining -= 1
      return entry
    }
    this.pending.delete(entry.index)
    const finishedAt = Math.max(Date.now(), pending.completion.startedAt + SECOND)
    return this.replace(
      entry,
      completeScan(this.config.seed, this.catalog, entry, { ...pending.completion, finishedAt })
    )
  }

  /** What filters see of a scan; for untouched seeded scans without building the record. */
  private factsAt(index: number): ScanFacts {
    if (index >= this.config.scans || this.overrides.has(index)) return factsOf(this.entryAt(index).record)
    const { source, outcome, createdAt } = seededHead(this.config.seed, index)
    return {
      outcome,
      sourceType: source,
      groupUuid: this.groupBySource.get(source)!.uuid,
      createdAt,
      labels: seededLabels(this.config.seed, index),
      searchable: () => {
        const scan = this.entryAt(index).record
        return [scan.model_uri, scan.uuid]
      },
      modelVersionUuid: () => this.entryAt(index).record.model_version_uuid
    }
  }

  /** A page of scans matching `filter`, newest first unless `ascending`. O(page) when nothing filters. */
  listScans(filter: ScanFilter, ascending: boolean, skip: number, limit: number): Page<ScanRecord> {
    const count = this.scanCount
    const indexAt = (position: number) => (ascending ? position : count - 1 - position)
    const start = Math.max(0, skip)
    const items: Array<ScanRecord> = []
    if (!isFiltering(filter)) {
      for (let position = start; position < Math.min(count, start + limit); position++) {
        items.push(this.entryAt(indexAt(position)).record)
      }
      return { total: count, items }
    }
    let total = 0
    for (let position = 0; position < count; position++) {
      const index = indexAt(position)
      if (!matchesScan(filter, this.factsAt(index))) continue
      if (total >= start && items.length < limit) items.push(this.entryAt(index).record)
      total += 1
    }
    return { total, items }
  }

  /** Every scan, newest first. O(total). */
  allScans(): ReadonlyArray<ScanRecord> {
    return this.listScans({}, false, 0, this.scanCount).items
  }

  /** A scan's evaluations, violations and files, generated on first access and cached. */
  details(entry: ScanEntry): ScanDetails {
    const cached = this.detailsCache.get(entry.index)
    if (cached !== undefined) return cached
    const details = scanDetails(this.config.seed, this.catalog, entry)
    if (this.detailsCache.size >= DETAILS_CACHE_SIZE) {
      this.detailsCache.delete(this.detailsCache.keys().next().value!)
    }
    this.detailsCache.set(entry.index, details)
    return details
  }

  /** An evaluation by uuid. */
  findEvaluation(uuid: string): EvaluationRecord | undefined {
    const parts = this.decode(uuid, IdKind.evaluation)
    if (parts === undefined) return undefined
    return this.details(this.entryAt(parts.index)).evaluations.find((evaluation) => evaluation.uuid === uuid)
  }

  /** A violation by uuid. */
  findViolation(uuid: string): ViolationRecord | undefined {
    const parts = this.decode(uuid, IdKind.violation)
    if (parts === undefined) return undefined
    return this.details(this.entryAt(parts.index)).violations.find((violation) => violation.uuid === uuid)
  }

  /**
   * Creates a PENDING scan, newer than every other, evaluated against the group's rule instances enabled
   * at this moment (custom rules on the labels it is created with). It finishes ERROR when the request's
   * scan_details carry an error code (without a model version when the code means no file was read);
   * else a model URI containing "malicious" or "unsafe" has threats, and the scan finishes BLOCKED when
   * a BLOCKING instance fails; otherwise ALLOWED (failed ALLOWING rules included). The scan joins its
   * model and version, or creates them.
   */
  createScan(input: CreateScanInput): ScanRecord {
    const { seed } = this.config
    const index = this.scanCount
    const createdAt = Math.max(Math.ceil(Date.now() / SECOND) * SECOND, this.lastCreatedAt + SECOND)
    this.lastCreatedAt = createdAt
    const errorCode = input.scanDetails?.errorCode
    const threatened = errorCode === undefined && /malicious|unsafe/i.test(input.modelUri)
    const revision =
      errorCode !== undefined && NO_ARTIFACT_ERRORS.has(errorCode)
        ? null
        : (input.modelVersion ?? revisionAt(seed, input.modelUri, index))
    const labels = dedupeLabels(input.labels)
    const entry: ScanEntry = {
      index,
      template: templateForUri(input.modelUri, threatened),
      threatened,
      labelsAtScan: labels,
      revision,
      modelName: input.modelName,
      instances: this.security.enabledInstances(input.group.uuid),
      record: pendingScan({
        uuid: fixtureUuid(seed, IdKind.scan, index),
        tsg_id: this.config.tsgId,
        model_uri: input.modelUri,
        owner: this.config.clientId,
        scan_origin: input.scanOrigin,
        model_version_uuid: revision === null ? null : versionUuid(seed, input.modelUri, revision),
        created_by: null,
        labels,
        sdk_version: input.sdkVersion ?? null,
        group: input.group,
        createdAt
      })
    }
    const outcome = errorCode !== undefined ? "ERROR" : outcomeOf(evaluate(seed, this.catalog, entry))
    this.created.push(entry)
    this.indexLabels(entry.record.labels, 1)
    this.models.add(entry)
    this.pending.set(index, {
      remaining: this.config.scanPolls,
      completion: {
        outcome,
        startedAt: createdAt + SECOND,
        scannerVersion: "1.6.0",
        ...(errorCode === undefined
          ? {}
          : { error: { code: errorCode, message: input.scanDetails?.errorMessage ?? "The scan failed" } })
      }
    })
    return entry.record
  }

  /** Replaces a scan's labels. */
  setLabels(entry: ScanEntry, labels: ReadonlyArray<LabelRecord>): void {
    const now = Math.max(Date.now(), Date.parse(entry.record.updated_at))
    this.replace(entry, { ...entry.record, labels: dedupeLabels(labels), updated_at: isoTime(now) })
  }

  private replace(entry: ScanEntry, record: ScanRecord): ScanEntry {
    const next = { ...entry, record }
    this.indexLabels(entry.record.labels, -1)
    this.indexLabels(record.labels, 1)
    if (entry.index < this.config.scans) this.overrides.set(entry.index, next)
    else this.created[entry.index - this.config.scans] = next
    this.detailsCache.delete(entry.index)
    return next
  }

  private indexLabels(labels: ReadonlyArray<LabelRecord>, delta: number): void {
    if (this.labelIndex === undefined) return
    for (const { key, value } of labels) {
      const values = this.labelIndex.get(key) ?? new Map<string, number>()
      const count = (values.get(value) ?? 0) + delta
      if (count > 0) values.set(value, count)
      else values.delete(value)
      if (values.size > 0) this.labelIndex.set(key, values)
      else this.labelIndex.delete(key)
    }
  }

  private labels(): Map<string, Map<string, number>> {
    if (this.labelIndex === undefined) {
      this.labelIndex = new Map()
      for (let index = 0; index < this.scanCount; index++) this.indexLabels(this.factsAt(index).labels, 1)
    }
    return this.labelIndex
  }

  /** Distinct label keys across all scans starting with `prefix` (any case), sorted. */
  labelKeys(prefix: string | undefined): ReadonlyArray<string> {
    return withPrefix([...this.labels().keys()], prefix)
  }

  /** Distinct values of a label key starting with `prefix` (any case), sorted. */
  labelValues(key: string, prefix: string | undefined): ReadonlyArray<string> {
    return withPrefix([...(this.labels().get(key)?.keys() ?? [])], prefix)
  }
}

const withPrefix = (items: ReadonlyArray<string>, prefix: string | undefined): ReadonlyArray<string> => {
  const lower = prefix?.toLowerCase()
  return items.filter((item) => lower === undefined || item.toLowerCase().startsWith(lower)).sort()
}
