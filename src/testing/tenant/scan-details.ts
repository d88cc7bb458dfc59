/** What is listed under a finished scan: its evaluations, violations and file tree, derived from the scan alone. */
import { fixtureUuid, hex, IdKind, int, pick, rngFor } from "../random.js"
import { type EvaluationRecord, type FileRecord, isoTime, type ViolationRecord } from "../records.js"
import { blockedThreats, evaluate, type ScanEntry, templateOf } from "./scan-evaluation.js"
import { ruleForThreat } from "./security-rule-specs.js"
import type { Catalog } from "./seeded-catalog.js"
import { Salt, SECOND } from "./seeding.js"
import { THREAT_KB, THREATS } from "./threats.js"
import { INSIGHTS } from "./vocabulary.js"

/** Everything listed under a scan: its evaluations, violations and file tree. */
export interface ScanDetails {
  readonly evaluations: ReadonlyArray<EvaluationRecord>
  readonly violations: ReadonlyArray<ViolationRecord>
  readonly files: ReadonlyArray<FileRecord>
}

const EMPTY_DETAILS: ScanDetails = { evaluations: [], violations: [], files: [] }

const parentOf = (path: string) => {
  const cut = path.lastIndexOf("/")
  return cut <= 0 ? "/" : path.slice(0, cut)
}

type ViolationFields = Omit<ViolationRecord, "uuid" | "created_at" | "updated_at" | "insights_url">

/**
 * The details of a finished scan, derived from the scan alone: one evaluation per rule instance it was
 * evaluated against; for threatened models one or two threats, each with violations on model files for
 * the security rules that are enabled; one violation for each custom rule that failed.
 */
export const scanDetails = (seed: number, catalog: Catalog, entry: ScanEntry): ScanDetails => {
  const scan = entry.record
  if (scan.eval_outcome !== "ALLOWED" && scan.eval_outcome !== "BLOCKED") return EMPTY_DETAILS
  const template = templateOf(entry)
  const rng = rngFor(seed, Salt.details, entry.index)
  const started = Date.parse(scan.time_started ?? scan.created_at)
  const threats = entry.threatened ? blockedThreats(seed, entry.index, template) : []
  const modelFiles = template.files.filter((file) => file.formats !== null)
  const results = evaluate(seed, catalog, entry)

  const violationsByInstance = new Map<string, Array<ViolationFields>>()
  const failedPaths = new Set<string>()
  for (const code of threats) {
    const ruleUuid = catalog.rules[ruleForThreat(code)]?.uuid
    const found = results.find(
      ({ item }) => item.custom === undefined && item.instance.security_rule_uuid === ruleUuid
    )
    if (found === undefined) continue
    const { instance } = found.item
    const rule = instance.rule!
    const spec = THREATS[code]
    const count = 1 + int(rng, 2)
    for (let n = 0; n < count; n++) {
      const file = pick(rng, modelFiles)
      failedPaths.add(file.path)
      const list = violationsByInstance.get(instance.uuid) ?? []
      list.push({
        tsg_id: scan.tsg_id,
        description: spec.description,
        rule_instance_uuid: instance.uuid,
        rule_name: rule.name,
        rule_description: rule.description,
        rule_instance_state: instance.state,
        rule_origin: "PANW_MANAGED",
        file: file.path,
        hash: hex(rng, 64),
        module: spec.module,
        operator: spec.operator,
        threat: spec.threat,
        threat_description: spec.threatDescription,
        threat_kb_url: `${THREAT_KB}/${spec.threat.toLowerCase()}`,
        remediation: { steps: rule.remediation.steps, url: rule.remediation.url }
      })
      violationsByInstance.set(instance.uuid, list)
    }
  }
  for (const { item, failed } of results) {
    if (!failed || item.custom === undefined) continue
    const { instance, custom } = item
    violationsByInstance.set(instance.uuid, [
      {
        tsg_id: scan.tsg_id,
        description: custom.violation_message,
        rule_instance_uuid: instance.uuid,
        rule_name: custom.name,
        rule_description: custom.description,
        rule_instance_state: instance.state,
        rule_origin: "CUSTOM",
        file: null,
        hash: null,
        module: null,
        operator: null,
        threat: null,
        threat_description: null,
        threat_kb_url: null,
        remediation:
          custom.remediation_message === null ? null : { steps: [custom.remediation_message], url: null }
      }
    ])
  }

  const evaluations: Array<EvaluationRecord> = []
  const violations: Array<ViolationRecord> = []
  results.forEach(({ item, failed }, n) => {
    const { instance, custom } = item
    const createdAt = started + (5 + n) * SECOND
    const found = violationsByInstance.get(instance.uuid) ?? []
    evaluations.push({
      uuid: fixtureUuid(seed, IdKind.evaluation, entry.index, n),
      tsg_id: scan.tsg_id,
      created_at: isoTime(createdAt),
      updated_at: isoTime(createdAt + int(rng, 30) * SECOND),
      result: failed ? "FAILED" : "PASSED",
      violation_count: found.length,
      rule_instance_uuid: instance.uuid,
      scan_uuid: scan.uuid,
      rule_name: custom?.name ?? instance.rule?.name ?? "",
      rule_description: custom?.description ?? instance.rule?.description ?? "",
      rule_instance_state: instance.state,
      rule_origin: custom === undefined ? "PANW_MANAGED" : "CUSTOM"
    })
    for (const violation of found) {
      const at = isoTime(createdAt + violations.length * 100)
      const uuid = fixtureUuid(seed, IdKind.violation, entry.index, violations.length)
      violations.push({
        uuid,
        created_at: at,
        updated_at: at,
        ...violation,
        insights_url: `${INSIGHTS}/${scan.uuid}/violations/${uuid}`
      })
    }
  })

  const directories = new Set<string>()
  for (const file of template.files) {
    for (let dir = parentOf(file.path); dir !== "/"; dir = parentOf(dir)) directories.add(dir)
  }
  const at = isoTime(started + SECOND)
  const blob = rngFor(seed, Salt.blob, entry.index)
  const node = (
    n: number,
    path: string,
    type: "DIRECTORY" | "FILE",
    result: "SKIPPED" | "SUCCESS" | "FAILED",
    formats: ReadonlyArray<string> | null
  ): FileRecord => ({
    uuid: fixtureUuid(seed, IdKind.file, entry.index, n),
    tsg_id: scan.tsg_id,
    created_at: at,
    updated_at: at,
    path,
    parent_path: parentOf(path),
    type,
    result,
    model_version_uuid: scan.model_version_uuid ?? "",
    scan_uuid: scan.uuid,
    blob_id: type === "FILE" ? hex(blob, 64) : null,
    formats
  })
  const files = [
    ...[...directories]
      .sort()
      .map((dir, n) =>
        node(
          n,
          dir,
          "DIRECTORY",
          [...failedPaths].some((path) => path.startsWith(`${dir}/`)) ? "FAILED" : "SUCCESS",
          null
        )
      ),
    ...template.files.map((file, n) =>
      node(
        directories.size + n,
        file.path,
        "FILE",
        file.formats === null ? "SKIPPED" : failedPaths.has(file.path) ? "FAILED" : "SUCCESS",
        file.formats
      )
    )
  ]
  return { evaluations, violations, files }
}
