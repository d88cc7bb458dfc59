/**
 * The transport: one client per plane that builds the URL, sets the bearer token, JSON and `User-Agent`,
 * applies the deadline and retries, refreshes the token once on `401`, maps statuses to tagged errors,
 * decodes the body with the response Schema, all in a client span named after the operation; records
 * each request's outcome and duration and each retry (`./metrics.ts`).
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import { type CallError, ClientError, ServerError, ValidationIssue } from "../errors/index.js"
import { ModelSecurityConfig } from "../layers/config.js"
import { HttpExchange } from "../layers/http-exchange.js"
import { AccessToken } from "../layers/token.js"
import { USER_AGENT } from "../version.js"
import { guardOf } from "./guard.js"
import { fieldName, firstIssue } from "./issues.js"
import { fiberLabels, type OperationMetrics, planeMetrics } from "./metrics.js"
import { type Attempt, failureRetry, parseRetryAfter, statusRetry, withRetries } from "./retry.js"
import { makeScrubber, type Scrubber, serverText } from "./scrub.js"
import { basicCredentials, formEncode, formEncodedBasicCredentials } from "./token-response.js"
import { fillTemplate, queryString } from "./url.js"

/** An HTTP method the API uses. */
export type Method = HttpExchange.Request["method"]

/** What one request sends and how its answer is read. */
export interface SendOptions<A, I> {
  /** The span the call runs in, named after the operation (e.g. `Scans.get`). */
  readonly span: string
  /** Values for the `{name}` segments of the path template; each is percent-encoded. */
  readonly path?: Readonly<Record<string, string>> | undefined
  /** Query parameters; arrays become repeated keys. */
  readonly query?: UrlParams.Input | undefined
  /** JSON body. */
  readonly body?: unknown
  /** Schema of a successful response body; `Schema.Void` for an empty one (`204`). */
  readonly response: Schema.Schema<A, I>
  /**
   * Runs as soon as a successful answer's body has arrived, before it is decoded (a stream starts its
   * next page there, so that decoding one page overlaps the wait for the next).
   */
  readonly arrived?: Effect.Effect<void> | undefined
}

/** A client bound to one plane's base URL. */
export interface PlaneClient {
  /** Sends `method template` and decodes the answer. */
  readonly call: <A, I>(
    method: Method,
    template: string,
    options: SendOptions<A, I>
  ) => Effect.Effect<A, CallError>
}

/** The data- and management-plane clients. */
export class Transport extends Context.Tag("@effect-airs/model-security/Transport")<
  Transport,
  { readonly data: PlaneClient; readonly mgmt: PlaneClient }
>() {
  /** Both plane clients over the `HttpExchange` in context, sharing one token. */
  static readonly layer: Layer.Layer<Transport, never, ModelSecurityConfig | AccessToken | HttpExchange> =
    Layer.effect(
      Transport,
      Effect.gen(function* () {
        const config = yield* ModelSecurityConfig
        const token = yield* AccessToken
        const exchange = yield* HttpExchange
        const headersFor = headersPerToken()
        const scrubberFor = scrubberPerToken(config)
        const plane = (name: "data" | "mgmt", baseUrl: string): PlaneClient => {
          const metricsOf = planeMetrics(name, baseUrl)
          const deps = { exchange, token, config, baseUrl, headersFor, scrubberFor, metricsOf }
          return { call: (method, template, options) => call(deps, method, template, options) }
        }
        return { data: plane("data", config.dataEndpoint), mgmt: plane("mgmt", config.mgmtEndpoint) }
      })
    )
}

interface Deps {
  readonly exchange: HttpExchange["Type"]
  readonly token: AccessToken["Type"]
  readonly config: ModelSecurityConfig["Type"]
  readonly baseUrl: string
  readonly headersFor: HeadersFor
  readonly scrubberFor: (bearer: Redacted.Redacted<string>) => Scrubber
  /** The metrics of an operation (by span name) on this plane. */
  readonly metricsOf: (operation: string, method: Method) => OperationMetrics
}

const JSON_HEADERS = { accept: "application/json", "user-agent": USER_AGENT } as const
const JSON_BODY_HEADERS = { ...JSON_HEADERS, "content-type": "application/json" } as const

/** The request headers for a token, with or without a JSON body. */
type HeadersFor = (bearer: Redacted.Redacted<string>, withBody: boolean) => Readonly<Record<string, string>>

/** Headers built once per token, not once per request. */
const headersPerToken = (): HeadersFor => {
  let last:
    | {
        readonly bearer: Redacted.Redacted<string>
        readonly plain: Record<string, string>
        readonly json: Record<string, string>
      }
    | undefined
  return (bearer, withBody) => {
    if (last?.bearer !== bearer) {
      const authorization = `Bearer ${Redacted.value(bearer)}`
      last = {
        bearer,
        plain: { ...JSON_HEADERS, authorization },
        json: { ...JSON_BODY_HEADERS, authorization }
      }
    }
    return withBody ? last.json : last.plain
  }
}

/**
 * The scrubber of server text for a token: the token, the client secret and its Basic credentials, in
 * every form a server might echo them. Built on the first failure under a token, then kept.
 */
const scrubberPerToken = (config: ModelSecurityConfig["Type"]) => {
  const secret = Redacted.value(config.clientSecret)
  // What the token request carries, and the form-encoded forms a server might derive from it.
  const credentials = [
    secret,
    formEncode(secret),
    basicCredentials(config.clientId, secret),
    formEncodedBasicCredentials(config.clientId, secret)
  ]
  let last: { readonly bearer: Redacted.Redacted<string>; readonly scrubber: Scrubber } | undefined
  return (bearer: Redacted.Redacted<string>): Scrubber => {
    if (last?.bearer !== bearer)
      last = { bearer, scrubber: makeScrubber([Redacted.value(bearer), ...credentials]) }
    return last.scrubber
  }
}

/**
 * Effect's built-in tracer keeps spans in memory and exports nothing; a call's span is never the parent
 * of another, so under that tracer nobody could ever read it, and calls skip it. Any other tracer (an
 * OpenTelemetry one, say) gets a client span per call.
 */
const BUILT_IN_TRACER = Effect.runSync(Effect.tracer)

const call = <A, I>(
  { exchange, token, config, baseUrl, headersFor, scrubberFor, metricsOf }: Deps,
  method: Method,
  template: string,
  options: SendOptions<A, I>
): Effect.Effect<A, CallError> => {
  const operation = `${method} ${template}`
  const url = baseUrl + fillTemplate(template, options.path) + queryString(options.query)
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)

  const run = (span: Tracer.Span | undefined, fiber: Fiber.RuntimeFiber<unknown, unknown>) => {
    const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
    const [metrics, labels] = [metricsOf(options.span, method), fiberLabels(fiber)]
    let attempts = 0
    // A `401` drops the token and tries once more, once per call however many attempts it takes.
    let refreshed = false
    /** One attempt with `bearer`: the body decoded, or why not and whether to try again. */
    const attempt = (bearer: Redacted.Redacted<string>): Effect.Effect<A, Attempt<CallError>> => {
      span?.attribute("airs.attempts", ++attempts)
      const request = { method, url, body, headers: headersFor(bearer, body !== undefined) }
      const start = clock.unsafeCurrentTimeNanos()
      const ended = (outcome: number | HttpExchange.Failure) => metrics.request(outcome, start, clock, labels)
      return Effect.matchEffect(exchange.send(request, config.timeout, config.maxResponseBytes), {
        onFailure: (failure) => {
          ended(failure)
          return Effect.fail(exchangeFailure(operation, method, failure))
        },
        onSuccess: (response): Effect.Effect<A, Attempt<CallError>> => {
          ended(response.status)
          span?.attribute("http.response.status_code", response.status)
          if (response.status >= 200 && response.status < 300) {
            // A body that breaks the contract is final: decoding it again would not change it.
            const decode = (): Effect.Effect<A, Attempt<CallError>> => {
              const decoded = decodeBody(operation, response.text, options.response, () =>
                scrubberFor(bearer)
              )
              return Either.isRight(decoded)
                ? Effect.succeed(decoded.right)
                : Effect.fail({ error: decoded.left, retryable: false })
            }
            return options.arrived === undefined ? decode() : Effect.flatMap(options.arrived, decode)
          }
          if (response.status < 200 || (response.status >= 300 && response.status < 400))
            return Effect.fail({
              error: redirectError(operation, response, scrubberFor(bearer)),
              retryable: false
            })
          if (response.status === 401 && !refreshed) {
            refreshed = true
            return Effect.zipRight(token.invalidate(bearer), send)
          }
          return Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(statusFailure(operation, method, response, now, scrubberFor(bearer)))
          )
        }
      })
    }
    const send: Effect.Effect<A, Attempt<CallError>> = Effect.matchEffect(token.get, {
      onFailure: (error) => Effect.fail({ error, retryable: false }),
      onSuccess: attempt
    })
    return withRetries(send, config.maxRetries, (reason) => metrics.retry(reason, labels))
  }

  return Effect.withFiberRuntime<A, CallError>((fiber) =>
    fiber.currentTracer === BUILT_IN_TRACER
      ? run(undefined, fiber)
      : Effect.useSpan(
          options.span,
          {
            kind: "client",
            captureStackTrace: false,
            attributes: { "http.request.method": method, "url.template": template }
          },
          (span) => run(span, fiber)
        )
  )
}

/** No response: a network failure or a timeout (`ClientError`), or a body over the limit (`ServerError`, final). */
const exchangeFailure = (
  operation: string,
  method: Method,
  failure: HttpExchange.Failure
): Attempt<CallError> =>
  failure._tag === "TooLarge"
    ? {
        error: new ServerError({
          message: `${operation} failed: ${failure.message}`,
          operation,
          reason: "TooLarge"
        }),
        retryable: false
      }
    : {
        error: new ClientError({
          message: `${operation} failed: ${failure.message}`,
          operation,
          reason: failure._tag
        }),
        ...failureRetry(failure, method)
      }

/** A redirect, never followed (a `3xx`, or status 0 where the runtime hides it): a `ClientError` naming where. */
const redirectError = (
  operation: string,
  response: HttpExchange.Response,
  scrubber: Scrubber
): ClientError => {
  const location = response.location === undefined ? undefined : serverText(response.location, scrubber)
  const status = response.status >= 300 && response.status < 400 ? response.status : undefined
  return new ClientError({
    message: `${operation} was redirected${status === undefined ? "" : ` (${status})`}${
      location === undefined ? "" : ` to ${location}`
    }; redirects are not followed`,
    operation,
    reason: "Status",
    ...(status === undefined ? {} : { status }),
    ...(location === undefined ? {} : { location })
  })
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/** The server's own words in an error body: FastAPI `detail`, or a `message`/`error` field. */
const ErrorBody = Schema.Struct({
  detail: Schema.optional(Schema.Union(Schema.String, Schema.Array(ValidationIssue))),
  message: Schema.optional(Schema.String),
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String)
})

const statusFailure = (
  operation: string,
  method: Method,
  response: HttpExchange.Response,
  now: number,
  scrubber: Scrubber
): Attempt<CallError> => {
  const retryAfterMillis = parseRetryAfter(response.retryAfter, now)
  return {
    error: statusError(operation, response.status, response.text, scrubber, retryAfterMillis),
    ...statusRetry(response.status, method, retryAfterMillis)
  }
}

/** The most validation issues of a `422` an error keeps. */
const MAX_DETAIL = 50

const statusError = (
  operation: string,
  status: number,
  text: string,
  scrubber: Scrubber,
  retryAfterMillis: number | undefined
): ClientError | ServerError => {
  // Server text is decoded from JSON first, then scrubbed: an escape (`\/`, `\u0073`) hides no secret.
  const body = Option.flatMap(parseJson(text), Schema.decodeUnknownOption(ErrorBody))
  const detail = Option.flatMap(body, (b) =>
    Option.fromNullable(
      typeof b.detail === "object"
        ? b.detail.slice(0, MAX_DETAIL).map(
            (issue): ValidationIssue => ({
              loc: issue.loc
                .slice(0, MAX_DETAIL)
                .map((part) => (typeof part === "string" ? serverText(part, scrubber) : part)),
              msg: serverText(issue.msg, scrubber),
              type: serverText(issue.type, scrubber)
            })
          )
        : undefined
    )
  )
  const said = Option.flatMap(body, (b) =>
    Option.fromNullable(
      typeof b.detail === "string" ? b.detail : (b.message ?? b.error_description ?? b.error ?? undefined)
    )
  )
  const summary = Option.match(detail, {
    onNone: () =>
      Option.match(said, { onNone: () => `HTTP ${status}`, onSome: (words) => serverText(words, scrubber) }),
    onSome: (issues) =>
      serverText(issues.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("; "), scrubber)
  })
  const fields = {
    message: `${operation} failed (${status}): ${summary}`,
    status,
    operation,
    reason: "Status" as const,
    ...(Option.isSome(detail) ? { detail: detail.value } : {}),
    ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
  }
  return status >= 500 ? new ServerError(fields) : new ClientError(fields)
}

/**
 * Checks a body against its response Schema. Response Schemas decode without transformations (the
 * decoded value is the JSON itself), so a valid body is returned as parsed, keeping any field the API
 * added after this SDK was written; only an invalid one pays for a full decode, to name the field.
 * Nothing the server sends can throw out of here: a body nested so deep that checking it overflows the
 * stack is a `ServerError` too.
 */
const decodeBody = <A, I>(
  operation: string,
  text: string,
  schema: Schema.Schema<A, I>,
  scrubber: () => Scrubber
): Either.Either<A, ServerError> => {
  const json = text === "" ? Option.some(undefined) : parseJson(text)
  if (Option.isNone(json)) return Either.left(decodeError(operation, "returned a body that is not JSON"))
  try {
    if (guardOf(schema)(json.value)) return Either.right(json.value)
  } catch {
    // A guard that overflows the stack on a deeply nested body: the full decode below decides.
  }
  try {
    return Either.mapLeft(
      ParseResult.decodeUnknownEither(schema, { errors: "first" })(json.value),
      (error) => {
        // The path may hold the server's own keys (a record's), and so its text.
        const { path, rule } = firstIssue(error)
        const where = path.length === 0 ? "the body" : fieldName(undefined, path)
        return decodeError(
          operation,
          `returned a response that breaks the API contract at ${serverText(where, scrubber())}: ${rule}`
        )
      }
    )
  } catch {
    return Either.left(decodeError(operation, "returned a response nested too deeply to check"))
  }
}

const decodeError = (operation: string, what: string) =>
  new ServerError({ message: `${operation} ${what}`, operation, reason: "Decode" })
