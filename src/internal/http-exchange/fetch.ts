/** `HttpExchange` over `fetch`: the runtime's global one (Node 20+, Deno, Bun, browsers) or the caller's, without extra layers. */
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

/**
 * Exchanges over `fetch`: the caller's, or `globalThis.fetch` as it is at each request. Redirects are
 * returned, never followed (`redirect: "manual"`); a `fetch` that throws rather than rejects fails the
 * exchange all the same.
 */
export const makeFetchExchange = (given?: typeof globalThis.fetch): HttpExchange.Service => ({
  send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
    fromPromise(
      abortController,
      (signal) => {
        const init: RequestInit = {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          redirect: "manual",
          signal
        }
        let response: Promise<Response>
        try {
          response = given === undefined ? fetch(request.url, init) : given(request.url, init)
        } catch (error) {
          return Promise.reject(error)
        }
        return Promise.resolve(response).then((answer) => readWebResponse(answer, maxBytes))
      },
      timeout
    )
})

/** Exchanges over `globalThis.fetch`. */
export const fetchExchange: HttpExchange.Service = makeFetchExchange()
