/**
 * `HttpExchange`: the one seam between the SDK and the network. It sends a request and reads the whole
 * body as text within a deadline, reporting a network failure or a timeout as data. There is one over
 * the runtime's `fetch`, one over any `@effect/platform` `HttpClient`, and one over undici (`./node`).
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import type { Exchange } from "../internal/exchange.js"
import { fetchExchange } from "../internal/exchange-fetch.js"
import { httpClientExchange } from "../internal/exchange-http-client.js"

export type { ExchangeFailure, OutgoingRequest, RawResponse } from "../internal/exchange.js"

/** Sends one request and reads its response. */
export class HttpExchange extends Context.Tag("@effect-airs/model-security/HttpExchange")<
  HttpExchange,
  Exchange
>() {
  /** Exchanges over the runtime's global `fetch` (Node 20+, Deno, Bun, browsers). */
  static readonly layerFetch: Layer.Layer<HttpExchange> = Layer.succeed(this, fetchExchange)

  /** Exchanges over the `@effect/platform` `HttpClient` in context, such as one you configured yourself. */
  static readonly layerHttpClient: Layer.Layer<HttpExchange, never, HttpClient.HttpClient> = Layer.effect(
    this,
    httpClientExchange
  )
}
