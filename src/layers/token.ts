/**
 * The OAuth2 access token shared by both planes: fetched with client credentials, cached in a
 * `SynchronizedRef`, refreshed shortly before it expires. Concurrent callers share one in-flight fetch
 * and its outcome, success or failure.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { OAuthError } from "../errors/index.js"
import type { ExchangeFailure, OutgoingRequest } from "../internal/exchange.js"
import { type Attempt, isRetryableStatus, parseRetryAfter, withRetries } from "../internal/retry.js"
import { scrub } from "../internal/scrub.js"
import { TokenErrorResponse, TokenResponse } from "../internal/token-response.js"
import { USER_AGENT } from "../version.js"
import { ModelSecurityConfig } from "./config.js"
import { HttpExchange } from "./exchange.js"

/** A cached token and when to stop using it. */
interface CachedToken {
  readonly token: Redacted.Redacted<string>
  readonly refreshAt: number
}

/** Nothing cached, a fetch under way that every caller awaits, or a token. */
type TokenState =
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Fetching"; readonly deferred: Deferred.Deferred<CachedToken, OAuthError> }
  | Ready
interface Ready {
  readonly _tag: "Ready"
  readonly cached: CachedToken
}

/** Lifetime assumed when the server does not say (`expires_in` absent). */
const DEFAULT_TTL_SECONDS = 900
/** Refresh this long before expiry, or at 90% of the lifetime when that is shorter. */
const REFRESH_MARGIN_MILLIS = 60_000

/** The bearer token for both planes. */
export class AccessToken extends Context.Tag("@effect-airs/model-security/AccessToken")<
  AccessToken,
  {
    /** A valid token: the cached one, or a fresh one fetched once for all concurrent callers. */
    readonly get: Effect.Effect<Redacted.Redacted<string>, OAuthError>
    /** Drops `token` from the cache if it is still the cached one (after a `401`). */
    readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<void>
  }
>() {
  /** The token service, fetching from the configured token endpoint. */
  static readonly layer: Layer.Layer<AccessToken, never, ModelSecurityConfig | HttpExchange> = Layer.scoped(
    AccessToken,
    Effect.gen(function* () {
      const config = yield* ModelSecurityConfig
      const exchange = yield* HttpExchange

      const basic = Encoding.encodeBase64(`${config.clientId}:${Redacted.value(config.clientSecret)}`)
      const secrets = [Redacted.value(config.clientSecret), basic]
      const request: OutgoingRequest = {
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

      const attempt: Effect.Effect<CachedToken, Attempt<OAuthError>> = Effect.gen(function* () {
        const response = yield* exchange.send(request, config.timeout).pipe(
          Effect.mapError((failure: ExchangeFailure) => ({
            error: new OAuthError({ message: `Token request failed: ${failure.message}` }),
            retryable: failure._tag === "Transport"
          }))
        )
        const now = yield* Clock.currentTimeMillis
        const body = parseJson(
          response.status >= 200 && response.status < 300 ? response.text : scrub(response.text, secrets)
        )
        if (response.status >= 200 && response.status < 300) {
          const token = Schema.decodeUnknownOption(TokenResponse)(body)
          if (Option.isNone(token)) {
            return yield* Effect.fail({
              error: new OAuthError({
                message: "Token request failed: the response holds no access_token",
                status: response.status
              }),
              retryable: false
            })
          }
          const ttlMillis = (token.value.expires_in ?? DEFAULT_TTL_SECONDS) * 1000
          return {
            token: Redacted.make(token.value.access_token),
            refreshAt: now + ttlMillis - Math.min(REFRESH_MARGIN_MILLIS, ttlMillis / 10)
          }
        }
        const refusal = Option.getOrElse(Schema.decodeUnknownOption(TokenErrorResponse)(body), () => ({
          error: undefined,
          error_description: undefined
        }))
        const retryAfterMillis = parseRetryAfter(response.retryAfter, now)
        return yield* Effect.fail({
          error: new OAuthError({
            message: `Token request failed (${response.status}${refusal.error ? ` ${refusal.error}` : ""})${
              refusal.error_description ? `: ${refusal.error_description}` : ""
            }`,
            status: response.status,
            ...(refusal.error === undefined ? {} : { error: refusal.error }),
            ...(refusal.error_description === undefined
              ? {}
              : { errorDescription: refusal.error_description }),
            ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
          }),
          // Asking for a token twice is harmless, so every transient status is retried, as for a GET.
          retryable: isRetryableStatus(response.status, "GET", retryAfterMillis)
        })
      })
      const fetchToken = withRetries(attempt, config.maxRetries).pipe(Effect.withSpan("AccessToken.fetch"))

      const state = yield* SynchronizedRef.make<TokenState>({ _tag: "Empty" })
      const scope = yield* Effect.scope

      /** Starts the one fetch every caller waits for; its outcome replaces the state. */
      const startFetch = Effect.gen(function* () {
        const deferred = yield* Deferred.make<CachedToken, OAuthError>()
        yield* fetchToken.pipe(
          Effect.exit,
          Effect.tap((exit) =>
            SynchronizedRef.set(
              state,
              Exit.isSuccess(exit) ? { _tag: "Ready", cached: exit.value } : { _tag: "Empty" }
            )
          ),
          Effect.flatMap((exit) => Deferred.done(deferred, exit)),
          Effect.forkIn(scope)
        )
        return deferred
      })

      const isFresh = (current: TokenState, now: number): current is Ready =>
        current._tag === "Ready" && now < current.cached.refreshAt

      /** Under the ref's lock: the fresh token, the fetch under way, or a new fetch. */
      const refresh = SynchronizedRef.modifyEffect(state, (latest) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          if (isFresh(latest, now)) return Effect.succeed([Effect.succeed(latest.cached), latest] as const)
          if (latest._tag === "Fetching")
            return Effect.succeed([Deferred.await(latest.deferred), latest] as const)
          return Effect.map(
            startFetch,
            (deferred) => [Deferred.await(deferred), { _tag: "Fetching", deferred } as TokenState] as const
          )
        })
      ).pipe(
        Effect.flatten,
        Effect.map((cached) => cached.token)
      )

      // The common case (a fresh token) reads the ref without taking its lock.
      const get = Effect.flatMap(SynchronizedRef.get(state), (current) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          isFresh(current, now) ? Effect.succeed(current.cached.token) : refresh
        )
      )

      const invalidate = (token: Redacted.Redacted<string>) =>
        SynchronizedRef.update(
          state,
          (current): TokenState =>
            current._tag === "Ready" && current.cached.token === token ? { _tag: "Empty" } : current
        )

      return { get, invalidate }
    })
  )
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
