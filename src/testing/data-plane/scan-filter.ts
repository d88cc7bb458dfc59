/** Filters of the list-scans endpoint, including the `labels_query` mini-language. */
import type { LabelRecord, ScanRecord } from "../records.js"

/**
 * One term of `labels_query`: `key:value` matches scans with that label, `key` or `key:*` matches
 * scans that have the key with any value.
 */
export interface LabelTerm {
  readonly key: string
  readonly value: string | undefined
}

/**
 * Parses `labels_query`: terms separated by commas or by the word `AND` (any case), all of which
 * must match. Surrounding whitespace is ignored; empty terms are dropped.
 */
export const parseLabelsQuery = (query: string): ReadonlyArray<LabelTerm> =>
  query
    .split(/,|\s+AND\s+/i)
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .map((term) => {
      const colon = term.indexOf(":")
      if (colon < 0) return { key: term, value: undefined }
      const value = term.slice(colon + 1).trim()
      return { key: term.slice(0, colon).trim(), value: value === "*" || value === "" ? undefined : value }
    })

/** The filters of `GET /v1/scans`; an absent field does not filter. */
export interface ScanFilter {
  readonly evalOutcomes?: ReadonlySet<string> | undefined
  readonly sourceTypes?: ReadonlySet<string> | undefined
  readonly securityGroupUuid?: string | undefined
  readonly modelVersionUuid?: string | undefined
  readonly searchQuery?: string | undefined
  readonly startTime?: number | undefined
  readonly endTime?: number | undefined
  readonly labels?: ReadonlyArray<LabelTerm> | undefined
}

const hasLabel = (labels: ReadonlyArray<LabelRecord>, term: LabelTerm) =>
  labels.some((label) => label.key === term.key && (term.value === undefined || label.value === term.value))

/** Whether a filter has any effect. */
export const isFiltering = (filter: ScanFilter): boolean =>
  Object.values(filter).some((value) => value !== undefined)

/** What filters look at; `searchable` (model_uri and uuid) and the model version are computed only when needed. */
export interface ScanFacts {
  readonly outcome: string
  readonly sourceType: string
  readonly groupUuid: string
  readonly createdAt: number
  readonly labels: ReadonlyArray<LabelRecord>
  readonly searchable: () => ReadonlyArray<string>
  readonly modelVersionUuid: () => string | null
}

/** The facts of a scan record. */
export const factsOf = (scan: ScanRecord): ScanFacts => ({
  outcome: scan.eval_outcome,
  sourceType: scan.source_type,
  groupUuid: scan.security_group_uuid,
  createdAt: Date.parse(scan.created_at),
  labels: scan.labels,
  searchable: () => [scan.model_uri, scan.uuid],
  modelVersionUuid: () => scan.model_version_uuid
})

/**
 * Whether a scan passes the filter. `search_query` is a case-insensitive substring of `model_uri` or
 * `uuid`; `start_time` and `end_time` bound `created_at` inclusively.
 */
export const matchesScan = (filter: ScanFilter, scan: ScanFacts): boolean => {
  if (filter.evalOutcomes && !filter.evalOutcomes.has(scan.outcome)) return false
  if (filter.sourceTypes && !filter.sourceTypes.has(scan.sourceType)) return false
  if (filter.securityGroupUuid !== undefined && scan.groupUuid !== filter.securityGroupUuid) return false
  if (filter.startTime !== undefined && scan.createdAt < filter.startTime) return false
  if (filter.endTime !== undefined && scan.createdAt > filter.endTime) return false
  if (filter.labels !== undefined && !filter.labels.every((term) => hasLabel(scan.labels, term))) return false
  if (filter.modelVersionUuid !== undefined && scan.modelVersionUuid() !== filter.modelVersionUuid)
    return false
  if (filter.searchQuery !== undefined) {
    const needle = filter.searchQuery.toLowerCase()
    return scan.searchable().some((text) => text.toLowerCase().includes(needle))
  }
  return true
}
