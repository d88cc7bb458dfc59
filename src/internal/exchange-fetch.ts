/** `HttpExchange` over the runtime's global `fetch` (Node 20+, Deno, Bun, browsers), without extra layers. */
import { abortController, type Exchange, fromPromise } from "./exchange.js"

/** Exchanges over `globalThis.fetch`. */
export const fetchExchange: Exchange = {
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
}
