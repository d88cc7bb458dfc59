/** `HttpExchange` over any `@effect/platform` `HttpClient`, such as one you configured yourself. */

import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import {
  CappedBody,
  DEFAULT_MAX_RESPONSE_BYTES,
  declaresTooMuch,
  timeoutFailure,
  tooLargeFailure,
  transportFailure
} from "./shared.js"
import type * as HttpExchange from "./types.js"

/**
 * The `fetch` options of a request: the caller's own (`FetchHttpClient.RequestInit`, where the exchange
 * was built and where the request runs) with `redirect: "manual"`, so that a fetch-based client returns
 * redirects instead of following them. Clients on Node's `http` or undici follow none anyway.
 */
const noRedirects = (built: RequestInit | undefined) => {
  const manual: RequestInit = { ...built, redirect: "manual" }
  return <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (given) =>
      Effect.provideService(
        effect,
        FetchHttpClient.RequestInit,
        Option.isNone(given) ? manual : { ...manual, ...given.value, redirect: "manual" }
      )
    )
}

/** Exchanges over the `HttpClient` in context. */
export const httpClientExchange: Effect.Effect<HttpExchange.Service, never, HttpClient.HttpClient> =
  Effect.zipWith(
    HttpClient.HttpClient,
    Effect.serviceOption(FetchHttpClient.RequestInit),
    (client, built): HttpExchange.Service => {
      const withoutRedirects = noRedirects(Option.getOrUndefined(built))
      // This SDK traces each operation itself; the client's own span and trace headers would only add cost.
      const quiet = client.pipe(
        HttpClient.withTracerDisabledWhen(() => true),
        HttpClient.withTracerPropagation(false)
      )
      return {
        send: (request, timeout, maxBytes = DEFAULT_MAX_RESPONSE_BYTES) =>
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
              withoutRedirects,
              Effect.mapError(transportFailure),
              Effect.flatMap((response): Effect.Effect<HttpExchange.Response, HttpExchange.Failure> => {
                const finish = (text: string): HttpExchange.Response => ({
                  status: response.status,
                  text,
                  retryAfter: response.headers["retry-after"],
                  location: response.headers.location
                })
                // An opaque redirect (a browser's `redirect: "manual"`) has status 0 and no body.
                if (response.status === 0) return Effect.succeed(finish(""))
                const declaredTooMuch = declaresTooMuch(response.headers["content-length"], maxBytes)
                return Effect.suspend(() => {
                  // A body declared too long fails at its first chunk, without reading further.
                  const capped = new CappedBody(declaredTooMuch ? -1 : maxBytes)
                  // Failing the fold ends the stream, whose finalizer aborts the request.
                  return Stream.runForEachChunk(response.stream, (chunk) => {
                    for (const bytes of chunk) {
                      if (!capped.push(bytes)) return Effect.fail(tooLargeFailure(maxBytes))
                    }
                    return Effect.void
                  }).pipe(
                    // A response without a body (a `204`) has no stream to read: its text is empty.
                    Effect.catchIf(
                      (error) => error._tag === "ResponseError" && error.reason === "EmptyBody",
                      () => Effect.void
                    ),
                    Effect.mapError((error) => (error._tag === "TooLarge" ? error : transportFailure(error))),
                    Effect.flatMap(() =>
                      declaredTooMuch
                        ? Effect.fail(tooLargeFailure(maxBytes))
                        : Effect.succeed(finish(capped.text()))
                    )
                  )
                })
              }),
              Effect.timeoutFail({ duration: timeout, onTimeout: () => timeoutFailure(timeout) })
            )
      }
    }
  )
