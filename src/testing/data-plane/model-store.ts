/**
 * Models and model versions, derived from the scans: each scan's `model_uri` is a model, each distinct
 * revision scanned a version of it. The index is built on first use and kept up to date as scans are
 * created; the records are computed on read from the scans, so they follow scans as they finish.
 */
import type { FileRecord, ModelRecord, ModelVersionRecord, ScanRecord } from "../records.js"
import { huggingFaceName, modelUuid, versionFacts, versionUuid } from "../tenant/model-identity.js"
import { TEMPLATES } from "../tenant/model-layouts.js"
import type { ScanDetails } from "../tenant/scan-details.js"
import type { ScanEntry } from "../tenant/scan-evaluation.js"

/** What the store reads from the scan store. */
export interface ScanSource {
  readonly seed: number
  readonly tsgId: string
  readonly scanCount: number
  entryAt(index: number): ScanEntry
  details(entry: ScanEntry): ScanDetails
}

interface VersionEntry {
  readonly uuid: string
  readonly revision: string
  readonly model: ModelEntry
  /** Scan numbers, oldest first. */
  readonly scans: Array<number>
}

interface ModelEntry {
  readonly uuid: string
  readonly uri: string
  /** Scan numbers, oldest first. */
  readonly scans: Array<number>
  /** In the order they were first scanned. */
  readonly versions: Array<VersionEntry>
}

/** The filters and order of `GET /v1/models`; an absent filter does not filter. */
export interface ModelQuery {
  readonly search?: string | undefined
  readonly outcomes?: ReadonlyArray<string> | undefined
  readonly formats?: ReadonlyArray<string> | undefined
  readonly sourceTypes?: ReadonlyArray<string> | undefined
  /** Epoch milliseconds; keeps models whose latest version was scanned before it. */
  readonly scanTimeBefore?: number | undefined
  /** Epoch milliseconds; bound `created_at` inclusively. */
  readonly startTime?: number | undefined
  readonly endTime?: number | undefined
  readonly sortField: "created_at" | "updated_at"
  readonly sortOrder: "asc" | "desc"
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

/** The name of a model: `organization/name` on Hugging Face, else the URI. */
const nameOf = (uri: string) => {
  const hf = huggingFaceName(uri)
  return hf === undefined ? uri.slice(0, 256) : `${hf.organization}/${hf.name}`
}

/** Models and versions by uuid, indexed from every scan on first use. */
export class ModelStore {
  private built = false
  private readonly models = new Map<string, ModelEntry>()
  private readonly byUri = new Map<string, ModelEntry>()
  private readonly versions = new Map<string, VersionEntry>()

  constructor(private readonly source: ScanSource) {}

  private ensure(): void {
    if (this.built) return
    this.built = true
    for (let index = 0; index < this.source.scanCount; index++) this.add(this.source.entryAt(index))
  }

  /** Adds a scan (when the index is built; else it is read when the index is). */
  add(entry: ScanEntry): void {
    if (!this.built) return
    const uri = entry.record.model_uri
    let model = this.byUri.get(uri)
    if (model === undefined) {
      model = { uuid: modelUuid(this.source.seed, uri), uri, scans: [], versions: [] }
      this.byUri.set(uri, model)
      this.models.set(model.uuid, model)
    }
    model.scans.push(entry.index)
    if (entry.revision === null) return
    const uuid = versionUuid(this.source.seed, uri, entry.revision)
    let version = this.versions.get(uuid)
    if (version === undefined) {
      version = { uuid, revision: entry.revision, model, scans: [] }
      this.versions.set(uuid, version)
      model.versions.push(version)
    }
    version.scans.push(entry.index)
  }

  private scan(index: number): ScanRecord {
    return this.source.entryAt(index).record
  }

  /** The version of the newest scan of a model that has one. */
  private latestVersion(
    model: ModelEntry
  ): { readonly version: VersionEntry; readonly scan: ScanRecord } | undefined {
    for (let i = model.scans.length - 1; i >= 0; i--) {
      const entry = this.source.entryAt(model.scans[i]!)
      if (entry.revision !== null) {
        return {
          version: this.versions.get(versionUuid(this.source.seed, model.uri, entry.revision))!,
          scan: entry.record
        }
      }
    }
    return undefined
  }

  private modelRecord(model: ModelEntry): ModelRecord {
    const first = this.source.entryAt(model.scans[0]!)
    const newest = this.scan(model.scans[model.scans.length - 1]!)
    const latest = this.latestVersion(model)
    const facts =
      latest === undefined ? undefined : versionFacts(this.source.seed, model.uri, latest.version.revision)
    return {
      uuid: model.uuid,
      tsg_id: this.source.tsgId,
      created_at: first.record.created_at,
      updated_at: newest.updated_at,
      name: first.modelName ?? nameOf(model.uri),
      latest_version_uuid: latest?.version.uuid ?? null,
      latest_version_revision: latest?.version.revision ?? null,
      latest_version_outcome: latest?.scan.eval_outcome ?? null,
      latest_version_scan_time: latest?.scan.created_at ?? null,
      latest_version_formats: latest === undefined ? null : this.formatsOf(latest.version),
      latest_version_source_types: latest === undefined ? null : this.sourceTypesOf(latest.version),
      latest_version_fingerprint: facts?.fingerprint ?? null,
      latest_version_hf_commit_sha: facts?.hf_commit_sha ?? null
    }
  }

  private formatsOf(version: VersionEntry): ReadonlyArray<string> {
    return TEMPLATES[this.source.entryAt(version.scans[0]!).template]?.formats ?? []
  }

  private sourceTypesOf(version: VersionEntry): ReadonlyArray<string> {
    return [...new Set(version.scans.map((index) => this.scan(index).source_type))]
  }

  /** The newest finished scan of a version that has files, with them. */
  private filesOf(
    version: VersionEntry
  ): { readonly scan: ScanRecord; readonly files: ReadonlyArray<FileRecord> } | undefined {
    for (let i = version.scans.length - 1; i >= 0; i--) {
      const entry = this.source.entryAt(version.scans[i]!)
      const files = this.source.details(entry).files
      if (files.length > 0) return { scan: entry.record, files: files.filter((file) => file.type === "FILE") }
    }
    return undefined
  }

  private versionRecord(version: VersionEntry): ModelVersionRecord {
    const first = this.scan(version.scans[0]!)
    const newest = this.scan(version.scans[version.scans.length - 1]!)
    return {
      uuid: version.uuid,
      tsg_id: this.source.tsgId,
      created_at: first.created_at,
      updated_at: newest.updated_at,
      model_uuid: version.model.uuid,
      revision: version.revision,
      ...versionFacts(this.source.seed, version.model.uri, version.revision),
      file_count: this.filesOf(version)?.files.length ?? null,
      last_eval_outcome: newest.eval_outcome,
      last_eval_summary: newest.eval_summary,
      latest_scan_time: newest.created_at,
      model_formats: this.formatsOf(version),
      source_types: this.sourceTypesOf(version)
    }
  }

  /** Every model, in the order of their first scan. */
  all(): ReadonlyArray<ModelRecord> {
    this.ensure()
    return [...this.models.values()].map((model) => this.modelRecord(model))
  }

  /** A model by canonical uuid. */
  find(uuid: string): ModelRecord | undefined {
    this.ensure()
    const model = this.models.get(uuid)
    return model === undefined ? undefined : this.modelRecord(model)
  }

  /** The models matching a query, sorted (ties by uuid). */
  list(query: ModelQuery): ReadonlyArray<ModelRecord> {
    const needle = query.search?.toLowerCase()
    const outcomes =
      query.outcomes === undefined || query.outcomes.length === 0 ? undefined : new Set(query.outcomes)
    const formats =
      query.formats === undefined || query.formats.length === 0 ? undefined : new Set(query.formats)
    const sources =
      query.sourceTypes === undefined || query.sourceTypes.length === 0 || query.sourceTypes.includes("ALL")
        ? undefined
        : new Set(query.sourceTypes)
    const matching = this.all().filter((model) => {
      const created = Date.parse(model.created_at)
      const scanned =
        model.latest_version_scan_time === null ? undefined : Date.parse(model.latest_version_scan_time)
      return (
        (needle === undefined || model.name.toLowerCase().includes(needle) || model.uuid.includes(needle)) &&
        (outcomes === undefined || outcomes.has(model.latest_version_outcome ?? "")) &&
        (formats === undefined ||
          (model.latest_version_formats ?? []).some((format) => formats.has(format))) &&
        (sources === undefined ||
          (model.latest_version_source_types ?? []).some((source) => sources.has(source))) &&
        (query.scanTimeBefore === undefined || (scanned !== undefined && scanned < query.scanTimeBefore)) &&
        (query.startTime === undefined || created >= query.startTime) &&
        (query.endTime === undefined || created <= query.endTime)
      )
    })
    const sign = query.sortOrder === "asc" ? 1 : -1
    return matching.sort(
      (a, b) =>
        sign * (Date.parse(a[query.sortField]) - Date.parse(b[query.sortField]) || compare(a.uuid, b.uuid))
    )
  }

  /** A model's versions, newest first unless `ascending` (by their first scan); `undefined` for an unknown model. */
  versionsOf(modelUuid: string, ascending: boolean): ReadonlyArray<ModelVersionRecord> | undefined {
    this.ensure()
    const model = this.models.get(modelUuid)
    if (model === undefined) return undefined
    const records = model.versions.map((version) => this.versionRecord(version))
    return ascending ? records : records.reverse()
  }

  /** A version by canonical uuid. */
  findVersion(uuid: string): ModelVersionRecord | undefined {
    this.ensure()
    const version = this.versions.get(uuid)
    return version === undefined ? undefined : this.versionRecord(version)
  }

  /** A version's files (`FILE` entries, by path) with their latest scan's results; `undefined` for an unknown version. */
  filesOfVersion(uuid: string): ReadonlyArray<FileRecord> | undefined {
    this.ensure()
    const version = this.versions.get(uuid)
    if (version === undefined) return undefined
    return [...(this.filesOf(version)?.files ?? [])].sort((a, b) => compare(a.path, b.path))
  }
}
