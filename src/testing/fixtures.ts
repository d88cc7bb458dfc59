/** Deterministic fixture generation: security groups and rules, seeded scans, and each scan's details. */
import {
  LABEL_VOCABULARY,
  MODELS,
  type ModelSpec,
  type ModelTemplate,
  OWNERS,
  RULES,
  ruleApplies,
  ruleForThreat,
  SCAN_ERRORS,
  SCANNER_VERSIONS,
  SUSPICIOUS_MODELS,
  TEMPLATES,
  THREATS,
  type ThreatCode
} from "./catalog.js"
import { fixtureUuid, hex, IdKind, int, pick, type Rng, rngFor, weighted } from "./random.js"
import {
  type ErrorCodeValue,
  type EvaluationRecord,
  type FileRecord,
  isoTime,
  type LabelRecord,
  type RuleInstanceRecord,
  type ScanRecord,
  type SecurityGroupRecord,
  type SecurityRuleRecord,
  SOURCE_TYPES,
  type SourceTypeValue,
  type ViolationRecord
} from "./records.js"

/** When the first seeded scan was created; each later one is a minute newer. */
export const SCAN_EPOCH = Date.UTC(2026, 0, 1)
const CATALOG_EPOCH = Date.UTC(2025, 11, 1)
const HOUR = 3_600_000
const MINUTE = 60_000
const SECOND = 1_000

/** Salts that keep the random streams of different fixtures apart. */
const Stream = { scan: 101, threats: 102, details: 103, blob: 104, labels: 105 } as const

/** What fixture generation depends on. */
export interface FixtureConfig {
  readonly seed: number
  readonly tsgId: string
}

/** Security rules, one security group per source type, and each group's rule instances. */
export interface Catalog {
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  readonly groups: ReadonlyArray<SecurityGroupRecord>
  readonly ruleInstances: ReadonlyMap<string, ReadonlyArray<RuleInstanceRecord>>
}

/** The rule instances of a group that take part in evaluations (not DISABLED). */
export const enabledInstances = (catalog: Catalog, groupUuid: string): ReadonlyArray<RuleInstanceRecord> =>
  (catalog.ruleInstances.get(groupUuid) ?? []).filter((instance) => instance.state !== "DISABLED")

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
  security_group_uuid: group.uuid,
  security_rule_uuid: rule.uuid,
  state: rule.default_state,
  field_values: rule.default_values,
  rule
})

/** Builds the catalog for a tenant; the seeded groups were created an hour apart, in `SOURCE_TYPES` order. */
export const makeCatalog = ({ seed, tsgId }: FixtureConfig): Catalog => {
  const rules = RULES.map(
    ({ threats: _threats, ...spec }, n): SecurityRuleRecord => ({
      uuid: fixtureUuid(seed, IdKind.securityRule, n),
      ...spec
    })
  )
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
  const ruleInstances = new Map(
    groups.map((group, g) => [
      group.uuid,
      rules.flatMap(
        (rule, n): ReadonlyArray<RuleInstanceRecord> =>
          ruleApplies(rule, group.source_type) ? [defaultInstance(seed, group, g, rule, n)] : []
      )
    ])
  )
  return { rules, groups, ruleInstances }
}

/** A scan plus what the fake needs to derive its details; `index` orders scans by creation. */
export interface ScanEntry {
  readonly index: number
  readonly template: number
  readonly record: ScanRecord
  /** Whether the model carries threats (its layout's, see `blockedThreats`). */
  readonly threatened: boolean
  /**
   * The group's enabled rule instances when the scan was created, for scans created through the API;
   * seeded scans are evaluated against the seeded catalog.
   */
  readonly instances?: ReadonlyArray<RuleInstanceRecord>
}

/** The rule instances a scan is evaluated against. */
export const instancesOf = (catalog: Catalog, entry: ScanEntry): ReadonlyArray<RuleInstanceRecord> =>
  entry.instances ?? enabledInstances(catalog, entry.record.security_group_uuid)

const templateOf = (entry: ScanEntry): ModelTemplate => TEMPLATES[entry.template] ?? TEMPLATES[0]!

/** The threats a threatened model carries: one or two distinct codes its layout can carry. */
export const blockedThreats = (
  seed: number,
  index: number,
  template: ModelTemplate
): ReadonlyArray<ThreatCode> => {
  const codes = template.threats
  if (codes.length === 0) return []
  const rng = rngFor(seed, Stream.threats, index)
  const first = pick(rng, codes)
  const second = codes.length > 1 && rng() < 0.35 ? pick(rng, codes) : first
  return second === first ? [first] : [first, second]
}

/** The rule instances (of `instances`) whose rule reports a threat the scanned model carries. */
export const failingInstances = (
  seed: number,
  catalog: Catalog,
  entry: ScanEntry,
  instances: ReadonlyArray<RuleInstanceRecord>
): ReadonlyArray<RuleInstanceRecord> => {
  if (!entry.threatened) return []
  const rules = new Set(
    blockedThreats(seed, entry.index, templateOf(entry)).map(
      (code) => catalog.rules[ruleForThreat(code)]?.uuid
    )
  )
  return instances.filter((instance) => rules.has(instance.security_rule_uuid))
}

const RISKY_MODELS = MODELS.filter((spec) => TEMPLATES[spec.template]!.threats.length > 0)

const stem = (model: ModelSpec) => model.name.slice(model.name.indexOf("/") + 1)

const modelUri = (rng: Rng, source: SourceTypeValue, model: ModelSpec): string => {
  const name = stem(model)
  const lower = name.toLowerCase()
  switch (source) {
    case "HUGGING_FACE":
      return `https://huggingface.co/${model.name}`
    case "S3":
      return `s3://${pick(rng, ["acme-ml-models", "ml-artifacts-prod", "research-checkpoints"])}/${pick(rng, ["prod", "staging", "experiments"])}/${lower}/v${1 + int(rng, 5)}`
    case "GCS":
      return `gs://${pick(rng, ["acme-vertex-models", "ml-registry-eu"])}/models/${lower}`
    case "AZURE":
      return `https://${pick(rng, ["acmemlstore", "modelvault01"])}.blob.core.windows.net/${pick(rng, ["models", "checkpoints"])}/${lower}`
    case "ARTIFACTORY":
      return `https://acme.jfrog.io/artifactory/ml-models-local/${lower}/${1 + int(rng, 3)}.${int(rng, 10)}.0`
    case "GITLAB":
      return `https://gitlab.com/acme-ml/${lower}`
    case "LOCAL":
      return `${pick(rng, ["/home/alice/models", "/mnt/models", "/opt/ml/model-cache"])}/${name}`
  }
}

/** The labels the `index`-th seeded scan starts with (about 40% of scans have one to three). */
export const seededLabels = (seed: number, index: number): ReadonlyArray<LabelRecord> => {
  const rng = rngFor(seed, Stream.labels, index)
  if (rng() >= 0.4) return []
  const count = 1 + int(rng, 3)
  const start = int(rng, LABEL_VOCABULARY.length)
  const labels: Array<LabelRecord> = []
  for (let i = 0; i < count; i++) {
    const [key, values] = LABEL_VOCABULARY[(start + i) % LABEL_VOCABULARY.length]!
    labels.push({ key, value: pick(rng, values) })
  }
  return labels
}

/** Where a finished scan's record differs from a pending one. */
export interface Completion {
  readonly outcome: "ALLOWED" | "BLOCKED" | "ERROR"
  readonly finishedAt: number
  readonly startedAt: number
  readonly scannerVersion: string
  readonly error?: { readonly code: ErrorCodeValue; readonly message: string }
}

/** Fills in the outcome fields of a scan from its layout and group. */
export const completeScan = (
  seed: number,
  catalog: Catalog,
  entry: ScanEntry,
  completion: Completion
): ScanRecord => {
  const template = templateOf(entry)
  const instances = instancesOf(catalog, entry)
  const total = instances.length
  const base = {
    ...entry.record,
    eval_outcome: completion.outcome,
    updated_at: isoTime(completion.finishedAt),
    time_started: isoTime(completion.startedAt),
    scanner_version: completion.scannerVersion,
    enabled_rule_count_snapshot: total
  }
  if (completion.outcome === "ERROR") {
    return {
      ...base,
      error_code: completion.error?.code ?? "SCAN_ERROR",
      error_message: completion.error?.message ?? "The scan failed",
      eval_summary: null,
      model_formats: null,
      total_files_scanned: null,
      total_files_skipped: null
    }
  }
  const failed = failingInstances(seed, catalog, entry, instances).length
  const skipped = template.files.filter((file) => file.formats === null).length
  return {
    ...base,
    error_code: null,
    error_message: null,
    eval_summary: { rules_passed: total - failed, rules_failed: failed, total_rules: total },
    model_formats: template.formats,
    total_files_scanned: template.files.length - skipped,
    total_files_skipped: skipped
  }
}

/** The pending record of a scan, before any outcome fields. */
export const pendingScan = (
  fields: Pick<
    ScanRecord,
    "uuid" | "tsg_id" | "model_uri" | "owner" | "scan_origin" | "model_version_uuid" | "created_by" | "labels"
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
  time_started: null,
  total_files_scanned: null,
  total_files_skipped: null
})

/** The first facts of the `index`-th seeded scan, cheap enough to filter hundreds of thousands of scans. */
export interface SeededHead {
  readonly rng: Rng
  readonly source: SourceTypeValue
  readonly outcome: "ALLOWED" | "BLOCKED" | "ERROR"
  readonly createdAt: number
}

const SOURCE_WEIGHTS: ReadonlyArray<readonly [number, SourceTypeValue]> = [
  [40, "HUGGING_FACE"],
  [15, "S3"],
  [12, "LOCAL"],
  [10, "GCS"],
  [8, "AZURE"],
  [8, "ARTIFACTORY"],
  [7, "GITLAB"]
]
const OUTCOME_WEIGHTS: ReadonlyArray<readonly [number, SeededHead["outcome"]]> = [
  [76, "ALLOWED"],
  [17, "BLOCKED"],
  [7, "ERROR"]
]

/** Source type, outcome and creation time of the `index`-th seeded scan, plus the stream the rest is drawn from. */
export const seededHead = (seed: number, index: number): SeededHead => {
  const rng = rngFor(seed, Stream.scan, index)
  const source = weighted(rng, SOURCE_WEIGHTS)
  const outcome = weighted(rng, OUTCOME_WEIGHTS)
  return { rng, source, outcome, createdAt: SCAN_EPOCH + index * MINUTE }
}

const userUuids = new Map<string, string>()
const userUuid = (seed: number, user: number): string => {
  const key = `${seed}:${user}`
  let uuid = userUuids.get(key)
  if (uuid === undefined) {
    uuid = fixtureUuid(seed, IdKind.user, user)
    userUuids.set(key, uuid)
  }
  return uuid
}

/** The `index`-th seeded scan: a pure function of (seed, tsg, index), so scans can be made on demand. */
export const seededScan = (
  config: FixtureConfig,
  catalog: Catalog,
  index: number,
  count: number
): ScanEntry => {
  const { seed, tsgId } = config
  const { rng, source, outcome, createdAt } = seededHead(seed, index)
  const model =
    outcome === "BLOCKED"
      ? rng() < 0.5
        ? pick(rng, SUSPICIOUS_MODELS)
        : pick(rng, RISKY_MODELS)
      : pick(rng, MODELS)
  const uri = modelUri(rng, source, model)
  const owner = pick(rng, OWNERS)
  const startedAt = createdAt + (2 + int(rng, 5)) * SECOND
  const [code, message] = pick(rng, SCAN_ERRORS)
  const entry: ScanEntry = {
    index,
    template: model.template,
    threatened: outcome === "BLOCKED",
    record: pendingScan({
      uuid: fixtureUuid(seed, IdKind.scan, index),
      tsg_id: tsgId,
      model_uri: uri,
      owner: owner.owner(tsgId),
      scan_origin: source === "HUGGING_FACE" && rng() < 0.7 ? "HUGGING_FACE" : "MODEL_SECURITY_SDK",
      model_version_uuid: fixtureUuid(seed, IdKind.modelVersion, index),
      created_by: owner.user === null ? null : userUuid(seed, owner.user),
      labels: seededLabels(seed, index),
      group: catalog.groups[SOURCE_TYPES.indexOf(source)]!,
      createdAt
    })
  }
  const record = completeScan(seed, catalog, entry, {
    outcome,
    startedAt,
    finishedAt: startedAt + (15 + int(rng, 300)) * SECOND,
    scannerVersion: SCANNER_VERSIONS[Math.min(SCANNER_VERSIONS.length - 1, Math.floor((index / count) * 4))]!,
    error: { code: code as ErrorCodeValue, message: message(uri) }
  })
  return { ...entry, record }
}

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

/**
 * The details of a finished scan, derived from the scan alone: one evaluation per rule instance it
 * was evaluated against; for threatened models one or two threats, each with violations on model files
 * for the rules that are enabled (a scan is BLOCKED when one of them is BLOCKING).
 */
export const scanDetails = (seed: number, catalog: Catalog, entry: ScanEntry): ScanDetails => {
  const scan = entry.record
  if (scan.eval_outcome !== "ALLOWED" && scan.eval_outcome !== "BLOCKED") return EMPTY_DETAILS
  const template = templateOf(entry)
  const rng = rngFor(seed, Stream.details, entry.index)
  const started = Date.parse(scan.time_started ?? scan.created_at)
  const threats = entry.threatened ? blockedThreats(seed, entry.index, template) : []
  const modelFiles = template.files.filter((file) => file.formats !== null)

  const violationsByRule = new Map<
    number,
    Array<Omit<ViolationRecord, "uuid" | "created_at" | "updated_at">>
  >()
  const failedPaths = new Set<string>()
  const instances = instancesOf(catalog, entry)
  for (const code of threats) {
    const ruleNumber = ruleForThreat(code)
    const instance = instances.find((candidate) => candidate.rule.uuid === catalog.rules[ruleNumber]?.uuid)
    if (instance === undefined) continue
    const spec = THREATS[code]
    const count = 1 + int(rng, 2)
    for (let n = 0; n < count; n++) {
      const file = pick(rng, modelFiles)
      failedPaths.add(file.path)
      const list = violationsByRule.get(ruleNumber) ?? []
      list.push({
        tsg_id: scan.tsg_id,
        description: spec.description,
        rule_instance_uuid: instance.uuid,
        rule_name: instance.rule.name,
        rule_description: instance.rule.description,
        rule_instance_state: instance.state,
        file: file.path,
        hash: hex(rng, 64),
        module: spec.module,
        operator: spec.operator,
        threat: spec.threat,
        threat_description: spec.threatDescription
      })
      violationsByRule.set(ruleNumber, list)
    }
  }

  const evaluations: Array<EvaluationRecord> = []
  const violations: Array<ViolationRecord> = []
  instances.forEach((instance, n) => {
    const createdAt = started + (5 + n) * SECOND
    const ruleNumber = catalog.rules.findIndex((candidate) => candidate.uuid === instance.rule.uuid)
    const found = violationsByRule.get(ruleNumber) ?? []
    evaluations.push({
      uuid: fixtureUuid(seed, IdKind.evaluation, entry.index, n),
      tsg_id: scan.tsg_id,
      created_at: isoTime(createdAt),
      updated_at: isoTime(createdAt + int(rng, 30) * SECOND),
      result: found.length > 0 ? "FAILED" : "PASSED",
      violation_count: found.length,
      rule_instance_uuid: instance.uuid,
      scan_uuid: scan.uuid,
      rule_name: instance.rule.name,
      rule_description: instance.rule.description,
      rule_instance_state: instance.state
    })
    for (const violation of found) {
      const at = isoTime(createdAt + violations.length * 100)
      violations.push({
        uuid: fixtureUuid(seed, IdKind.violation, entry.index, violations.length),
        created_at: at,
        updated_at: at,
        ...violation
      })
    }
  })

  const directories = new Set<string>()
  for (const file of template.files) {
    for (let dir = parentOf(file.path); dir !== "/"; dir = parentOf(dir)) directories.add(dir)
  }
  const at = isoTime(started + SECOND)
  const blob = rngFor(seed, Stream.blob, entry.index)
  const node = (
    n: number,
    path: string,
    type: FileRecord["type"],
    result: FileRecord["result"],
    formats: FileRecord["formats"]
  ): FileRecord => ({
    uuid: fixtureUuid(seed, IdKind.file, entry.index, n),
    tsg_id: scan.tsg_id,
    created_at: at,
    updated_at: at,
    path,
    parent_path: parentOf(path),
    type,
    result,
    model_version_uuid: scan.model_version_uuid,
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
