/**
 * What the `HttpExchange` implementations share: the default body limit, the adapter that makes one
 * from a Promise-returning client, request cancellation by the awaiting fiber, and the capped body reader.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { PROXY_FAILURE, type ProxyFailure } from "./proxy-failure.js"
import type * as HttpExchange from "./types.js"

/**
 * The default limit of a response body: 16 MiB. The largest page the API can answer, 100 items of
 * its largest item (model versions or security rules) with every unbounded string at 1 KiB and every
 * unbounded list at 20 entries, is about 6.5 MiB; the fake's largest page is under 100 KB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

/** What cancels one request: the signal its client listens to, and the way to fire it. */
export interface Cancellation<Signal> {
  readonly signal: Signal
  readonly abort: () => void
}

/** Thrown by a Promise-returning `send` when the body passes its limit. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the response body exceeds the limit of ${limit} bytes`)
  }
}

/** The longest delay `setTimeout` takes; a longer one would fire at once. */
export const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** A request under way, as `cancelledByFiber` sees it. */
export interface Cancellable {
  /** Gives up on the request (closing its connection); its outcome is no longer awaited. */
  cancel(): void
}

/**
 * `Effect.async` for a request that is cancelled when the fiber awaiting it ends first. `start` sends the
 * request, calls `done` once with its outcome, and returns the request. An `Effect.async` that returns a
 * canceler installs an interruption handler on every call, which costs about as much as the rest of a
 * call; here an observer of the fiber cancels instead: a fiber interrupted while it awaits a request ends
 * at once (nothing is left for it to wait on), and its end cancels the request.
 */
export const cancelledByFiber = <A, E>(
  start: (done: (outcome: Effect.Effect<A, E>) => void) => Cancellable
): Effect.Effect<A, E> =>
  Effect.withFiberRuntime((fiber) =>
    Effect.async<A, E>((resume) => {
      let settled = false
      const onEnd = () => {
        if (settled) return
        settled = true
        request.cancel()
      }
      const request = start((outcome) => {
        if (settled) return
        settled = true
        fiber.removeObserver(onEnd)
        resume(outcome)
      })
      if (!settled) fiber.addObserver(onEnd)
    })
  )

/**
 * An exchange from a Promise-returning `send`: fires its cancellation on timeout, interruption or a
 * failure (closing the connection of a body cut at its limit), and reports a rejection as a network
 * failure. `cancellation` makes a fresh one per request, of whatever kind the client listens to (an
 * `AbortController` for `fetch`).
 */
export const fromPromise = <Signal>(
  cancellation: () => Cancellation<Signal>,
  send: (signal: Signal) => Promise<HttpExchange.Response>,
  timeout: Duration.Duration
): Effect.Effect<HttpExchange.Response, HttpExchange.Failure> =>
  cancelledByFiber<HttpExchange.Response, HttpExchange.Failure>((done) => {
    const cancel = cancellation()
    let finished = false
    const finish = (outcome: Effect.Effect<HttpExchange.Response, HttpExchange.Failure>) => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      done(outcome)
    }
    const millis = Duration.toMillis(timeout)
    // A deadline past what a timer can hold (about 24.8 days) is as good as none.
    const timer =
      millis > MAX_TIMER_MILLIS
        ? undefined
        : setTimeout(() => {
            finish(Effect.fail(timeoutFailure(timeout)))
            cancel.abort()
          }, millis)
    send(cancel.signal).then(
      (response) => finish(Effect.succeed(response)),
      (error: unknown) => {
        finish(
          Effect.fail(error instanceof BodyTooLarge ? tooLargeFailure(error.limit) : transportFailure(error))
        )
        cancel.abort()
      }
    )
    return {
      cancel: () => {
        finished = true
        clearTimeout(timer)
        cancel.abort()
      }
    }
  })

/** A cancellation over an `AbortController`, for clients that take an `AbortSignal`. */
export const abortController = (): Cancellation<AbortSignal> => {
  const controller = new AbortController()
  return { signal: controller.signal, abort: () => controller.abort() }
}

/**
 * A network failure, named by the first error code along the cause chain (e.g. `ECONNREFUSED`), and by
 * the proxy it happened at, if any.
 */
export const transportFailure = (error: unknown): HttpExchange.Failure => {
  const code = errorCode(error)
  const proxy = proxyFailure(error)
  const failure = code === undefined ? "network error" : `network error (${code})`
  if (proxy?.status !== undefined)
    return {
      _tag: "Transport",
      message: `the proxy ${proxy.proxy} refused the tunnel to ${proxy.target} (HTTP ${proxy.status})`,
      connectionRefused: false,
      proxyStatus: proxy.status
    }
  return {
    _tag: "Transport",
    message: proxy === undefined ? failure : `${failure} at the proxy ${proxy.proxy}`,
    connectionRefused: code === "ECONNREFUSED"
  }
}

/**
 * An exchange whose connections could not be set up (a malformed proxy variable, say): every request
 * fails with `message`, and nothing is sent.
 */
export const unusableExchange = (message: string): HttpExchange.Service => {
  const failure = Effect.fail<HttpExchange.Failure>({ _tag: "Transport", message, connectionRefused: false })
  return { send: () => failure }
}

/** No complete response within `timeout`. */
export const timeoutFailure = (timeout: Duration.Duration): HttpExchange.Failure => ({
  _tag: "Timeout",
  message: `no response within ${Duration.format(timeout)}`
})

/** A body over `limit` bytes. */
export const tooLargeFailure = (limit: number): HttpExchange.Failure => ({
  _tag: "TooLarge",
  message: `the response body exceeds the limit of ${limit} bytes (maxResponseBytes)`,
  limit
})

/** The `PROXY_FAILURE` mark along the cause chain, if any. */
const proxyFailure = (error: unknown): ProxyFailure | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const mark = (current as { [PROXY_FAILURE]?: ProxyFailure })[PROXY_FAILURE]
    if (mark !== undefined) return mark
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Whether a declared `Content-Length` already passes the limit, so that nothing need be read. */
export const declaresTooMuch = (contentLength: string | null | undefined, maxBytes: number): boolean =>
  contentLength !== null && contentLength !== undefined && Number(contentLength) > maxBytes

const decoder = new TextDecoder()

/**
 * A body's chunks, collected up to a limit: `push` answers `false` once the limit is passed, and the
 * caller stops reading. Memory stays within the limit plus one chunk.
 */
export class CappedBody {
  private readonly chunks: Array<Uint8Array> = []
  private bytes = 0

  constructor(readonly limit: number) {}

  /** Adds a chunk; `false` when the body now passes the limit (the chunk is dropped). */
  push(chunk: Uint8Array): boolean {
    this.bytes += chunk.byteLength
    if (this.bytes > this.limit) return false
    this.chunks.push(chunk)
    return true
  }

  /** The body as UTF-8 text (a leading byte order mark dropped, as `Response.text()` does). */
  text(): string {
    const { chunks } = this
    if (chunks.length === 0) return ""
    if (chunks.length === 1) return decoder.decode(chunks[0])
    const all = new Uint8Array(this.bytes)
    let offset = 0
    for (const chunk of chunks) {
      all.set(chunk, offset)
      offset += chunk.byteLength
    }
    return decoder.decode(all)
  }
}

/** Reads a web `ReadableStream` body up to `maxBytes`, cancelling it at the limit. */
export const readWebBody = async (
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number
): Promise<string> => {
  if (body === null) return ""
  const capped = new CappedBody(maxBytes)
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return capped.text()
    if (!capped.push(value)) {
      reader.cancel().catch(() => {})
      throw new BodyTooLarge(maxBytes)
    }
  }
}
