/**
 * `airs-ms scan <model-uri>`: starts a scan and, with `--wait`, polls until the verdict and exits with it
 * (0 ALLOWED, 1 BLOCKED, 3 ERROR, 4 no verdict within `--timeout`), printing the failed rules and the
 * violations (rule, file, threat, remediation).
 */
import { Args, Options } from "@effect/cli"
import {
  type RuleEvaluationResponse,
  type ScanBaseResponse,
  Scans,
  SecurityGroups,
  type SourceType,
  type ViolationResponse
} from "@effect-airs/model-security"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { leaf, withHelp } from "../command.js"
import { Exit, UsageError, VerdictExit, WaitTimedOut } from "../errors.js"
import { duration, keyValues } from "../options.js"
import { emit, progress, progressDone, Session, writeOut } from "../output.js"

/** Where a model URI points, as the API names source types. */
export const sourceTypeOf = (modelUri: string): SourceType => {
  const uri = modelUri.toLowerCase()
  if (uri.startsWith("https://huggingface.co/") || uri.startsWith("hf://")) return "HUGGING_FACE"
  if (uri.startsWith("s3://")) return "S3"
  if (uri.startsWith("gs://")) return "GCS"
  if (uri.includes(".blob.core.windows.net")) return "AZURE"
  if (uri.includes("artifactory")) return "ARTIFACTORY"
  if (uri.includes("gitlab")) return "GITLAB"
  return "LOCAL"
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The group named by `--group` (a UUID or a name), else the first group of the source type. */
const resolveGroup = (given: Option.Option<string>, sourceType: SourceType) =>
  Effect.gen(function* () {
    const groups = yield* SecurityGroups
    if (Option.isNone(given)) {
      const first = (yield* groups.list({ source_types: [sourceType], limit: 1 })).security_groups[0]
      if (first === undefined) {
        return yield* new UsageError({ message: `no ${sourceType} security group: pass --group <uuid|name>` })
      }
      return first
    }
    if (UUID.test(given.value)) return yield* groups.get(given.value)
    const all = yield* Stream.runCollect(groups.stream())
    const named =
      [...all].find((g) => g.name === given.value) ??
      [...all].find((g) => g.name.toLowerCase() === given.value.toLowerCase())
    if (named === undefined)
      return yield* new UsageError({ message: `--group: no security group named '${given.value}'` })
    return named
  })

/** What `scan --wait` reports. */
interface GateReport {
  readonly verdict: string
  readonly exit_code: number
  readonly model_uri: string
  readonly security_group: { readonly uuid: string; readonly name: string }
  readonly scan: ScanBaseResponse
  readonly failed_rules: ReadonlyArray<{
    readonly rule: string
    readonly state: string
    readonly origin: string | undefined
    readonly description: string
    readonly violations: number
  }>
  readonly violations: ReadonlyArray<{
    readonly rule: string
    readonly state: string
    readonly file: string | null
    readonly threat: string | null
    readonly description: string
    readonly remediation: string | null
  }>
}

const remediationOf = (v: ViolationResponse): string | null => {
  if (v.remediation == null) return null
  const steps = v.remediation.steps.join(" ")
  return [steps, v.remediation.url ?? ""].filter((s) => s !== "").join(" ") || null
}

const failedRule = (e: RuleEvaluationResponse) => ({
  rule: e.rule_name,
  state: e.rule_instance_state,
  origin: e.rule_origin ?? undefined,
  description: e.rule_description,
  violations: e.violation_count
})

const violation = (v: ViolationResponse) => ({
  rule: v.rule_name,
  state: v.rule_instance_state,
  file: v.file ?? null,
  threat: v.threat ?? null,
  description: v.threat_description ?? v.description,
  remediation: remediationOf(v)
})

const rulesLine = (scan: ScanBaseResponse) => {
  const summary = scan.eval_summary
  return summary?.total_rules == null
    ? ""
    : ` (${summary.rules_failed ?? 0} of ${summary.total_rules} rules failed)`
}

/** The report as a person reads it. */
const human = (report: GateReport): string => {
  const lines = [`Verdict: ${report.verdict}${rulesLine(report.scan)}`]
  if (report.verdict === "ERROR") {
    lines.push(
      `  ${report.scan.error_code ?? "error"}: ${report.scan.error_message ?? "the scan did not finish"}`
    )
  }
  if (report.failed_rules.length > 0) {
    lines.push(`Failed rules (${report.failed_rules.length}):`)
    for (const r of report.failed_rules) {
      lines.push(`  ✗ ${r.rule} [${r.state}${r.origin === "CUSTOM" ? ", custom" : ""}]: ${r.description}`)
    }
  }
  if (report.violations.length > 0) {
    lines.push(`Violations (${report.violations.length}):`)
    for (const v of report.violations) {
      lines.push(`  ✗ ${v.rule} [${v.state}]`)
      lines.push(`      file: ${v.file ?? "-"}   threat: ${v.threat ?? "-"}`)
      lines.push(`      ${v.description}`)
      if (v.remediation !== null) lines.push(`      remediation: ${v.remediation}`)
    }
  }
  return `${lines.join("\n")}\n`
}

const exitFor = (outcome: string) =>
  outcome === "ALLOWED" ? Exit.ok : outcome === "BLOCKED" ? Exit.blocked : Exit.error

export const scan = leaf(
  "scan",
  {
    modelUri: Args.text({ name: "model-uri" }).pipe(
      Args.withDescription(
        "The model to scan: https://huggingface.co/org/model, s3://…, gs://…, a local path, …"
      )
    ),
    group: Options.text("group").pipe(
      Options.withAlias("g"),
      Options.withPseudoName("uuid|name"),
      Options.withDescription("Security group (default: the first group of the model's source type)."),
      Options.optional
    ),
    labels: keyValues("label").pipe(Options.withDescription("A label of the scan (repeatable).")),
    wait: Options.boolean("wait").pipe(
      Options.withDescription(
        "Wait for the verdict; exit 0 ALLOWED, 1 BLOCKED, 3 ERROR, 4 no verdict within --timeout."
      )
    ),
    timeout: duration("timeout").pipe(
      Options.withDescription("How long --wait waits (default 15m)."),
      Options.optional
    ),
    interval: duration("interval").pipe(
      Options.withDescription("Time between polls (default 5s; 200ms with --fake)."),
      Options.optional
    )
  },
  (values) =>
    Effect.gen(function* () {
      const session = yield* Session
      const scans = yield* Scans
      const humanOutput = session.format === "table"
      const say = (text: string) => (humanOutput ? writeOut(`${text}\n`) : Effect.void)

      const sourceType = sourceTypeOf(values.modelUri)
      const group = yield* resolveGroup(values.group, sourceType)
      yield* say(`Scanning ${values.modelUri}\n  security group: ${group.name} (${group.uuid})`)
      const labels = Object.fromEntries(values.labels)
      const created = yield* scans.create({
        model_uri: values.modelUri,
        security_group_uuid: group.uuid,
        ...(values.labels.length > 0 ? { labels } : {})
      })
      yield* say(`  scan: ${created.uuid}`)
      if (!values.wait) {
        if (humanOutput) {
          return yield* say(
            `Started (${created.eval_outcome}); follow it with: airs-ms scans get ${created.uuid}`
          )
        }
        return yield* emit(created)
      }

      const timeout = Option.getOrElse(values.timeout, () => Duration.minutes(15))
      const interval = Option.getOrElse(values.interval, () =>
        session.fake ? Duration.millis(200) : Duration.seconds(5)
      )
      let last: ScanBaseResponse = created
      let polls = 0
      const started = Date.now()
      const finished = yield* scans
        .watch(created.uuid, { interval, timeout: Duration.sum(timeout, Duration.minutes(1)) })
        .pipe(
          Stream.tap((current) => {
            last = current
            polls += 1
            return progress(
              `waiting for scan ${created.uuid}: ${current.eval_outcome} (poll ${polls}, ${Math.round(
                (Date.now() - started) / 1000
              )}s)`
            )
          }),
          Stream.runLast,
          Effect.map(Option.getOrElse(() => last)),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new WaitTimedOut({
                scanUuid: created.uuid,
                message: `no verdict for scan ${created.uuid} within ${Duration.format(timeout)} (still ${
                  last.eval_outcome
                }); check later with: airs-ms scans get ${created.uuid}`
              })
          }),
          Effect.ensuring(progressDone),
          Effect.tapError((e) =>
            e._tag === "WaitTimedOut" && !humanOutput
              ? emit({
                  verdict: "TIMED_OUT",
                  exit_code: Exit.timeout,
                  model_uri: values.modelUri,
                  security_group: { uuid: group.uuid, name: group.name },
                  scan: last
                })
              : Effect.void
          )
        )

      const outcome = finished.eval_outcome
      const blocked = outcome === "BLOCKED"
      const [failed, violations] = blocked
        ? yield* Effect.all([
            Stream.runCollect(scans.streamEvaluations(finished.uuid, { result: "FAILED" })),
            Stream.runCollect(scans.streamViolations(finished.uuid))
          ])
        : [[], []]
      const report: GateReport = {
        verdict: outcome,
        exit_code: exitFor(outcome),
        model_uri: values.modelUri,
        security_group: { uuid: group.uuid, name: group.name },
        scan: finished,
        failed_rules: [...failed].map(failedRule),
        violations: [...violations].map(violation)
      }
      yield* humanOutput ? writeOut(human(report)) : emit(report)
      if (report.exit_code !== Exit.ok) return yield* new VerdictExit({ code: report.exit_code })
    })
).pipe(
  withHelp(
    "Scan a model; with --wait, wait for the verdict and exit with it (a CI gate).",
    "airs-ms scan https://huggingface.co/acme/sentiment-model --wait --timeout 20m --label ci=true -o json"
  )
)
