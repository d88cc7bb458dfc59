/** Validation of what callers pass, before any request leaves the process. */
import { Effect, Schema } from "effect"
import { PayloadError } from "../errors/index.js"

/**
 * A validator for `schema`: unknown fields are refused and every broken rule is reported in one
 * `PayloadError`, with fields named relative to `root`.
 */
export const validator = <A, I>(schema: Schema.Schema<A, I>, root?: string) => {
  const decode = Schema.decodeUnknown(schema, { errors: "all", onExcessProperty: "error" })
  return (input: unknown): Effect.Effect<A, PayloadError> =>
    Effect.mapError(decode(input), (error) => PayloadError.fromParseError(error, root))
}
