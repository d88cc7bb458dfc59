/**
 * Checks of single JSON Schema keywords (strings and their formats, integers, numbers, booleans, null,
 * `enum`, `const`), coercing as pydantic's lax mode does.
 */
import type { SpecSchema } from "../vendor-spec.js"
import { type Check, fail, ok, plural } from "./check.js"
import { parseDateTime, parseUuid } from "./string-formats.js"

const quoted = (values: ReadonlyArray<unknown>) => {
  const items = values.map((value) => `'${String(value)}'`)
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`
}

const uuidCheck: Check = (input, loc) => {
  if (typeof input !== "string") {
    return fail(undefined, loc, "uuid_type", "UUID input should be a string, bytes or UUID object", input)
  }
  const parsed = parseUuid(input)
  return "uuid" in parsed
    ? ok(parsed.uuid)
    : fail(input, loc, "uuid_parsing", `Input should be a valid UUID, ${parsed.error}`, input, {
        error: parsed.error
      })
}

/** A date-time; the value is milliseconds since the epoch. */
const dateTimeCheck: Check = (input, loc) => {
  if (typeof input !== "string" && typeof input !== "number") {
    return fail(undefined, loc, "datetime_type", "Input should be a valid datetime", input)
  }
  const parsed = typeof input === "string" ? parseDateTime(input) : input * 1000
  if (parsed !== undefined && Number.isFinite(parsed)) return ok(parsed)
  const reason =
    typeof input === "string" && input.length < 10 ? "input is too short" : "invalid datetime format"
  return fail(
    undefined,
    loc,
    "datetime_from_date_parsing",
    `Input should be a valid datetime or date, ${reason}`,
    input,
    { error: reason }
  )
}

/** A string: its `format` (`uuid`, `date-time`), `minLength`, `maxLength` and `pattern`. */
export const stringCheck = (node: SpecSchema): Check => {
  if (node.format === "uuid") return uuidCheck
  if (node.format === "date-time") return dateTimeCheck
  const minLength: number | undefined = node.minLength
  const maxLength: number | undefined = node.maxLength
  const pattern = node.pattern === undefined ? undefined : new RegExp(node.pattern as string, "u")
  return (input, loc) => {
    if (typeof input !== "string")
      return fail(undefined, loc, "string_type", "Input should be a valid string", input)
    if (minLength !== undefined && input.length < minLength) {
      return fail(
        input,
        loc,
        "string_too_short",
        `String should have at least ${plural(minLength, "character")}`,
        input,
        { min_length: minLength }
      )
    }
    if (maxLength !== undefined && input.length > maxLength) {
      return fail(
        input,
        loc,
        "string_too_long",
        `String should have at most ${plural(maxLength, "character")}`,
        input,
        { max_length: maxLength }
      )
    }
    if (pattern !== undefined && !pattern.test(input)) {
      return fail(
        input,
        loc,
        "string_pattern_mismatch",
        `String should match pattern '${node.pattern}'`,
        input,
        {
          pattern: node.pattern
        }
      )
    }
    return ok(input)
  }
}

/** An integer: JSON integers, floats without a fraction and numeric strings (query parameters are strings). */
export const integerCheck = (node: SpecSchema): Check => {
  const minimum: number | undefined = node.minimum
  const maximum: number | undefined = node.maximum
  return (input, loc) => {
    let value: number
    if (typeof input === "number") {
      if (!Number.isInteger(input)) {
        return Number.isFinite(input)
          ? fail(
              undefined,
              loc,
              "int_from_float",
              "Input should be a valid integer, got a number with a fractional part",
              input
            )
          : fail(undefined, loc, "finite_number", "Input should be a finite number", input)
      }
      value = input
    } else if (typeof input === "string") {
      const trimmed = input.trim()
      if (!/^[+-]?\d+$/.test(trimmed)) {
        return fail(
          undefined,
          loc,
          "int_parsing",
          "Input should be a valid integer, unable to parse string as an integer",
          input
        )
      }
      value = Number(trimmed)
    } else {
      return fail(undefined, loc, "int_type", "Input should be a valid integer", input)
    }
    if (minimum !== undefined && value < minimum) {
      return fail(
        value,
        loc,
        "greater_than_equal",
        `Input should be greater than or equal to ${minimum}`,
        input,
        {
          ge: minimum
        }
      )
    }
    if (maximum !== undefined && value > maximum) {
      return fail(value, loc, "less_than_equal", `Input should be less than or equal to ${maximum}`, input, {
        le: maximum
      })
    }
    return ok(value)
  }
}

/** A finite number: JSON numbers and numeric strings. */
export const numberCheck: Check = (input, loc) => {
  const value = typeof input === "string" && input.trim() !== "" ? Number(input) : input
  if (typeof value === "number" && Number.isFinite(value)) return ok(value)
  return typeof input === "string"
    ? fail(
        undefined,
        loc,
        "float_parsing",
        "Input should be a valid number, unable to parse string as a number",
        input
      )
    : fail(undefined, loc, "float_type", "Input should be a valid number", input)
}

const TRUE = new Set(["true", "1", "yes", "on", "t", "y"])
const FALSE = new Set(["false", "0", "no", "off", "f", "n"])

/** A boolean: JSON booleans, 0 and 1, and the strings pydantic accepts ("true", "false", "yes", …). */
export const booleanCheck: Check = (input, loc) => {
  if (typeof input === "boolean") return ok(input)
  if (input === 0 || input === 1) return ok(input === 1)
  if (typeof input === "string") {
    const lower = input.trim().toLowerCase()
    if (TRUE.has(lower)) return ok(true)
    if (FALSE.has(lower)) return ok(false)
    return fail(
      undefined,
      loc,
      "bool_parsing",
      "Input should be a valid boolean, unable to interpret input",
      input
    )
  }
  return fail(undefined, loc, "bool_type", "Input should be a valid boolean", input)
}

/** `null` only. */
export const nullCheck: Check = (input, loc) =>
  input === null ? ok(null) : fail(undefined, loc, "none_required", "Input should be None", input)

/** Any value, as is. */
export const anyCheck: Check = (input) => ok(input)

/** One of the `enum` values. */
export const enumCheck = (values: ReadonlyArray<unknown>): Check => {
  const expected = quoted(values)
  const allowed = new Set(values)
  return (input, loc) =>
    allowed.has(input)
      ? ok(input)
      : fail(undefined, loc, "enum", `Input should be ${expected}`, input, { expected })
}

/** The `const` value. */
export const constCheck = (value: unknown): Check => {
  const expected = quoted([value])
  return (input, loc) =>
    input === value
      ? ok(input)
      : fail(undefined, loc, "literal_error", `Input should be ${expected}`, input, { expected })
}
