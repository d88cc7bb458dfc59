/** What every service is built on: calls of the table of operations, and their streaming forms. */
import * as Effect from "effect/Effect"
import type { CallError, PayloadError } from "../errors/index.js"
import { ModelSecurityConfig } from "../layers/config.js"
import { type AnyOperation, call, type OperationInput, type Success } from "./operation.js"
import { makePages, type Pages } from "./pagination.js"
import { Transport } from "./transport.js"

/** Calls and streams over the transport in context. */
export interface Api {
  /** Checks the input against the operation's Schemas, then calls it. */
  readonly call: <Op extends AnyOperation>(
    op: Op,
    input?: OperationInput
  ) => Effect.Effect<Success<Op>, PayloadError | CallError>
  /** The streaming forms of list operations. */
  readonly pages: Pages
}

/** The `Api` over the `Transport` transport and the configured paging defaults. */
export const makeApi: Effect.Effect<Api, never, Transport | ModelSecurityConfig> = Effect.map(
  Effect.all([Transport, ModelSecurityConfig]),
  ([http, config]): Api => ({
    call: (op, input) => call(http, op, input),
    pages: makePages(http, config)
  })
)
