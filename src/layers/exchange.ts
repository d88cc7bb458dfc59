/**
 * One HTTP exchange and its retry policy: send with a deadline, read the body as text, classify what went
 * wrong, and retry transient failures with capped exponential backoff, jitter and `Retry-After`.
 */
import type { HttpClient, HttpClientRequest } from "@effect/platform"
import { Duration, Effect, Schedule } from "effect"

/** A response read in full. */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** Why no response arrived. */
export type ExchangeFailure =
  | { readonly _tag: "Transport"; readonly message: string; readonly connectionRefused: boolean }
  | { readonly _tag: "Timeout"; readonly message: string }

/** A failed attempt, and whether trying again is safe and useful. */
export interface Attempt<E> {
  readonly error: E
  readonly retryable: boolean
}

/** Sends `request`, reading the whole body within `timeout`. */
export const exchange = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.Duration
): Effect.Effect<RawResponse, ExchangeFailure> =>
  client.execute(request).pipe(
    Effect.flatMap((response) =>
      Effect.map(
        response.text,
        (text): RawResponse => ({ status: response.status, headers: response.headers, text })
      )
    ),
    Effect.catchAll((error) => {
      const code = errorCode(error)
      return Effect.fail<ExchangeFailure>({
        _tag: "Transport",
        message: code === undefined ? "network error" : `network error (${code})`,
        connectionRefused: code === "ECONNREFUSED"
      })
    }),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: (): ExchangeFailure => ({
        _tag: "Timeout",
        message: `no response within ${Duration.format(timeout)}`
      })
    })
  )

/** The first `code` (e.g. `ECONNREFUSED`) found along an error's `cause` chain. */
const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Methods that may be repeated without changing the outcome. */
export const isIdempotent = (method: string): boolean => method !== "POST" && method !== "PATCH"

/** The longest `Retry-After` the client waits for; a longer one ends the retries. */
const MAX_RETRY_AFTER_MILLIS = 60_000

/**
 * Whether a status is worth retrying: 429 and 503 always (the server did not act on the request),
 * 500, 502 and 504 only for idempotent methods; never when the server asks for a wait over a minute.
 */
export const isRetryableStatus = (
  status: number,
  method: string,
  retryAfterMillis: number | undefined
): boolean =>
  (retryAfterMillis === undefined || retryAfterMillis <= MAX_RETRY_AFTER_MILLIS) &&
  (status === 429 ||
    status === 503 ||
    ((status === 500 || status === 502 || status === 504) && isIdempotent(method)))

/** Whether a failed exchange is worth retrying: a refused connection always, other network errors when idempotent. */
export const isRetryableFailure = (failure: ExchangeFailure, method: string): boolean =>
  failure._tag === "Transport" && (failure.connectionRefused || isIdempotent(method))

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date), if the server sent one. */
export const parseRetryAfter = (
  headers: Readonly<Record<string, string>>,
  nowMillis: number
): number | undefined => {
  const value = headers["retry-after"]
  if (value === undefined || value.trim() === "") return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMillis)
}

const BASE_DELAY = Duration.millis(250)
const MAX_DELAY = Duration.seconds(8)

/** Exponential backoff from 250 ms, doubled each time, jittered, capped at 8 s; `Retry-After` wins when given. */
const retrySchedule = <E extends { readonly retryAfterMillis?: number | undefined }>(maxRetries: number) =>
  Schedule.exponential(BASE_DELAY, 2).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.identity<Attempt<E>>()),
    Schedule.modifyDelay(([, attempt], delay) =>
      attempt.error.retryAfterMillis === undefined
        ? Duration.min(delay, MAX_DELAY)
        : Duration.millis(attempt.error.retryAfterMillis)
    ),
    Schedule.intersect(Schedule.recurs(maxRetries))
  )

/** Runs `attempt`, retrying it while its failure is retryable, at most `maxRetries` times. */
export const withRetries = <A, E extends { readonly retryAfterMillis?: number | undefined }, R>(
  attempt: Effect.Effect<A, Attempt<E>, R>,
  maxRetries: number
): Effect.Effect<A, E, R> =>
  attempt.pipe(
    Effect.retry({ schedule: retrySchedule<E>(maxRetries), while: (failed) => failed.retryable }),
    Effect.mapError((failed) => failed.error)
  )
