/**
 * `HttpExchange`: the one seam between the transport and the network. It sends a request and reads the
 * whole body as text within a deadline, reporting a network failure or a timeout as data. The generic
 * implementation runs over any `@effect/platform` `HttpClient`; `./node` adds one straight over undici.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Context, Duration, Effect, Layer } from "effect"

/** A request ready to send: absolute URL (query included), headers and an optional text body. */
export interface OutgoingRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
}

/** A response read in full. Header names are lower-case. */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly text: string
}

/** Why no response arrived. */
export type ExchangeFailure =
  | { readonly _tag: "Transport"; readonly message: string; readonly connectionRefused: boolean }
  | { readonly _tag: "Timeout"; readonly message: string }

/** Sends one request and reads its response. */
export class HttpExchange extends Context.Tag("@effect-airs/model-security/HttpExchange")<
  HttpExchange,
  {
    /** Sends `request`, reading the whole body within `timeout`; interruption cancels the request. */
    readonly send: (
      request: OutgoingRequest,
      timeout: Duration.Duration
    ) => Effect.Effect<RawResponse, ExchangeFailure>
  }
>() {
  /** Exchanges over the `HttpClient` in context (Fetch, Node, or your own). */
  static readonly layerHttpClient: Layer.Layer<HttpExchange, never, HttpClient.HttpClient> = Layer.effect(
    HttpExchange,
    Effect.map(HttpClient.HttpClient, (client) => {
      // This SDK traces each operation itself; the client's own span and trace headers would only add cost.
      const quiet = client.pipe(
        HttpClient.withTracerDisabledWhen(() => true),
        HttpClient.withTracerPropagation(false)
      )
      return {
        send: (request, timeout) =>
          quiet
            .execute(
              HttpClientRequest.make(request.method)(request.url, {
                headers: request.headers,
                ...(request.body === undefined
                  ? {}
                  : { body: HttpBody.text(request.body, request.headers["content-type"]) })
              })
            )
            .pipe(
              Effect.flatMap((response) =>
                Effect.map(
                  response.text,
                  (text): RawResponse => ({ status: response.status, headers: response.headers, text })
                )
              ),
              Effect.catchAll((error) => Effect.fail(transportFailure(error))),
              Effect.timeoutFail({ duration: timeout, onTimeout: () => timeoutFailure(timeout) })
            )
      }
    })
  )
}

/** A network failure, named by the first error code along the cause chain (e.g. `ECONNREFUSED`). */
export const transportFailure = (error: unknown): ExchangeFailure => {
  const code = errorCode(error)
  return {
    _tag: "Transport",
    message: code === undefined ? "network error" : `network error (${code})`,
    connectionRefused: code === "ECONNREFUSED"
  }
}

/** No complete response within `timeout`. */
export const timeoutFailure = (timeout: Duration.Duration): ExchangeFailure => ({
  _tag: "Timeout",
  message: `no response within ${Duration.format(timeout)}`
})

const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
