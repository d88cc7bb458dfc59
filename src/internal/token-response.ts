/** Wire types of the OAuth2 token endpoint (RFC 6749 §5) and the client's Basic credentials (RFC 7617). */
import * as Encoding from "effect/Encoding"
import * as Schema from "effect/Schema"

/**
 * A successful client-credentials token response. `expires_in` may come as a number or a numeric string,
 * signed or not (zero or less: a token for the calls at hand only, never cached).
 */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String.pipe(Schema.minLength(1)),
  token_type: Schema.optional(Schema.String),
  expires_in: Schema.optional(
    Schema.NullOr(Schema.Union(Schema.Number, Schema.String.pipe(Schema.pattern(/^\s*-?\d+(\.\d+)?\s*$/))))
  ),
  scope: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenResponse" })

/** An OAuth2 error response. */
export const TokenErrorResponse = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenErrorResponse" })

/** A value `application/x-www-form-urlencoded` (RFC 6749 Appendix B). */
export const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2)

/**
 * The `Authorization: Basic` value of a client, as the API documents it
 * (`curl -u "$CLIENT_ID:$CLIENT_SECRET"`): the UTF-8 bytes of `id:secret` in base64, neither value
 * encoded first. An id holding `:` cannot travel this way (RFC 7617 §2); the configuration refuses one.
 */
export const basicCredentials = (clientId: string, clientSecret: string): string =>
  Encoding.encodeBase64(`${clientId}:${clientSecret}`)

/**
 * The Basic value with id and secret form-encoded first (RFC 6749 §2.3.1): never sent, but a server that
 * derives it may echo it, so it is scrubbed too.
 */
export const formEncodedBasicCredentials = (clientId: string, clientSecret: string): string =>
  Encoding.encodeBase64(`${formEncode(clientId)}:${formEncode(clientSecret)}`)
