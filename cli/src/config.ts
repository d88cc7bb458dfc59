/**
 * Where commands send their requests: the real API, configured from flags > PANW_MODEL_SEC_* /
 * PANW_MGMT_* variables > a profile of the config file; or, with `--fake`, an embedded fake AIRS that
 * answers in process and keeps nothing once the command ends.
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import type { MissingVariableError, ModelSecurityServices, PayloadError } from "@effect-airs/model-security"
import type { ModelSecurityNodeOptions } from "@effect-airs/model-security/node"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { UsageError } from "./errors.js"
import type { Globals } from "./options.js"
import { Stdio } from "./stdio.js"

/** What a profile holds; every field is optional. */
export const Profile = Schema.Struct({
  clientId: Schema.optional(Schema.String),
  clientSecret: Schema.optional(Schema.String),
  tsgId: Schema.optional(Schema.String),
  dataEndpoint: Schema.optional(Schema.String),
  mgmtEndpoint: Schema.optional(Schema.String),
  tokenEndpoint: Schema.optional(Schema.String),
  /** A proxy URL, or `none` to connect directly whatever the environment says. */
  proxy: Schema.optional(Schema.String),
  /** A PEM file of certificates to trust besides Node's own. */
  caFile: Schema.optional(Schema.String)
})
export type Profile = typeof Profile.Type

/** The config file: profiles by name. */
export const ProfileFile = Schema.Struct({ profiles: Schema.Record({ key: Schema.String, value: Profile }) })
export type ProfileFile = typeof ProfileFile.Type

/** The profile used when `--profile` is not given (nor `AIRS_MS_PROFILE`). */
export const DEFAULT_PROFILE = "default"

/**
 * The user's config directory for airs-ms: `AIRS_MS_CONFIG_DIR`, else `%APPDATA%\airs-ms` on Windows,
 * else `$XDG_CONFIG_HOME/airs-ms`, else `~/.config/airs-ms`.
 */
export const configDirectory = Effect.gen(function* () {
  const path = yield* Path.Path
  const env = (yield* Stdio).env()
  if (env.AIRS_MS_CONFIG_DIR) return env.AIRS_MS_CONFIG_DIR
  if (process.platform === "win32" && env.APPDATA) return path.join(env.APPDATA, "airs-ms")
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, "airs-ms")
  const { homedir } = yield* Effect.promise(() => import("node:os"))
  return path.join(homedir(), ".config", "airs-ms")
})

/** The path of the config file. */
export const configFilePath = Effect.flatMap(configDirectory, (dir) =>
  Effect.map(Path.Path, (path) => path.join(dir, "config.json"))
)

/** The config file's profiles (none when there is no file). */
export const readProfiles: Effect.Effect<ProfileFile, UsageError, FileSystem.FileSystem | Path.Path> =
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const file = yield* configFilePath
    const exists = yield* Effect.orElseSucceed(fs.exists(file), () => false)
    if (!exists) return { profiles: {} }
    const text = yield* Effect.mapError(
      fs.readFileString(file),
      (e) => new UsageError({ message: `cannot read the config file ${file}: ${e.message}` })
    )
    return yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => new UsageError({ message: `the config file ${file} is not JSON` })
    }).pipe(
      Effect.flatMap(Schema.decodeUnknown(ProfileFile)),
      Effect.mapError((e) =>
        e._tag === "UsageError"
          ? e
          : new UsageError({ message: `the config file ${file} is not a profile file: ${e.message}` })
      )
    )
  })

/** Writes the config file (owner-only: it holds client secrets). */
export const writeProfiles = (content: ProfileFile) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* configDirectory
    const file = yield* configFilePath
    yield* fs.makeDirectory(dir, { recursive: true, mode: 0o700 })
    yield* fs.writeFileString(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
    yield* fs.chmod(file, 0o600)
    return file
  }).pipe(Effect.mapError((e) => new UsageError({ message: `cannot write the config file: ${e.message}` })))

/** The profile the flags ask for: `--profile`, else `AIRS_MS_PROFILE`, else "default" if the file has it. */
const selectedProfile = (globals: Globals) =>
  Effect.gen(function* () {
    const variables = (yield* Stdio).env()
    const asked = Option.orElse(globals.profile, () =>
      Option.fromNullable(variables.AIRS_MS_PROFILE || undefined)
    )
    const { profiles } = yield* readProfiles
    if (Option.isSome(asked)) {
      const profile = profiles[asked.value]
      if (profile === undefined) {
        const file = yield* configFilePath
        const known = Object.keys(profiles)
        return yield* new UsageError({
          message: `--profile: no profile '${asked.value}' in ${file}${
            known.length === 0
              ? " (run `airs-ms configure --profile NAME`)"
              : ` (profiles: ${known.join(", ")})`
          }`
        })
      }
      return profile
    }
    return profiles[DEFAULT_PROFILE] ?? {}
  })

const firstSet = (
  variables: Readonly<Record<string, string | undefined>>,
  names: ReadonlyArray<string>
): string | undefined => {
  for (const name of names) {
    const value = variables[name]
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

/** `none` (or nothing) for a direct connection, whatever the environment says; else the proxy URL. */
const proxyOf = (value: Redacted.Redacted<string>): Redacted.Redacted<string> | false => {
  const text = Redacted.value(value).trim()
  return text === "" || text.toLowerCase() === "none" ? false : value
}

/** The certificates of a PEM file, read as bytes; the layer checks that they are PEM. */
const certificatesOf = (file: string, flag: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFile(file)).pipe(
    Effect.mapError((e) => new UsageError({ message: `${flag}: cannot read ${file}: ${e.message}` }))
  )

/**
 * Resolves each setting: the flag, else the environment, else the profile. The proxy and the
 * certificates are the flag's, else the profile's; without either, the SDK reads `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY` itself.
 */
export const resolveOptions = (
  globals: Globals
): Effect.Effect<ModelSecurityNodeOptions, UsageError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const variables = (yield* Stdio).env()
    const env = (...names: ReadonlyArray<string>) => firstSet(variables, names)
    const profile = yield* selectedProfile(globals)
    const pick = (
      flag: Option.Option<string>,
      names: ReadonlyArray<string>,
      fromProfile: string | undefined
    ) => Option.getOrUndefined(flag) ?? env(...names) ?? fromProfile
    const secret = Option.match(globals.clientSecret, {
      onNone: () => {
        const plain = env("PANW_MODEL_SEC_CLIENT_SECRET", "PANW_MGMT_CLIENT_SECRET") ?? profile.clientSecret
        return plain === undefined ? undefined : Redacted.make(plain)
      },
      onSome: (value) => value
    })
    const proxy = Option.match(globals.proxy, {
      onNone: () => (profile.proxy === undefined ? undefined : proxyOf(Redacted.make(profile.proxy))),
      onSome: proxyOf
    })
    const caFile = Option.match(globals.caFile, {
      onNone: () =>
        profile.caFile === undefined ? undefined : { file: profile.caFile, flag: "the profile's caFile" },
      onSome: (file) => ({ file, flag: "--ca-file" })
    })
    const ca = caFile === undefined ? undefined : yield* certificatesOf(caFile.file, caFile.flag)
    const options: ModelSecurityNodeOptions = {
      clientId: pick(globals.clientId, ["PANW_MODEL_SEC_CLIENT_ID", "PANW_MGMT_CLIENT_ID"], profile.clientId),
      clientSecret: secret,
      tsgId: pick(globals.tsgId, ["PANW_MODEL_SEC_TSG_ID", "PANW_MGMT_TSG_ID"], profile.tsgId),
      dataEndpoint: pick(globals.dataEndpoint, ["PANW_MODEL_SEC_DATA_ENDPOINT"], profile.dataEndpoint),
      mgmtEndpoint: pick(globals.mgmtEndpoint, ["PANW_MODEL_SEC_MGMT_ENDPOINT"], profile.mgmtEndpoint),
      tokenEndpoint: pick(
        globals.tokenEndpoint,
        ["PANW_MODEL_SEC_TOKEN_ENDPOINT", "PANW_MGMT_TOKEN_ENDPOINT"],
        profile.tokenEndpoint
      ),
      ...(proxy === undefined ? {} : { proxy }),
      ...(ca === undefined ? {} : { ca })
    }
    return options
  })

/** Nothing from the environment: against the fake, its own options are all the SDK gets. */
const noEnvironment = Layer.setConfigProvider(ConfigProvider.fromMap(new Map()))

/** Where the commands of one invocation send their requests. */
export interface Target {
  readonly layer: Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError>
  /** `true` with `--fake`. */
  readonly fake: boolean
}

/**
 * The target the global options ask for. `--fake`: a new `FakeAirs` (30 seeded scans, seed 1) answering
 * in process; flags, environment and profiles are not consulted, and its state ends with the command.
 */
export const connect = (
  globals: Globals
): Effect.Effect<Target, UsageError, FileSystem.FileSystem | Path.Path> =>
  globals.fake
    ? // Loaded only for --fake: the fake (its fixtures, its spec-derived validation) is not needed otherwise.
      Effect.map(
        Effect.promise(() => import("@effect-airs/model-security/testing")),
        ({ FakeAirs, layerInProcess }) => ({
          layer: layerInProcess(FakeAirs.make()).pipe(Layer.provide(noEnvironment)),
          fake: true
        })
      )
    : // Loaded only for the API: undici and the node layer are not needed for --fake, --help or --version.
      Effect.zipWith(
        resolveOptions(globals),
        Effect.promise(() => import("@effect-airs/model-security/node")),
        (options, { layerNode }) => ({ layer: layerNode(options), fake: false })
      )
