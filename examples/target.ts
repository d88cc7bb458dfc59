/**
 * Shared by the examples: talk to an embedded fake AIRS (the default) or, with `--live`, to the real
 * API with the PANW_MODEL_SEC_* / PANW_MGMT_* credentials of the environment.
 *
 * Against the fake, the environment is never consulted: the SDK gets the fake's URLs and credentials
 * as options, under an empty `ConfigProvider`.
 */

import type { ServeError } from "@effect/platform/HttpServerError"
import { NodeRuntime } from "@effect/platform-node"
import {
  ModelSecurityConfig,
  type ModelSecurityError,
  type ModelSecurityServices,
  type PollOptions
} from "@effect-airs/model-security"
import { layerNode } from "@effect-airs/model-security/node"
import { FakeAirs, type FakeAirsOptions } from "@effect-airs/model-security/testing"
import { ConfigProvider, Context, Data, Effect, Exit, Layer, type Scope } from "effect"

/** What the command line asked for. */
export interface Flags {
  /** `--live`: the real API, credentials from the environment. */
  readonly live: boolean
  /** `--allow-writes`: with `--live`, steps that create or change things run too. */
  readonly allowWrites: boolean
  /** `--name value` options. */
  readonly options: ReadonlyMap<string, string>
  /** Everything else, in order. */
  readonly positional: ReadonlyArray<string>
}

/** Parses `--live`, `--allow-writes`, `--name value` (for the names given) and positional arguments. */
export const parseFlags = (argv: ReadonlyArray<string>, valued: ReadonlyArray<string> = []): Flags => {
  const options = new Map<string, string>()
  const positional: Array<string> = []
  let live = false
  let allowWrites = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--live") live = true
    else if (arg === "--allow-writes") allowWrites = true
    else if (arg.startsWith("--") && valued.includes(arg.slice(2)) && argv[i + 1] !== undefined) {
      options.set(arg.slice(2), argv[++i]!)
    } else positional.push(arg)
  }
  return { live, allowWrites, options, positional }
}

/** Where the examples send their requests. */
export interface Target {
  /** Every SDK service, for `Effect.provide`. */
  readonly layer: Layer.Layer<ModelSecurityServices, ModelSecurityError>
  /** `true` with `--live`. */
  readonly live: boolean
  /** Whether creating and changing things is allowed: always against the fake, with `--allow-writes` live. */
  readonly writable: boolean
  /** A human description, e.g. "fake AIRS at http://127.0.0.1:40215". */
  readonly description: string
  /** How to poll a scan: quick against the fake, patient against the real API. */
  readonly poll: PollOptions
}

/** A command-line mistake: exit code 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** Everything an example may fail with. */
export type ExampleError = ModelSecurityError | UsageError | ServeError

/** Nothing from the environment: the fake's options are all the SDK gets. */
const noEnvironment = Layer.setConfigProvider(ConfigProvider.fromMap(new Map()))

/**
 * The target the flags ask for. Not live: a `FakeAirs` with `fake` options, served on a free port of
 * 127.0.0.1 until the scope closes. Live: the SDK over undici, configured from the environment.
 */
export const connect = (
  flags: Flags,
  fake: FakeAirsOptions = {}
): Effect.Effect<Target, ExampleError, Scope.Scope> =>
  Effect.gen(function* () {
    if (flags.allowWrites && !flags.live) {
      return yield* new UsageError({ message: "--allow-writes only means something with --live" })
    }
    if (flags.live) {
      // Built once here, so missing credentials fail before anything is printed.
      const context = yield* Layer.build(layerNode())
      const { dataEndpoint } = Context.get(context, ModelSecurityConfig)
      return {
        layer: Layer.succeedContext(context),
        live: true,
        writable: flags.allowWrites,
        description: `Prisma AIRS at ${dataEndpoint}${
          flags.allowWrites ? "" : " (read-only: pass --allow-writes to create things)"
        }`,
        poll: { interval: "5 seconds", timeout: "15 minutes" }
      } satisfies Target
    }
    const airs = FakeAirs.make(fake)
    const server = yield* airs.serve()
    return {
      layer: layerNode({ ...airs.credentials, ...airs.endpoints(server.url) }).pipe(
        Layer.provide(noEnvironment)
      ),
      live: false,
      writable: true,
      description: `fake AIRS at ${server.url}`,
      poll: { interval: "300 millis", timeout: "30 seconds" }
    } satisfies Target
  })

/** One line about a failure, for a terminal. */
export const describeError = (error: ExampleError): string => {
  switch (error._tag) {
    case "ClientError":
    case "ServerError":
      return `${error._tag}${error.status === undefined ? "" : ` ${error.status}`}: ${error.message}`
    case "ServeError":
      return `ServeError: could not start the fake AIRS: ${String(error.cause)}`
    default:
      return `${error._tag}: ${error.message}`
  }
}

/**
 * Runs an example: its scope closes at the end (stopping the fake), a failure is printed on stderr
 * with exit code 1 (2 for a usage error), a number returned becomes the exit code, Ctrl-C interrupts
 * (closing the scope).
 */
export const runExample = (program: Effect.Effect<unknown, ExampleError, Scope.Scope>): void =>
  NodeRuntime.runMain(
    program.pipe(
      Effect.scoped,
      Effect.catchAll((error) =>
        Effect.sync(() => {
          process.stderr.write(`${describeError(error)}\n`)
          return error._tag === "UsageError" ? 2 : 1
        })
      ),
      Effect.catchAllDefect((defect) =>
        Effect.sync(() => {
          process.stderr.write(`unexpected failure: ${String(defect)}\n`)
          return 1
        })
      ),
      Effect.flatMap((code) =>
        Effect.sync(() => {
          process.exitCode = typeof code === "number" ? code : 0
        })
      )
    ),
    // Interrupted (Ctrl-C): 130, as shells do.
    { disableErrorReporting: true, teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? 0 : 130) }
  )
