/**
 * The shape of an exchange (the one seam between the transport and the network) and the adapter that
 * makes one from a Promise-returning client.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** A request ready to send: absolute URL (query included), headers and an optional text body. */
export interface OutgoingRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
}

/** A response read in full: status, body and the one header the transport reads. */
export interface RawResponse {
  readonly status: number
  readonly text: string
  /** The `Retry-After` header, if any. */
  readonly retryAfter: string | undefined
}

/** Why no response arrived. */
export type ExchangeFailure =
  | { readonly _tag: "Transport"; readonly message: string; readonly connectionRefused: boolean }
  | { readonly _tag: "Timeout"; readonly message: string }

/** Sends one request and reads its response. */
export interface Exchange {
  /** Sends `request`, reading the whole body within `timeout`; interruption cancels the request. */
  readonly send: (
    request: OutgoingRequest,
    timeout: Duration.Duration
  ) => Effect.Effect<RawResponse, ExchangeFailure>
}

/** What cancels one request: the signal its client listens to, and the way to fire it. */
export interface Cancellation<Signal> {
  readonly signal: Signal
  readonly abort: () => void
}

/**
 * An exchange from a Promise-returning `send`: fires its cancellation on timeout or interruption, and
 * reports a rejection as a network failure. `cancellation` makes a fresh one per request, of whatever
 * kind the client listens to (an `AbortController` for `fetch`, a bare event emitter for undici).
 */
export const fromPromise = <Signal>(
  cancellation: () => Cancellation<Signal>,
  send: (signal: Signal) => Promise<RawResponse>,
  timeout: Duration.Duration
): Effect.Effect<RawResponse, ExchangeFailure> =>
  Effect.async<RawResponse, ExchangeFailure>((resume) => {
    const cancel = cancellation()
    let done = false
    const finish = (outcome: Effect.Effect<RawResponse, ExchangeFailure>) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resume(outcome)
    }
    const timer = setTimeout(() => {
      finish(Effect.fail(timeoutFailure(timeout)))
      cancel.abort()
    }, Duration.toMillis(timeout))
    send(cancel.signal).then(
      (response) => finish(Effect.succeed(response)),
      (error: unknown) => finish(Effect.fail(transportFailure(error)))
    )
    return Effect.sync(() => {
      done = true
      clearTimeout(timer)
      cancel.abort()
    })
  })

/** A cancellation over an `AbortController`, for clients that take an `AbortSignal`. */
export const abortController = (): Cancellation<AbortSignal> => {
  const controller = new AbortController()
  return { signal: controller.signal, abort: () => controller.abort() }
}

/** A network failure, named by the first error code along the cause chain (e.g. `ECONNREFUSED`). */
export const transportFailure = (error: unknown): ExchangeFailure => {
  const code = errorCode(error)
  return {
    _tag: "Transport",
    message: code === undefined ? "network error" : `network error (${code})`,
    connectionRefused: code === "ECONNREFUSED"
  }
}

/** No complete response within `timeout`. */
export const timeoutFailure = (timeout: Duration.Duration): ExchangeFailure => ({
  _tag: "Timeout",
  message: `no response within ${Duration.format(timeout)}`
})

const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
