/**
 * The retry policy: which failures are worth another attempt, how long to wait (capped exponential
 * backoff with jitter, or the server's `Retry-After`), and how often.
 */

import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { HttpExchange } from "../layers/http-exchange.js"
import type { RetryReason } from "./metrics.js"

/**
 * A failed attempt, and whether trying again is safe and useful; one that may be tried again says why
 * (the retries metric counts by that reason).
 */
export type Attempt<E> =
  | { readonly error: E; readonly retryable: false }
  | { readonly error: E; readonly retryable: boolean; readonly reason: RetryReason }

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

/**
 * Whether a proxy's refusal of a tunnel may pass: `429` or a `5xx` (the proxy could not reach the API, or
 * was busy). A `403` or `407` stays what it is until the proxy's rules or credentials change.
 */
const isTransientProxyStatus = (status: number): boolean => status === 429 || status >= 500

/**
 * Whether a failed exchange is worth retrying: a refused connection always, other network errors when
 * idempotent, and a tunnel a proxy refused for a passing reason always (the API never saw the request).
 */
export const isRetryableFailure = (failure: HttpExchange.Failure, method: string): boolean =>
  failure._tag === "Transport" &&
  (failure.proxyStatus === undefined
    ? failure.connectionRefused || isIdempotent(method)
    : isTransientProxyStatus(failure.proxyStatus))

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})"
/** `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate, the one to send). */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete RFC 850 form, still to be accepted). */
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`
)
/** `Sun Nov  6 08:49:37 1994` (obsolete asctime form, in GMT). */
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

/** An HTTP date (RFC 9110 §5.6.7) in epoch milliseconds, if `value` is one. */
const parseHttpDate = (value: string, nowMillis: number): number | undefined => {
  const fixdate = IMF_FIXDATE.exec(value)
  const rfc850 = fixdate === null ? RFC_850.exec(value) : null
  const asctime = fixdate === null && rfc850 === null ? ASCTIME.exec(value) : null
  let parts: readonly [day: string, month: string, year: number, hour: string, minute: string, second: string]
  if (fixdate !== null) {
    parts = [fixdate[1]!, fixdate[2]!, Number(fixdate[3]), fixdate[4]!, fixdate[5]!, fixdate[6]!]
  } else if (rfc850 !== null) {
    // A two-digit year more than 50 years ahead is the latest past year ending so (RFC 9110 §5.6.7).
    const thisYear = new Date(nowMillis).getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(rfc850[3])
    if (year > thisYear + 50) year -= 100
    parts = [rfc850[1]!, rfc850[2]!, year, rfc850[4]!, rfc850[5]!, rfc850[6]!]
  } else if (asctime !== null) {
    parts = [asctime[2]!.trim(), asctime[1]!, Number(asctime[6]), asctime[3]!, asctime[4]!, asctime[5]!]
  } else return undefined
  const [day, month, year, hour, minute, second] = parts
  const [d, h, m, s] = [Number(day), Number(hour), Number(minute), Number(second)]
  if (d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined
  return Date.UTC(year, MONTHS.indexOf(month), d, h, m, s)
}

/**
 * `Retry-After` in milliseconds, if the server sent a valid one: a whole number of seconds, or an HTTP
 * date. Anything else (`0x3`, `1e3`, `3.5`, `-1`, a loose date) is ignored, as if none had come.
 */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, "")
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = parseHttpDate(trimmed, nowMillis)
  return date === undefined ? undefined : Math.max(0, date - nowMillis)
}

const BASE_DELAY = Duration.millis(250)
const MAX_DELAY = Duration.seconds(8)

/** The most a wait the server asked for is stretched: a fifth, spreading clients told the same `Retry-After`. */
const RETRY_AFTER_JITTER = 0.2

/**
 * Exponential backoff from 250 ms, doubled each time, jittered, capped at 8 s; `Retry-After` wins when
 * given, never shortened, stretched by up to a fifth so that the clients it was sent to do not all
 * return at once.
 */
const retrySchedule = <E extends { readonly retryAfterMillis?: number | undefined }>(maxRetries: number) =>
  Schedule.exponential(BASE_DELAY, 2).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.identity<Attempt<E>>()),
    Schedule.modifyDelayEffect(([, attempt], delay) => {
      const asked = attempt.error.retryAfterMillis
      return asked === undefined
        ? Effect.succeed(Duration.min(delay, MAX_DELAY))
        : Effect.map(Random.next, (r) => Duration.millis(asked + Math.floor(r * asked * RETRY_AFTER_JITTER)))
    }),
    Schedule.intersect(Schedule.recurs(maxRetries))
  )

/** Whether a failed exchange is tried again, and why: a proxy's refusal of the tunnel, or the network. */
export const failureRetry = (failure: HttpExchange.Failure, method: string) =>
  ({
    retryable: isRetryableFailure(failure, method),
    reason: failure._tag === "Transport" && failure.proxyStatus !== undefined ? "proxy" : "network"
  }) as const

/** Whether a status is tried again (see `isRetryableStatus`), and why: `429`, or a `5xx`. */
export const statusRetry = (status: number, method: string, retryAfterMillis: number | undefined) =>
  ({
    retryable: isRetryableStatus(status, method, retryAfterMillis),
    reason: status === 429 ? "429" : "5xx"
  }) as const

/**
 * Runs `attempt`, retrying it while its failure is retryable, at most `maxRetries` times, telling
 * `retried` the reason of each attempt made again as it starts. The schedule is only set up once an
 * attempt has failed, so a call that succeeds at once pays nothing for it.
 */
export const withRetries = <A, E extends { readonly retryAfterMillis?: number | undefined }, R>(
  attempt: Effect.Effect<A, Attempt<E>, R>,
  maxRetries: number,
  retried: (reason: RetryReason) => void
): Effect.Effect<A, E, R> =>
  Effect.catchAll(attempt, (first) => {
    if (!first.retryable || maxRetries === 0) return Effect.fail(first.error)
    // The schedule must see the first failure before it waits; replay it once, then attempt again.
    let replay: Attempt<E> | undefined = first
    // The reason of the last failure the schedule let through: why the next attempt is made.
    let reason: RetryReason = first.reason
    const again = Effect.suspend(() => {
      const failed = replay
      replay = undefined
      if (failed !== undefined) return Effect.fail(failed)
      retried(reason)
      return attempt
    })
    return again.pipe(
      Effect.retry({
        schedule: retrySchedule<E>(maxRetries),
        while: (failed) => {
          if (failed.retryable) reason = failed.reason
          return failed.retryable
        }
      }),
      Effect.mapError((failed) => failed.error)
    )
  })
