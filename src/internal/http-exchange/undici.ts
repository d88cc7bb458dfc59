/**
 * `HttpExchange` straight over undici (through `@effect/platform-node`): the fastest way to the API from
 * Node. The dispatcher is chosen once, when the exchange is built: straight to the API, or through the
 * proxy of the options or of the environment (`connections.ts`).
 */

import * as Undici from "@effect/platform-node/Undici"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type Connections, dispatcherSettings } from "./connections.js"
import { scopedDispatchExchange } from "./dispatch.js"
import type * as HttpExchange from "./types.js"
import { makeDispatcher, type UndiciClasses } from "./undici-dispatcher.js"

const classes = {
  Agent: Undici.Agent,
  ProxyAgent: Undici.ProxyAgent,
  EnvHttpProxyAgent: Undici.EnvHttpProxyAgent,
  Pool: Undici.Pool
} as unknown as UndiciClasses

/** Exchanges over a pooled, keep-alive undici dispatcher for `connections`, closed with the scope. */
export const undiciExchange = (
  connections: Connections
): Effect.Effect<HttpExchange.Service, never, Scope.Scope> =>
  scopedDispatchExchange(() => makeDispatcher(classes, dispatcherSettings(connections)))
