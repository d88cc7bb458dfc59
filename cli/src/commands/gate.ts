/**
 * One model through the gate: start its scan, wait for the verdict (within the timeout), read its rule
 * evaluations and violations. Whatever happens is an outcome, never a failure, so that one model's
 * error or timeout never hides the others' results. And the security groups the models go to.
 */
import {
  type ModelSecurityError,
  type ScanBaseResponse,
  Scans,
  SecurityGroups,
  type SourceType
} from "@effect-airs/model-security"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { UsageError } from "../errors.js"
import { progress, progressDone, writeErr } from "../output.js"
import {
  exitCodeOf,
  type Failure,
  type ModelOutcome,
  type Source,
  type Verdict,
  verdictOfOutcome
} from "../report/outcome.js"

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

/** A security group as the reports name it; a group given by UUID in a `--from` file is named by its scan. */
export interface GroupRef {
  readonly uuid: string
  readonly name: string | undefined
}

/** The group named by `--group` (a UUID or a name), else the first group of the source type. */
export const resolveGroup = (given: Option.Option<string>, sourceType: SourceType) =>
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

/** A model to scan, with its group and labels settled. */
export interface GateTarget {
  readonly modelUri: string
  readonly source: Source | undefined
  readonly group: GroupRef
  readonly labels: ReadonlyArray<readonly [string, string]>
}

/** How the gate waits. */
export interface WaitSettings {
  readonly wait: boolean
  readonly timeout: Duration.Duration
  readonly interval: Duration.Duration
}

/** What the gate reports as it goes: the lines of one model (`say`) and progress across all. */
export interface GateEvents {
  /** A line about the model, as it happens (the table format of a single model shows them). */
  readonly say: (line: string) => Effect.Effect<void>
  /** A poll of the model's scan. */
  readonly polled: (modelUri: string, scan: ScanBaseResponse, polls: number, since: number) => string
}

const failureOf = (error: ModelSecurityError): Failure => ({
  code: "status" in error && error.status !== undefined ? `${error._tag} ${error.status}` : error._tag,
  message: error.message
})

class TimedOut {
  readonly _tag = "TimedOut"
  constructor(readonly message: string) {}
}

/** Scans one model; every way it can end is an outcome. */
export const gateModel = (target: GateTarget, settings: WaitSettings, events: GateEvents) =>
  Effect.suspend(() => {
    const started = Date.now()
    let last: ScanBaseResponse | undefined
    const outcome = (
      verdict: Verdict,
      fields: Partial<Pick<ModelOutcome, "failure" | "evaluations" | "violations">> = {}
    ): ModelOutcome => {
      const name = target.group.name ?? last?.security_group_name
      return {
        modelUri: target.modelUri,
        source: target.source,
        verdict,
        exitCode: exitCodeOf(verdict),
        group: name === undefined ? undefined : { uuid: target.group.uuid, name },
        scan: last,
        failure: fields.failure,
        evaluations: fields.evaluations ?? [],
        violations: fields.violations ?? [],
        seconds: (Date.now() - started) / 1000
      }
    }

    return Effect.gen(function* () {
      const scans = yield* Scans
      const created = yield* scans.create({
        model_uri: target.modelUri,
        security_group_uuid: target.group.uuid,
        ...(target.labels.length > 0 ? { labels: Object.fromEntries(target.labels) } : {})
      })
      last = created
      yield* events.say(`  scan: ${created.uuid}`)
      if (!settings.wait) return outcome(verdictOfOutcome(created.eval_outcome))

      let polls = 0
      const finished = yield* scans
        .watch(created.uuid, {
          interval: settings.interval,
          timeout: Duration.sum(settings.timeout, Duration.minutes(1))
        })
        .pipe(
          Stream.tap((current) => {
            last = current
            polls += 1
            return progress(events.polled(target.modelUri, current, polls, started))
          }),
          Stream.runLast,
          Effect.map(Option.getOrElse(() => created)),
          Effect.timeoutFail({
            duration: settings.timeout,
            onTimeout: () =>
              new TimedOut(
                `no verdict for scan ${created.uuid} within ${Duration.format(settings.timeout)} (still ${
                  last?.eval_outcome ?? created.eval_outcome
                }); check later with: airs-ms scans get ${created.uuid}`
              )
          }),
          Effect.ensuring(progressDone)
        )
      last = finished
      const verdict = verdictOfOutcome(finished.eval_outcome)
      if (verdict === "ERROR") {
        return outcome("ERROR", {
          failure: {
            code: finished.error_code ?? "ERROR",
            message: finished.error_message ?? "the scan did not finish"
          }
        })
      }
      const evaluations = [...(yield* Stream.runCollect(scans.streamEvaluations(finished.uuid)))]
      const anyFailed =
        verdict === "BLOCKED" ||
        (finished.eval_summary?.rules_failed ?? 0) > 0 ||
        evaluations.some((evaluation) => evaluation.result === "FAILED")
      const violations = anyFailed
        ? [...(yield* Stream.runCollect(scans.streamViolations(finished.uuid)))]
        : []
      return outcome(verdict, { evaluations, violations })
    }).pipe(
      Effect.catchAll((error) => {
        const timedOut = error instanceof TimedOut
        const failure: Failure = timedOut ? { code: "TIMED_OUT", message: error.message } : failureOf(error)
        return Effect.succeed(outcome(timedOut ? "TIMED_OUT" : "ERROR", { failure }))
      }),
      Effect.tap(({ failure }) =>
        failure === undefined
          ? Effect.void
          : writeErr(
              `airs-ms: ${target.modelUri}: ${failure.code === "TIMED_OUT" ? "" : `${failure.code}: `}${failure.message}`
            )
      )
    )
  })
