/** `HttpExchange` straight over an undici `Agent` (through `@effect/platform-node`): the fastest way to the API from Node. */

import * as Undici from "@effect/platform-node/Undici"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type ClosableDispatcher, scopedDispatchExchange } from "./dispatch.js"
import type * as HttpExchange from "./types.js"

/** Exchanges over a pooled, keep-alive undici `Agent` that lives as long as the scope. */
export const undiciExchange: Effect.Effect<HttpExchange.Service, never, Scope.Scope> = scopedDispatchExchange(
  () => new Undici.Agent() as unknown as ClosableDispatcher
)
