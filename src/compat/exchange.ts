/**
 * The compat client's exchange: in Node, undici's own `Agent` when `@effect/platform-node` is installed
 * (the same HTTP client as Node's `fetch`, without the Fetch API's streams and objects on every request);
 * elsewhere, or without that package, the runtime's `fetch`. undici is loaded with the first call, so
 * importing the client stays cheap.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { HttpExchange } from "../layers/exchange.js"

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string"

/** undici's exchange in Node when it can be loaded, else `fetch`'s. */
export const layerPreferredExchange: Layer.Layer<HttpExchange> = isNode
  ? Layer.unwrapEffect(
      Effect.tryPromise(() => import("../internal/exchange-undici.js")).pipe(
        Effect.map((module) => Layer.scoped(HttpExchange, module.undiciExchange)),
        Effect.orElseSucceed(() => HttpExchange.layerFetch)
      )
    )
  : HttpExchange.layerFetch
