/**
 * `AISecSDKException` and `ErrorType`, as the existing Promise SDK exposes them, mapped from the tagged
 * errors; the errors behind them described as plain data, so that the Promise API's types need no Effect.
 */

/**
 * The kinds of failure, with the string values the existing SDK uses.
 * @category Errors
 */
export const ErrorType = {
  OAUTH_ERROR: "AISEC_OAUTH_ERROR",
  CLIENT_SIDE_ERROR: "AISEC_CLIENT_SIDE_ERROR",
  SERVER_SIDE_ERROR: "AISEC_SERVER_SIDE_ERROR",
  MISSING_VARIABLE: "AISEC_MISSING_VARIABLE",
  USER_REQUEST_PAYLOAD_ERROR: "AISEC_USER_REQUEST_PAYLOAD_ERROR"
} as const
/**
 * One of the {@link ErrorType} values: the `errorType` of an {@link AISecSDKException}.
 * @category Errors
 */
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType]

/**
 * One entry of a FastAPI `422` `detail` list.
 * @category Errors
 */
export interface ValidationIssue {
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly type: string
}

/** What an HTTP failure says: the status, the call, the server's validation issues and `Retry-After`. */
interface HttpFailure {
  readonly message: string
  /** HTTP status of the response, when there was one. */
  readonly status?: number | undefined
  /** HTTP method and path template of the call, e.g. `GET /v1/scans/{uuid}`. */
  readonly operation?: string | undefined
  /** FastAPI validation issues from a `422` response. */
  readonly detail?: ReadonlyArray<ValidationIssue> | undefined
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMillis?: number | undefined
}

/**
 * The token endpoint refused the credentials, could not be reached, redirected or answered an unusable token.
 * @category Errors
 */
export interface OAuthErrorCause {
  readonly _tag: "OAuthError"
  readonly message: string
  readonly status?: number | undefined
  /** The OAuth2 `error` code (e.g. `invalid_client`). */
  readonly error?: string | undefined
  /** The server's `error_description`. */
  readonly errorDescription?: string | undefined
  /** Where a redirect pointed: its `Location` header. */
  readonly location?: string | undefined
  readonly retryAfterMillis?: number | undefined
}

/**
 * A `4xx`, a redirect (never followed), a network failure or a timeout; `reason` tells which.
 * @category Errors
 */
export interface ClientErrorCause extends HttpFailure {
  readonly _tag: "ClientError"
  /** Where a redirect pointed: its `Location` header. */
  readonly location?: string | undefined
  readonly reason: "Status" | "Transport" | "Timeout"
}

/**
 * A `5xx`, a body that is not JSON or breaks the API contract (`Decode`), or one over the size limit
 * (`TooLarge`).
 * @category Errors
 */
export interface ServerErrorCause extends HttpFailure {
  readonly _tag: "ServerError"
  readonly reason: "Status" | "Decode" | "TooLarge"
}

/**
 * A required setting was found neither in the options nor in the environment.
 * @category Errors
 */
export interface MissingVariableErrorCause {
  readonly _tag: "MissingVariableError"
  readonly message: string
  /** The missing settings, by option name (e.g. `clientId`). */
  readonly settings: ReadonlyArray<string>
  /** Every environment variable consulted for them, in order. */
  readonly variables: ReadonlyArray<string>
}

/**
 * The input breaks the API contract; nothing was sent.
 * @category Errors
 */
export interface PayloadErrorCause {
  readonly _tag: "PayloadError"
  readonly message: string
  /** The first offending field, as a dotted path (`labels.0.key`). */
  readonly field: string
  /** The rule that field broke. */
  readonly rule: string
  /** Every issue found. */
  readonly issues: ReadonlyArray<{ readonly field: string; readonly rule: string }>
}

/**
 * The error behind an `AISecSDKException`: the Effect API's tagged error (`ClientError`, …), with its
 * `_tag` and fields. Tell them apart by `_tag`.
 * @category Errors
 */
export type AISecSDKErrorCause =
  | OAuthErrorCause
  | ClientErrorCause
  | ServerErrorCause
  | MissingVariableErrorCause
  | PayloadErrorCause

const errorTypeOf: Record<AISecSDKErrorCause["_tag"], ErrorType> = {
  OAuthError: ErrorType.OAUTH_ERROR,
  ClientError: ErrorType.CLIENT_SIDE_ERROR,
  ServerError: ErrorType.SERVER_SIDE_ERROR,
  MissingVariableError: ErrorType.MISSING_VARIABLE,
  PayloadError: ErrorType.USER_REQUEST_PAYLOAD_ERROR
}

/** Marks instances across copies of this module (ESM and CJS builds loaded in one process). */
const brand = Symbol.for("@effect-airs/model-security/AISecSDKException")

/**
 * The error every Promise method rejects with. `cause` is the tagged error of the Effect API.
 * @category Errors
 */
export class AISecSDKException extends Error {
  /** What kind of failure this is. */
  readonly errorType: ErrorType
  /** HTTP status, when a response was received. */
  readonly statusCode: number | undefined
  override readonly cause: AISecSDKErrorCause
  readonly [brand] = true

  constructor(cause: AISecSDKErrorCause) {
    super(cause.message)
    this.name = "AISecSDKException"
    this.errorType = errorTypeOf[cause._tag]
    this.statusCode = "status" in cause ? cause.status : undefined
    this.cause = cause
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && brand in value
  }

  /** A plain object for logs: type, message and status, nothing else. */
  toJSON(): { name: string; errorType: ErrorType; message: string; statusCode: number | undefined } {
    return { name: this.name, errorType: this.errorType, message: this.message, statusCode: this.statusCode }
  }
}
