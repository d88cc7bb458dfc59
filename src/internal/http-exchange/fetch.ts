/** `HttpExchange` over the runtime's global `fetch` (Node 20+, Deno, Bun, browsers), without extra layers. */

import {
  abortController,
  BodyTooLarge,
  DEFAULT_MAX_RESPONSE_BYTES,
  declaresTooMuch,
  fromPromise,
  readWebBody
} from "./shared.js"
import type * as HttpExchange from "./types.js"

/** What the exchange reads of a `fetch` response, streaming the body up to `maxBytes`. */
export const readWebResponse = (response: Response, maxBytes: number): Promise<HttpExchange.Response> => {
  // `redirect: "manual"` in a browser gives an opaque redirect: no status, no Location.
  if (response.type === "opaqueredirect") {
    return Promise.resolve({ status: 0, text: "", retryAfter: undefined, location: undefined })
  }
  if (declaresTooMuch(response.headers.get("content-length"), maxBytes)) {
    response.body?.cancel().catch(() => {})
    return Promise.reject(new BodyTooLarge(maxBytes))
  }
  return readWebBody(response.body, maxBytes).then((text) => ({
    status: response.status,
    text,
    retryAfter: response.headers.get("retry-after") ?? undefined,
    location: response.headers.get("location") ?? undefined
  }))
}

/** Exchanges over `globalThis.fetch`; redirects are returned, never followed (`redirect: "manual"`). */
export const fetchExchange: HttpExchange.Service = {
  send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
    fromPromise(
      abortController,
      (signal) =>
        fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          redirect: "manual",
          signal
        }).then((response) => readWebResponse(response, maxBytes)),
      timeout
    )
}
