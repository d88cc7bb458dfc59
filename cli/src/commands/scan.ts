/**
 * `airs-ms scan <model-uri>… [--from FILE]`: starts a scan of each model and, with `--wait`, waits for
 * the verdicts (`--concurrency` at a time) and exits with the highest of their codes (0 ALLOWED,
 * 1 BLOCKED, 3 ERROR or API failure, 4 no verdict within `--timeout`; 0 with `--report-only`), printing
 * the failed rules and violations, in words or as JSON, SARIF, JUnit or Markdown, and writing more
 * reports with `--report FORMAT=PATH`. In GitHub Actions it also annotates the violations, appends the
 * Markdown report to the step summary and sets the step's `verdict` output.
 */
import { dirname } from "node:path"
import { Args, Options } from "@effect/cli"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import pkg from "../../package.json" with { type: "json" }
import { leaf, withHelp } from "../command.js"
import { UsageError, VerdictExit } from "../errors.js"
import { duration, invalid, keyValues } from "../options.js"
import { Session, type SessionShape, writeErr, writeOut, writeValue } from "../output.js"
import { CI_LABELS_HELP, ciLabels, ciOf } from "../report/ci-labels.js"
import { annotations, isGitHubActions, stepOutputs } from "../report/github.js"
import { labelProblem, type ManifestEntry, parseManifest } from "../report/manifest.js"
import { markdownReport } from "../report/markdown.js"
import { type GateRun, gateRun, type ModelOutcome, type Source } from "../report/outcome.js"
import { type ReportFile, renderRun, reportOption, shownPath } from "../report/render.js"
import { modelText, summaryText, verdictText } from "../report/text.js"
import { Stdio } from "../stdio.js"
import { type GateTarget, type GroupRef, gateModel, resolveGroup, sourceTypeOf } from "./gate.js"

/** A model named on the command line or in the `--from` file, before its group is settled. */
interface Named {
  readonly modelUri: string
  readonly source: Source | undefined
  readonly groupUuid: string | undefined
  readonly labels: ReadonlyArray<readonly [string, string]>
}

/** The models of `--from` (a file, or `-` for stdin). */
const readManifest = (path: string) =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const fs = yield* FileSystem.FileSystem
    const text =
      path === "-"
        ? yield* Effect.mapError(
            stdio.readStdin,
            (e) => new UsageError({ message: `--from: cannot read stdin: ${e.message}` })
          )
        : yield* Effect.mapError(
            fs.readFileString(path),
            (e) => new UsageError({ message: `--from: cannot read ${path}: ${e.message}` })
          )
    const shown = path === "-" ? "stdin" : shownPath(path, stdio.env())
    return yield* Either.match(parseManifest(text, shown), {
      onLeft: (message) => Effect.fail(new UsageError({ message: `--from ${message}` })),
      onRight: (entries: ReadonlyArray<ManifestEntry>) =>
        Effect.succeed(
          entries.map(
            (entry): Named => ({
              modelUri: entry.modelUri,
              source: path === "-" ? undefined : { file: shown, line: entry.line },
              groupUuid: entry.groupUuid,
              labels: entry.labels
            })
          )
        )
    })
  })

/** The labels of a model: the CI's, then `--label`'s, then its own from the file, the later winning. */
const labelsOf = (
  base: ReadonlyArray<readonly [string, string]>,
  own: ReadonlyArray<readonly [string, string]>
): Effect.Effect<ReadonlyArray<readonly [string, string]>, UsageError> => {
  const merged = [...new Map([...base, ...own])]
  return merged.length > 50
    ? Effect.fail(
        new UsageError({ message: `--label: a scan takes at most 50 labels, got ${merged.length}` })
      )
    : Effect.succeed(merged)
}

/** Each model with its security group: its own, else `--group`'s, else its source type's first. */
const settleGroups = (named: ReadonlyArray<Named>, group: Option.Option<string>) =>
  Effect.gen(function* () {
    const needing = named.filter((model) => model.groupUuid === undefined)
    const byType = new Map<string, GroupRef>()
    if (needing.length > 0 && Option.isSome(group)) {
      const found = yield* resolveGroup(group, "LOCAL")
      for (const model of needing) byType.set(sourceTypeOf(model.modelUri), found)
    }
    for (const model of needing) {
      const type = sourceTypeOf(model.modelUri)
      if (!byType.has(type)) byType.set(type, yield* resolveGroup(Option.none(), type))
    }
    return named.map(
      (model): GroupRef =>
        model.groupUuid === undefined
          ? byType.get(sourceTypeOf(model.modelUri))!
          : { uuid: model.groupUuid, name: undefined }
    )
  })

/** What stdout shows at the end: the report asked for, the run's JSON (or …), or the closing words. */
const writeStdout = (run: GateRun, session: SessionShape, human: boolean): Effect.Effect<void> => {
  if (session.report !== undefined) return writeOut(renderRun(run, session.report))
  const model = run.models[0]!
  if (run.single && model.verdict === "PENDING") {
    // Not waited for: the scan as it was started.
    if (model.scan === undefined) return Effect.void
    return human
      ? writeOut(
          `Started (${model.scan.eval_outcome}); follow it with: airs-ms scans get ${model.scan.uuid}\n`
        )
      : writeValue(model.scan, session.format)
  }
  if (human) return writeOut(run.single ? verdictText(model) : summaryText(run))
  return writeOut(renderRun(run, session.format))
}

/** The `--report` files, and in GitHub Actions the annotations, the step summary and the outputs. */
const writeReports = (run: GateRun, files: ReadonlyArray<ReportFile>, waited: boolean) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const env = (yield* Stdio).env()
    for (const file of files) {
      yield* Effect.mapError(
        fs.writeFileString(file.path, renderRun(run, file.format)),
        (e) => new UsageError({ message: `--report: cannot write ${file.path}: ${e.message}` })
      )
    }
    if (!waited || !isGitHubActions(env)) return
    for (const line of annotations(run)) yield* writeErr(line)
    const append = (variable: string, text: string) => {
      const path = env[variable]
      return path === undefined || path === ""
        ? Effect.void
        : Effect.mapError(
            fs.writeFileString(path, text, { flag: "a" }),
            (e) => new UsageError({ message: `cannot append to $${variable} (${path}): ${e.message}` })
          )
    }
    yield* append("GITHUB_STEP_SUMMARY", `${markdownReport(run)}\n`)
    yield* append("GITHUB_OUTPUT", stepOutputs(run))
  })

export const scan = leaf(
  "scan",
  {
    modelUris: Args.text({ name: "model-uri" }).pipe(
      Args.withDescription(
        "The models to scan: https://huggingface.co/org/model, s3://…, gs://…, a local path, …"
      ),
      Args.repeated
    ),
    from: Options.text("from").pipe(
      Options.withPseudoName("file|-"),
      Options.withDescription(
        "More models, from a file: one URI per line (blank lines and # comments ignored), or a YAML/JSON list of URIs and { model_uri, security_group_uuid?, labels? }. Reports point at each model's line."
      ),
      Options.optional
    ),
    group: Options.text("group").pipe(
      Options.withAlias("g"),
      Options.withPseudoName("uuid|name"),
      Options.withDescription(
        "Security group of the models that name none (default: the first group of each model's source type)."
      ),
      Options.optional
    ),
    labels: keyValues("label").pipe(Options.withDescription("A label of the scans (repeatable).")),
    ciLabels: Options.boolean("ci-labels").pipe(Options.withDescription(CI_LABELS_HELP)),
    wait: Options.boolean("wait").pipe(
      Options.withDescription(
        "Wait for the verdicts; exit with the highest code: 0 ALLOWED, 1 BLOCKED, 3 ERROR, 4 no verdict within --timeout."
      )
    ),
    timeout: duration("timeout").pipe(
      Options.withDescription("How long --wait waits for each model (default 15m)."),
      Options.optional
    ),
    interval: duration("interval").pipe(
      Options.withDescription("Time between polls (default 5s; 200ms with --fake)."),
      Options.optional
    ),
    concurrency: Options.integer("concurrency").pipe(
      Options.withDescription("Models scanned at a time (1-64, default 4)."),
      Options.withDefault(4),
      Options.mapEffect((n) =>
        Number.isInteger(n) && n >= 1 && n <= 64
          ? Effect.succeed(n)
          : invalid("concurrency", `expected an integer from 1 to 64, got '${n}'`)
      )
    ),
    reportOnly: Options.boolean("report-only").pipe(
      Options.withDescription("Exit 0 whatever the verdicts (2 still for a usage mistake); report only.")
    ),
    reports: reportOption
  },
  (values) =>
    Effect.gen(function* () {
      const session = yield* Session
      const stdio = yield* Stdio
      const fs = yield* FileSystem.FileSystem
      const env = stdio.env()
      const human = session.report === undefined && session.format === "table"

      // Everything is checked before a request is sent.
      const fromFile = Option.isSome(values.from) ? yield* readManifest(values.from.value) : []
      const named: ReadonlyArray<Named> = [
        ...values.modelUris.map(
          (modelUri): Named => ({ modelUri, source: undefined, groupUuid: undefined, labels: [] })
        ),
        ...fromFile
      ]
      if (named.length === 0) {
        return yield* new UsageError({ message: "scan: give a <model-uri> or --from FILE" })
      }
      if (named.some((model) => model.modelUri.trim() === "")) {
        return yield* new UsageError({ message: "scan: a <model-uri> must not be empty" })
      }
      if (!values.wait) {
        const needsWait =
          session.report !== undefined
            ? `--output ${session.report}`
            : values.reports.length > 0
              ? "--report"
              : values.reportOnly
                ? "--report-only"
                : undefined
        if (needsWait !== undefined) {
          return yield* new UsageError({ message: `${needsWait}: reports the verdicts, so it needs --wait` })
        }
      }
      for (const [key, value] of values.labels) {
        const problem = labelProblem(key, value)
        if (problem !== undefined) return yield* new UsageError({ message: `--label: ${problem}` })
      }
      if (values.ciLabels && ciOf(env) === undefined) {
        yield* writeErr(
          "airs-ms: --ci-labels: neither GitHub Actions nor GitLab CI variables found; no CI labels"
        )
      }
      const base = [...(values.ciLabels ? ciLabels(env) : []), ...values.labels]
      const labels = yield* Effect.forEach(named, (model) => labelsOf(base, model.labels))
      for (const file of values.reports) {
        yield* Effect.mapError(
          fs.makeDirectory(dirname(file.path), { recursive: true }),
          (e) => new UsageError({ message: `--report: cannot write ${file.path}: ${e.message}` })
        )
      }

      const single = values.modelUris.length === 1 && Option.isNone(values.from)
      const say = (text: string) => (human && single ? writeOut(`${text}\n`) : Effect.void)
      const groups = yield* settleGroups(named, values.group)
      const targets = named.map(
        (model, i): GateTarget => ({
          modelUri: model.modelUri,
          source: model.source,
          group: groups[i]!,
          labels: labels[i]!
        })
      )
      if (single) {
        const group = targets[0]!.group
        yield* say(`Scanning ${targets[0]!.modelUri}\n  security group: ${group.name} (${group.uuid})`)
      }

      const settings = {
        wait: values.wait,
        timeout: Option.getOrElse(values.timeout, () => Duration.minutes(15)),
        interval: Option.getOrElse(values.interval, () =>
          session.fake ? Duration.millis(200) : Duration.seconds(5)
        )
      }
      let done = 0
      const events = {
        say,
        polled: (
          modelUri: string,
          current: { eval_outcome: string; uuid: string },
          polls: number,
          since: number
        ) =>
          `${single ? "" : `[${done}/${targets.length} done] ${modelUri}: `}waiting for scan ${current.uuid}: ${
            current.eval_outcome
          } (poll ${polls}, ${Math.round((Date.now() - since) / 1000)}s)`
      }
      const finished = (model: ModelOutcome) =>
        Effect.suspend(() => {
          done += 1
          return human && !single ? writeOut(modelText(model)) : Effect.void
        })
      const startedAt = new Date()
      const outcomes = yield* Effect.forEach(
        targets,
        (target) => Effect.tap(gateModel(target, settings, events), finished),
        { concurrency: values.concurrency }
      )
      const run = gateRun({ name: "airs-ms", version: pkg.version }, outcomes, startedAt, new Date(), single)

      yield* writeStdout(run, session, human)
      yield* writeReports(run, values.reports, values.wait)
      if (run.exitCode !== 0 && !values.reportOnly) return yield* new VerdictExit({ code: run.exitCode })
    }),
  { reports: true }
).pipe(
  withHelp(
    "Scan models; with --wait, wait for the verdicts and exit with the worst (a CI gate), reporting as SARIF, JUnit or Markdown too.",
    "airs-ms scan --from models.yaml --wait --timeout 20m --report sarif=airs.sarif --report junit=airs.xml"
  )
)
