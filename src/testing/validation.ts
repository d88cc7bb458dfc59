/** FastAPI/pydantic-style request validation: small checks that report 422 `detail` items. */

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

/** A check's best-effort value (used when validation is off) and what is wrong with the input. */
export interface Checked<A> {
  readonly value: A
  readonly issues: ReadonlyArray<ValidationIssue>
}

/** Validates one input at a location. */
export type Check<A> = (input: unknown, loc: Loc) => Checked<A>

const ok = <A>(value: A): Checked<A> => ({ value, issues: [] })

const issue = <A>(
  value: A,
  loc: Loc,
  type: string,
  msg: string,
  input: unknown,
  ctx?: Readonly<Record<string, unknown>>
): Checked<A> => ({ value, issues: [{ type, loc, msg, input, ...(ctx === undefined ? {} : { ctx }) }] })

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/** A string with optional length bounds and pattern; lengths are checked before the pattern. */
export const string =
  (
    options: { readonly minLength?: number; readonly maxLength?: number; readonly pattern?: RegExp } = {}
  ): Check<string> =>
  (input, loc) => {
    if (typeof input !== "string") {
      return issue(
        input == null ? "" : String(input),
        loc,
        "string_type",
        "Input should be a valid string",
        input
      )
    }
    const { minLength, maxLength, pattern } = options
    if (minLength !== undefined && input.length < minLength) {
      return issue(
        input,
        loc,
        "string_too_short",
        `String should have at least ${plural(minLength, "character")}`,
        input,
        {
          min_length: minLength
        }
      )
    }
    if (maxLength !== undefined && input.length > maxLength) {
      return issue(
        input,
        loc,
        "string_too_long",
        `String should have at most ${plural(maxLength, "character")}`,
        input,
        {
          max_length: maxLength
        }
      )
    }
    if (pattern !== undefined && !pattern.test(input)) {
      return issue(
        input,
        loc,
        "string_pattern_mismatch",
        `String should match pattern '${pattern.source}'`,
        input,
        {
          pattern: pattern.source
        }
      )
    }
    return ok(input)
  }

/** An integer (numeric strings accepted, as query parameters are strings) within optional bounds. */
export const integer =
  (options: { readonly ge?: number; readonly le?: number } = {}): Check<number | undefined> =>
  (input, loc) => {
    let value: number
    if (typeof input === "number") {
      if (!Number.isInteger(input)) {
        return Number.isFinite(input)
          ? issue(
              undefined,
              loc,
              "int_from_float",
              "Input should be a valid integer, got a number with a fractional part",
              input
            )
          : issue(undefined, loc, "finite_number", "Input should be a finite number", input)
      }
      value = input
    } else if (typeof input === "string") {
      const trimmed = input.trim()
      if (!/^[+-]?\d+$/.test(trimmed)) {
        return issue(
          undefined,
          loc,
          "int_parsing",
          "Input should be a valid integer, unable to parse string as an integer",
          input
        )
      }
      value = Number(trimmed)
    } else {
      return issue(undefined, loc, "int_type", "Input should be a valid integer", input)
    }
    if (options.ge !== undefined && value < options.ge) {
      return issue(
        value,
        loc,
        "greater_than_equal",
        `Input should be greater than or equal to ${options.ge}`,
        input,
        {
          ge: options.ge
        }
      )
    }
    if (options.le !== undefined && value > options.le) {
      return issue(
        value,
        loc,
        "less_than_equal",
        `Input should be less than or equal to ${options.le}`,
        input,
        {
          le: options.le
        }
      )
    }
    return ok(value)
  }

const UUID_GROUPS = [8, 4, 4, 4, 12] as const
const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The canonical (lower-case, hyphenated) form of a UUID in any form pydantic accepts, or why it is not one. */
export const parseUuid = (text: string): { readonly uuid: string } | { readonly error: string } => {
  let body = text
  let offset = 0
  let simple = true
  if (text.length >= 2 && text.startsWith("{") && text.endsWith("}")) {
    body = text.slice(1, -1)
    offset = 1
    simple = false
  } else if (text.startsWith("urn:uuid:")) {
    body = text.slice(9)
    offset = 9
    simple = false
  }
  if (HYPHENATED.test(body)) return { uuid: body.toLowerCase() }
  if (simple && /^[0-9a-f]{32}$/i.test(body)) {
    const hex = body.toLowerCase()
    return {
      uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    }
  }
  const bounds: Array<number> = []
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!
    if (char === "-") bounds.push(index)
    else if (!/[0-9a-fA-F]/.test(char)) {
      return {
        error: `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${char}\` at ${index + offset + 1}`
      }
    }
  }
  if (bounds.length === 0 && simple) {
    return { error: `invalid length: expected length 32 for simple format, found ${text.length}` }
  }
  if (bounds.length !== 4) return { error: `invalid group count: expected 5, found ${bounds.length + 1}` }
  const starts = [0, 9, 14, 19, 24]
  for (let group = 0; group < 4; group++) {
    if (bounds[group] !== starts[group + 1]! - 1) {
      return {
        error: `invalid group length in group ${group}: expected ${UUID_GROUPS[group]}, found ${bounds[group]! - starts[group]!}`
      }
    }
  }
  return { error: `invalid group length in group 4: expected 12, found ${body.length - 24}` }
}

/** A UUID; the value is its canonical form (or the raw input when invalid). */
export const uuid: Check<string> = (input, loc) => {
  if (typeof input !== "string") {
    return issue(
      String(input),
      loc,
      "uuid_type",
      "UUID input should be a string, bytes or UUID object",
      input
    )
  }
  const parsed = parseUuid(input)
  return "uuid" in parsed
    ? ok(parsed.uuid)
    : issue(input, loc, "uuid_parsing", `Input should be a valid UUID, ${parsed.error}`, input, {
        error: parsed.error
      })
}

const quoted = (values: ReadonlyArray<string>) => {
  const items = values.map((value) => `'${value}'`)
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`
}

/** One of a fixed set of strings (an OpenAPI enum). */
export const literal =
  <const L extends string>(values: ReadonlyArray<L>): Check<L | undefined> =>
  (input, loc) =>
    typeof input === "string" && (values as ReadonlyArray<string>).includes(input)
      ? ok(input as L)
      : issue(undefined, loc, "enum", `Input should be ${quoted(values)}`, input, {
          expected: quoted(values)
        })

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

/** Milliseconds since the epoch of an ISO 8601 date or date-time (UTC when no offset), or unix seconds. */
export const parseDateTime = (text: string): number | undefined => {
  const trimmed = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed)
    return Math.abs(n) > 2e10 ? n : n * 1000
  }
  const match = DATE_TIME.exec(trimmed)
  if (match === null) return undefined
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = match
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, "0").slice(0, 3))
  )
  const check = new Date(ms)
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59
  ) {
    return undefined
  }
  if (zone === undefined || zone.toUpperCase() === "Z") return ms
  const sign = zone.startsWith("-") ? -1 : 1
  const digits = zone.slice(1).replace(":", "")
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000
}

/** A date-time; the value is milliseconds since the epoch. */
export const dateTime: Check<number | undefined> = (input, loc) => {
  const parsed =
    typeof input === "string" ? parseDateTime(input) : typeof input === "number" ? input * 1000 : undefined
  if (parsed !== undefined && Number.isFinite(parsed)) return ok(parsed)
  const reason =
    typeof input === "string" && input.length < 10 ? "input is too short" : "invalid datetime format"
  return issue(
    undefined,
    loc,
    "datetime_from_date_parsing",
    `Input should be a valid datetime or date, ${reason}`,
    input,
    {
      error: reason
    }
  )
}

/** A list of items with optional length bounds. */
export const list =
  <A>(
    item: Check<A>,
    options: { readonly minItems?: number; readonly maxItems?: number } = {}
  ): Check<Array<A>> =>
  (input, loc) => {
    if (!Array.isArray(input)) return issue([], loc, "list_type", "Input should be a valid list", input)
    const { minItems, maxItems } = options
    if (maxItems !== undefined && input.length > maxItems) {
      return issue(
        input.map((value, index) => item(value, [...loc, index]).value),
        loc,
        "too_long",
        `List should have at most ${plural(maxItems, "item")} after validation, not ${input.length}`,
        input,
        { field_type: "List", max_length: maxItems, actual_length: input.length }
      )
    }
    const checked = input.map((value, index) => item(value, [...loc, index]))
    const issues = checked.flatMap((result) => result.issues)
    const value = checked.map((result) => result.value)
    if (minItems !== undefined && input.length < minItems) {
      return {
        value,
        issues: [
          ...issues,
          ...issue(
            value,
            loc,
            "too_short",
            `List should have at least ${plural(minItems, "item")} after validation, not ${input.length}`,
            input,
            { field_type: "List", min_length: minItems, actual_length: input.length }
          ).issues
        ]
      }
    }
    return { value, issues }
  }

/**
 * A dictionary (OpenAPI `additionalProperties` with `propertyNames`): keys are reported at
 * `[...loc, key, "[key]"]` and values at `[...loc, key]`, as pydantic does. Entries with an
 * invalid key are left out of the value.
 */
export const dict =
  <K extends string, V>(key: Check<K | undefined>, value: Check<V>): Check<Partial<Record<K, V>>> =>
  (input, loc) => {
    if (!isRecord(input)) return issue({}, loc, "dict_type", "Input should be a valid dictionary", input)
    const result: Partial<Record<K, V>> = {}
    const issues: Array<ValidationIssue> = []
    for (const [name, raw] of Object.entries(input)) {
      const checkedKey = key(name, [...loc, name, "[key]"])
      const checkedValue = value(raw, [...loc, name])
      issues.push(...checkedKey.issues, ...checkedValue.issues)
      if (checkedKey.issues.length === 0 && checkedKey.value !== undefined) {
        result[checkedKey.value] = checkedValue.value
      }
    }
    return { value: result, issues }
  }

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

/** `null` or a value passing `check` (OpenAPI `anyOf: [X, null]`). */
export const nullable =
  <A>(check: Check<A>): Check<A | null> =>
  (input, loc) =>
    input === null ? ok(null) : check(input, loc)

/** A named field of an object, a query string or a path. */
export interface Field<A> {
  readonly check: Check<A | undefined>
  readonly required: boolean
  readonly fallback: A
  /** Query only: the field collects every occurrence of a repeated key. */
  readonly multi: boolean
}

/** A required field; `fallback` is its value when validation is off and the input is unusable. */
export const required = <A>(check: Check<A | undefined>, fallback: A): Field<A> => ({
  check,
  required: true,
  fallback,
  multi: false
})

/** An optional field, `undefined` when absent. */
export const optional = <A>(check: Check<A | undefined>): Field<A | undefined> => ({
  check,
  required: false,
  fallback: undefined,
  multi: false
})

/** An optional field with a default. */
export const withDefault = <A>(check: Check<A | undefined>, value: A): Field<A> => ({
  check,
  required: false,
  fallback: value,
  multi: false
})

/** The same field collecting every occurrence of a repeated query key. */
export const repeated = <A>(field: Field<A>): Field<A> => ({ ...field, multi: true })

/** Named fields. */
export type Fields = Readonly<Record<string, Field<any>>>

/** The values of validated fields. */
export type FieldValues<F extends Fields> = {
  readonly [K in keyof F]: F[K] extends Field<infer A> ? A : never
}

const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/**
 * An object of named fields, checked in order. A missing required field reports `missing` with the
 * whole object as input (query and path report `null`); `forbidExtra` reports unknown keys.
 */
export const object =
  <F extends Fields>(
    fields: F,
    options: { readonly forbidExtra?: boolean; readonly missingInput?: "object" | "null" } = {}
  ): Check<FieldValues<F>> =>
  (input, loc) => {
    const source = isRecord(input) ? input : {}
    const issues: Array<ValidationIssue> = isRecord(input)
      ? []
      : [
          {
            type: "model_attributes_type",
            loc,
            msg: "Input should be a valid dictionary or object to extract fields from",
            input
          }
        ]
    const value: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(fields)) {
      const raw = source[name]
      if (raw === undefined) {
        if (field.required && isRecord(input)) {
          issues.push({
            type: "missing",
            loc: [...loc, name],
            msg: "Field required",
            input: options.missingInput === "null" ? null : input
          })
        }
        value[name] = field.fallback
        continue
      }
      const checked = field.check(raw, [...loc, name])
      issues.push(...checked.issues)
      value[name] = checked.value === undefined ? field.fallback : checked.value
    }
    if (options.forbidExtra) {
      for (const [name, raw] of Object.entries(source)) {
        if (!(name in fields)) {
          issues.push({
            type: "extra_forbidden",
            loc: [...loc, name],
            msg: "Extra inputs are not permitted",
            input: raw
          })
        }
      }
    }
    return { value: value as FieldValues<F>, issues }
  }

/** Validates query parameters: a repeated key gives a list field all its values, any other field the last one. */
export const query =
  <F extends Fields>(fields: F): Check<FieldValues<F>> =>
  (input, loc) => {
    const raw = (isRecord(input) ? input : {}) as Readonly<Record<string, ReadonlyArray<string>>>
    const picked: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(fields)) {
      const values = raw[name]
      if (values !== undefined && values.length > 0)
        picked[name] = field.multi ? values : values[values.length - 1]
    }
    return object(fields, { missingInput: "null" })(picked, loc)
  }
