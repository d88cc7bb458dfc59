/**
 * `airs-ms configure [--profile NAME]`: writes a profile of the config file from the credential and
 * endpoint flags, asking on a terminal for the credentials not given. The file is owner-only; the secret
 * is never printed.
 */
import { Prompt } from "@effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { local, withHelp } from "../command.js"
import { configFilePath, DEFAULT_PROFILE, type Profile, readProfiles, writeProfiles } from "../config.js"
import { UsageError } from "../errors.js"
import { emit, Session, writeOut } from "../output.js"
import { Stdio } from "../stdio.js"

const nonEmpty = (value: string) =>
  value.trim() === "" ? Effect.fail("a value is needed") : Effect.succeed(value)

export const configureCommand = local("configure", {}, (_, globals) =>
  Effect.gen(function* () {
    if (globals.fake)
      return yield* new UsageError({ message: "--fake: configure writes a real profile; drop --fake" })
    const name = Option.getOrElse(globals.profile, () => DEFAULT_PROFILE)
    const file = yield* readProfiles
    const before: Profile = file.profiles[name] ?? {}
    const stdio = yield* Stdio
    const interactive = stdio.stdinIsTTY() && stdio.stderrIsTTY()
    const ask = (flag: string, current: string | undefined, secret: boolean) =>
      Effect.gen(function* () {
        if (current !== undefined) return current
        if (!interactive)
          return yield* new UsageError({ message: `--${flag}: needed to configure profile '${name}'` })
        const message = flag.replace(/-/g, " ")
        const answer = secret
          ? Redacted.value(yield* Prompt.run(Prompt.password({ message, validate: nonEmpty })))
          : yield* Prompt.run(Prompt.text({ message, validate: nonEmpty }))
        return answer
      }).pipe(
        Effect.catchTag("QuitException", () =>
          Effect.fail(new UsageError({ message: "configure: cancelled" }))
        )
      )
    const clientId = yield* ask(
      "client-id",
      Option.getOrUndefined(globals.clientId) ?? before.clientId,
      false
    )
    const clientSecret = yield* ask(
      "client-secret",
      Option.getOrUndefined(Option.map(globals.clientSecret, Redacted.value)) ?? before.clientSecret,
      true
    )
    const tsgId = yield* ask("tsg-id", Option.getOrUndefined(globals.tsgId) ?? before.tsgId, false)
    const endpoint = (given: Option.Option<string>, previous: string | undefined) =>
      Option.getOrUndefined(given) ?? previous
    const profile: Profile = Object.fromEntries(
      Object.entries({
        clientId,
        clientSecret,
        tsgId,
        dataEndpoint: endpoint(globals.dataEndpoint, before.dataEndpoint),
        mgmtEndpoint: endpoint(globals.mgmtEndpoint, before.mgmtEndpoint),
        tokenEndpoint: endpoint(globals.tokenEndpoint, before.tokenEndpoint),
        proxy: endpoint(Option.map(globals.proxy, Redacted.value), before.proxy),
        caFile: endpoint(globals.caFile, before.caFile)
      }).filter(([, value]) => value !== undefined)
    )
    const path = yield* writeProfiles({ profiles: { ...file.profiles, [name]: profile } })
    const session = yield* Session
    const fields = Object.keys(profile)
    if (session.format === "table") {
      return yield* writeOut(
        `Saved profile '${name}' to ${path} (${fields.join(", ")}; the client secret is stored, never shown)\n`
      )
    }
    yield* emit({ profile: name, file: path, fields })
  })
).pipe(
  withHelp(
    "Save credentials, endpoints, --proxy and --ca-file as a profile (--profile NAME, default 'default') in the user's config directory.",
    "airs-ms configure --profile ci --client-id my-app@1234567890.iam.panserviceaccount.com --tsg-id 1234567890"
  )
)

export { configFilePath }
