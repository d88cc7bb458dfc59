/**
 * The SDK's six tagged errors: the five of `ModelSecurityError`, which any call can fail with from its
 * configuration to its response, and `AssignmentError`, which only `assignSecurityGroupsOrFail` raises.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { describeIssue, fieldName, isStrictPrefix, mergeAlternatives } from "../internal/issues.js"
import { bestMembers } from "../internal/unions.js"
import { CustomRuleAssignmentResult } from "../internal/wire-schemas.js"

/**
 * One entry of a FastAPI `422` `detail` list: where the server found the problem and what it was.
 * @category Errors
 */
export interface ValidationIssue {
  /** Where: the path to the value the server refused, such as `["body", "labels", 0, "key"]`. */
  readonly loc: ReadonlyArray<string | number>
  /** What is wrong with it, in the server's words. */
  readonly msg: string
  /** The kind of problem, such as `missing` or `string_too_long`. */
  readonly type: string
}
/**
 * The Schema of a {@link ValidationIssue}.
 * @category Errors
 */
export const ValidationIssue: Schema.Schema<ValidationIssue> = Schema.Struct({
  loc: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  msg: Schema.String,
  type: Schema.String
})

const httpFields = {
  /** What went wrong; any text of the server's in it is scrubbed of secrets, escaped and cut. */
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

/**
 * The OAuth2 token endpoint refused the credentials or could not be reached. Its `_tag` is `"OAuthError"`.
 * @category Errors
 */
export class OAuthError extends Schema.TaggedError<OAuthError>()("OAuthError", {
  /** What went wrong; the credentials and tokens never appear in it. */
  message: Schema.String,
  /** HTTP status of the token endpoint's response, when there was one. */
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
 * network failure or a timeout. `reason` tells which. Its `_tag` is `"ClientError"`.
 * @category Errors
 */
export class ClientError extends Schema.TaggedError<ClientError>()("ClientError", {
  ...httpFields,
  /** Where a redirect pointed: its `Location` header. */
  location: Schema.optional(Schema.String),
  /**
   * `Status`: the API answered `4xx` or `3xx` (see `status`); `Transport`: no answer came (network, DNS,
   * TLS, proxy); `Timeout`: none came in time.
   */
  reason: Schema.Literal("Status", "Transport", "Timeout")
}) {}

/**
 * The server failed: a `5xx` response, a `2xx` body that is not JSON or breaks the API contract
 * (`Decode`), or a body over the `maxResponseBytes` limit (`TooLarge`, not retried). Its `_tag` is
 * `"ServerError"`.
 *
 * @example
 * ```ts
 * scans.get(scanId).pipe(
 *   Effect.catchTag("ServerError", (error) => Effect.logWarning(`${error.reason}: ${error.message}`))
 * )
 * ```
 * @category Errors
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...httpFields,
  /**
   * `Status`: the API answered `5xx` (see `status`); `Decode`: its `2xx` body is not JSON or not what the
   * API promises; `TooLarge`: its body was longer than `maxResponseBytes`.
   */
  reason: Schema.Literal("Status", "Decode", "TooLarge")
}) {}

/**
 * A required setting was found neither in the options nor in any environment variable consulted; no
 * request was sent. Its `_tag` is `"MissingVariableError"`.
 * @category Errors
 */
export class MissingVariableError extends Schema.TaggedError<MissingVariableError>()("MissingVariableError", {
  /** The missing settings and the variables consulted for them. */
  message: Schema.String,
  /** The missing settings, by option name (e.g. `clientId`). */
  settings: Schema.Array(Schema.String),
  /** Every environment variable consulted for them, in order. */
  variables: Schema.Array(Schema.String)
}) {}

/**
 * One rule broken by the caller's input.
 * @category Errors
 */
export interface PayloadIssue {
  /** The field, as a dotted path (`labels.0.key`), or the argument, option or setting. */
  readonly field: string
  /** The rule it broke, in words (`must be a UUID (8-4-4-4-12 hexadecimal digits)`). */
  readonly rule: string
}
/**
 * The Schema of a {@link PayloadIssue}.
 * @category Errors
 */
export const PayloadIssue: Schema.Schema<PayloadIssue> = Schema.Struct({
  field: Schema.String,
  rule: Schema.String
})

/**
 * The caller's input breaks the API contract, or an argument, option or setting is not what the SDK
 * takes; no request was sent. Its `_tag` is `"PayloadError"`.
 * @category Errors
 */
export class PayloadError extends Schema.TaggedError<PayloadError>()("PayloadError", {
  /** Every issue, in one line: `Invalid input: field: rule; …`. */
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

/**
 * One security group a custom rule could not be assigned to, and why.
 * @category Errors
 */
export interface AssignmentFailure {
  /** The security group. */
  readonly security_group_uuid: string
  /** Why the API did not assign the rule to it. */
  readonly error: string
}
/**
 * The Schema of an {@link AssignmentFailure}.
 * @category Errors
 */
export const AssignmentFailure: Schema.Schema<AssignmentFailure> = Schema.Struct({
  security_group_uuid: Schema.String,
  error: Schema.String
})

/**
 * Some items of a batch assignment of a custom rule failed (`assignSecurityGroupsOrFail`); the API
 * applied the others, which `results` lists with the failed ones. Its `_tag` is `"AssignmentError"`.
 * @category Errors
 */
export class AssignmentError extends Schema.TaggedError<AssignmentError>()("AssignmentError", {
  /** How many assignments failed, and why. */
  message: Schema.String,
  /** The assignments that failed. */
  failures: Schema.Array(AssignmentFailure),
  /** Every item's result, as the API answered. */
  results: Schema.Array(CustomRuleAssignmentResult())
}) {}

/**
 * Every error a call can fail with (`assignSecurityGroupsOrFail` adds `AssignmentError`).
 * @category Errors
 */
export type ModelSecurityError = OAuthError | ClientError | ServerError | MissingVariableError | PayloadError

/**
 * The errors a call can fail with once its input is valid.
 * @category Errors
 */
export type CallError = ClientError | ServerError | OAuthError
