/**
 * The run as data and as text: the JSON report (one model's as it always was, or the run's with every
 * model), CSV rows, and the report in words of the table format.
 */
import type { RuleEvaluationResponse, ViolationResponse } from "@effect-airs/model-security"
import { csvRow } from "../output.js"
import {
  failedEvaluations,
  type GateRun,
  type ModelOutcome,
  remediationOf,
  tally,
  violationText
} from "./outcome.js"

const failedRule = (evaluation: RuleEvaluationResponse) => ({
  rule: evaluation.rule_name,
  state: evaluation.rule_instance_state,
  origin: evaluation.rule_origin ?? undefined,
  description: evaluation.rule_description,
  violations: evaluation.violation_count
})

const violation = (v: ViolationResponse) => ({
  rule: v.rule_name,
  state: v.rule_instance_state,
  file: v.file ?? null,
  threat: v.threat ?? null,
  description: violationText(v),
  remediation: remediationOf(v)
})

/** One model's JSON report. */
export const modelJson = (model: ModelOutcome) => ({
  verdict: model.verdict,
  exit_code: model.exitCode,
  model_uri: model.modelUri,
  ...(model.source === undefined ? {} : { source: model.source }),
  security_group: model.group ?? null,
  scan: model.scan ?? null,
  ...(model.failure === undefined ? {} : { error: model.failure }),
  failed_rules: failedEvaluations(model).map(failedRule),
  violations: model.violations.map(violation)
})

/** The JSON report: the one model's when a single model was named, else the run's. */
export const runJson = (run: GateRun): unknown =>
  run.single && run.models.length === 1
    ? modelJson(run.models[0]!)
    : { verdict: run.verdict, exit_code: run.exitCode, models: run.models.map(modelJson) }

/** One CSV row per model. */
export const runCsv = (run: GateRun): string =>
  csvRow([
    "model_uri",
    "verdict",
    "exit_code",
    "source",
    "security_group",
    "scan_uuid",
    "rules_failed",
    "total_rules",
    "violations",
    "error"
  ]) +
  run.models
    .map((model) =>
      csvRow([
        model.modelUri,
        model.verdict,
        String(model.exitCode),
        model.source === undefined ? "" : `${model.source.file}:${model.source.line}`,
        model.group?.name ?? "",
        model.scan?.uuid ?? "",
        String(failedEvaluations(model).length),
        String(model.evaluations.length),
        String(model.violations.length),
        model.failure === undefined ? "" : `${model.failure.code}: ${model.failure.message}`
      ])
    )
    .join("")

const rulesLine = (model: ModelOutcome) => {
  const summary = model.scan?.eval_summary
  return summary?.total_rules == null
    ? ""
    : ` (${summary.rules_failed ?? 0} of ${summary.total_rules} rules failed)`
}

/** A model's verdict in words: the failed rules and each violation's rule, file, threat, remediation. */
export const verdictText = (model: ModelOutcome): string => {
  const lines = [`Verdict: ${model.verdict}${rulesLine(model)}`]
  if (model.failure !== undefined) lines.push(`  ${model.failure.code}: ${model.failure.message}`)
  const failed = failedEvaluations(model)
  if (failed.length > 0) {
    lines.push(`Failed rules (${failed.length}):`)
    for (const r of failed) {
      lines.push(
        `  ✗ ${r.rule_name} [${r.rule_instance_state}${r.rule_origin === "CUSTOM" ? ", custom" : ""}]: ${r.rule_description}`
      )
    }
  }
  if (model.violations.length > 0) {
    lines.push(`Violations (${model.violations.length}):`)
    for (const v of model.violations) {
      lines.push(`  ✗ ${v.rule_name} [${v.rule_instance_state}]`)
      lines.push(`      file: ${v.file ?? "-"}   threat: ${v.threat ?? "-"}`)
      lines.push(`      ${violationText(v)}`)
      const remediation = remediationOf(v)
      if (remediation !== null) lines.push(`      remediation: ${remediation}`)
    }
  }
  return `${lines.join("\n")}\n`
}

/** A model of a run of several in words: which model, where it was named, its group and scan, its verdict. */
export const modelText = (model: ModelOutcome): string => {
  const where = model.source === undefined ? "" : `  (${model.source.file}:${model.source.line})`
  const group = model.group === undefined ? "" : `  security group: ${model.group.name} (${model.group.uuid})`
  const scan = model.scan === undefined ? "" : `${group === "" ? "  " : "   "}scan: ${model.scan.uuid}`
  const details = group + scan
  return `${model.modelUri}${where}\n${details === "" ? "" : `${details}\n`}${verdictText(model)}\n`
}

/** The closing line of a run of several models: the verdicts counted and the exit code. */
export const summaryText = (run: GateRun): string =>
  `${run.models.length} models: ${tally(run.models)} → ${run.verdict} (exit ${run.exitCode})\n`

/** The whole run in words. */
export const runText = (run: GateRun): string =>
  run.single && run.models.length === 1
    ? verdictText(run.models[0]!)
    : `${run.models.map(modelText).join("")}${summaryText(run)}`
