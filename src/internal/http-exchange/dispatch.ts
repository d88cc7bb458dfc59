/**
 * An exchange over undici's low-level `dispatch`: the response comes to a handler as status, raw headers
 * and body chunks, without the stream and promise objects of `request()` or `fetch`; cancelling is the
 * `abort` undici hands the handler. Any undici `Agent` (or `Pool`, `Client`) of version 5 to 7 will do.
 */

import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import {
  type Cancellable,
  CappedBody,
  cancelledByFiber,
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_TIMER_MILLIS,
  timeoutFailure,
  tooLargeFailure,
  transportFailure
} from "./shared.js"
import type * as HttpExchange from "./types.js"

/** What the exchange sends through `dispatch`. */
export interface DispatchOptions {
  readonly origin: string
  readonly path: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | null
}

/** undici's dispatch handler, in the form every version since 5 takes. */
export interface DispatchHandler {
  onConnect(abort: (reason?: Error) => void): void
  onHeaders(statusCode: number, rawHeaders: ReadonlyArray<Buffer | string>, resume: () => void): boolean
  onData(chunk: Buffer): boolean
  onComplete(trailers: unknown): void
  onError(error: Error): void
}

/** What of an undici dispatcher the exchange uses. */
export interface Dispatcher {
  dispatch(options: DispatchOptions, handler: DispatchHandler): boolean
}

/** `http://host:port` and `/path?query` of an absolute URL; a full parse only for unusual ones. */
export const splitUrl = (url: string): readonly [origin: string, path: string] => {
  const slash = url.indexOf("/", url.indexOf("//") + 2)
  const origin = slash === -1 ? url : url.slice(0, slash)
  if (/[@?#]/.test(origin)) {
    const parsed = new URL(url)
    return [parsed.origin, parsed.pathname + parsed.search]
  }
  return [origin, slash === -1 ? "/" : url.slice(slash)]
}

/** Why the exchange gave up on a request it had sent: passed to undici's `abort`, which closes the connection. */
class Cancelled extends Error {}

/** The headers the transport reads, from undici's raw `[name, value, …]` list. */
interface ReadHeaders {
  contentLength: string | undefined
  retryAfter: string | undefined
  location: string | undefined
}

/** A header name or value as text; bytes are read as Latin-1, as undici's own header objects read them. */
const latin1 = (value: Buffer | string): string =>
  typeof value === "string" ? value : value.toString("latin1")

const readHeaders = (raw: ReadonlyArray<Buffer | string>): ReadHeaders => {
  const read: ReadHeaders = { contentLength: undefined, retryAfter: undefined, location: undefined }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    // Only names of the right length are decoded: most headers are skipped on their length alone.
    const length = name.length
    if (length !== 8 && length !== 11 && length !== 14) continue
    const lower = latin1(name).toLowerCase()
    if (lower === "content-length") read.contentLength ??= latin1(raw[i + 1]!)
    else if (lower === "retry-after") read.retryAfter ??= latin1(raw[i + 1]!)
    else if (lower === "location") read.location ??= latin1(raw[i + 1]!)
  }
  return read
}

/**
 * One request under way: undici's handler, and the state of the exchange. A class, so that a request
 * costs one object rather than a closure per callback.
 */
class Exchanging implements DispatchHandler, Cancellable {
  private readonly body: CappedBody
  private done = false
  private cancelled = false
  private abortRequest: ((reason?: Error) => void) | undefined = undefined
  private status = 0
  private headers: ReadHeaders | undefined = undefined
  timer: ReturnType<typeof setTimeout> | undefined = undefined

  constructor(
    private readonly resume: (outcome: Effect.Effect<HttpExchange.Response, HttpExchange.Failure>) => void,
    private readonly maxBytes: number
  ) {
    this.body = new CappedBody(maxBytes)
  }

  /** Ends the exchange with `outcome`, once. */
  private finish(outcome: Effect.Effect<HttpExchange.Response, HttpExchange.Failure>): void {
    if (this.done) return
    this.done = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.resume(outcome)
  }

  /** Gives up on the request: undici closes its connection (now, or as soon as it has one). */
  cancel(): void {
    this.done = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.cancelled = true
    this.abortRequest?.(new Cancelled("cancelled"))
  }

  fail(failure: HttpExchange.Failure): void {
    this.finish(Effect.fail(failure))
    this.cancel()
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort
    if (this.cancelled) abort(new Cancelled("cancelled"))
  }

  onHeaders(statusCode: number, rawHeaders: ReadonlyArray<Buffer | string>): boolean {
    this.status = statusCode
    this.headers = readHeaders(rawHeaders)
    const declared = this.headers.contentLength
    if (declared !== undefined && Number(declared) > this.maxBytes) {
      this.fail(tooLargeFailure(this.maxBytes))
      return false
    }
    return true
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return false
    if (!this.body.push(chunk)) {
      this.fail(tooLargeFailure(this.maxBytes))
      return false
    }
    return true
  }

  onComplete(): void {
    if (this.done) return
    this.finish(
      Effect.succeed({
        status: this.status,
        text: this.body.text(),
        retryAfter: this.headers?.retryAfter,
        location: this.headers?.location
      })
    )
  }

  onError(error: Error): void {
    if (!(error instanceof Cancelled)) this.finish(Effect.fail(transportFailure(error)))
  }
}

/**
 * Exchanges over `dispatcher`. The whole exchange runs within `timeout`; a body over `maxBytes` (declared
 * or streamed) is not read further and its connection is closed; interruption aborts the request. undici
 * follows no redirect, so a `3xx` comes back as it is.
 */
export const dispatchExchange = (dispatcher: Dispatcher): HttpExchange.Service => ({
  send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
    cancelledByFiber<HttpExchange.Response, HttpExchange.Failure>((done) => {
      const [origin, path] = splitUrl(request.url)
      const exchanging = new Exchanging(done, maxBytes)
      const millis = Duration.toMillis(timeout)
      // A deadline past what a timer can hold (about 24.8 days) is as good as none.
      if (millis <= MAX_TIMER_MILLIS)
        exchanging.timer = setTimeout(() => exchanging.fail(timeoutFailure(timeout)), millis)
      dispatcher.dispatch(
        { origin, path, method: request.method, headers: request.headers, body: request.body ?? null },
        exchanging
      )
      return exchanging
    })
})

/** An undici dispatcher that can be closed, such as an `Agent`. */
export interface ClosableDispatcher extends Dispatcher {
  /** Ends every connection at once, failing whatever is still queued. */
  destroy(): Promise<void>
}

/**
 * Exchanges over a dispatcher made by `make` (a pooled, keep-alive `Agent`), destroyed with the scope.
 * Not closed gracefully: by then nothing awaits its requests, and one the exchange gave up on before it
 * had a connection (a tunnel a proxy never answers) cannot be aborted and would hold a close for minutes.
 */
export const scopedDispatchExchange = (
  make: () => ClosableDispatcher
): Effect.Effect<HttpExchange.Service, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.sync(make), (dispatcher) => Effect.promise(() => dispatcher.destroy())),
    dispatchExchange
  )
