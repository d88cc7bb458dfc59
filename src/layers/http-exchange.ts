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
import * as Types from "../internal/http-exchange/types.js"

/**
 * The types of {@link HttpExchange}: its service.
 * @category Layers
 */
export declare namespace HttpExchange {
  export import Service = Types.Service
  export import Request = Types.Request
  export import Response = Types.Response
  export import Failure = Types.Failure
}

/**
 * The one seam between the SDK and the network: {@link HttpExchange.Service} sends one
 * {@link HttpExchange.Request} and reads its {@link HttpExchange.Response}, or fails with an
 * {@link HttpExchange.Failure}. The layers of the SDK provide one over the runtime's `fetch`
 * ({@link HttpExchange.layerFetch}), over an `HttpClient` ({@link HttpExchange.layerHttpClient}) or over
 * undici ({@link "@effect-airs/model-security/node"!layerUndici | layerUndici}); providing your own is how
 * the SDK runs over any other transport.
 *
 * @example
 * ```ts
 * const exchange = Layer.succeed(HttpExchange, { send: (request, timeout, maxBytes) => … })
 * const services = ModelSecurity.layerServices.pipe(
 *   Layer.provide(exchange),
 *   Layer.provideMerge(ModelSecurityConfig.layer())
 * )
 * Effect.runPromise(program.pipe(Effect.provide(services)))
 * ```
 * @category Layers
 * @hideconstructor
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
