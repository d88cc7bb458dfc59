/** `HttpExchange` straight over an undici `Agent`: the fastest way to the API from Node. */
import { EventEmitter } from "node:events"
import type { Readable } from "node:stream"
import * as Undici from "@effect/platform-node/Undici"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import {
  BodyTooLarge,
  type Cancellation,
  CappedBody,
  DEFAULT_MAX_RESPONSE_BYTES,
  declaresTooMuch,
  type Exchange,
  fromPromise
} from "./exchange.js"

/**
 * undici listens to an `EventEmitter` as well as to an `AbortSignal`; an emitter costs a small fraction
 * of an `AbortController`, and one is made for every request.
 */
const emitter = (): Cancellation<EventEmitter> => {
  const signal = new EventEmitter()
  return { signal, abort: () => signal.emit("abort") }
}

/** `http://host:port` and `/path?query` of an absolute URL; a full parse only for unusual ones. */
const splitUrl = (url: string): readonly [origin: string, path: string] => {
  const slash = url.indexOf("/", url.indexOf("//") + 2)
  const origin = slash === -1 ? url : url.slice(0, slash)
  if (/[@?#]/.test(origin)) {
    const parsed = new URL(url)
    return [parsed.origin, parsed.pathname + parsed.search]
  }
  return [origin, slash === -1 ? "/" : url.slice(slash)]
}

/** The first value of a header undici may give as a list. */
const header = (value: string | Array<string> | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value

/** Reads a body up to `maxBytes`; at the limit the body is destroyed, which aborts its request. */
const readCapped = (body: Readable, maxBytes: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const capped = new CappedBody(maxBytes)
    body.on("data", (chunk: Uint8Array) => {
      if (!capped.push(chunk)) {
        body.destroy()
        reject(new BodyTooLarge(maxBytes))
      }
    })
    body.on("end", () => resolve(capped.text()))
    body.on("error", reject)
  })

/**
 * Exchanges over a pooled, keep-alive undici `Agent` that lives as long as the scope. undici follows
 * no redirect unless asked to, so a `3xx` comes back as it is.
 */
export const undiciExchange: Effect.Effect<Exchange, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => new Undici.Agent()),
    (agent) => Effect.promise(() => agent.close())
  ),
  (agent): Exchange => ({
    send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
      fromPromise(
        emitter,
        (signal) => {
          const [origin, path] = splitUrl(request.url)
          return agent
            .request({
              origin,
              path,
              method: request.method,
              headers: request.headers,
              body: request.body ?? null,
              signal
            })
            .then((response) => {
              const { headers } = response
              if (declaresTooMuch(header(headers["content-length"]), maxBytes)) {
                response.body.destroy()
                throw new BodyTooLarge(maxBytes)
              }
              return readCapped(response.body, maxBytes).then((text) => ({
                status: response.statusCode,
                text,
                retryAfter: header(headers["retry-after"]),
                location: header(headers.location)
              }))
            })
        },
        timeout
      )
  })
)
