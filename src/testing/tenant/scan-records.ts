/** A scan's record as it goes from PENDING to finished, and the model layout a scan created through the API gets. */
import { type ErrorCodeValue, isoTime, type ScanRecord, type SecurityGroupRecord } from "../records.js"
import { TEMPLATES } from "./model-layouts.js"
import { evaluate, instancesOf, type ScanEntry, templateOf } from "./scan-evaluation.js"
import type { Catalog } from "./seeded-catalog.js"

/** Where a finished scan's record differs from a pending one. */
export interface Completion {
  readonly outcome: "ALLOWED" | "BLOCKED" | "ERROR"
  readonly finishedAt: number
  readonly startedAt: number
  readonly scannerVersion: string
  readonly error?: { readonly code: ErrorCodeValue; readonly message: string }
}

/** Fills in the outcome fields of a scan from its layout and the results of its rule instances. */
export const completeScan = (
  seed: number,
  catalog: Catalog,
  entry: ScanEntry,
  completion: Completion
): ScanRecord => {
  const template = templateOf(entry)
  const base = {
    ...entry.record,
    eval_outcome: completion.outcome,
    updated_at: isoTime(completion.finishedAt),
    time_started: isoTime(completion.startedAt),
    scanner_version: completion.scannerVersion
  }
  if (completion.outcome === "ERROR") {
    return {
      ...base,
      enabled_rule_count_snapshot: instancesOf(catalog, entry).length,
      error_code: completion.error?.code ?? "SCAN_ERROR",
      error_message: completion.error?.message ?? "The scan failed",
      eval_summary: null,
      model_formats: null,
      total_files_scanned: null,
      total_files_skipped: null
    }
  }
  const results = evaluate(seed, catalog, entry)
  const failed = results.filter((result) => result.failed).length
  const skipped = template.files.filter((file) => file.formats === null).length
  return {
    ...base,
    enabled_rule_count_snapshot: results.length,
    error_code: null,
    error_message: null,
    eval_summary: {
      rules_passed: results.length - failed,
      rules_failed: failed,
      total_rules: results.length
    },
    model_formats: template.formats,
    total_files_scanned: template.files.length - skipped,
    total_files_skipped: skipped
  }
}

/** The pending record of a scan, before any outcome fields. */
export const pendingScan = (
  fields: Pick<
    ScanRecord,
    | "uuid"
    | "tsg_id"
    | "model_uri"
    | "owner"
    | "scan_origin"
    | "model_version_uuid"
    | "created_by"
    | "labels"
    | "sdk_version"
  > & { readonly group: SecurityGroupRecord; readonly createdAt: number }
): ScanRecord => ({
  uuid: fields.uuid,
  tsg_id: fields.tsg_id,
  created_at: isoTime(fields.createdAt),
  updated_at: isoTime(fields.createdAt),
  model_uri: fields.model_uri,
  owner: fields.owner,
  scan_origin: fields.scan_origin,
  security_group_uuid: fields.group.uuid,
  security_group_name: fields.group.name,
  model_version_uuid: fields.model_version_uuid,
  eval_outcome: "PENDING",
  source_type: fields.group.source_type,
  created_by: fields.created_by,
  enabled_rule_count_snapshot: null,
  error_code: null,
  error_message: null,
  eval_summary: null,
  labels: fields.labels,
  model_formats: null,
  scanner_version: null,
  sdk_version: fields.sdk_version,
  time_started: null,
  total_files_scanned: null,
  total_files_skipped: null
})

/** Picks the layout of a newly created scan from hints in its model URI; a threatened model gets one with threats. */
export const templateForUri = (uri: string, threatened: boolean): number => {
  const lower = uri.toLowerCase()
  const hinted = [
    ["gguf", "gguf"],
    ["onnx", "onnx"],
    ["keras", "keras"],
    ["tensorflow", "keras"],
    ["joblib", "joblib"],
    ["sklearn", "joblib"],
    ["pickle", "pytorch"],
    ["pkl", "pytorch"],
    ["pytorch", "pytorch"],
    [".bin", "pytorch"]
  ].find(([hint]) => lower.includes(hint!))
  const id = TEMPLATES.findIndex((template) => template.id === (hinted?.[1] ?? "safetensors"))
  return threatened && TEMPLATES[id]!.threats.length === 0
    ? TEMPLATES.findIndex((t) => t.id === "pytorch")
    : id
}
