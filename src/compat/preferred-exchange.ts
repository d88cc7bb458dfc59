/**
 * The compat client's exchange: in Node, undici's `Agent` through its low-level `dispatch` (bundled with
 * this entry, loaded with the first call, so that importing the client stays cheap); elsewhere, the
 * runtime's `fetch`.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { scopedDispatchExchange } from "../internal/http-exchange/dispatch.js"
import { HttpExchange } from "../layers/http-exchange.js"

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string"

/** undici's exchange in Node, else `fetch`'s. */
export const layerPreferredExchange: Layer.Layer<HttpExchange> = isNode
  ? Layer.unwrapEffect(
      Effect.tryPromise(() => import("./undici-agent.js")).pipe(
        Effect.map((module) => Layer.scoped(HttpExchange, scopedDispatchExchange(module.makeAgent))),
        Effect.orElseSucceed(() => HttpExchange.layerFetch)
      )
    )
  : HttpExchange.layerFetch
