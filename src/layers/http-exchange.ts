/**
 * `HttpExchange`: the one seam between the SDK and the network. It sends a request and reads the whole
 * body as text within a deadline, reporting a network failure or a timeout as data. There is one over
 * the runtime's `fetch`, one over any `@effect/platform` `HttpClient`, and one over undici (`./node`);
 * providing your own `HttpExchange.Service` is how the SDK runs over any other transport.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import { fetchExchange } from "../internal/http-exchange/fetch.js"
import { httpClientExchange } from "../internal/http-exchange/http-client.js"
import type * as Types from "../internal/http-exchange/types.js"

export declare namespace HttpExchange {
  /** Sends one request and reads its response. */
  export type Service = Types.Service
  /** A request ready to send: absolute URL (query included), headers and an optional text body. */
  export type Request = Types.Request
  /** A response read in full: status, body, and the `Retry-After` and `Location` headers. */
  export type Response = Types.Response
  /** Why no response arrived: a network failure, a timeout, or a body over the limit. */
  export type Failure = Types.Failure
}

/**
 * Sends one request and reads its response.
 * @example Layer.succeed(HttpExchange, { send: (request, timeout, maxBytes) => … })
 */
export class HttpExchange extends Context.Tag("@effect-airs/model-security/HttpExchange")<
  HttpExchange,
  HttpExchange.Service
>() {
  /** Exchanges over the runtime's global `fetch` (Node 20+, Deno, Bun, browsers). */
  static readonly layerFetch: Layer.Layer<HttpExchange> = Layer.succeed(this, fetchExchange)

  /** Exchanges over the `@effect/platform` `HttpClient` in context, such as one you configured yourself. */
  static readonly layerHttpClient: Layer.Layer<HttpExchange, never, HttpClient.HttpClient> = Layer.effect(
    this,
    httpClientExchange
  )
}
