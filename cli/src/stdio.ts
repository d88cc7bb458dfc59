/**
 * The process as the commands see it: stdout (with backpressure), stderr, stdin, whether each is a
 * terminal, and the environment variables. The default is the running process; another value can be
 * provided to run the command tree in process (the tests do, with captured output and their own
 * environment).
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"

/** The streams, terminals and environment of one invocation. */
export interface StdioShape {
  /** Writes to stdout; completes once more may be written (the pipe has drained). */
  readonly out: (text: string) => Effect.Effect<void>
  /** Writes to stderr. */
  readonly err: (text: string) => void
  /** The whole of stdin, as UTF-8. */
  readonly readStdin: Effect.Effect<string, Error>
  /** Whether stdin is a terminal. */
  readonly stdinIsTTY: () => boolean
  /** Whether stdout is a terminal. */
  readonly stdoutIsTTY: () => boolean
  /** Whether stderr is a terminal. */
  readonly stderrIsTTY: () => boolean
  /** The environment variables. */
  readonly env: () => Readonly<Record<string, string | undefined>>
}

/** The running process's streams and environment. */
export const processStdio: StdioShape = {
  out: (text) =>
    Effect.async<void>((resume) => {
      if (process.stdout.write(text)) resume(Effect.void)
      else process.stdout.once("drain", () => resume(Effect.void))
    }),
  err: (text) => {
    process.stderr.write(text)
  },
  readStdin: Effect.async<string, Error>((resume) => {
    const parts: Array<Buffer> = []
    process.stdin.on("data", (part: Buffer) => parts.push(part))
    process.stdin.on("end", () => resume(Effect.succeed(Buffer.concat(parts).toString("utf8"))))
    process.stdin.on("error", (e) => resume(Effect.fail(e)))
  }),
  stdinIsTTY: () => process.stdin.isTTY === true,
  stdoutIsTTY: () => process.stdout.isTTY === true,
  stderrIsTTY: () => process.stderr.isTTY === true,
  env: () => process.env
}

/** The streams and environment of the running command: the process's unless provided. */
export class Stdio extends Context.Reference<Stdio>()("@effect-airs/model-security-cli/Stdio", {
  defaultValue: () => processStdio
}) {}
