/**
 * `npm start`: a walk-through of the SDK against a fake AIRS on a free local port (no credentials
 * needed), or against the real API with `--live` (read-only unless `--allow-writes`).
 *
 *   npm start
 *   npm start -- --live                       # PANW_MODEL_SEC_* or PANW_MGMT_* in the environment
 *   npm start -- --live --allow-writes --model https://huggingface.co/org/model
 */
import { Effect, Option } from "effect"
import { connect, parseFlags, runExample } from "../target.js"
import {
  cleanUp,
  customRule,
  labels,
  latestScan,
  listCustomRules,
  rulesAndGroup,
  showModel,
  showOutcome,
  startScan,
  streamEverything,
  waitForVerdict
} from "./steps.js"
import { bold, dim, green, say } from "./terminal.js"

/** The fake blocks model URIs containing "malicious" or "unsafe" when a BLOCKING rule reports a threat. */
const FAKE_MODEL = "https://huggingface.co/hacker-lab/malicious-bert-pickle"
const LIVE_MODEL = "https://huggingface.co/openai-community/gpt2"
/** A model the fake allows, so that only the custom rule of step 7 can block it. */
const FAKE_CLEAN_MODEL = "https://huggingface.co/google-bert/bert-base-uncased"

const flags = parseFlags(process.argv.slice(2), ["model"])

runExample(
  Effect.gen(function* () {
    const target = yield* connect(flags, { scans: 3000, scanPolls: 4 })
    say(
      bold("Prisma AIRS Model Security — the Effect SDK, step by step"),
      dim(`target: ${target.description}`)
    )

    yield* Effect.gen(function* () {
      const group = yield* rulesAndGroup(target)
      const model = flags.options.get("model") ?? (target.live ? LIVE_MODEL : FAKE_MODEL)
      const scan = Option.isSome(group)
        ? Option.some(
            yield* Effect.flatMap(startScan(model, group.value), (created) =>
              waitForVerdict(target, created.uuid)
            )
          )
        : yield* latestScan
      if (Option.isSome(scan)) {
        yield* showOutcome(scan.value)
        yield* labels(target, scan.value.uuid)
      }
      yield* streamEverything({ pageSize: 100, concurrency: 4 })
      const custom = Option.isSome(group)
        ? Option.some(
            yield* customRule(
              target,
              group.value,
              flags.options.get("model") ?? (target.live ? LIVE_MODEL : FAKE_CLEAN_MODEL)
            )
          )
        : yield* Effect.as(listCustomRules, Option.none())
      const scanned = Option.orElse(
        Option.map(custom, ({ scan }) => scan),
        () => scan
      )
      if (Option.isSome(scanned)) yield* showModel(scanned.value)
      if (target.live && Option.isSome(group)) {
        yield* cleanUp(
          group.value,
          Option.map(custom, ({ rule }) => rule)
        )
      }
    }).pipe(Effect.provide(target.layer))

    say("", green("Done."))
  })
)
