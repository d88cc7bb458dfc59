/**
 * `HttpExchange`: the one seam between the SDK and the network. It sends a request and reads the whole
 * body as text within a deadline, reporting a network failure or a timeout as data. There is one over
 * the runtime's `fetch`, one over any `@effect/platform` `HttpClient`, and one over undici (`./node`);
 * providing your own `HttpExchange.Service` is how the SDK runs over any other transport.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { fetchExchange } from "../internal/http-exchange/fetch.js"
import { httpClientExchange } from "../internal/http-exchange/http-client.js"

// The implementations in `src/internal/http-exchange/` declare the same types for themselves (`types.ts`:
// they cannot import this module without a cycle); `test/types/http-exchange.ts` proves each pair equal.
/**
 * The types of {@link HttpExchange:class | HttpExchange}: its service, and the data it sends and answers.
 * @category Layers
 */
export declare namespace HttpExchange {
  /** Sends one request and reads its response. */
  export interface Service {
    /**
     * Sends `request`, reading the whole body within `timeout`; interruption cancels the request. A body
     * over `maxBytes` (default 16 MiB) is not read further: the connection is closed and the exchange
     * fails with `TooLarge`. Redirects are not followed.
     */
    readonly send: (
      request: Request,
      timeout: Duration.Duration,
      maxBytes?: number
    ) => Effect.Effect<Response, Failure>
  }

  /** A request ready to send: absolute URL (query included), headers and an optional text body. */
  export interface Request {
    /** The HTTP method. */
    readonly method: "GET" | "POST" | "PUT" | "DELETE"
    /** The absolute URL, query included. */
    readonly url: string
    /** The headers to send. */
    readonly headers: Readonly<Record<string, string>>
    /** The JSON body, as text. */
    readonly body?: string | undefined
  }

  /**
   * A response read in full: status, body and the headers the transport reads. Redirects are never
   * followed: a `3xx` is returned as it came, with its `Location`; a redirect whose status the runtime
   * hides (a browser's opaque redirect) has status `0`.
   */
  export interface Response {
    /** The HTTP status. */
    readonly status: number
    /** The whole body, as text. */
    readonly text: string
    /** The `Retry-After` header, if any. */
    readonly retryAfter: string | undefined
    /** The `Location` header of a redirect, if any. */
    readonly location?: string | undefined
  }

  /**
   * Why no response arrived: a network failure, a timeout, or a body over the limit. A proxy that
   * answered its `CONNECT` with another status than `200` is a network failure with that `proxyStatus`:
   * the request never reached the API.
   */
  export type Failure =
    | {
        readonly _tag: "Transport"
        readonly message: string
        readonly connectionRefused: boolean
        readonly proxyStatus?: number | undefined
      }
    | { readonly _tag: "Timeout"; readonly message: string }
    | { readonly _tag: "TooLarge"; readonly message: string; readonly limit: number }
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
