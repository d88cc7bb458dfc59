/**
 * Option constructors whose errors name the flag (`--limit: expected an integer, got 'x'`), and the global
 * options every command accepts: on the root (`airs-ms --fake scans list`) and on each leaf command
 * (`airs-ms scans list --fake`); a leaf's value wins over the root's.
 */
import { HelpDoc, Options, ValidationError } from "@effect/cli"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { UsageError } from "./errors.js"

/** The formats every command writes its output in. */
export const DATA_FORMATS = ["table", "json", "ndjson", "csv", "yaml"] as const
export type DataFormat = (typeof DATA_FORMATS)[number]

/** The reports of `scan --wait`: SARIF 2.1.0, JUnit XML, Markdown. */
export const REPORT_FORMATS = ["sarif", "junit", "markdown"] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The output formats. */
export const FORMATS = [...DATA_FORMATS, ...REPORT_FORMATS] as const
export type Format = (typeof FORMATS)[number]

/** Whether a format is one of the reports of `scan --wait`. */
export const isReportFormat = (format: Format): format is ReportFormat =>
  (REPORT_FORMATS as ReadonlyArray<Format>).includes(format)

/** A value the flag cannot take: a usage error (exit 2) whose message names the flag. */
export const invalid = (flag: string, message: string) =>
  Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--${flag}: ${message}`)))

/** The value of `values` that `text` names, in any case (`s3` is `S3`). */
const canonical = <A extends string>(values: ReadonlyArray<A>, text: string): A | undefined =>
  values.find((value) => value === text) ?? values.find((value) => value.toLowerCase() === text.toLowerCase())

/** How the values of one integer or choice option are checked: what it takes, and the check. */
interface ValueCheck {
  /** The option's long name, as messages name it (`--limit`). */
  readonly flag: string
  /** What it takes, the same wherever a command declares it (`an integer from 1 to 100`). */
  readonly takes: string
  /** The value as `Options.integer` or `Options.choice` takes it, or why it is not one. */
  readonly check: (text: string) => Either.Either<string, string>
}

/** The integer and choice options of the commands loaded, by every name they go by (`--output`, `-o`). */
const valueChecks = new Map<string, ValueCheck>()

const declare = (names: ReadonlyArray<string>, check: ValueCheck) => {
  for (const name of names) {
    const known = valueChecks.get(name)
    if (known !== undefined && known.takes !== check.takes)
      throw new Error(`${name} takes ${known.takes} in one command and ${check.takes} in another`)
    valueChecks.set(name, check)
  }
}

/** The integer and choice options declared so far, by long name, with what each takes. */
export const declaredValues = (): ReadonlyMap<string, string> =>
  new Map([...valueChecks.values()].map(({ flag, takes }) => [flag, takes]))

/**
 * The command line with the values of the integer and choice options checked, and each choice spelled
 * as declared (`--source-type s3` is `S3`), before @effect/cli parses it: its `Options.choice` matches
 * the exact spelling, and neither it nor `Options.integer` names the flag of a value it refuses.
 * Nothing after `--` is an option.
 */
export const checkValues = (args: ReadonlyArray<string>): Either.Either<Array<string>, UsageError> => {
  const checked = [...args]
  for (let i = 0; i < checked.length; i++) {
    const arg = checked[i]!.trim()
    if (arg === "--") break
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1
    const name = (equals > 0 ? arg.slice(0, equals) : arg).toLowerCase()
    const option = valueChecks.get(name)
    const given = equals > 0 ? arg.slice(equals + 1) : checked[i + 1]
    // No value: @effect/cli says that one is missing.
    if (option === undefined || given === undefined) continue
    const value = option.check(given.trim())
    if (Either.isLeft(value))
      return Either.left(new UsageError({ message: `${option.flag}: ${value.left}, got '${given}'` }))
    // `--flag=value` as two words: @effect/cli takes that form for a single option, not a repeated one.
    if (equals > 0) checked.splice(i, 1, arg.slice(0, equals), value.right)
    else checked[i + 1] = value.right
    i++
  }
  return Either.right(checked)
}

const choiceCheck = (name: string, values: ReadonlyArray<string>): ValueCheck => ({
  flag: `--${name}`,
  takes: `one of ${values.join(", ")}`,
  check: (text) => Either.fromNullable(canonical(values, text), () => `expected one of ${values.join(", ")}`)
})

/** One of `values`, in any case (help lists them; a bad value is refused naming the flag). */
export const choice = <const A extends string>(name: string, values: ReadonlyArray<A>, alias?: string) => {
  declare(alias === undefined ? [`--${name}`] : [`--${name}`, `-${alias}`], choiceCheck(name, values))
  const option = Options.choice(name, values)
  return alias === undefined ? option : Options.withAlias(option, alias)
}

/** Any of `values`, in any case, repeatable. */
export const choices = <const A extends string>(name: string, values: ReadonlyArray<A>) => {
  declare([`--${name}`], choiceCheck(name, values))
  return Options.choice(name, values).pipe(Options.repeated)
}

/** A whole number from `min` (and up to `max`), refused naming the flag otherwise. */
export const integer = (name: string, min = 0, max = Number.MAX_SAFE_INTEGER) => {
  const takes = `an integer${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}`
  const inRange = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max
  declare([`--${name}`], {
    flag: `--${name}`,
    takes,
    check: (text) =>
      /^-?\d+$/.test(text) && inRange(Number(text)) ? Either.right(text) : Either.left(`expected ${takes}`)
  })
  // The range again, for a command line that reaches @effect/cli without `checkValues`.
  return Options.integer(name).pipe(
    Options.mapEffect((n) =>
      inRange(n) ? Effect.succeed(n) : invalid(name, `expected ${takes}, got '${n}'`)
    )
  )
}

const UNITS: Record<string, number> = {
  ms: 1,
  millis: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000
}

/** `15m`, `5s`, `1h`, `500ms`, `2 minutes`, or a bare number of seconds. */
export const parseDuration = (text: string): Duration.Duration | undefined => {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim())
  if (match === null) return undefined
  const unit = match[2] === "" ? 1_000 : UNITS[match[2]!.toLowerCase()]
  if (unit === undefined) return undefined
  const millis = Number(match[1]) * unit
  return millis > 0 ? Duration.millis(millis) : undefined
}

/** A positive duration, checked with an error naming the flag. */
export const duration = (name: string) =>
  Options.text(name).pipe(
    Options.withPseudoName("duration"),
    Options.mapEffect((text) => {
      const parsed = parseDuration(text)
      return parsed === undefined
        ? invalid(name, `expected a positive duration such as 30s, 15m or 1h, got '${text}'`)
        : Effect.succeed(parsed)
    })
  )

/** `key=value`, repeatable, checked with an error naming the flag. */
export const keyValues = (name: string) =>
  Options.text(name).pipe(
    Options.withPseudoName("key=value"),
    Options.repeated,
    Options.mapEffect((items) => {
      const pairs: Array<readonly [string, string]> = []
      for (const item of items) {
        const at = item.indexOf("=")
        if (at <= 0) return invalid(name, `expected key=value, got '${item}'`)
        pairs.push([item.slice(0, at), item.slice(at + 1)] as const)
      }
      return Effect.succeed(pairs)
    })
  )

const text = (name: string, description: string) =>
  Options.text(name).pipe(Options.withDescription(description), Options.optional)

/** The options every command takes. */
export const globalOptions = {
  output: choice("output", FORMATS, "o").pipe(
    Options.withDescription(
      "Output format (default: table on a terminal, json otherwise); sarif, junit and markdown are reports of scan --wait."
    ),
    Options.optional
  ),
  profile: text("profile", "Profile of the config file to use (written by `airs-ms configure`)."),
  fake: Options.boolean("fake").pipe(
    Options.withDescription("Run against an embedded fake AIRS: no credentials, nothing kept afterwards.")
  ),
  debug: Options.boolean("debug").pipe(
    Options.withDescription(
      "Log each request on stderr: method, path template, status, attempts, milliseconds."
    )
  ),
  clientId: text("client-id", "OAuth2 client id (else PANW_MODEL_SEC_CLIENT_ID, PANW_MGMT_CLIENT_ID)."),
  clientSecret: Options.redacted("client-secret").pipe(
    Options.withDescription(
      "OAuth2 client secret (else PANW_MODEL_SEC_CLIENT_SECRET, PANW_MGMT_CLIENT_SECRET); never printed."
    ),
    Options.optional
  ),
  tsgId: text("tsg-id", "Tenant service group id (else PANW_MODEL_SEC_TSG_ID, PANW_MGMT_TSG_ID)."),
  dataEndpoint: text("data-endpoint", "Data-plane base URL (else PANW_MODEL_SEC_DATA_ENDPOINT)."),
  mgmtEndpoint: text("mgmt-endpoint", "Management-plane base URL (else PANW_MODEL_SEC_MGMT_ENDPOINT)."),
  tokenEndpoint: text(
    "token-endpoint",
    "OAuth2 token URL (else PANW_MODEL_SEC_TOKEN_ENDPOINT, PANW_MGMT_TOKEN_ENDPOINT)."
  ),
  proxy: Options.redacted("proxy").pipe(
    Options.withPseudoName("url"),
    Options.withDescription(
      "Proxy of every request, http://[user:password@]host:port, or 'none' to connect directly (else the profile's, else HTTPS_PROXY/HTTP_PROXY except NO_PROXY hosts); its credentials are never printed."
    ),
    Options.optional
  ),
  caFile: text(
    "ca-file",
    "PEM file of certificates to trust besides Node's own (and NODE_EXTRA_CA_CERTS), for a private endpoint or a TLS-inspecting proxy (else the profile's)."
  )
}

/** The parsed global options. */
export interface Globals {
  readonly output: Option.Option<Format>
  readonly profile: Option.Option<string>
  readonly fake: boolean
  readonly debug: boolean
  readonly clientId: Option.Option<string>
  readonly clientSecret: Option.Option<Redacted.Redacted<string>>
  readonly tsgId: Option.Option<string>
  readonly dataEndpoint: Option.Option<string>
  readonly mgmtEndpoint: Option.Option<string>
  readonly tokenEndpoint: Option.Option<string>
  readonly proxy: Option.Option<Redacted.Redacted<string>>
  readonly caFile: Option.Option<string>
}

/** The leaf's global options over the root's. */
export const mergeGlobals = (root: Globals, leaf: Globals): Globals => ({
  output: Option.orElse(leaf.output, () => root.output),
  profile: Option.orElse(leaf.profile, () => root.profile),
  fake: leaf.fake || root.fake,
  debug: leaf.debug || root.debug,
  clientId: Option.orElse(leaf.clientId, () => root.clientId),
  clientSecret: Option.orElse(leaf.clientSecret, () => root.clientSecret),
  tsgId: Option.orElse(leaf.tsgId, () => root.tsgId),
  dataEndpoint: Option.orElse(leaf.dataEndpoint, () => root.dataEndpoint),
  mgmtEndpoint: Option.orElse(leaf.mgmtEndpoint, () => root.mgmtEndpoint),
  tokenEndpoint: Option.orElse(leaf.tokenEndpoint, () => root.tokenEndpoint),
  proxy: Option.orElse(leaf.proxy, () => root.proxy),
  caFile: Option.orElse(leaf.caFile, () => root.caFile)
})

/** Picks the global options out of a leaf command's parsed values. */
export const globalsOf = (values: Globals): Globals => ({
  output: values.output,
  profile: values.profile,
  fake: values.fake,
  debug: values.debug,
  clientId: values.clientId,
  clientSecret: values.clientSecret,
  tsgId: values.tsgId,
  dataEndpoint: values.dataEndpoint,
  mgmtEndpoint: values.mgmtEndpoint,
  tokenEndpoint: values.tokenEndpoint,
  proxy: values.proxy,
  caFile: values.caFile
})
