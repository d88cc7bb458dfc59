/**
 * The OAuth2 access token shared by both planes: fetched with client credentials, cached in a
 * `SynchronizedRef`, refreshed shortly before it expires. Concurrent callers share one in-flight fetch
 * and its outcome, success or failure; a fetch that every caller has given up on is cancelled. A token
 * whose `expires_in` is zero or less serves the callers of its fetch and is not cached.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { OAuthError } from "../errors/index.js"
import { firstIssue } from "../internal/issues.js"
import {
  countTokenFailure,
  countTokenFetch,
  failureType,
  fiberLabels,
  operationMetrics,
  serverAddress
} from "../internal/metrics.js"
import { type Attempt, failureRetry, parseRetryAfter, statusRetry, withRetries } from "../internal/retry.js"
import { makeScrubber, type Scrubber, serverText } from "../internal/scrub.js"
import {
  basicCredentials,
  formEncode,
  formEncodedBasicCredentials,
  TokenErrorResponse,
  TokenResponse
} from "../internal/token-response.js"
import { USER_AGENT } from "../version.js"
import { ModelSecurityConfig } from "./config.js"
import { HttpExchange } from "./http-exchange.js"

/** A fetched token and when to stop using it. */
interface CachedToken {
  readonly token: Redacted.Redacted<string>
  readonly refreshAt: number
  /** Whether later calls may use it: not when the server gave it no time (`expires_in` ≤ 0). */
  readonly reusable: boolean
}

/** Nothing cached, a fetch under way that callers await, or a token. */
type TokenState = { readonly _tag: "Empty" } | Fetching | Ready
interface Fetching {
  readonly _tag: "Fetching"
  readonly deferred: Deferred.Deferred<CachedToken, OAuthError>
  readonly fiber: Fiber.RuntimeFiber<unknown>
  /** Callers awaiting it; when the last one gives up, the fetch is cancelled. */
  waiters: number
}
interface Ready {
  readonly _tag: "Ready"
  readonly cached: CachedToken
}

/**
 * Lifetime assumed when the server does not say (`expires_in` absent or null): five minutes, shorter
 * than the tokens the API issues (fifteen), so a token of unknown life is renewed early; a `401` still
 * renews it sooner.
 */
const DEFAULT_TTL_SECONDS = 300
/** Refresh this long before expiry, or at 90% of the lifetime when that is shorter. */
const REFRESH_MARGIN_MILLIS = 60_000
/** The largest token response read: a token is a few KB at most. */
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024

/**
 * The types of {@link AccessToken:class | AccessToken}: its service.
 * @category Layers
 */
export declare namespace AccessToken {
  /** The bearer token for both planes, cached and shared. */
  export interface Service {
    /** A valid token: the cached one, or a fresh one fetched once for all concurrent callers. */
    readonly get: Effect.Effect<Redacted.Redacted<string>, OAuthError>
    /** Drops `token` from the cache if it is still the cached one (after a `401`). */
    readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<void>
  }
}

/**
 * The bearer token for both planes: {@link AccessToken.Service}, fetched with the client credentials of the
 * {@link ModelSecurityConfig:class | ModelSecurityConfig}, cached, and refreshed shortly before it expires.
 * Every layer of the SDK provides it; {@link AccessToken.layer} builds it over the config and the
 * {@link HttpExchange:class | HttpExchange} in context.
 * @category Layers
 * @hideconstructor
 */
export class AccessToken extends Context.Tag("@effect-airs/model-security/AccessToken")<
  AccessToken,
  AccessToken.Service
>() {
  /** The token service, fetching from the configured token endpoint. */
  static readonly layer: Layer.Layer<AccessToken, never, ModelSecurityConfig | HttpExchange> = Layer.scoped(
    AccessToken,
    Effect.gen(function* () {
      const config = yield* ModelSecurityConfig
      const exchange = yield* HttpExchange

      const secret = Redacted.value(config.clientSecret)
      const basic = basicCredentials(config.clientId, secret)
      const scrubber = makeScrubber([
        secret,
        formEncode(secret),
        basic,
        formEncodedBasicCredentials(config.clientId, secret)
      ])
      const maxBytes = Math.min(config.maxResponseBytes, MAX_TOKEN_RESPONSE_BYTES)
      const request: HttpExchange.Request = {
        method: "POST",
        url: config.tokenEndpoint,
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          "user-agent": USER_AGENT
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          scope: `tsg_id:${config.tsgId}`
        }).toString()
      }

      const metrics = operationMetrics(
        "AccessToken.fetch",
        "token",
        "POST",
        serverAddress(config.tokenEndpoint)
      )
      let attempts = 0
      // What the last attempt of a fetch failed with, as the failures metric tags it (`error.type`).
      let failedWith = "invalid_response"
      // The labels of the fiber that started the fetch (`Effect.tagMetrics`), for its metrics.
      let labels: ReadonlyArray<MetricLabel.MetricLabel> = []
      const attempt: Effect.Effect<CachedToken, Attempt<OAuthError>> = Effect.gen(function* () {
        yield* Effect.annotateCurrentSpan("airs.attempts", ++attempts)
        const clock = yield* Effect.clock
        const start = clock.unsafeCurrentTimeNanos()
        const response = yield* exchange.send(request, config.timeout, maxBytes).pipe(
          Effect.mapError((failure: HttpExchange.Failure) => {
            metrics.request(failure, start, clock, labels)
            failedWith = failureType(failure)
            return {
              error: new OAuthError({ message: `Token request failed: ${failure.message}` }),
              // The token request changes nothing on the server: it is retried as a GET would be.
              ...failureRetry(failure, "GET")
            }
          })
        )
        metrics.request(response.status, start, clock, labels)
        failedWith = String(response.status)
        yield* Effect.annotateCurrentSpan("http.response.status_code", response.status)
        const now = yield* Clock.currentTimeMillis
        if (response.status >= 200 && response.status < 300) {
          failedWith = "invalid_response"
          return yield* Either.mapLeft(tokenOf(response, now), (error) => ({
            error,
            retryable: false as const
          }))
        }
        if (response.status < 200 || (response.status >= 300 && response.status < 400)) {
          return yield* Effect.fail({ error: redirected(response, scrubber), retryable: false as const })
        }
        const refusal = Option.getOrElse(
          Schema.decodeUnknownOption(TokenErrorResponse)(parseJson(response.text)),
          () => ({ error: undefined, error_description: undefined })
        )
        const code = refusal.error === undefined ? undefined : serverText(refusal.error, scrubber, 100)
        const description =
          refusal.error_description === undefined
            ? undefined
            : serverText(refusal.error_description, scrubber)
        const retryAfterMillis = parseRetryAfter(response.retryAfter, now)
        return yield* Effect.fail({
          error: new OAuthError({
            message: `Token request failed (${response.status}${code ? ` ${code}` : ""})${
              description ? `: ${description}` : ""
            }`,
            status: response.status,
            ...(code === undefined ? {} : { error: code }),
            ...(description === undefined ? {} : { errorDescription: description }),
            ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
          }),
          // Asking for a token twice is harmless, so every transient status is retried, as for a GET.
          ...statusRetry(response.status, "GET", retryAfterMillis)
        })
      })
      const fetchToken = Effect.withFiberRuntime<CachedToken, OAuthError>((fiber) => {
        attempts = 0
        labels = fiberLabels(fiber)
        countTokenFetch(labels)
        return Effect.tapError(
          withRetries(attempt, config.maxRetries, (reason) => metrics.retry(reason, labels)),
          () => Effect.sync(() => countTokenFailure(failedWith, labels))
        )
      }).pipe(
        Effect.withSpan("AccessToken.fetch", {
          kind: "client",
          captureStackTrace: false,
          attributes: { "http.request.method": "POST" }
        })
      )

      const state = yield* SynchronizedRef.make<TokenState>({ _tag: "Empty" })
      const scope = yield* Effect.scope
      /**
       * The token last fetched, as the effect that gives it: what `get` answers without taking the ref's
       * lock while the token is fresh. Set with the state when a fetch succeeds; dropped by `invalidate`.
       */
      let latest:
        | { readonly cached: CachedToken; readonly get: Effect.Effect<Redacted.Redacted<string>> }
        | undefined

      /** Starts the one fetch callers wait for; its outcome replaces the state, if it is still current. */
      const startFetch = Effect.gen(function* () {
        const deferred = yield* Deferred.make<CachedToken, OAuthError>()
        const fetching: { -readonly [K in keyof Fetching]: Fetching[K] } = {
          _tag: "Fetching",
          deferred,
          fiber: undefined as unknown as Fiber.RuntimeFiber<unknown>,
          waiters: 0
        }
        // Forked under the ref's lock, where interruption is masked: the fetch itself stays cancellable,
        // and its outcome, an interruption included, still settles the state and the deferred.
        fetching.fiber = yield* fetchToken.pipe(
          Effect.interruptible,
          Effect.exit,
          Effect.tap((exit) =>
            SynchronizedRef.update(state, (current): TokenState => {
              if (current !== fetching) return current
              if (!Exit.isSuccess(exit)) return { _tag: "Empty" }
              // A token given no time serves the callers of this fetch (through the deferred) only.
              if (!exit.value.reusable) {
                latest = undefined
                return { _tag: "Empty" }
              }
              latest = { cached: exit.value, get: Effect.succeed(exit.value.token) }
              return { _tag: "Ready", cached: exit.value }
            })
          ),
          Effect.flatMap((exit) => Deferred.done(deferred, exit)),
          Effect.forkIn(scope)
        )
        return fetching as Fetching
      })

      /** A caller stops waiting: the last one to give up before the fetch ends cancels it. */
      const leave = (fetching: Fetching, exit: Exit.Exit<unknown, unknown>) =>
        SynchronizedRef.updateEffect(state, (current) =>
          Effect.suspend((): Effect.Effect<TokenState> => {
            fetching.waiters--
            if (fetching.waiters > 0 || current !== fetching || !Exit.isInterrupted(exit)) {
              return Effect.succeed(current)
            }
            return Effect.as(Fiber.interruptFork(fetching.fiber), { _tag: "Empty" })
          })
        )

      const isFresh = (current: TokenState, now: number): current is Ready =>
        current._tag === "Ready" && now < current.cached.refreshAt

      /** Under the ref's lock: the fresh token, or a place among the callers of the fetch under way (started if need be). */
      const refresh = Effect.uninterruptibleMask((restore) =>
        SynchronizedRef.modifyEffect(
          state,
          (latest): Effect.Effect<readonly [CachedToken | Fetching, TokenState]> =>
            Effect.flatMap(
              Clock.currentTimeMillis,
              (now): Effect.Effect<readonly [CachedToken | Fetching, TokenState]> => {
                if (isFresh(latest, now)) return Effect.succeed([latest.cached, latest] as const)
                const joined = latest._tag === "Fetching" ? Effect.succeed(latest) : startFetch
                return Effect.map(joined, (fetching) => {
                  fetching.waiters++
                  return [fetching, fetching] as const
                })
              }
            )
        ).pipe(
          Effect.flatMap(
            (found): Effect.Effect<CachedToken, OAuthError> =>
              "deferred" in found
                ? Effect.onExit(restore(Deferred.await(found.deferred)), (exit) => leave(found, exit))
                : Effect.succeed(found)
          ),
          Effect.map((cached) => cached.token)
        )
      )

      // The common case (a fresh token) is answered at once, without the ref or its lock.
      const get = Effect.withFiberRuntime<Redacted.Redacted<string>, OAuthError>((fiber) => {
        const known = latest
        return known !== undefined &&
          Context.get(fiber.currentDefaultServices, Clock.Clock).unsafeCurrentTimeMillis() <
            known.cached.refreshAt
          ? known.get
          : refresh
      })

      const invalidate = (token: Redacted.Redacted<string>) =>
        SynchronizedRef.update(state, (current): TokenState => {
          if (latest?.cached.token === token) latest = undefined
          return current._tag === "Ready" && current.cached.token === token ? { _tag: "Empty" } : current
        })

      return { get, invalidate }
    })
  )
}

/** A redirect from the token endpoint, never followed: the token would come from another host. */
const redirected = (response: HttpExchange.Response, scrubber: Scrubber): OAuthError => {
  const location = response.location === undefined ? undefined : serverText(response.location, scrubber)
  const status = response.status >= 300 && response.status < 400 ? response.status : undefined
  return new OAuthError({
    message: `Token request was redirected${status === undefined ? "" : ` (${status})`}${
      location === undefined ? "" : ` to ${location}`
    }; redirects are not followed`,
    ...(status === undefined ? {} : { status }),
    ...(location === undefined ? {} : { location })
  })
}

/** The token of a `2xx` response, or why there is none usable. */
const tokenOf = (response: HttpExchange.Response, now: number): Either.Either<CachedToken, OAuthError> => {
  const fail = (why: string) =>
    Either.left(new OAuthError({ message: `Token request failed: ${why}`, status: response.status }))
  const body = parseJson(response.text)
  const decoded = Schema.decodeUnknownEither(TokenResponse)(body)
  if (Either.isLeft(decoded)) {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return fail("the response holds no access_token (it is not a JSON object)")
    const { path } = firstIssue(decoded.left.issue)
    const field = path[0]
    if (field === "access_token") return fail("the response holds no access_token")
    if (field === "expires_in") return fail("expires_in is not a number of seconds")
    return fail(`the response's ${String(field)} is not a string`)
  }
  const token = decoded.right
  // Anything that cannot echo the token in the messages below.
  const scrubber = makeScrubber([token.access_token])
  if (token.token_type !== undefined && token.token_type.toLowerCase() !== "bearer") {
    return fail(
      `the token_type is ${serverText(JSON.stringify(token.token_type), scrubber, 100)}, not Bearer`
    )
  }
  const seconds =
    token.expires_in === undefined || token.expires_in === null
      ? DEFAULT_TTL_SECONDS
      : Number(token.expires_in)
  if (!Number.isFinite(seconds)) return fail("expires_in is not a finite number of seconds")
  // Zero or less: the server issued a token all the same; it serves the calls that waited for it.
  if (seconds <= 0)
    return Either.right({ token: Redacted.make(token.access_token), refreshAt: now, reusable: false })
  const ttlMillis = seconds * 1000
  return Either.right({
    token: Redacted.make(token.access_token),
    refreshAt: now + ttlMillis - Math.min(REFRESH_MARGIN_MILLIS, ttlMillis / 10),
    reusable: true
  })
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
