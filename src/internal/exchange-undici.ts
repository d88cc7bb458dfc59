/** `HttpExchange` straight over an undici `Agent`: the fastest way to the API from Node. */
import { EventEmitter } from "node:events"
import * as Undici from "@effect/platform-node/Undici"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type Cancellation, type Exchange, fromPromise } from "./exchange.js"

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

/** Exchanges over a pooled, keep-alive undici `Agent` that lives as long as the scope. */
export const undiciExchange: Effect.Effect<Exchange, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => new Undici.Agent()),
    (agent) => Effect.promise(() => agent.close())
  ),
  (agent): Exchange => ({
    send: (request, timeout) =>
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
            .then((response) =>
              response.body.text().then((text) => {
                const retryAfter = response.headers["retry-after"]
                return {
                  status: response.statusCode,
                  text,
                  retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter
                }
              })
            )
        },
        timeout
      )
  })
)
