/**
 * The compat client's exchange: in Node, undici's dispatchers through their low-level `dispatch`
 * (bundled with this entry, loaded with the first call, so that importing the client stays cheap),
 * connecting directly or through a proxy as the client's settled connections say; elsewhere, the
 * runtime's `fetch`, over the runtime's own network settings.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type Connections, dispatcherSettings } from "../internal/http-exchange/connections.js"
import { scopedDispatchExchange } from "../internal/http-exchange/dispatch.js"
import { unusableExchange } from "../internal/http-exchange/shared.js"
import { HttpExchange } from "../layers/http-exchange.js"
import { loadUndiciAgent } from "./undici-agent-load.js"

/** Whether the client runs in Node, where it owns its connections. */
export const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string"

/**
 * undici's exchange for `connections` in Node, else `fetch`'s. Should undici's bundle fail to load,
 * `fetch` serves a client that connects directly; one with a proxy or certificates fails every request
 * instead, since `fetch` would not go through them.
 */
export const layerPreferredExchange = (connections: Connections): Layer.Layer<HttpExchange> =>
  isNode
    ? Layer.unwrapEffect(
        Effect.tryPromise(loadUndiciAgent).pipe(
          Effect.map((module) =>
            Layer.scoped(
              HttpExchange,
              scopedDispatchExchange(() => module.makeDispatcher(dispatcherSettings(connections)))
            )
          ),
          Effect.orElseSucceed(() =>
            connections.proxy._tag === "Direct" && connections.ca === undefined
              ? HttpExchange.layerFetch
              : Layer.succeed(
                  HttpExchange,
                  unusableExchange(
                    "undici-agent.cjs, which connects through a proxy or with extra certificates, could not be loaded"
                  )
                )
          )
        )
      )
    : HttpExchange.layerFetch
