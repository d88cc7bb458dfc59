/**
 * The data of an `HttpExchange`: what it is asked to send, what it answers, why it may not, and the service
 * itself. The public module declares the same types as `HttpExchange.Request`, `HttpExchange.Response`, …
 * (it cannot import this module's implementations' types without a cycle; `test/types/http-exchange.ts`
 * proves each pair equal), and the implementations import this module by the same name, so that both
 * read alike.
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"

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
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
}

/**
 * A response read in full: status, body and the headers the transport reads. Redirects are never
 * followed: a `3xx` is returned as it came, with its `Location`; a redirect whose status the runtime
 * hides (a browser's opaque redirect) has status `0`.
 */
export interface Response {
  readonly status: number
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
