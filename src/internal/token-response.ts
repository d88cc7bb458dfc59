/** Wire types of the OAuth2 token endpoint (RFC 6749 §5). */
import * as Schema from "effect/Schema"

/** A successful client-credentials token response. */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String.pipe(Schema.minLength(1)),
  token_type: Schema.optional(Schema.String),
  expires_in: Schema.optional(Schema.Number),
  scope: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenResponse" })

/** An OAuth2 error response. */
export const TokenErrorResponse = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenErrorResponse" })
