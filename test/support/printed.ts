/**
 * Everything a program printed, to look for secrets in: its log lines at every level, its spans as text,
 * and every common printed form of its failures.
 */
import { inspect } from "node:util"
import { Cause, Effect, Exit, Layer, Logger, LogLevel, Runtime } from "effect"
import { makeRecordingTracer } from "./tracer.js"

/** Printed texts, each with where it was printed. */
export type Printed = ReadonlyArray<readonly [where: string, text: string]>

/** A logger that keeps every line (logfmt), at every level. */
export const makeRecordingLogger = () => {
  const lines: Array<string> = []
  const layer = Layer.merge(
    Logger.replace(
      Logger.defaultLogger,
      Logger.map(Logger.logfmtLogger, (line) => {
        lines.push(line)
      })
    ),
    Logger.minimumLogLevel(LogLevel.All)
  )
  return { lines, layer }
}

/** Every way an error is commonly printed: its message, `String`, stack, JSON, `inspect`, and its cause. */
export const printedForms = (where: string, error: unknown): Printed => {
  const e = error as
    | { readonly message?: unknown; readonly stack?: unknown; readonly cause?: unknown }
    | undefined
  return [
    [`${where}: message`, String(e?.message)],
    [`${where}: String`, String(error)],
    [`${where}: stack`, String(e?.stack)],
    [`${where}: JSON`, String(JSON.stringify(error))],
    [`${where}: inspect`, inspect(error, { depth: 10 })],
    [`${where}: cause`, inspect(e?.cause, { depth: 10 })]
  ]
}

/** Where each of `secrets` was printed, with the secret's first characters only (it is not printed itself). */
export const leaksOf = (printed: Printed, secrets: ReadonlyArray<string>): Array<string> =>
  printed.flatMap(([where, text]) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 12)}…`)
  )

/**
 * Runs effects as an application would (the outcome logged, in a log span and a span of its own), every
 * log line and span recorded, and keeps every printed form of a failure: the exit, the cause, the error
 * and what `Effect.runPromise` rejects with.
 */
export const makeRecorder = () => {
  const tracer = makeRecordingTracer()
  const logger = makeRecordingLogger()
  const printed: Array<readonly [where: string, text: string]> = []
  const keep = (where: string, text: unknown) => {
    printed.push([where, typeof text === "string" ? text : String(text)])
  }
  const keepError = (where: string, error: unknown) => {
    printed.push(...printedForms(where, error))
  }
  const run = async <A, E, R>(
    name: string,
    effect: Effect.Effect<A, E, R>,
    layer: Layer.Layer<R, unknown>
  ) => {
    const exit = await Effect.runPromiseExit(
      effect.pipe(
        Effect.tap((value) => Effect.logDebug(`${name} succeeded`, value)),
        Effect.tapErrorCause((cause) => Effect.logError(`${name} failed`, cause)),
        Effect.withLogSpan(name),
        Effect.annotateLogs("case", name),
        Effect.withSpan(`test.${name}`),
        Effect.provide(layer),
        Effect.provide(logger.layer),
        Effect.provide(tracer.layer)
      )
    )
    keep(`${name}: exit`, inspect(exit, { depth: 10 }))
    if (Exit.isFailure(exit)) {
      keep(`${name}: pretty cause`, Cause.pretty(exit.cause))
      keepError(name, Cause.squash(exit.cause))
      keepError(`${name}: runPromise`, Runtime.makeFiberFailure(exit.cause))
    }
    return exit
  }
  /** Everything printed so far: the kept texts, the log lines and the spans. */
  const all = (): Printed => [
    ...printed,
    ...logger.lines.map((line) => ["log", line] as const),
    ...tracer.texts.map((text) => ["span", text] as const)
  ]
  return { run, keep, keepError, printed, lines: logger.lines, spans: tracer.texts, all }
}
