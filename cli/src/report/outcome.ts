/**
 * What a gate run found: each model's verdict with its rule evaluations and violations, and the run's
 * verdict and exit code (the highest of the models': 0 ALLOWED, 1 BLOCKED, 3 ERROR, 4 timed out).
 * Every report (JSON, table, SARIF, JUnit, Markdown, workflow commands) is written from these.
 */
import type { RuleEvaluationResponse, ScanBaseResponse, ViolationResponse } from "@effect-airs/model-security"
import { Exit } from "../errors.js"

/** A model's verdict: the scan's outcome, `TIMED_OUT` without one in time, `PENDING` when not waited for. */
export type Verdict = "ALLOWED" | "BLOCKED" | "ERROR" | "TIMED_OUT" | "PENDING"

/** The line of a `--from` file that names a model; `file` as reports show it (see `shownPath`). */
export interface Source {
  readonly file: string
  readonly line: number
}

/** Why a model has no verdict: the scan's own error, the API's failure, or the wait running out. */
export interface Failure {
  /** The scan's `error_code`, the SDK's error tag (`ClientError 404`), or `TIMED_OUT`. */
  readonly code: string
  readonly message: string
}

/** One model of the run and what its scan found. */
export interface ModelOutcome {
  readonly modelUri: string
  readonly source: Source | undefined
  readonly verdict: Verdict
  readonly exitCode: number
  readonly group: { readonly uuid: string; readonly name: string } | undefined
  readonly scan: ScanBaseResponse | undefined
  readonly failure: Failure | undefined
  /** Every rule evaluation of a finished scan, in the API's order. */
  readonly evaluations: ReadonlyArray<RuleEvaluationResponse>
  readonly violations: ReadonlyArray<ViolationResponse>
  /** From the request that started the scan to its verdict (or failure). */
  readonly seconds: number
}

/** The whole run. */
export interface GateRun {
  readonly tool: { readonly name: string; readonly version: string }
  readonly models: ReadonlyArray<ModelOutcome>
  readonly verdict: Verdict
  readonly exitCode: number
  readonly startedAt: Date
  readonly seconds: number
  /** One model named on the command line: the JSON report is that model's alone, as it always was. */
  readonly single: boolean
}

/** The exit code of a verdict. */
export const exitCodeOf = (verdict: Verdict): number => {
  switch (verdict) {
    case "ALLOWED":
    case "PENDING":
      return Exit.ok
    case "BLOCKED":
      return Exit.blocked
    case "ERROR":
      return Exit.error
    case "TIMED_OUT":
      return Exit.timeout
  }
}

/** The verdict of a scan's `eval_outcome` (an outcome the API adds later counts as ERROR). */
export const verdictOfOutcome = (outcome: string): Verdict =>
  outcome === "ALLOWED" || outcome === "BLOCKED" || outcome === "PENDING" ? outcome : "ERROR"

/** The run of some models: its exit code is the highest of theirs, its verdict the one with that code. */
export const gateRun = (
  tool: GateRun["tool"],
  models: ReadonlyArray<ModelOutcome>,
  startedAt: Date,
  finishedAt: Date,
  single: boolean
): GateRun => {
  const exitCode = Math.max(Exit.ok, ...models.map((model) => model.exitCode))
  const worst = models.find((model) => model.exitCode === exitCode)
  return {
    tool,
    models,
    verdict: worst?.verdict ?? "ALLOWED",
    exitCode,
    startedAt,
    seconds: Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1000),
    single
  }
}

/** The evaluations of a model that failed. */
export const failedEvaluations = (model: ModelOutcome) =>
  model.evaluations.filter((evaluation) => evaluation.result === "FAILED")

/** How many models have each verdict, in a fixed order: `1 BLOCKED, 2 ALLOWED`. */
export const tally = (models: ReadonlyArray<ModelOutcome>): string => {
  const order: ReadonlyArray<Verdict> = ["TIMED_OUT", "ERROR", "BLOCKED", "ALLOWED", "PENDING"]
  return order
    .map((verdict) => [verdict, models.filter((model) => model.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(", ")
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "rule"

/**
 * A rule's stable id in reports: `airs/` and its name in lower case words joined by `-` (custom rules
 * under `airs/custom/`), the same in every security group and every run.
 */
export const ruleIdOf = (rule: { readonly rule_name: string; readonly rule_origin?: string | undefined }) =>
  rule.rule_origin === "CUSTOM" ? `airs/custom/${slug(rule.rule_name)}` : `airs/${slug(rule.rule_name)}`

/** The id of the result a scan without a verdict gives. */
export const failureRuleId = (failure: Failure) =>
  failure.code === "TIMED_OUT" ? "airs-ms/scan-timeout" : "airs-ms/scan-error"

/** The rule's or the threat's page: the violation's remediation link, else its threat's knowledge-base page. */
export const helpUriOf = (violation: ViolationResponse): string | undefined =>
  httpUrl(violation.remediation?.url) ?? httpUrl(violation.threat_kb_url)

/** A URL that is safe to link to (http or https), else `undefined`. */
export const httpUrl = (text: string | null | undefined): string | undefined => {
  if (typeof text !== "string") return undefined
  try {
    const url = new URL(text)
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined
  } catch {
    return undefined
  }
}

/** A violation's remediation: its steps, then its link. */
export const remediationOf = (violation: ViolationResponse): string | null => {
  if (violation.remediation == null) return null
  const steps = violation.remediation.steps.join(" ")
  return [steps, violation.remediation.url ?? ""].filter((part) => part !== "").join(" ") || null
}

/** What a violation is about: the threat's description, else the violation's. */
export const violationText = (violation: ViolationResponse): string =>
  violation.threat_description ?? violation.description
