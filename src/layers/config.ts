/**
 * Resolved configuration: explicit options, else `PANW_MODEL_SEC_*`, else `PANW_MGMT_*` variables (read
 * through `effect/Config`, so any `ConfigProvider` works), else the public endpoints.
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { MissingVariableError, PayloadError } from "../errors/index.js"
import { checkArguments, options as optionsArgument } from "../internal/arguments.js"
import {
  type ConnectionOptions,
  type Connections,
  connectionOptionsRefused,
  DIRECT,
  resolveConnections
} from "../internal/http-exchange/connections.js"
import { DEFAULT_MAX_RESPONSE_BYTES } from "../internal/http-exchange/shared.js"

/** Default data-plane endpoint. */
export const DEFAULT_DATA_ENDPOINT = "https://api.sase.paloaltonetworks.com/aims/data"
/** Default management-plane endpoint. */
export const DEFAULT_MGMT_ENDPOINT = "https://api.sase.paloaltonetworks.com/aims/mgmt"
/** Default OAuth2 token endpoint. */
export const DEFAULT_TOKEN_ENDPOINT = "https://auth.apps.paloaltonetworks.com/oauth2/access_token"

/**
 * What a caller may set; everything is optional and falls back as documented in the README.
 * @category Config
 */
export interface ModelSecurityOptions {
  /** OAuth2 client id (else `PANW_MODEL_SEC_CLIENT_ID`, else `PANW_MGMT_CLIENT_ID`). */
  readonly clientId?: string | undefined
  /** OAuth2 client secret (else `PANW_MODEL_SEC_CLIENT_SECRET`, else `PANW_MGMT_CLIENT_SECRET`). */
  readonly clientSecret?: string | Redacted.Redacted<string> | undefined
  /** Tenant service group id (else `PANW_MODEL_SEC_TSG_ID`, else `PANW_MGMT_TSG_ID`). */
  readonly tsgId?: string | undefined
  /** Data-plane base URL (else `PANW_MODEL_SEC_DATA_ENDPOINT`, else the public endpoint). */
  readonly dataEndpoint?: string | undefined
  /** Management-plane base URL (else `PANW_MODEL_SEC_MGMT_ENDPOINT`, else the public endpoint). */
  readonly mgmtEndpoint?: string | undefined
  /** Token URL (else `PANW_MODEL_SEC_TOKEN_ENDPOINT`, else `PANW_MGMT_TOKEN_ENDPOINT`, else the public one). */
  readonly tokenEndpoint?: string | undefined
  /** Time allowed for one HTTP attempt (default 30 seconds). */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries of a transient failure, 0–5 (default 5). */
  readonly maxRetries?: number | undefined
  /** Items per page for the streaming forms, 1–100 (default 100). */
  readonly pageSize?: number | undefined
  /**
   * Pages the streaming forms fetch ahead once the first page gives a total, keeping order, 1–16
   * (default 4; 1 fetches one page at a time).
   */
  readonly concurrency?: number | undefined
  /**
   * The largest response body read, in bytes, 1 KiB–256 MiB (default 16 MiB, well over the largest
   * page the API can answer); a longer one is cut off and fails with a `ServerError` of reason
   * `TooLarge`, without a retry.
   */
  readonly maxResponseBytes?: number | undefined
  /**
   * Allow plain `http://` endpoints on hosts other than loopback (default `false`): the client secret
   * and the tokens would then travel unencrypted.
   */
  readonly allowInsecureHttp?: boolean | undefined
}

/**
 * The types of {@link ModelSecurityConfig:class | ModelSecurityConfig}: its service.
 * @category Config
 */
export declare namespace ModelSecurityConfig {
  /** The configuration every layer of the SDK reads: the options resolved against the environment. */
  export interface Service {
    /** The OAuth2 client id. */
    readonly clientId: string
    /** The OAuth2 client secret, kept `Redacted` so that it never shows in a log. */
    readonly clientSecret: Redacted.Redacted<string>
    /** The tenant service group id. */
    readonly tsgId: string
    /** The data-plane base URL. */
    readonly dataEndpoint: string
    /** The management-plane base URL. */
    readonly mgmtEndpoint: string
    /** The OAuth2 token URL. */
    readonly tokenEndpoint: string
    /** Time allowed for one HTTP attempt. */
    readonly timeout: Duration.Duration
    /** Retries of a transient failure. */
    readonly maxRetries: number
    /** Items per page for the streaming forms. */
    readonly pageSize: number
    /** Pages the streaming forms keep in flight. */
    readonly concurrency: number
    /** The largest response body read, in bytes. */
    readonly maxResponseBytes: number
  }
}

/**
 * The resolved configuration, as a service: {@link ModelSecurityConfig.Service}, the
 * {@link ModelSecurityOptions} given to a layer resolved against `PANW_MODEL_SEC_*`, then `PANW_MGMT_*`
 * variables (through `effect/Config`, so any `ConfigProvider` works), then the defaults. Every layer of the
 * SDK provides it with the services; {@link ModelSecurityConfig.layer} builds it alone.
 *
 * @example
 * ```ts
 * const { dataEndpoint, pageSize } = yield* ModelSecurityConfig
 * ```
 * @category Config
 * @hideconstructor
 */
export class ModelSecurityConfig extends Context.Tag("@effect-airs/model-security/ModelSecurityConfig")<
  ModelSecurityConfig,
  ModelSecurityConfig.Service
>() {
  /** Resolves `options` against the current `ConfigProvider` (the environment by default). */
  static layer(
    options: ModelSecurityOptions = {}
  ): Layer.Layer<ModelSecurityConfig, MissingVariableError | PayloadError> {
    return Layer.effect(ModelSecurityConfig, resolveConfig(options))
  }
}

/** Hosts that plain `http://` may reach: loopback, and names reserved never to resolve (RFC 6761). */
const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" ||
  hostname.endsWith(".localhost") ||
  hostname.endsWith(".invalid") ||
  /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
  hostname === "[::1]" ||
  /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)

/** What is wrong with an endpoint, if anything. */
const endpointProblem = (url: string, allowInsecureHttp: boolean): string | undefined => {
  // `new URL` silently drops tabs and line breaks, so they are looked for in the text itself.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\u0000-\u0020\u007f]/.test(url)) return "must not contain spaces or control characters (CR, LF)"
  if (!URL.canParse(url)) return "must be an http(s) URL"
  const parsed = new URL(url)
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be an http(s) URL"
  if (
    parsed.username !== "" ||
    parsed.password !== "" ||
    url.slice(0, url.indexOf(parsed.host)).includes("@")
  )
    return "must not contain credentials (user:password@)"
  if (url.includes("?")) return "must not contain a query (?…)"
  if (url.includes("#")) return "must not contain a fragment (#…)"
  if (parsed.protocol === "http:" && !allowInsecureHttp && !isLoopback(parsed.hostname))
    return "must use https (plain http is allowed to loopback hosts only, unless allowInsecureHttp is set)"
  return undefined
}

const endpoint = (allowInsecureHttp: boolean) =>
  Schema.String.pipe(Schema.filter((url) => endpointProblem(url, allowInsecureHttp)))
const intBetween = (min: number, max: number) =>
  Schema.Number.pipe(
    Schema.filter((n) => Number.isInteger(n) && n >= min && n <= max, {
      message: () => `must be an integer from ${min} to ${max}`
    })
  )
const tuning = (allowInsecureHttp: boolean) =>
  Schema.Struct({
    dataEndpoint: endpoint(allowInsecureHttp),
    mgmtEndpoint: endpoint(allowInsecureHttp),
    tokenEndpoint: endpoint(allowInsecureHttp),
    timeout: Schema.DurationFromSelf.pipe(
      Schema.filter((d) => Duration.greaterThan(d, Duration.zero), { message: () => "must be positive" })
    ),
    maxRetries: intBetween(0, 5),
    pageSize: intBetween(1, 100),
    concurrency: intBetween(1, 16),
    maxResponseBytes: intBetween(1024, 256 * 1024 * 1024),
    allowInsecureHttp: Schema.Boolean
  })
const Tuning = { secure: tuning(false), insecure: tuning(true) }

interface Setting {
  readonly option: string
  readonly variables: ReadonlyArray<string>
}

const firstOf = <A>(read: (name: string) => Config.Config<A>, variables: ReadonlyArray<string>) =>
  variables.map(read).reduce((config, next) => Config.orElse(config, () => next))

const required = <A>(
  given: A | undefined,
  setting: Setting,
  read: (name: string) => Config.Config<A>
): Effect.Effect<A, Setting> =>
  given !== undefined && given !== ""
    ? Effect.succeed(given)
    : firstOf(read, setting.variables).pipe(Effect.mapError(() => setting))

const missingVariables = (missing: ReadonlyArray<Setting>) =>
  new MissingVariableError({
    message: `Missing configuration: ${missing
      .map((setting) => `${setting.option} (set the option or ${setting.variables.join(" or ")})`)
      .join("; ")}`,
    settings: missing.map((setting) => setting.option),
    variables: missing.flatMap((setting) => setting.variables)
  })

const optional = (given: string | undefined, variables: ReadonlyArray<string>, fallback: string) =>
  given !== undefined && given !== ""
    ? Effect.succeed(given)
    : firstOf(Config.nonEmptyString, variables).pipe(Effect.orElseSucceed(() => fallback))

const asRedacted = (secret: string | Redacted.Redacted<string>) =>
  Redacted.isRedacted(secret) ? secret : Redacted.make(secret)

/**
 * HTTP Basic carries `id:secret` and splits it at the first colon (RFC 7617 §2), so an id holding one
 * would reach the server cut in two. The issue names neither the id nor the secret.
 */
const CLIENT_ID_WITH_COLON = {
  field: "clientId",
  rule: "must not contain ':' (HTTP Basic credentials cannot carry it)"
} as const

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "")

/** The one argument of `resolveConfig` and `resolveConfigAndConnections`. */
const OPTIONS = { returns: "effect", args: [optionsArgument] } as const

/**
 * Resolves options, environment and defaults; fails before any network I/O when credentials are missing
 * (`MissingVariableError`) or a setting is invalid, a client id holding `:` included (`PayloadError`).
 * `proxy` and `ca` are refused: a layer that reads this configuration alone does not own its connections.
 */
export const resolveConfig = (
  given: ModelSecurityOptions | undefined
): Effect.Effect<ModelSecurityConfig.Service, MissingVariableError | PayloadError> =>
  Effect.map(resolve(given, false), (resolved) => resolved.config)

/**
 * `resolveConfig` for an exchange that owns its connections: the configuration, and the proxy and
 * certificates it connects with (the options, else the environment's proxy variables).
 */
export const resolveConfigAndConnections = (
  given: (ModelSecurityOptions & ConnectionOptions) | undefined
): Effect.Effect<
  { readonly config: ModelSecurityConfig.Service; readonly connections: Connections },
  MissingVariableError | PayloadError
> => resolve(given, true)

const resolve = (given: (ModelSecurityOptions & ConnectionOptions) | undefined, ownsConnections: boolean) =>
  Effect.gen(function* () {
    // The options as plain data first: what follows reads them freely.
    const [checked] = yield* checkArguments(OPTIONS, [given])
    const options: ModelSecurityOptions & ConnectionOptions = checked ?? {}
    const [clientId, clientSecret, tsgId] = yield* Effect.all(
      [
        required(
          options.clientId,
          { option: "clientId", variables: ["PANW_MODEL_SEC_CLIENT_ID", "PANW_MGMT_CLIENT_ID"] },
          Config.nonEmptyString
        ),
        required(
          options.clientSecret === undefined ? undefined : asRedacted(options.clientSecret),
          { option: "clientSecret", variables: ["PANW_MODEL_SEC_CLIENT_SECRET", "PANW_MGMT_CLIENT_SECRET"] },
          (name) => Config.redacted(Config.nonEmptyString(name))
        ),
        required(
          options.tsgId,
          { option: "tsgId", variables: ["PANW_MODEL_SEC_TSG_ID", "PANW_MGMT_TSG_ID"] },
          Config.nonEmptyString
        )
      ],
      { mode: "validate" }
    ).pipe(Effect.mapError((failures) => missingVariables(failures.flatMap(Option.toArray))))
    const decoded = yield* Schema.decodeUnknown(
      options.allowInsecureHttp === true ? Tuning.insecure : Tuning.secure,
      { errors: "all" }
    )({
      dataEndpoint: yield* optional(
        options.dataEndpoint,
        ["PANW_MODEL_SEC_DATA_ENDPOINT"],
        DEFAULT_DATA_ENDPOINT
      ),
      mgmtEndpoint: yield* optional(
        options.mgmtEndpoint,
        ["PANW_MODEL_SEC_MGMT_ENDPOINT"],
        DEFAULT_MGMT_ENDPOINT
      ),
      tokenEndpoint: yield* optional(
        options.tokenEndpoint,
        ["PANW_MODEL_SEC_TOKEN_ENDPOINT", "PANW_MGMT_TOKEN_ENDPOINT"],
        DEFAULT_TOKEN_ENDPOINT
      ),
      timeout: Option.getOrUndefined(Duration.decodeUnknown(options.timeout ?? "30 seconds")),
      maxRetries: options.maxRetries ?? 5,
      pageSize: options.pageSize ?? 100,
      concurrency: options.concurrency ?? 4,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      allowInsecureHttp: options.allowInsecureHttp ?? false
    }).pipe(Effect.either)
    const connections = ownsConnections
      ? yield* Effect.either(resolveConnections(options))
      : Either.right(DIRECT)
    const issues = [
      ...(clientId.includes(":") ? [CLIENT_ID_WITH_COLON] : []),
      ...(Either.isLeft(decoded) ? PayloadError.fromParseError(decoded.left).issues : []),
      ...(ownsConnections ? [] : connectionOptionsRefused(options)),
      ...(Either.isLeft(connections) ? connections.left : [])
    ]
    if (issues.length > 0 || Either.isLeft(decoded) || Either.isLeft(connections))
      return yield* Effect.fail(PayloadError.of(issues))
    const { allowInsecureHttp, ...tuning } = decoded.right
    const config: ModelSecurityConfig.Service = {
      clientId,
      clientSecret,
      tsgId,
      ...tuning,
      dataEndpoint: withoutTrailingSlash(tuning.dataEndpoint),
      mgmtEndpoint: withoutTrailingSlash(tuning.mgmtEndpoint),
      tokenEndpoint: tuning.tokenEndpoint
    }
    return { config, connections: connections.right }
  })
