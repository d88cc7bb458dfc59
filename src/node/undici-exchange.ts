/** `HttpExchange` straight over an undici `Agent`: the fastest way to the API from Node. */
import * as Undici from "@effect/platform-node/Undici"
import { Effect, Layer } from "effect"
import { fromPromise, HttpExchange } from "../layers/exchange.js"

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
        fromPromise((signal) => {
          const url = new URL(request.url)
          return agent
            .request({
              origin: url.origin,
              path: url.pathname + url.search,
              method: request.method,
              headers: request.headers,
              body: request.body ?? null,
              signal
            })
            .then((response) =>
              response.body.text().then((text) => {
                const retryAfter = response.headers["retry-after"]
                return {
                  status: response.statusCode,
                  text,
                  retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter
                }
              })
            )
        }, timeout)
    })
  )
)
