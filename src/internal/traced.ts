/** The span every operation runs in. */
import * as Effect from "effect/Effect"

/**
 * Runs an operation in a span named after it (e.g. `Scans.get`). Unlike `Effect.fn`, it captures no
 * call-site stack trace, which would cost more than the rest of the client's work on a call.
 */
export const traced =
  (name: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withSpan(effect, name, { captureStackTrace: false })
