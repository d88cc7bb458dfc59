/** Wire type of the PyPI authentication endpoint. */
import * as Schema from "effect/Schema"

/** `PyPIAuthResponseSchema`: a Google Artifact Registry URL with an embedded token, and its expiry. */
export const PyPIAuthResponse = Schema.Struct({
  url: Schema.String,
  expires_at: Schema.String
}).annotations({ identifier: "PyPIAuthResponse" })
export type PyPIAuthResponse = typeof PyPIAuthResponse.Type
