/**
 * FastAPI/pydantic-style request validation, interpreted from the vendor specs: each JSON Schema node of
 * `specOperations` / `specComponents` is compiled once into a check that coerces the input as pydantic's
 * lax mode does, fills in defaults, and reports 422 `detail` items.
 */
import type { SpecOperation, SpecSchema } from "./generated.js"

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

const NO_ISSUES: ReadonlyArray<ValidationIssue> = []
const ok = (value: unknown): Checked => ({ value, issues: NO_ISSUES })

const fail = (
  value: unknown,
  loc: Loc,
  type: string,
  msg: string,
  input: unknown,
  ctx?: Readonly<Record<string, unknown>>
): Checked => ({ value, issues: [{ type, loc, msg, input, ...(ctx === undefined ? {} : { ctx }) }] })

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

const isRecord = (input: unknown): input is Record<string, unknown> =>
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

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Checks of single keywords
// ---------------------------------------------------------------------------------------------

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

const stringCheck = (node: SpecSchema): Check => {
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
const integerCheck = (node: SpecSchema): Check => {
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

const numberCheck: Check = (input, loc) => {
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
const booleanCheck: Check = (input, loc) => {
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

const nullCheck: Check = (input, loc) =>
  input === null ? ok(null) : fail(undefined, loc, "none_required", "Input should be None", input)

const anyCheck: Check = (input) => ok(input)

const enumCheck = (values: ReadonlyArray<unknown>): Check => {
  const expected = quoted(values)
  const allowed = new Set(values)
  return (input, loc) =>
    allowed.has(input)
      ? ok(input)
      : fail(undefined, loc, "enum", `Input should be ${expected}`, input, { expected })
}

const constCheck = (value: unknown): Check => {
  const expected = quoted([value])
  return (input, loc) =>
    input === value
      ? ok(input)
      : fail(undefined, loc, "literal_error", `Input should be ${expected}`, input, { expected })
}

// ---------------------------------------------------------------------------------------------
// The compiler
// ---------------------------------------------------------------------------------------------

/** Compiles JSON Schema nodes of one set of components; `$ref`s are compiled once and may recurse. */
export class SchemaCompiler {
  private readonly refs = new Map<string, Check>()

  constructor(private readonly components: Readonly<Record<string, SpecSchema>>) {}

  /** The component a `$ref` names. */
  resolve(node: SpecSchema): SpecSchema {
    if (node.$ref === undefined) return node
    const target = this.components[node.$ref as string]
    if (target === undefined) throw new Error(`unknown component ${node.$ref}`)
    return this.resolve(target)
  }

  /** A check of `node`. */
  compile(node: SpecSchema | boolean | undefined): Check {
    if (node === undefined || node === true) return anyCheck
    if (node === false)
      return (input, loc) => fail(undefined, loc, "extra_forbidden", "Extra inputs are not permitted", input)
    if (node.$ref !== undefined) return this.ref(node.$ref as string)
    const alternatives: ReadonlyArray<SpecSchema> | undefined = node.anyOf ?? node.oneOf
    if (alternatives !== undefined) return this.union(alternatives, node.oneOf !== undefined)
    if ("const" in node) return constCheck(node.const)
    if (Array.isArray(node.enum)) return enumCheck(node.enum)
    switch (node.type) {
      case "string":
        return stringCheck(node)
      case "integer":
        return integerCheck(node)
      case "number":
        return numberCheck
      case "boolean":
        return booleanCheck
      case "null":
        return nullCheck
      case "array":
        return this.array(node)
      case "object":
      case undefined:
        return node.properties !== undefined || node.type === "object" ? this.object(node) : anyCheck
      default:
        throw new Error(`unsupported type ${JSON.stringify(node.type)}`)
    }
  }

  private ref(name: string): Check {
    let check = this.refs.get(name)
    if (check === undefined) {
      let compiled: Check | undefined
      check = (input, loc) => {
        compiled ??= this.compile(this.components[name])
        return compiled(input, loc)
      }
      this.refs.set(name, check)
      if (this.components[name] === undefined) throw new Error(`unknown component ${name}`)
    }
    return check
  }

  /**
   * `anyOf` / `oneOf`. A `null` member makes the rest nullable (pydantic reports the rest's issues);
   * a `oneOf` of objects told apart by a `const` property (e.g. `type: "label"`) is a tagged union,
   * checked as the member the tag names (a member without the property takes inputs without it);
   * any other union takes the first member that accepts the input, else reports every member's issues.
   */
  private union(alternatives: ReadonlyArray<SpecSchema>, oneOf: boolean): Check {
    const nullable = alternatives.some((member) => member.type === "null")
    const members = alternatives.filter((member) => member.type !== "null")
    const inner =
      members.length === 1
        ? this.compile(members[0])
        : ((oneOf ? this.tagged(members) : undefined) ?? this.firstMatch(members))
    return nullable ? (input, loc) => (input === null ? ok(null) : inner(input, loc)) : inner
  }

  private tagged(members: ReadonlyArray<SpecSchema>): Check | undefined {
    const resolved = members.map((member) => this.resolve(member))
    // The tag: a property that is a `const` in every member that has it, and in more than one.
    const names = new Set(resolved.flatMap((member) => Object.keys(member.properties ?? {})))
    const tag = [...names].find(
      (key) =>
        resolved.filter((member) => member.properties?.[key]?.const !== undefined).length > 1 &&
        resolved.every(
          (member) => member.properties?.[key] === undefined || "const" in member.properties[key]
        )
    )
    if (tag === undefined) return undefined
    const byTag = new Map<unknown, Check>()
    let untagged: Check | undefined
    resolved.forEach((member, n) => {
      const value = member.properties?.[tag]?.const
      if (value === undefined) untagged = this.compile(members[n])
      else byTag.set(value, this.compile(members[n]))
    })
    const expected = [...byTag.keys()].map((value) => `'${String(value)}'`).join(", ")
    return (input, loc) => {
      if (!isRecord(input)) {
        return fail(
          undefined,
          loc,
          "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from",
          input
        )
      }
      if (!(tag in input)) {
        return untagged !== undefined
          ? untagged(input, loc)
          : fail(
              undefined,
              loc,
              "union_tag_not_found",
              `Unable to extract tag using discriminator '${tag}'`,
              input,
              {
                discriminator: `'${tag}'`
              }
            )
      }
      const check = byTag.get(input[tag])
      if (check !== undefined) return check(input, loc)
      return fail(
        undefined,
        loc,
        "union_tag_invalid",
        `Input tag '${String(input[tag])}' found using '${tag}' does not match any of the expected tags: ${expected}`,
        input,
        { discriminator: `'${tag}'`, tag: String(input[tag]), expected_tags: expected }
      )
    }
  }

  private firstMatch(members: ReadonlyArray<SpecSchema>): Check {
    const checks = members.map((member) => this.compile(member))
    const labels = members.map((member) => member.$ref ?? member.type ?? "value")
    return (input, loc) => {
      const issues: Array<ValidationIssue> = []
      for (const [n, check] of checks.entries()) {
        const checked = check(input, [...loc, labels[n] as string])
        if (checked.issues.length === 0) return checked
        issues.push(...checked.issues)
      }
      return { value: undefined, issues }
    }
  }

  private array(node: SpecSchema): Check {
    const item = this.compile(node.items)
    const minItems: number | undefined = node.minItems
    const maxItems: number | undefined = node.maxItems
    return (input, loc) => {
      if (!Array.isArray(input))
        return fail(undefined, loc, "list_type", "Input should be a valid list", input)
      if (maxItems !== undefined && input.length > maxItems) {
        return fail(
          input.map((value, index) => item(value, [...loc, index]).value),
          loc,
          "too_long",
          `List should have at most ${plural(maxItems, "item")} after validation, not ${input.length}`,
          input,
          { field_type: "List", max_length: maxItems, actual_length: input.length }
        )
      }
      const value: Array<unknown> = []
      const issues: Array<ValidationIssue> = []
      for (let index = 0; index < input.length; index++) {
        const checked = item(input[index], [...loc, index])
        // Items that are not even of the right type are left out of the best-effort value.
        if (checked.value !== undefined) value.push(checked.value)
        if (checked.issues.length > 0) issues.push(...checked.issues)
      }
      if (minItems !== undefined && input.length < minItems) {
        issues.push({
          type: "too_short",
          loc,
          msg: `List should have at least ${plural(minItems, "item")} after validation, not ${input.length}`,
          input,
          ctx: { field_type: "List", min_length: minItems, actual_length: input.length }
        })
      }
      return { value, issues: issues.length === 0 ? NO_ISSUES : issues }
    }
  }

  /**
   * An object. With `properties`: a model, fields checked in order, a missing required field reported
   * with the whole object as input, defaults filled in, unknown keys dropped (or reported when
   * `additionalProperties` is false). Without: a dictionary, keys checked against `propertyNames` at
   * `[...loc, key, "[key]"]` and values against `additionalProperties` at `[...loc, key]`.
   */
  private object(node: SpecSchema): Check {
    const properties = node.properties as Readonly<Record<string, SpecSchema>> | undefined
    if (properties === undefined) return this.dictionary(node)
    const required = new Set<string>(node.required ?? [])
    const fields = Object.entries(properties).map(([name, schema]) => ({
      name,
      check: this.compile(schema),
      required: required.has(name),
      hasDefault: "default" in schema,
      fallback: schema.default as unknown
    }))
    const forbidExtra = node.additionalProperties === false
    return (input, loc) => {
      if (!isRecord(input)) {
        return fail(
          undefined,
          loc,
          "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from",
          input
        )
      }
      const value: Record<string, unknown> = {}
      const issues: Array<ValidationIssue> = []
      for (const field of fields) {
        const raw = input[field.name]
        if (raw === undefined) {
          if (field.required) {
            issues.push({
              type: "missing",
              loc: [...loc, field.name],
              msg: "Field required",
              input
            })
          } else if (field.hasDefault) value[field.name] = field.fallback
          continue
        }
        const checked = field.check(raw, [...loc, field.name])
        if (checked.issues.length > 0) issues.push(...checked.issues)
        if (checked.value !== undefined) value[field.name] = checked.value
        else if (field.hasDefault) value[field.name] = field.fallback
      }
      if (forbidExtra) {
        for (const [name, raw] of Object.entries(input)) {
          if (!(name in properties)) {
            issues.push({
              type: "extra_forbidden",
              loc: [...loc, name],
              msg: "Extra inputs are not permitted",
              input: raw
            })
          }
        }
      }
      return { value, issues: issues.length === 0 ? NO_ISSUES : issues }
    }
  }

  private dictionary(node: SpecSchema): Check {
    const key = node.propertyNames === undefined ? undefined : this.compile(node.propertyNames)
    const item =
      node.additionalProperties === undefined || node.additionalProperties === true
        ? anyCheck
        : this.compile(node.additionalProperties)
    return (input, loc) => {
      if (!isRecord(input))
        return fail(undefined, loc, "dict_type", "Input should be a valid dictionary", input)
      const value: Record<string, unknown> = {}
      const issues: Array<ValidationIssue> = []
      for (const [name, raw] of Object.entries(input)) {
        const checkedKey = key?.(name, [...loc, name, "[key]"])
        const checked = item(raw, [...loc, name])
        if (checkedKey !== undefined && checkedKey.issues.length > 0) issues.push(...checkedKey.issues)
        if (checked.issues.length > 0) issues.push(...checked.issues)
        if (checkedKey === undefined || checkedKey.issues.length === 0) value[name] = checked.value
      }
      return { value, issues: issues.length === 0 ? NO_ISSUES : issues }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** A request's parts as the router sees them: path parameters (decoded), query values, raw body. */
export interface RawRequest {
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The values of a validated request. */
export interface ValidatedParts {
  readonly path: Readonly<Record<string, unknown>>
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly issues: ReadonlyArray<ValidationIssue>
}

/** Validates a whole request of one operation. */
export type RequestValidator = (request: RawRequest) => ValidatedParts

/** Parses a JSON request body the way FastAPI does: non-JSON content types yield the raw text. */
const readJsonBody = (
  request: RawRequest
): { readonly input: unknown } | { readonly issue: ValidationIssue } | { readonly missing: true } => {
  if (request.body.length === 0) return { missing: true }
  const contentType = request.headers["content-type"]
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase()
  if (
    mediaType !== undefined &&
    mediaType !== "application/json" &&
    !/^application\/.+\+json$/.test(mediaType)
  ) {
    return { input: request.body }
  }
  try {
    return { input: JSON.parse(request.body) }
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1]
    return {
      issue: {
        type: "json_invalid",
        loc: ["body", position === undefined ? 0 : Number(position)],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" }
      }
    }
  }
}

/** Whether a parameter takes every occurrence of a repeated query key (a list, possibly nullable). */
const isList = (compiler: SchemaCompiler, schema: SpecSchema): boolean => {
  const resolved = compiler.resolve(schema)
  return (
    resolved.type === "array" ||
    ((resolved.anyOf ?? resolved.oneOf) as ReadonlyArray<SpecSchema> | undefined)?.some((member) =>
      isList(compiler, member)
    ) === true
  )
}

/**
 * The validator of one operation: path parameters, then query parameters (in the spec's order), then
 * the JSON body, all issues reported together as FastAPI does. A repeated query key gives a list
 * parameter all its values and any other parameter the last one; an absent parameter takes its default.
 */
export const compileOperation = (compiler: SchemaCompiler, operation: SpecOperation): RequestValidator => {
  const parameters = operation.parameters.map((parameter) => ({
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    check: compiler.compile(parameter.schema),
    list: parameter.in === "query" && isList(compiler, parameter.schema),
    hasDefault: "default" in parameter.schema,
    fallback: parameter.schema.default as unknown
  }))
  const body = operation.body === undefined ? undefined : compiler.compile(operation.body)
  return (request) => {
    const path: Record<string, unknown> = {}
    const query: Record<string, unknown> = {}
    const issues: Array<ValidationIssue> = []
    for (const parameter of parameters) {
      const target = parameter.in === "path" ? path : query
      let raw: unknown
      if (parameter.in === "path") raw = request.params[parameter.name]
      else {
        const values = request.query[parameter.name]
        if (values !== undefined && values.length > 0)
          raw = parameter.list ? values : values[values.length - 1]
      }
      if (raw === undefined) {
        if (parameter.required) {
          issues.push({
            type: "missing",
            loc: [parameter.in, parameter.name],
            msg: "Field required",
            input: null
          })
        } else if (parameter.hasDefault) target[parameter.name] = parameter.fallback
        continue
      }
      const checked = parameter.check(raw, [parameter.in, parameter.name])
      if (checked.issues.length > 0) issues.push(...checked.issues)
      if (checked.value !== undefined) target[parameter.name] = checked.value
      else if (parameter.hasDefault) target[parameter.name] = parameter.fallback
    }
    let value: unknown
    if (body !== undefined) {
      const read = readJsonBody(request)
      if ("issue" in read) issues.push(read.issue)
      else if ("missing" in read)
        issues.push({ type: "missing", loc: ["body"], msg: "Field required", input: null })
      else {
        const checked = body(read.input, ["body"])
        if (checked.issues.length > 0) issues.push(...checked.issues)
        value = checked.value
      }
    }
    return { path, query, body: value, issues: issues.length === 0 ? NO_ISSUES : issues }
  }
}
