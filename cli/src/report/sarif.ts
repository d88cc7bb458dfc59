/**
 * The SARIF 2.1.0 report, for code scanning: one run of the `airs-ms` driver, one rule per security rule
 * evaluated (custom rules included), one result per violation (`error` for a BLOCKING rule, `warning`
 * for an ALLOWING one) and one per scan without a verdict. A model named in a `--from` file is located at
 * that file's line; otherwise at the model's URI. The file inside the model is a logical location.
 * `partialFingerprints` hash the model, the rule, the file and the threat: stable across runs.
 */
import { createHash } from "node:crypto"
import { isAbsolute } from "node:path"
import { pathToFileURL } from "node:url"
import type * as Sarif from "sarif"
import {
  type Failure,
  failureRuleId,
  type GateRun,
  helpUriOf,
  type ModelOutcome,
  ruleIdOf,
  violationText
} from "./outcome.js"

/** The schema the report declares: OASIS's SARIF 2.1.0 (errata 01). */
export const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

const INFORMATION_URI = "https://www.npmjs.com/package/@effect-airs/model-security-cli"

/** The name under which results carry their fingerprint. */
export const FINGERPRINT = "airsModelSecurity/v1"

const fingerprint = (...parts: ReadonlyArray<string>) =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex")

/** The text with each lone surrogate (no character) replaced by U+FFFD. */
const wellFormed = (text: string) => text.replace(/\p{Cs}/gu, "\uFFFD")

/** Percent-encodes what a URI reference cannot hold (`#` too), and a `%` that starts no escape. */
const encodeUnsafe = (text: string) =>
  text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu, (c) => encodeURIComponent(c))

/** A URI reference for a path: a relative one segment by segment, an absolute one as a `file:` URL. */
export const uriOfPath = (path: string): string =>
  isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)
    ? pathToFileURL(wellFormed(path)).href
    : wellFormed(path)
        .split(/[\\/]/)
        .map((segment) => encodeURIComponent(segment))
        .join("/")

/** A model URI as a URI reference: itself, escaped where it must be, when it has a scheme, else a path. */
export const uriOfModel = (modelUri: string): string => {
  if (!/^[A-Za-z][A-Za-z0-9+.-]+:/.test(modelUri)) return uriOfPath(modelUri)
  const text = wellFormed(modelUri)
  const at = text.indexOf("#")
  return at < 0
    ? encodeUnsafe(text)
    : `${encodeUnsafe(text.slice(0, at))}#${encodeUnsafe(text.slice(at + 1))}`
}

const levelOf = (state: string): Sarif.Result.level => (state === "BLOCKING" ? "error" : "warning")

/** `Suspicious Model Components Check` → `SuspiciousModelComponentsCheck`. */
const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("") || "Rule"

/** Where a result of a model is: the `--from` line naming it, else the model; the file inside it, logically. */
const locationOf = (model: ModelOutcome, file: string | null | undefined): Sarif.Location => {
  const physicalLocation: Sarif.PhysicalLocation =
    model.source === undefined
      ? { artifactLocation: { uri: uriOfModel(model.modelUri) } }
      : { artifactLocation: { uri: uriOfPath(model.source.file) }, region: { startLine: model.source.line } }
  return file == null || file === ""
    ? { physicalLocation }
    : {
        physicalLocation,
        logicalLocations: [
          {
            name: file,
            fullyQualifiedName: `${model.modelUri.replace(/\/+$/, "")}/${file.replace(/^\/+/, "")}`,
            kind: "resource"
          }
        ]
      }
}

const modelProperties = (model: ModelOutcome): Sarif.PropertyBag => ({
  modelUri: model.modelUri,
  verdict: model.verdict,
  ...(model.scan === undefined ? {} : { scanUuid: model.scan.uuid }),
  ...(model.group === undefined
    ? {}
    : { securityGroup: model.group.name, securityGroupUuid: model.group.uuid })
})

/** The rules of the results of scans without a verdict. */
const FAILURE_RULES: Record<string, Sarif.ReportingDescriptor> = {
  "airs-ms/scan-error": {
    id: "airs-ms/scan-error",
    name: "ScanError",
    shortDescription: { text: "The scan did not finish" },
    fullDescription: {
      text: "The scan ended in ERROR or the API could not be used; the model is not known to be safe."
    },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "model-security"] }
  },
  "airs-ms/scan-timeout": {
    id: "airs-ms/scan-timeout",
    name: "ScanTimeout",
    shortDescription: { text: "No verdict in time" },
    fullDescription: {
      text: "The scan gave no verdict within the time the gate waits; the model is not known to be safe."
    },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "model-security"] }
  }
}

/** The rules of a run, each once, in the order first seen; a rule's help from its first violation. */
const rulesOf = (run: GateRun): Array<Sarif.ReportingDescriptor> => {
  const rules = new Map<string, Sarif.ReportingDescriptor>()
  const ruleOf = (
    rule: { readonly rule_name: string; readonly rule_origin?: string | undefined },
    description: string,
    state: string
  ): Sarif.ReportingDescriptor => {
    const id = ruleIdOf(rule)
    let descriptor = rules.get(id)
    if (descriptor === undefined) {
      descriptor = {
        id,
        name: pascal(rule.rule_name),
        shortDescription: { text: rule.rule_name },
        fullDescription: { text: description === "" ? rule.rule_name : description },
        defaultConfiguration: { level: levelOf(state) },
        properties: {
          tags: ["security", "model-security", rule.rule_origin === "CUSTOM" ? "custom" : "managed"]
        }
      }
      rules.set(id, descriptor)
    }
    return descriptor
  }
  for (const model of run.models) {
    for (const evaluation of model.evaluations) {
      ruleOf(evaluation, evaluation.rule_description, evaluation.rule_instance_state)
    }
    for (const violation of model.violations) {
      const rule = ruleOf(violation, violation.rule_description, violation.rule_instance_state)
      const helpUri = helpUriOf(violation)
      const steps = violation.remediation?.steps ?? []
      if (rule.helpUri === undefined && helpUri !== undefined) rule.helpUri = helpUri
      if (rule.help === undefined && steps.length > 0) rule.help = { text: steps.join("\n") }
    }
    if (model.failure !== undefined) {
      const id = failureRuleId(model.failure)
      if (!rules.has(id)) rules.set(id, { ...FAILURE_RULES[id]! })
    }
  }
  return [...rules.values()]
}

const failureResult = (model: ModelOutcome, failure: Failure, ruleIndex: number): Sarif.Result => {
  const ruleId = failureRuleId(failure)
  return {
    ruleId,
    ruleIndex,
    level: "error",
    message: { text: `${failure.code}: ${failure.message} (${model.modelUri})` },
    locations: [locationOf(model, undefined)],
    partialFingerprints: { [FINGERPRINT]: fingerprint(model.modelUri, ruleId, "", failure.code) },
    properties: { ...modelProperties(model), errorCode: failure.code }
  }
}

/** The results of a model: one per violation, or the scan's failure. */
const resultsOf = (model: ModelOutcome, indexOf: (id: string) => number): Array<Sarif.Result> => {
  if (model.failure !== undefined) {
    return [failureResult(model, model.failure, indexOf(failureRuleId(model.failure)))]
  }
  return model.violations.map((violation): Sarif.Result => {
    const ruleId = ruleIdOf(violation)
    const where = violation.file == null ? model.modelUri : `${violation.file} in ${model.modelUri}`
    const what =
      violation.threat == null ? violationText(violation) : `${violation.threat}: ${violationText(violation)}`
    return {
      ruleId,
      ruleIndex: indexOf(ruleId),
      level: levelOf(violation.rule_instance_state),
      message: {
        text: `${what} (${where}; ${violation.rule_name}, ${violation.rule_instance_state})`
      },
      locations: [locationOf(model, violation.file)],
      partialFingerprints: {
        [FINGERPRINT]: fingerprint(model.modelUri, ruleId, violation.file ?? "", violation.threat ?? "")
      },
      properties: {
        ...modelProperties(model),
        ruleState: violation.rule_instance_state,
        ...(violation.file == null ? {} : { file: violation.file }),
        ...(violation.threat == null ? {} : { threat: violation.threat }),
        violationUuid: violation.uuid
      }
    }
  })
}

/** The SARIF log of a run. */
export const sarifLog = (run: GateRun): Sarif.Log => {
  const rules = rulesOf(run)
  const index = new Map(rules.map((rule, i) => [rule.id, i]))
  const indexOf = (id: string) => index.get(id) ?? -1
  const finishedAt = new Date(run.startedAt.getTime() + run.seconds * 1000)
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: run.tool.name,
            version: run.tool.version,
            semanticVersion: run.tool.version,
            informationUri: INFORMATION_URI,
            rules
          }
        },
        invocations: [
          {
            executionSuccessful: run.models.every((model) => model.failure === undefined),
            exitCode: run.exitCode,
            startTimeUtc: run.startedAt.toISOString(),
            endTimeUtc: finishedAt.toISOString()
          }
        ],
        results: run.models.flatMap((model) => resultsOf(model, indexOf)),
        properties: { verdict: run.verdict }
      }
    ]
  }
}

/** The SARIF report of a run, as JSON. */
export const sarifReport = (run: GateRun): string => `${JSON.stringify(sarifLog(run), null, 2)}\n`
