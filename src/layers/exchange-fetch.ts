/** `HttpExchange` over the runtime's global `fetch` (Node 20+, Deno, Bun, browsers), without extra layers. */
import * as Layer from "effect/Layer"
import { abortController, fromPromise, HttpExchange } from "./exchange.js"

/** Exchanges over `globalThis.fetch`. */
export const layerFetchExchange: Layer.Layer<HttpExchange> = Layer.succeed(HttpExchange, {
  send: (request, timeout) =>
    fromPromise(
      abortController,
      (signal) =>
        fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal
        }).then((response) =>
          response.text().then((text) => ({
            status: response.status,
            text,
            retryAfter: response.headers.get("retry-after") ?? undefined
          }))
        ),
      timeout
    )
})
