/** `HttpExchange` straight over an undici `Agent`: the fastest way to the API from Node. */
import * as Undici from "@effect/platform-node/Undici"
import { Duration, Effect, Layer } from "effect"
import {
  type ExchangeFailure,
  HttpExchange,
  type RawResponse,
  timeoutFailure,
  transportFailure
} from "../layers/exchange.js"

/** Exchanges over a pooled, keep-alive undici `Agent` that lives as long as the layer. */
export const layerUndiciExchange: Layer.Layer<HttpExchange> = Layer.scoped(
  HttpExchange,
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => new Undici.Agent()),
      (agent) => Effect.promise(() => agent.close())
    ),
    (agent) => ({
      send: (request, timeout) =>
        Effect.async<RawResponse, ExchangeFailure>((resume) => {
          const controller = new AbortController()
          let done = false
          const finish = (outcome: Effect.Effect<RawResponse, ExchangeFailure>) => {
            if (done) return
            done = true
            clearTimeout(timer)
            resume(outcome)
          }
          const timer = setTimeout(() => {
            finish(Effect.fail(timeoutFailure(timeout)))
            controller.abort()
          }, Duration.toMillis(timeout))
          const url = new URL(request.url)
          agent
            .request({
              origin: url.origin,
              path: url.pathname + url.search,
              method: request.method,
              headers: request.headers,
              body: request.body ?? null,
              signal: controller.signal
            })
            .then((response) =>
              response.body.text().then(
                (text): RawResponse => ({
                  status: response.statusCode,
                  headers: response.headers as RawResponse["headers"],
                  text
                })
              )
            )
            .then(
              (response) => finish(Effect.succeed(response)),
              (error: unknown) => finish(Effect.fail(transportFailure(error)))
            )
          return Effect.sync(() => {
            done = true
            clearTimeout(timer)
            controller.abort()
          })
        })
    })
  )
)
