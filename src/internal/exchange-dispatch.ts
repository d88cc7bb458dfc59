/**
 * An exchange over undici's low-level `dispatch`: the response comes to a handler as status, raw headers
 * and body chunks, without the stream and promise objects of `request()` or `fetch`; cancelling is the
 * `abort` undici hands the handler. Any undici `Agent` (or `Pool`, `Client`) of version 5 to 7 will do.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import {
  CappedBody,
  DEFAULT_MAX_RESPONSE_BYTES,
  type Exchange,
  type ExchangeFailure,
  type RawResponse,
  timeoutFailure,
  tooLargeFailure,
  transportFailure
} from "./exchange.js"

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

/** The longest delay `setTimeout` takes; a longer one would fire at once. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1

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
 * Exchanges over `dispatcher`. The whole exchange runs within `timeout`; a body over `maxBytes` (declared
 * or streamed) is not read further and its connection is closed; interruption aborts the request. undici
 * follows no redirect, so a `3xx` comes back as it is.
 */
export const dispatchExchange = (dispatcher: Dispatcher): Exchange => ({
  send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
    Effect.async<RawResponse, ExchangeFailure>((resume) => {
      const [origin, path] = splitUrl(request.url)
      const body = new CappedBody(maxBytes)
      let done = false
      let cancelled = false
      let abort: ((reason?: Error) => void) | undefined
      let status = 0
      let headers: ReadHeaders | undefined
      const cancel = () => {
        cancelled = true
        abort?.(new Cancelled("cancelled"))
      }
      const finish = (outcome: Effect.Effect<RawResponse, ExchangeFailure>) => {
        if (done) return
        done = true
        if (timer !== undefined) clearTimeout(timer)
        resume(outcome)
      }
      const fail = (failure: ExchangeFailure) => {
        finish(Effect.fail(failure))
        cancel()
      }
      const millis = Duration.toMillis(timeout)
      // A deadline past what a timer can hold (about 24.8 days) is as good as none.
      const timer =
        millis > MAX_TIMER_MILLIS ? undefined : setTimeout(() => fail(timeoutFailure(timeout)), millis)
      dispatcher.dispatch(
        { origin, path, method: request.method, headers: request.headers, body: request.body ?? null },
        {
          onConnect: (abortRequest) => {
            abort = abortRequest
            if (cancelled) abortRequest(new Cancelled("cancelled"))
          },
          onHeaders: (statusCode, rawHeaders) => {
            status = statusCode
            headers = readHeaders(rawHeaders)
            const declared = headers.contentLength
            if (declared !== undefined && Number(declared) > maxBytes) {
              fail(tooLargeFailure(maxBytes))
              return false
            }
            return true
          },
          onData: (chunk) => {
            if (done) return false
            if (!body.push(chunk)) {
              fail(tooLargeFailure(maxBytes))
              return false
            }
            return true
          },
          onComplete: () =>
            finish(
              Effect.succeed({
                status,
                text: body.text(),
                retryAfter: headers?.retryAfter,
                location: headers?.location
              })
            ),
          onError: (error) => {
            if (!(error instanceof Cancelled)) finish(Effect.fail(transportFailure(error)))
          }
        }
      )
      return Effect.sync(() => {
        done = true
        if (timer !== undefined) clearTimeout(timer)
        cancel()
      })
    })
})

/** An undici dispatcher that can be closed, such as an `Agent`. */
export interface ClosableDispatcher extends Dispatcher {
  close(): Promise<void>
}

/** Exchanges over a dispatcher made by `make` (a pooled, keep-alive `Agent`), closed with the scope. */
export const scopedDispatchExchange = (
  make: () => ClosableDispatcher
): Effect.Effect<Exchange, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.sync(make), (dispatcher) => Effect.promise(() => dispatcher.close())),
    dispatchExchange
  )
