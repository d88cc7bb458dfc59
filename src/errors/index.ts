/**
 * The SDK's six tagged errors: the five of `ModelSecurityError`, which any call can fail with from its
 * configuration to its response, and `AssignmentError`, which only `assignSecurityGroupsOrFail` raises.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { describeIssue, fieldName, isStrictPrefix, mergeAlternatives } from "../internal/issues.js"
import { bestMembers } from "../internal/unions.js"

/** One entry of a FastAPI `422` `detail` list: where the server found the problem and what it was. */
export const ValidationIssue = Schema.Struct({
  loc: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  msg: Schema.String,
  type: Schema.String
})
export type ValidationIssue = typeof ValidationIssue.Type

const httpFields = {
  message: Schema.String,
  /** HTTP status of the response, when there was one. */
  status: Schema.optional(Schema.Number),
  /** HTTP method and path template of the call, e.g. `GET /v1/scans/{uuid}`. */
  operation: Schema.optional(Schema.String),
  /** FastAPI validation issues from a `422` response. */
  detail: Schema.optional(Schema.Array(ValidationIssue)),
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  retryAfterMillis: Schema.optional(Schema.Number)
}

/** The OAuth2 token endpoint refused the credentials or could not be reached. */
export class OAuthError extends Schema.TaggedError<OAuthError>()("OAuthError", {
  message: Schema.String,
  status: Schema.optional(Schema.Number),
  /** The OAuth2 `error` code (e.g. `invalid_client`). */
  error: Schema.optional(Schema.String),
  /** The server's `error_description`. */
  errorDescription: Schema.optional(Schema.String),
  /** Where a redirect (`3xx`, never followed) pointed: its `Location` header. */
  location: Schema.optional(Schema.String),
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  retryAfterMillis: Schema.optional(Schema.Number)
}) {}

/**
 * The request failed on the client side: a `4xx` response, a redirect (`3xx`, never followed), a
 * network failure or a timeout. `reason` tells which.
 */
export class ClientError extends Schema.TaggedError<ClientError>()("ClientError", {
  ...httpFields,
  /** Where a redirect pointed: its `Location` header. */
  location: Schema.optional(Schema.String),
  reason: Schema.Literal("Status", "Transport", "Timeout")
}) {}

/**
 * The server failed: a `5xx` response, a `2xx` body that is not JSON or breaks the API contract
 * (`Decode`), or a body over the `maxResponseBytes` limit (`TooLarge`, not retried).
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...httpFields,
  reason: Schema.Literal("Status", "Decode", "TooLarge")
}) {}

/** A required setting was found neither in the options nor in any environment variable consulted. */
export class MissingVariableError extends Schema.TaggedError<MissingVariableError>()("MissingVariableError", {
  message: Schema.String,
  /** The missing settings, by option name (e.g. `clientId`). */
  settings: Schema.Array(Schema.String),
  /** Every environment variable consulted for them, in order. */
  variables: Schema.Array(Schema.String)
}) {}

/** One rule broken by the caller's input. */
export const PayloadIssue = Schema.Struct({ field: Schema.String, rule: Schema.String })
export type PayloadIssue = typeof PayloadIssue.Type

/**
 * The caller's input breaks the API contract, or an argument, option or setting is not what the SDK
 * takes; no request was sent.
 */
export class PayloadError extends Schema.TaggedError<PayloadError>()("PayloadError", {
  message: Schema.String,
  /** The first offending field, as a dotted path (`labels.0.key`). */
  field: Schema.String,
  /** The rule that field broke. */
  rule: Schema.String,
  /** Every issue found. */
  issues: Schema.Array(PayloadIssue)
}) {
  /** Builds a `PayloadError` from a Schema parse error, naming fields relative to `root`. */
  static fromParseError(error: ParseResult.ParseError, root?: string): PayloadError {
    return PayloadError.fromIssue(error.issue, root)
  }

  /** Builds a `PayloadError` from a Schema parse issue, naming fields relative to `root`. */
  static fromIssue(issue: ParseResult.ParseIssue, root?: string): PayloadError {
    const found = ParseResult.ArrayFormatter.formatIssueSync(bestMembers(issue))
    // An issue at a path that a deeper issue explains (an optional field's "or undefined" branch) is noise.
    const specific = found.filter((issue) => !found.some((other) => isStrictPrefix(issue.path, other.path)))
    // Fields the caller got wrong or left out come before fields the API does not know.
    const ordered = [
      ...specific.filter((issue) => issue._tag !== "Unexpected"),
      ...specific.filter((issue) => issue._tag === "Unexpected")
    ]
    const issues = mergeAlternatives(
      ordered.map((issue) => ({ field: fieldName(root, issue.path), rule: describeIssue(issue) }))
    )
    return PayloadError.of(issues.length > 0 ? issues : [{ field: root ?? "input", rule: "is invalid" }])
  }

  /** Builds a `PayloadError` from a list of issues (at least one). */
  static of(issues: ReadonlyArray<PayloadIssue>): PayloadError {
    const first = issues[0] ?? { field: "input", rule: "is invalid" }
    return new PayloadError({
      message: `Invalid input: ${issues.map((issue) => `${issue.field}: ${issue.rule}`).join("; ")}`,
      field: first.field,
      rule: first.rule,
      issues
    })
  }
}

/** One security group a custom rule could not be assigned to, and why. */
export const AssignmentFailure = Schema.Struct({
  security_group_uuid: Schema.String,
  error: Schema.String
})
export type AssignmentFailure = typeof AssignmentFailure.Type

/**
 * Some items of a batch assignment of a custom rule failed (`assignSecurityGroupsOrFail`); the API
 * applied the others, which `results` lists with the failed ones.
 */
export class AssignmentError extends Schema.TaggedError<AssignmentError>()("AssignmentError", {
  message: Schema.String,
  /** The assignments that failed. */
  failures: Schema.Array(AssignmentFailure),
  /** Every item's result, as the API answered. */
  results: Schema.Array(
    Schema.Struct({
      security_group_uuid: Schema.String,
      status: Schema.String,
      rule_instance_uuid: Schema.optional(Schema.NullOr(Schema.String)),
      error: Schema.optional(Schema.NullOr(Schema.String))
    })
  )
}) {}

/** Every error a call can fail with (`assignSecurityGroupsOrFail` adds `AssignmentError`). */
export type ModelSecurityError = OAuthError | ClientError | ServerError | MissingVariableError | PayloadError

/** The errors a call can fail with once its input is valid. */
export type CallError = ClientError | ServerError | OAuthError
