/**
 * The building blocks the generated wire types are made of: the spec's formats (`uuid`, `date-time`),
 * tolerant response enums, and the spec's bounds as filters whose messages say the rule in words.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/**
 * A response enum that decodes values added to the API later as plain strings, so that an older SDK
 * keeps working when the API grows. Known values still narrow in TypeScript.
 */
export const tolerant = <const Literals extends readonly [string, ...Array<string>]>(
  schema: Schema.Literal<Literals>
): Schema.Schema<Literals[number] | (string & {}), string> =>
  Schema.String.annotations({
    identifier: Option.getOrElse(SchemaAST.getIdentifierAnnotation(schema.ast), () => "Enum"),
    description: `One of ${schema.literals.join(", ")} (or a value added to the API later)`
  }) as Schema.Schema<Literals[number] | (string & {}), string>

/** A UUID, as every identifier the caller passes must be (any letter case). */
export const Uuid = Schema.String.pipe(
  Schema.pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: () => "must be a UUID (8-4-4-4-12 hexadecimal digits)"
  })
).annotations({ identifier: "Uuid" })

/** An ISO 8601 date-time, given as a string or a `Date`; sent as a string. */
export const DateTime = Schema.Union(
  Schema.String.pipe(
    Schema.filter((s) => !Number.isNaN(Date.parse(s)), { message: () => "must be an ISO 8601 date-time" })
  ),
  Schema.transform(
    Schema.DateFromSelf.pipe(
      Schema.filter((d) => !Number.isNaN(d.getTime()), { message: () => "must be a valid Date" })
    ),
    Schema.String,
    { strict: true, decode: (date) => date.toISOString(), encode: (iso) => new Date(iso) }
  )
).annotations({
  identifier: "DateTime",
  arbitrary: () => (fc) =>
    fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((date) => date.toISOString())
})

const bounds = (minimum: number | undefined, maximum: number | undefined, unit: (n: number) => string) =>
  minimum !== undefined && maximum !== undefined
    ? `${minimum} to ${maximum} ${unit(maximum)}`
    : minimum !== undefined
      ? `at least ${minimum} ${unit(minimum)}`
      : `at most ${maximum} ${unit(maximum ?? 0)}`

/**
 * An integer the caller sends, within the spec's bounds (NaN and Infinity would reach the API as null).
 * Every check says the whole rule.
 */
export const Int = (minimum?: number, maximum?: number) => {
  const rule =
    minimum !== undefined && maximum !== undefined
      ? `must be an integer from ${minimum} to ${maximum}`
      : minimum !== undefined
        ? `must be an integer ≥ ${minimum}`
        : maximum !== undefined
          ? `must be an integer ≤ ${maximum}`
          : "must be an integer"
  const message = { message: () => rule }
  return Schema.Number.pipe(
    Schema.int(message),
    Schema.between(minimum ?? Number.MIN_SAFE_INTEGER, maximum ?? Number.MAX_SAFE_INTEGER, message)
  )
}

/** A finite number the caller sends. */
export const Finite = Schema.Number.pipe(Schema.finite({ message: () => "must be a finite number" }))

/** A string of `minimum` to `maximum` characters. */
export const length =
  (minimum: number | undefined, maximum: number | undefined) =>
  <S extends Schema.Schema<string, string, never>>(self: S): Schema.filter<Schema.filter<S>> => {
    const message = {
      message: () =>
        minimum === 1 && maximum === undefined
          ? "must not be empty"
          : `must be ${bounds(minimum, maximum, (n) => (n === 1 ? "character" : "characters"))}`
    }
    const checked = minimum === undefined ? self : (self as any).pipe(Schema.minLength(minimum, message))
    return maximum === undefined ? checked : checked.pipe(Schema.maxLength(maximum, message))
  }

/** A string matching the spec's `pattern`; `rule` says it in words. */
export const matching =
  (pattern: RegExp, rule: string) =>
  <S extends Schema.Schema<string, string, never>>(self: S): Schema.filter<S> =>
    (self as any).pipe(Schema.pattern(pattern, { message: () => rule }))

/** An array of `minimum` to `maximum` items. */
export const items =
  (minimum: number | undefined, maximum: number | undefined) =>
  <S extends Schema.Schema<ReadonlyArray<any>, ReadonlyArray<any>, never>>(
    self: S
  ): Schema.filter<Schema.filter<S>> => {
    const message = {
      message: () => `must hold ${bounds(minimum, maximum, (n) => (n === 1 ? "item" : "items"))}`
    }
    const checked = minimum === undefined ? self : (self as any).pipe(Schema.minItems(minimum, message))
    return maximum === undefined ? checked : checked.pipe(Schema.maxItems(maximum, message))
  }

/** A request enum whose failure lists the allowed values. */
export const oneOf = <const Literals extends readonly [string, ...Array<string>]>(
  identifier: string,
  ...literals: Literals
) =>
  Schema.Literal(...literals).annotations({
    identifier,
    message: () => `must be one of ${literals.join(", ")}`
  })
