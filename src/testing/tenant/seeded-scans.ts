/**
 * The seeded scans: the `index`-th is a pure function of (seed, tsg, index), so hundreds of thousands
 * can be listed and filtered without being stored.
 */
import { fixtureUuid, IdKind, int, pick, type Rng, rngFor, weighted } from "../random.js"
import { type ErrorCodeValue, type LabelRecord, SOURCE_TYPES, type SourceTypeValue } from "../records.js"
import { revisionAt, versionUuid } from "./model-identity.js"
import { MODELS, type ModelSpec, SUSPICIOUS_MODELS, TEMPLATES } from "./model-layouts.js"
import type { ScanEntry } from "./scan-evaluation.js"
import { completeScan, pendingScan } from "./scan-records.js"
import { type Catalog, type FixtureConfig, userUuid } from "./seeded-catalog.js"
import { MINUTE, Salt, SCAN_EPOCH, SECOND } from "./seeding.js"
import {
  LABEL_VOCABULARY,
  NO_ARTIFACT_ERRORS,
  OWNERS,
  SCAN_ERRORS,
  SCANNER_VERSIONS,
  SDK_VERSIONS
} from "./vocabulary.js"

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
  const rng = rngFor(seed, Salt.labels, index)
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
  const rng = rngFor(seed, Salt.scan, index)
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
  const origin = fromHuggingFace ? "HUGGING_FACE" : weighted(rngFor(seed, Salt.origin, index), ORIGIN_WEIGHTS)
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
