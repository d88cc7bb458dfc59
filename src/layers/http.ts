/**
 * The transport: one client per plane that builds the URL, sets the bearer token, JSON and `User-Agent`,
 * applies the deadline and retries, refreshes the token once on `401`, maps statuses to tagged errors,
 * decodes the body with the response Schema and annotates the caller's span.
 */
import { HttpClient, HttpClientRequest, type UrlParams } from "@effect/platform"
import { Clock, Context, Effect, Layer, Option, ParseResult, Redacted, Schema, type SchemaAST } from "effect"
import { ClientError, describeIssue, type OAuthError, ServerError, ValidationIssue } from "../errors/index.js"
import { USER_AGENT } from "../version.js"
import { ModelSecurityConfig } from "./config.js"
import {
  type Attempt,
  exchange,
  isRetryableFailure,
  isRetryableStatus,
  parseRetryAfter,
  withRetries
} from "./exchange.js"
import { AccessToken } from "./token.js"

/** An HTTP method the API uses. */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

/** What one call sends and how its answer is read. */
export interface CallOptions<A, I> {
  /** Values for the `{name}` segments of the path template; each is percent-encoded. */
  readonly path?: Readonly<Record<string, string>>
  /** Query parameters; arrays become repeated keys. */
  readonly query?: UrlParams.Input
  /** JSON body. */
  readonly body?: unknown
  /** Schema of a successful response body; `Schema.Void` for an empty one (`204`). */
  readonly response: Schema.Schema<A, I>
}

/** The errors a call can fail with once its input is valid. */
export type CallError = ClientError | ServerError | OAuthError

/** A client bound to one plane's base URL. */
export interface PlaneClient {
  /** Sends `method template` and decodes the answer. */
  readonly call: <A, I>(
    method: Method,
    template: string,
    options: CallOptions<A, I>
  ) => Effect.Effect<A, CallError>
}

/** The data- and management-plane clients. */
export class AirsHttp extends Context.Tag("@effect-airs/model-security/AirsHttp")<
  AirsHttp,
  { readonly data: PlaneClient; readonly mgmt: PlaneClient }
>() {
  /** Both plane clients over the given `HttpClient`, sharing one token. */
  static readonly layer: Layer.Layer<
    AirsHttp,
    never,
    ModelSecurityConfig | AccessToken | HttpClient.HttpClient
  > = Layer.effect(
    AirsHttp,
    Effect.gen(function* () {
      const config = yield* ModelSecurityConfig
      const token = yield* AccessToken
      const client = yield* HttpClient.HttpClient
      const plane = (baseUrl: string): PlaneClient => ({
        call: (method, template, options) =>
          call({ client, token, config, baseUrl }, method, template, options)
      })
      return { data: plane(config.dataEndpoint), mgmt: plane(config.mgmtEndpoint) }
    })
  )
}

interface Deps {
  readonly client: HttpClient.HttpClient
  readonly token: AccessToken["Type"]
  readonly config: ModelSecurityConfig["Type"]
  readonly baseUrl: string
}

const decodeOptions: SchemaAST.ParseOptions = { errors: "first", onExcessProperty: "preserve" }

const call = <A, I>(
  { client, token, config, baseUrl }: Deps,
  method: Method,
  template: string,
  options: CallOptions<A, I>
): Effect.Effect<A, CallError> => {
  const operation = `${method} ${template}`
  const base = HttpClientRequest.make(method)(baseUrl + fillTemplate(template, options.path), {
    headers: { "user-agent": USER_AGENT, accept: "application/json" },
    ...(options.query === undefined ? {} : { urlParams: options.query })
  })
  const request = options.body === undefined ? base : HttpClientRequest.bodyUnsafeJson(base, options.body)
  let attempts = 0
  let status: number | undefined

  const send = (refreshed: boolean): Effect.Effect<string, Attempt<CallError>> =>
    Effect.gen(function* () {
      attempts++
      const bearer = yield* Effect.mapError(token.get, (error) => ({ error, retryable: false }))
      const response = yield* exchange(
        client,
        HttpClientRequest.setHeader(request, "authorization", `Bearer ${Redacted.value(bearer)}`),
        config.timeout
      ).pipe(
        Effect.mapError((failure) => ({
          error: new ClientError({
            message: `${operation} failed: ${failure.message}`,
            operation,
            reason: failure._tag
          }),
          retryable: isRetryableFailure(failure, method)
        }))
      )
      status = response.status
      if (response.status >= 200 && response.status < 300) return response.text
      if (response.status === 401 && !refreshed) {
        yield* token.invalidate(bearer)
        return yield* send(true)
      }
      const retryAfterMillis = parseRetryAfter(response.headers, yield* Clock.currentTimeMillis)
      return yield* Effect.fail({
        error: statusError(operation, response.status, response.text, retryAfterMillis),
        retryable: isRetryableStatus(response.status, method, retryAfterMillis)
      })
    })

  return withRetries(send(false), config.maxRetries).pipe(
    Effect.flatMap((text) => decodeBody(operation, text, options.response)),
    Effect.ensuring(
      Effect.suspend(() =>
        Effect.annotateCurrentSpan({
          "http.request.method": method,
          "url.template": template,
          "airs.attempts": attempts,
          ...(status === undefined ? {} : { "http.response.status_code": status })
        })
      )
    )
  )
}

/** Substitutes `{name}` segments with percent-encoded values. */
const fillTemplate = (template: string, values: Readonly<Record<string, string>> | undefined): string =>
  values === undefined
    ? template
    : template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""))

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

const statusError = (
  operation: string,
  status: number,
  text: string,
  retryAfterMillis: number | undefined
): ClientError | ServerError => {
  const body = Option.flatMap(parseJson(text), Schema.decodeUnknownOption(ErrorBody))
  const detail = Option.flatMap(body, (b) =>
    Option.fromNullable(typeof b.detail === "object" ? b.detail : undefined)
  )
  const said = Option.flatMap(body, (b) =>
    Option.fromNullable(
      typeof b.detail === "string" ? b.detail : (b.message ?? b.error_description ?? b.error ?? undefined)
    )
  )
  const summary = Option.match(detail, {
    onNone: () => Option.getOrElse(said, () => `HTTP ${status}`),
    onSome: (issues) => issues.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("; ")
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

const decodeBody = <A, I>(
  operation: string,
  text: string,
  schema: Schema.Schema<A, I>
): Effect.Effect<A, ServerError> => {
  const json = text === "" ? Option.some(undefined) : parseJson(text)
  if (Option.isNone(json)) {
    return Effect.fail(
      new ServerError({
        message: `${operation} returned a body that is not JSON`,
        operation,
        reason: "Decode"
      })
    )
  }
  return Schema.decodeUnknown(
    schema,
    decodeOptions
  )(json.value).pipe(
    Effect.mapError((error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const where = issue === undefined || issue.path.length === 0 ? "the body" : issue.path.join(".")
      return new ServerError({
        message: `${operation} returned a response that breaks the API contract at ${where}: ${
          issue === undefined ? "invalid" : describeIssue(issue)
        }`,
        operation,
        reason: "Decode"
      })
    })
  )
}
