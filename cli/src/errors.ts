/** The CLI's own errors, the exit code of every failure, and one line about it for stderr. */
import type { AssignmentError, ModelSecurityError } from "@effect-airs/model-security"
import * as Data from "effect/Data"

/** The exit codes. */
export const Exit = {
  /** The command succeeded; for `scan --wait`, the verdict is ALLOWED. */
  ok: 0,
  /** `scan --wait`: the verdict is BLOCKED. */
  blocked: 1,
  /** A usage mistake or bad input: an unknown flag, a bad value, a missing credential, an invalid body. */
  usage: 2,
  /** `scan --wait`: the verdict is ERROR; or the API refused, failed or could not be reached. */
  error: 3,
  /** `scan --wait`: no verdict within `--timeout`. */
  timeout: 4
} as const

/** A command-line mistake the CLI found itself: exit code 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** `scan --wait` gave up: exit code 4. */
export class WaitTimedOut extends Data.TaggedError("WaitTimedOut")<{
  readonly scanUuid: string
  readonly message: string
}> {}

/** A verdict that is not ALLOWED: its report is printed, the process exits with `code` (1 or 3). */
export class VerdictExit extends Data.TaggedError("VerdictExit")<{ readonly code: number }> {}

/** Everything a command may fail with. */
export type CliError = ModelSecurityError | AssignmentError | UsageError | WaitTimedOut | VerdictExit

/** The exit code of a failure. */
export const exitCodeOf = (error: CliError): number => {
  switch (error._tag) {
    case "UsageError":
    case "PayloadError":
    case "MissingVariableError":
      return Exit.usage
    case "WaitTimedOut":
      return Exit.timeout
    case "VerdictExit":
      return error.code
    default:
      return Exit.error
  }
}

/** One line about a failure (the SDK's messages never hold a secret or a token); none for a verdict. */
export const describeError = (error: CliError): string | undefined => {
  switch (error._tag) {
    case "VerdictExit":
      return undefined
    case "UsageError":
    case "WaitTimedOut":
      return error.message
    case "MissingVariableError":
      return `${error.message}; or pass --client-id/--client-secret/--tsg-id, run \`airs-ms configure\`, or try --fake`
    case "ClientError":
    case "ServerError":
      return `${error._tag}${error.status === undefined ? "" : ` ${error.status}`}: ${error.message}`
    default:
      return `${error._tag}: ${error.message}`
  }
}
