/**
 * Deterministic fixture generation: the catalog (security rules and their history, security groups,
 * custom rules and their assignments), seeded scans, how a scan is evaluated, and each scan's details.
 */
import {
  COMMIT_TITLES,
  CUSTOM_RULES,
  INSIGHTS,
  LABEL_VOCABULARY,
  LICENSES,
  MODELS,
  type ModelSpec,
  type ModelTemplate,
  NO_ARTIFACT_ERRORS,
  OWNERS,
  RULE_HISTORY,
  RULES,
  ruleApplies,
  ruleForThreat,
  SCAN_ERRORS,
  SCANNER_VERSIONS,
  SDK_VERSIONS,
  SUSPICIOUS_MODELS,
  TEMPLATES,
  THREAT_KB,
  THREATS,
  type ThreatCode
} from "./catalog.js"
import { completeCondition, customRuleResult } from "./conditions.js"
import {
  fixtureUuid,
  hashText,
  hashUuid,
  hex,
  IdKind,
  int,
  pick,
  type Rng,
  rngFor,
  weighted
} from "./random.js"
import {
  type CustomRuleRecord,
  type ErrorCodeValue,
  type EvaluationRecord,
  type FileRecord,
  isoTime,
  type LabelRecord,
  type RuleInstanceRecord,
  type RuleStateValue,
  type ScanRecord,
  type SecurityGroupRecord,
  type SecurityRuleRecord,
  SOURCE_TYPES,
  type SourceTypeValue,
  type ViolationRecord
} from "./records.js"

/** When the first seeded scan was created; each later one is a minute newer. */
export const SCAN_EPOCH = Date.UTC(2026, 0, 1)
/** When the seeded security groups were created (an hour apart). */
export const CATALOG_EPOCH = Date.UTC(2025, 11, 1)
const DAY = 86_400_000
const HOUR = 3_600_000
const MINUTE = 60_000
const SECOND = 1_000

/** Salts that keep the random streams of different fixtures apart. */
const Stream = {
  scan: 101,
  threats: 102,
  details: 103,
  blob: 104,
  labels: 105,
  origin: 106,
  revision: 107,
  model: 108,
  version: 109
} as const

/** Rule-instance item numbers of custom rules start here (security rules use their rule number). */
const CUSTOM_INSTANCE_ITEM = 2048

/** What fixture generation depends on. */
export interface FixtureConfig {
  readonly seed: number
  readonly tsgId: string
}

/** One generation of a snapshot in the seeded history: when it was made and what it held. */
export interface Seeded<A> {
  readonly at: number
  readonly value: A
}

/**
 * The tenant as seeded: security rules, one security group per source type, custom rules, each group's
 * rule instances (security rules first, in rule order, then custom rules in assignment order), and the
 * history of each snapshot up to then.
 */
export interface Catalog {
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  readonly groups: ReadonlyArray<SecurityGroupRecord>
  readonly ruleInstances: ReadonlyMap<string, ReadonlyArray<RuleInstanceRecord>>
  readonly customRules: ReadonlyArray<CustomRuleRecord>
  readonly history: {
    readonly rules: ReadonlyArray<Seeded<ReadonlyArray<SecurityRuleRecord>>>
    readonly customRules: ReadonlyArray<Seeded<ReadonlyArray<CustomRuleRecord>>>
    readonly groups: ReadonlyMap<string, ReadonlyArray<Seeded<ReadonlyArray<RuleInstanceRecord>>>>
  }
}

/** A rule instance as evaluations see it: with the custom rule's definition when it is a custom rule's. */
export interface EvalInstance {
  readonly instance: RuleInstanceRecord
  readonly custom?: CustomRuleRecord
}

/** The user uuids of the fixtures' people (see `OWNERS`). */
const userUuids = new Map<string, string>()
export const userUuid = (seed: number, user: number): string => {
  const key = `${seed}:${user}`
  let uuid = userUuids.get(key)
  if (uuid === undefined) {
    uuid = fixtureUuid(seed, IdKind.user, user)
    userUuids.set(key, uuid)
  }
  return uuid
}

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
  created_by: null,
  updated_by: null,
  security_group_uuid: group.uuid,
  security_rule_uuid: rule.uuid,
  rule,
  custom_rule_uuid: null,
  custom_rule: null,
  state: rule.default_state,
  field_values: rule.default_values
})

/** A new rule instance of the custom rule numbered `ruleNumber` in `group`, made at `at`. */
export const customInstance = (
  seed: number,
  group: SecurityGroupRecord,
  groupNumber: number,
  rule: CustomRuleRecord,
  ruleNumber: number,
  state: RuleStateValue,
  at: number
): RuleInstanceRecord => ({
  uuid: fixtureUuid(seed, IdKind.ruleInstance, groupNumber, CUSTOM_INSTANCE_ITEM + ruleNumber),
  tsg_id: group.tsg_id,
  created_at: isoTime(at),
  updated_at: isoTime(at),
  created_by: null,
  updated_by: null,
  security_group_uuid: group.uuid,
  security_rule_uuid: null,
  rule: null,
  custom_rule_uuid: rule.uuid,
  custom_rule: { uuid: rule.uuid, name: rule.name, description: rule.description },
  state,
  field_values: {}
})

/**
 * Builds the catalog for a tenant. The security rules had three generations (the newest rules added
 * last); the groups were created an hour apart in `SOURCE_TYPES` order; ten days later the custom rules
 * were written and assigned, one change a minute, each change a generation of its snapshot.
 */
export const makeCatalog = ({ seed, tsgId }: FixtureConfig): Catalog => {
  const rules = RULES.map(
    ({ threats: _threats, ...spec }, n): SecurityRuleRecord => ({
      uuid: fixtureUuid(seed, IdKind.securityRule, n),
      ...spec
    })
  )
  const ruleHistory = RULE_HISTORY.map(({ daysBefore, without }) => ({
    at: CATALOG_EPOCH - daysBefore * DAY,
    value: rules.slice(0, rules.length - without)
  }))
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
  const instances = new Map(
    groups.map((group, g) => [
      group.uuid,
      rules.flatMap(
        (rule, n): ReadonlyArray<RuleInstanceRecord> =>
          ruleApplies(rule, group.source_type) ? [defaultInstance(seed, group, g, rule, n)] : []
      )
    ])
  )
  const groupHistory = new Map(
    groups.map((group) => [
      group.uuid,
      [{ at: Date.parse(group.created_at), value: instances.get(group.uuid)! }]
    ])
  )
  const ruleUuid = (name: string) => rules.find((rule) => rule.name === name)!.uuid
  const alice = userUuid(seed, 0)
  let clock = CATALOG_EPOCH + 10 * DAY
  const customRules: Array<CustomRuleRecord> = []
  const customHistory: Array<Seeded<ReadonlyArray<CustomRuleRecord>>> = []
  CUSTOM_RULES.forEach((spec, n) => {
    const created = isoTime(clock)
    customRules.push({
      uuid: fixtureUuid(seed, IdKind.customRule, n),
      tsg_id: tsgId,
      name: spec.name,
      description: spec.description,
      compatible_sources: spec.compatibleSources,
      condition: completeCondition(spec.condition(ruleUuid)),
      rule_action: spec.ruleAction,
      violation_message: spec.violationMessage,
      remediation_message: spec.remediationMessage,
      is_archived: false,
      created_at: created,
      updated_at: created,
      created_by: alice,
      updated_by: alice
    })
    customHistory.push({ at: clock, value: [...customRules] })
    clock += MINUTE
  })
  CUSTOM_RULES.forEach((spec, n) => {
    if (spec.archived) {
      customRules[n] = { ...customRules[n]!, is_archived: true, updated_at: isoTime(clock) }
      customHistory.push({ at: clock, value: [...customRules] })
      clock += MINUTE
    }
    for (const [source, state] of spec.assignments) {
      const g = SOURCE_TYPES.indexOf(source)
      const group = groups[g]!
      const next = [
        ...instances.get(group.uuid)!,
        customInstance(seed, group, g, customRules[n]!, n, state, clock)
      ]
      instances.set(group.uuid, next)
      groupHistory.get(group.uuid)!.push({ at: clock, value: next })
      clock += MINUTE
    }
  })
  return {
    rules,
    groups,
    ruleInstances: instances,
    customRules,
    history: { rules: ruleHistory, customRules: customHistory, groups: groupHistory }
  }
}

/** The instances of a group that take part in evaluations (not DISABLED), with custom rules' definitions. */
export const evalInstances = (
  instances: ReadonlyArray<RuleInstanceRecord>,
  customRule: (uuid: string) => CustomRuleRecord | undefined
): ReadonlyArray<EvalInstance> =>
  instances.flatMap((instance) => {
    if (instance.state === "DISABLED") return []
    if (instance.custom_rule_uuid === null) return [{ instance }]
    const custom = customRule(instance.custom_rule_uuid)
    return custom === undefined || custom.is_archived ? [] : [{ instance, custom }]
  })

const seededEvalInstances = new WeakMap<Catalog, Map<string, ReadonlyArray<EvalInstance>>>()
/** The seeded instances a seeded scan of a group is evaluated against. */
const catalogInstances = (catalog: Catalog, groupUuid: string): ReadonlyArray<EvalInstance> => {
  let byGroup = seededEvalInstances.get(catalog)
  if (byGroup === undefined) {
    byGroup = new Map()
    seededEvalInstances.set(catalog, byGroup)
  }
  let items = byGroup.get(groupUuid)
  if (items === undefined) {
    items = evalInstances(catalog.ruleInstances.get(groupUuid) ?? [], (uuid) =>
      catalog.customRules.find((rule) => rule.uuid === uuid)
    )
    byGroup.set(groupUuid, items)
  }
  return items
}

/** A scan plus what the fake needs to derive its details; `index` orders scans by creation. */
export interface ScanEntry {
  readonly index: number
  readonly template: number
  readonly record: ScanRecord
  /** Whether the model carries threats (its layout's, see `blockedThreats`). */
  readonly threatened: boolean
  /** The labels the scan was evaluated with (its labels may change afterwards). */
  readonly labelsAtScan: ReadonlyArray<LabelRecord>
  /** The model revision scanned; `null` when the scan read no model files (no model version). */
  readonly revision: string | null
  /** The model name given when the scan was created, if any. */
  readonly modelName?: string | undefined
  /**
   * The group's enabled rule instances when the scan was created, for scans created through the API;
   * seeded scans are evaluated against the seeded catalog.
   */
  readonly instances?: ReadonlyArray<EvalInstance>
}

/** The rule instances a scan is evaluated against. */
export const instancesOf = (catalog: Catalog, entry: ScanEntry): ReadonlyArray<EvalInstance> =>
  entry.instances ?? catalogInstances(catalog, entry.record.security_group_uuid)

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

/** The result of one rule instance on a scan. */
export interface Evaluated {
  readonly item: EvalInstance
  readonly failed: boolean
}

/**
 * Evaluates a scan against its rule instances, in order: a security rule fails when it reports a threat
 * the model carries; a custom rule by its condition over the scan's labels and the results before it.
 */
export const evaluate = (
  seed: number,
  catalog: Catalog,
  entry: ScanEntry,
  items: ReadonlyArray<EvalInstance> = instancesOf(catalog, entry)
): ReadonlyArray<Evaluated> => {
  const failing = new Set(
    entry.threatened
      ? blockedThreats(seed, entry.index, templateOf(entry)).map(
          (code) => catalog.rules[ruleForThreat(code)]?.uuid
        )
      : []
  )
  if (failing.size === 0 && items.every((item) => item.custom === undefined)) {
    return items.map((item) => ({ item, failed: false }))
  }
  const results = new Map<string, "PASSED" | "FAILED">()
  return items.map((item): Evaluated => {
    const { instance, custom } = item
    if (custom === undefined) {
      const failed = failing.has(instance.security_rule_uuid ?? "")
      if (instance.security_rule_uuid !== null)
        results.set(instance.security_rule_uuid, failed ? "FAILED" : "PASSED")
      return { item, failed }
    }
    const result = customRuleResult(custom.condition, custom.rule_action, {
      labels: entry.labelsAtScan,
      results
    })
    results.set(custom.uuid, result)
    return { item, failed: result === "FAILED" }
  })
}

/** The outcome of a finished scan: BLOCKED when a BLOCKING rule instance failed, else ALLOWED. */
export const outcomeOf = (results: ReadonlyArray<Evaluated>): "ALLOWED" | "BLOCKED" =>
  results.some((result) => result.failed && result.item.instance.state === "BLOCKING") ? "BLOCKED" : "ALLOWED"

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

const HUGGING_FACE_URI = /^https:\/\/huggingface\.co\/([^/]+)\/([^/?#]+)/

/** The organization and name of a Hugging Face model URI. */
export const huggingFaceName = (
  uri: string
): { readonly organization: string; readonly name: string } | undefined => {
  const match = HUGGING_FACE_URI.exec(uri)
  return match === null ? undefined : { organization: match[1]!, name: match[2]! }
}

/** What the fixtures derive from a model URI, computed once per seed and URI. */
interface UriFacts {
  readonly hash: number
  readonly huggingFace: boolean
  /** Revision strings by revision number. */
  readonly revisions: Map<number, string>
  /** Version uuids by revision. */
  readonly versions: Map<string, string>
}

const uriFacts = new Map<number, Map<string, UriFacts>>()
const factsOfUri = (seed: number, uri: string): UriFacts => {
  let bySeed = uriFacts.get(seed)
  if (bySeed === undefined) {
    bySeed = new Map()
    uriFacts.set(seed, bySeed)
  }
  let facts = bySeed.get(uri)
  if (facts === undefined) {
    if (bySeed.size >= 100_000) bySeed.clear()
    facts = {
      hash: hashText(uri, seed, Stream.revision),
      huggingFace: huggingFaceName(uri) !== undefined,
      revisions: new Map(),
      versions: new Map()
    }
    bySeed.set(uri, facts)
  }
  return facts
}

/**
 * The revision a scan of `uri` made at position `index` reads when none is given: each model publishes
 * a new revision every so many scans (a period of its own), so newer scans see the same or a newer
 * revision. A Hugging Face revision is a commit sha, any other an object version.
 */
export const revisionAt = (seed: number, uri: string, index: number): string => {
  const facts = factsOfUri(seed, uri)
  const period = 40 + (facts.hash % 160)
  const number = Math.floor((index + (facts.hash % period)) / period)
  let revision = facts.revisions.get(number)
  if (revision === undefined) {
    revision = hex(rngFor(seed, Stream.revision, facts.hash, number), facts.huggingFace ? 40 : 32)
    facts.revisions.set(number, revision)
  }
  return revision
}

/** The uuid of the model of a URI. */
export const modelUuid = (seed: number, uri: string): string => hashUuid(seed, Stream.model, uri)

/** The uuid of a model version: one per (URI, revision). */
export const versionUuid = (seed: number, uri: string, revision: string): string => {
  const facts = factsOfUri(seed, uri)
  let uuid = facts.versions.get(revision)
  if (uuid === undefined) {
    uuid = hashUuid(seed, Stream.version, `${uri}\n${revision}`)
    facts.versions.set(revision, uuid)
  }
  return uuid
}

/** What a model version says about itself beyond its scans: fingerprint, license and Hugging Face commit. */
export const versionFacts = (seed: number, uri: string, revision: string) => {
  const rng = rngFor(seed, Stream.version, hashText(uri), hashText(revision))
  const hf = huggingFaceName(uri)
  return {
    fingerprint: hex(rng, 64),
    hf_commit_sha: hf !== undefined && /^[0-9a-f]{40}$/.test(revision) ? revision : null,
    hf_commit_title: hf === undefined ? null : pick(rng, COMMIT_TITLES),
    hf_commit_authors: hf === undefined ? null : [hf.organization, ...(rng() < 0.4 ? ["hf-bot"] : [])],
    hf_model_name: hf?.name ?? null,
    hf_organization: hf?.organization ?? null,
    license: hf === undefined ? null : pick(rng, LICENSES)
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
const ORIGIN_WEIGHTS: ReadonlyArray<
  readonly [number, "MODEL_SECURITY_SDK" | "MODEL_SECURITY_API" | "MODEL_SECURITY_FRONTEND"]
> = [
  [70, "MODEL_SECURITY_SDK"],
  [20, "MODEL_SECURITY_API"],
  [10, "MODEL_SECURITY_FRONTEND"]
]

/** Source type, outcome and creation time of the `index`-th seeded scan, plus the stream the rest is drawn from. */
export const seededHead = (seed: number, index: number): SeededHead => {
  const rng = rngFor(seed, Stream.scan, index)
  const source = weighted(rng, SOURCE_WEIGHTS)
  const outcome = weighted(rng, OUTCOME_WEIGHTS)
  return { rng, source, outcome, createdAt: SCAN_EPOCH + index * MINUTE }
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
  const fromHuggingFace = source === "HUGGING_FACE" && rng() < 0.7
  const origin = fromHuggingFace
    ? "HUGGING_FACE"
    : weighted(rngFor(seed, Stream.origin, index), ORIGIN_WEIGHTS)
  const quartile = Math.min(3, Math.floor((index / count) * 4))
  const revision = outcome === "ERROR" && NO_ARTIFACT_ERRORS.has(code!) ? null : revisionAt(seed, uri, index)
  const labels = seededLabels(seed, index)
  const entry: ScanEntry = {
    index,
    template: model.template,
    threatened: outcome === "BLOCKED",
    labelsAtScan: labels,
    revision,
    record: pendingScan({
      uuid: fixtureUuid(seed, IdKind.scan, index),
      tsg_id: tsgId,
      model_uri: uri,
      owner: owner.owner(tsgId),
      scan_origin: origin,
      model_version_uuid: revision === null ? null : versionUuid(seed, uri, revision),
      created_by: owner.user === null ? null : userUuid(seed, owner.user),
      labels,
      sdk_version: origin === "MODEL_SECURITY_SDK" ? SDK_VERSIONS[quartile]! : null,
      group: catalog.groups[SOURCE_TYPES.indexOf(source)]!,
      createdAt
    })
  }
  const record = completeScan(seed, catalog, entry, {
    outcome,
    startedAt,
    finishedAt: startedAt + (15 + int(rng, 300)) * SECOND,
    scannerVersion: SCANNER_VERSIONS[quartile]!,
    error: { code: code as ErrorCodeValue, message: message!(uri) }
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
  const rng = rngFor(seed, Stream.details, entry.index)
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
  const blob = rngFor(seed, Stream.blob, entry.index)
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
