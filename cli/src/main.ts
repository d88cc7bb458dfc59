/**
 * The `airs-ms` command tree and its entry point: parse, run, and exit with the command's code
 * (0 ALLOWED or done, 1 BLOCKED, 2 usage or bad input, 3 ERROR verdict or API failure, 4 timed out).
 *
 * The command modules (and through them the SDK) are loaded only for the commands a command line names:
 * `airs-ms --fake rules list` loads the rules, `airs-ms --version` none, and a line that names no command
 * (`--help`, `--completions`, a mistyped name to suggest a fix for) every one.
 */
import { Command, ValidationError } from "@effect/cli"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Effect from "effect/Effect"
import * as EffectExit from "effect/Exit"
import * as Layer from "effect/Layer"
import pkg from "../package.json" with { type: "json" }
import { type Platform, root, type Subcommand, withHelp } from "./command.js"
import { type CliError, describeError, Exit, exitCodeOf } from "./errors.js"
import { checkValues } from "./options.js"
import { Stdio } from "./stdio.js"

/** Every command, in the order `--help` lists them, with the module that defines it. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Subcommand>]> = [
  ["scan", () => import("./commands/scan.js").then((m) => m.scan)],
  ["scans", () => import("./commands/scans.js").then((m) => m.scansCommand)],
  ["labels", () => import("./commands/scans.js").then((m) => m.labelsCommand)],
  ["groups", () => import("./commands/groups.js").then((m) => m.groupsCommand)],
  ["rule-instances", () => import("./commands/groups.js").then((m) => m.ruleInstancesCommand)],
  ["rules", () => import("./commands/groups.js").then((m) => m.rulesCommand)],
  ["custom-rules", () => import("./commands/custom-rules.js").then((m) => m.customRulesCommand)],
  ["models", () => import("./commands/models.js").then((m) => m.modelsCommand)],
  ["pypi-auth", () => import("./commands/models.js").then((m) => m.pypiAuthCommand)],
  ["configure", () => import("./commands/configure.js").then((m) => m.configureCommand)]
]

/** The names of the commands that `args` (the arguments after the script) may run. */
export const commandsFor = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (args.length === 1 && args[0] === "--version") return []
  const named = COMMANDS.map(([name]) => name).filter((name) => args.includes(name))
  // A token equal to a command's name may be an option's value: every such command is loaded.
  return named.length > 0 ? named : COMMANDS.map(([name]) => name)
}

/** The command tree holding the commands named `names` (all of them for help and completions). */
export const commandTree = (
  names: ReadonlyArray<string>
): Effect.Effect<Command.Command<"airs-ms", Platform, CliError, any>> =>
  Effect.map(
    Effect.promise(() =>
      Promise.all(COMMANDS.filter(([name]) => names.includes(name)).map(([, load]) => load()))
    ),
    (subcommands) => {
      const described = withHelp(
        "A client for the Prisma AIRS Model Security API; --fake runs every command against an embedded fake.",
        "airs-ms --fake scan https://huggingface.co/acme/unsafe-model --wait"
      )(root)
      const [first, ...rest] = subcommands
      return first === undefined ? described : Command.withSubcommands(described, [first, ...rest])
    }
  )

/** The process's file system, paths and terminal: what @effect/cli and the commands use of the platform. */
const platform = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

/**
 * Runs the CLI on `argv` (node, script, args…) and succeeds with the exit code; it reads and writes the
 * process's streams and environment unless another `Stdio` is provided (the tests run it in process).
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  commandTree(commandsFor(argv.slice(2))).pipe(
    Effect.flatMap((command) =>
      Effect.flatMap(checkValues(argv.slice(2)), (args) =>
        Command.run(command, { name: "airs-ms", version: pkg.version, executable: "airs-ms" })([
          ...argv.slice(0, 2),
          ...args
        ])
      )
    ),
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
    Effect.provide(platform)
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
