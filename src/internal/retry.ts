/**
 * The retry policy: which failures are worth another attempt, how long to wait (capped exponential
 * backoff with jitter, or the server's `Retry-After`), and how often.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { ExchangeFailure } from "./exchange.js"

/** A failed attempt, and whether trying again is safe and useful. */
export interface Attempt<E> {
  readonly error: E
  readonly retryable: boolean
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
export const parseRetryAfter = (value: string | undefined, nowMillis: number): number | undefined => {
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

/**
 * Runs `attempt`, retrying it while its failure is retryable, at most `maxRetries` times. The schedule
 * is only set up once an attempt has failed, so a call that succeeds at once pays nothing for it.
 */
export const withRetries = <A, E extends { readonly retryAfterMillis?: number | undefined }, R>(
  attempt: Effect.Effect<A, Attempt<E>, R>,
  maxRetries: number
): Effect.Effect<A, E, R> =>
  Effect.catchAll(attempt, (first) => {
    if (!first.retryable || maxRetries === 0) return Effect.fail(first.error)
    // The schedule must see the first failure before it waits; replay it once, then attempt again.
    let replay: Attempt<E> | undefined = first
    const again = Effect.suspend(() => {
      const failed = replay
      replay = undefined
      return failed === undefined ? attempt : Effect.fail(failed)
    })
    return again.pipe(
      Effect.retry({ schedule: retrySchedule<E>(maxRetries), while: (failed) => failed.retryable }),
      Effect.mapError((failed) => failed.error)
    )
  })
