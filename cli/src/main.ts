/**
 * The `airs-ms` command tree and its entry point: parse, run, and exit with the command's code
 * (0 ALLOWED or done, 1 BLOCKED, 2 usage or bad input, 3 ERROR verdict or API failure, 4 timed out).
 */
import { Command, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as EffectExit from "effect/Exit"
import pkg from "../package.json" with { type: "json" }
import { root } from "./command.js"
import { configureCommand } from "./commands/configure.js"
import { customRulesCommand } from "./commands/custom-rules.js"
import { groupsCommand, ruleInstancesCommand, rulesCommand } from "./commands/groups.js"
import { modelsCommand, pypiAuthCommand } from "./commands/models.js"
import { scan } from "./commands/scan.js"
import { labelsCommand, scansCommand } from "./commands/scans.js"
import { describeError, Exit, exitCodeOf } from "./errors.js"
import { Stdio } from "./stdio.js"

/** Every command. */
export const command = root.pipe(
  Command.withDescription(
    "A client for the Prisma AIRS Model Security API. Try: airs-ms --fake scan https://huggingface.co/acme/unsafe-model --wait"
  ),
  Command.withSubcommands([
    scan,
    scansCommand,
    labelsCommand,
    groupsCommand,
    ruleInstancesCommand,
    rulesCommand,
    customRulesCommand,
    modelsCommand,
    pypiAuthCommand,
    configureCommand
  ])
)

const cli = Command.run(command, { name: "airs-ms", version: pkg.version, executable: "airs-ms" })

/**
 * Runs the CLI on `argv` (node, script, args…) and succeeds with the exit code; it reads and writes the
 * process's streams and environment unless another `Stdio` is provided (the tests run it in process).
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  cli(argv).pipe(
    Effect.as(Exit.ok),
    Effect.catchAll((error) =>
      Effect.flatMap(Stdio, (stdio) =>
        Effect.sync(() => {
          // @effect/cli has printed its own message (naming the flag or argument) already.
          if (ValidationError.isValidationError(error)) return Exit.usage
          const line = describeError(error)
          if (line !== undefined) stdio.err(`airs-ms: ${line}\n`)
          return exitCodeOf(error)
        })
      )
    ),
    Effect.catchAllDefect((defect) =>
      Effect.flatMap(Stdio, (stdio) =>
        Effect.sync(() => {
          stdio.err(
            `airs-ms: unexpected failure: ${defect instanceof Error ? defect.message : String(defect)}\n`
          )
          return Exit.error
        })
      )
    ),
    Effect.provide(NodeContext.layer)
  )

/** The process: stdout closed early (`| head`) ends it quietly; Ctrl-C exits 130. */
export const main = (): void => {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
    throw error
  })
  NodeRuntime.runMain(
    Effect.map(run(process.argv), (code) => {
      process.exitCode = code
      return code
    }),
    {
      disableErrorReporting: true,
      teardown: (exit, onExit) => onExit(EffectExit.isSuccess(exit) ? (exit.value as number) : 130)
    }
  )
}
