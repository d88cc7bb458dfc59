/** `AISecSDKException` and `ErrorType`, as the existing Promise SDK exposes them, mapped from the tagged errors. */
import type { ModelSecurityError } from "../errors/index.js"

/** The kinds of failure, with the string values the existing SDK uses. */
export const ErrorType = {
  OAUTH_ERROR: "AISEC_OAUTH_ERROR",
  CLIENT_SIDE_ERROR: "AISEC_CLIENT_SIDE_ERROR",
  SERVER_SIDE_ERROR: "AISEC_SERVER_SIDE_ERROR",
  MISSING_VARIABLE: "AISEC_MISSING_VARIABLE",
  USER_REQUEST_PAYLOAD_ERROR: "AISEC_USER_REQUEST_PAYLOAD_ERROR"
} as const
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType]

const errorTypeOf: Record<ModelSecurityError["_tag"], ErrorType> = {
  OAuthError: ErrorType.OAUTH_ERROR,
  ClientError: ErrorType.CLIENT_SIDE_ERROR,
  ServerError: ErrorType.SERVER_SIDE_ERROR,
  MissingVariableError: ErrorType.MISSING_VARIABLE,
  PayloadError: ErrorType.USER_REQUEST_PAYLOAD_ERROR
}

/** Marks instances across copies of this module (ESM and CJS builds loaded in one process). */
const brand = Symbol.for("@effect-airs/model-security/AISecSDKException")

/** The error every Promise method rejects with. `cause` is the tagged error of the Effect API. */
export class AISecSDKException extends Error {
  /** What kind of failure this is. */
  readonly errorType: ErrorType
  /** HTTP status, when a response was received. */
  readonly statusCode: number | undefined
  override readonly cause: ModelSecurityError
  readonly [brand] = true

  constructor(cause: ModelSecurityError) {
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
