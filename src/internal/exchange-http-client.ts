/** `HttpExchange` over any `@effect/platform` `HttpClient`, such as one you configured yourself. */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { type Exchange, type RawResponse, timeoutFailure, transportFailure } from "./exchange.js"

/** Exchanges over the `HttpClient` in context. */
export const httpClientExchange: Effect.Effect<Exchange, never, HttpClient.HttpClient> = Effect.map(
  HttpClient.HttpClient,
  (client): Exchange => {
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
                (text): RawResponse => ({
                  status: response.status,
                  text,
                  retryAfter: response.headers["retry-after"]
                })
              )
            ),
            Effect.catchAll((error) => Effect.fail(transportFailure(error))),
            Effect.timeoutFail({ duration: timeout, onTimeout: () => timeoutFailure(timeout) })
          )
    }
  }
)
