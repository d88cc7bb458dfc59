/**
 * The public `HttpExchange.Service`, `.Request`, `.Response` and `.Failure` are the types the exchanges of
 * `src/internal/http-exchange/` are written against, both ways: `tsc` fails here when they part.
 */
import type * as Internal from "../../src/internal/http-exchange/types.js"
import type { HttpExchange } from "../../src/layers/http-exchange.js"

/** `true` when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Check<T extends true> = T

export type HttpExchangeTypes = [
  Check<Same<HttpExchange.Service, Internal.Service>>,
  Check<Same<HttpExchange.Request, Internal.Request>>,
  Check<Same<HttpExchange.Response, Internal.Response>>,
  Check<Same<HttpExchange.Failure, Internal.Failure>>
]
