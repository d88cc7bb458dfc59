/**
 * The vocabulary of request validation: a check of one value at a location, its result, and the FastAPI
 * 422 `detail` items it reports.
 */

/** Where a value sits in the request: `["path", "uuid"]`, `["query", "limit"]`, `["body", "labels", 0, "key"]`. */
export type Loc = ReadonlyArray<string | number>

/** One item of a FastAPI 422 `detail` array. */
export interface ValidationIssue {
  readonly type: string
  readonly loc: Loc
  readonly msg: string
  readonly input: unknown
  readonly ctx?: Readonly<Record<string, unknown>>
}

/**
 * A check's value and what is wrong with the input. When there are issues the value is a best effort
 * (used when validation is off): what could be parsed, or `undefined`.
 */
export interface Checked {
  readonly value: unknown
  readonly issues: ReadonlyArray<ValidationIssue>
}

/** Validates one input at a location. */
export type Check = (input: unknown, loc: Loc) => Checked

/** The issues of a valid input (shared: a check never changes it). */
export const NO_ISSUES: ReadonlyArray<ValidationIssue> = []
/** A valid input's value. */
export const ok = (value: unknown): Checked => ({ value, issues: NO_ISSUES })

/** One issue at `loc`, with the best-effort value. */
export const fail = (
  value: unknown,
  loc: Loc,
  type: string,
  msg: string,
  input: unknown,
  ctx?: Readonly<Record<string, unknown>>
): Checked => ({ value, issues: [{ type, loc, msg, input, ...(ctx === undefined ? {} : { ctx }) }] })

/** `n` and a word, plural unless `n` is 1: "1 item", "2 items". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/** Whether an input is a JSON object (not an array). */
export const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/**
 * A value error raised by a validator after the schema checks, e.g. a cross-field rule. FastAPI
 * serialises the exception in `ctx.error` as `{}`; the message is in `msg`.
 */
export const valueError = (loc: Loc, message: string, input: unknown): ValidationIssue => ({
  type: "value_error",
  loc,
  msg: `Value error, ${message}`,
  input,
  ctx: { error: {} }
})
