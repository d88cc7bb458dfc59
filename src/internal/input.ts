/** Validation of what callers pass, before any request leaves the process. */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import { PayloadError } from "../errors/index.js"
import { exactGuardOf } from "./guard.js"

const options = { errors: "all", onExcessProperty: "error" } as const

/**
 * A validator for `schema`: unknown fields are refused and every broken rule is reported in one
 * `PayloadError`, with fields named relative to `root`. It answers synchronously, with an `Either`
 * (which is also an Effect).
 */
export const validator = <A, I>(schema: Schema.Schema<A, I>, root?: string) => {
  const decode = ParseResult.decodeUnknownEither(schema, options)
  const full = (input: unknown): Either.Either<A, PayloadError> =>
    Either.mapLeft(decode(input), (issue) => PayloadError.fromIssue(issue, root))
  // Valid input to a Schema that does not transform passes its compiled guard, and is what decoding
  // would return; anything else is decoded, which names every broken rule.
  const valid = exactGuardOf(schema)
  if (valid === undefined) return full
  return (input: unknown): Either.Either<A, PayloadError> =>
    valid(input) ? Either.right(input as A) : full(input)
}
