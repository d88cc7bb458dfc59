/**
 * The compiled response guard answers exactly as `Schema.is`, on valid values and on broken ones; the
 * exact guard of an input Schema accepts only input that decoding (extra properties refused) returns
 * unchanged.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck, Schema } from "effect"
import { PyPIAuthResponse } from "../src/index.js"
import { exactGuardOf, guardOf } from "../src/internal/guard.js"
import { Operations } from "../src/internal/operations.js"

/** Every response Schema of the table. */
const responses = Object.fromEntries(Object.values(Operations).map((op) => [op.name, op.response]))

/** Every input Schema of the table (path parameters, query, body) that its exact guard compiles. */
const inputs = Object.values(Operations).flatMap((op) =>
  (["pathParams", "query", "body"] as const).flatMap((part) => {
    const schema = (op as Record<string, unknown>)[part] as Schema.Schema<unknown, unknown> | undefined
    return schema === undefined || exactGuardOf(schema) === undefined
      ? []
      : [[`${op.name} ${part}`, schema] as const]
  })
)

/** Breaks a JSON value somewhere: drops a key, changes a type, nulls a field. */
const mutate = (value: unknown, choice: number): unknown => {
  if (Array.isArray(value)) {
    if (value.length === 0) return choice % 2 === 0 ? [null] : {}
    const index = choice % value.length
    return value.map((item, i) => (i === index ? mutate(item, choice >> 1) : item))
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value)
    if (keys.length === 0) return choice % 2 === 0 ? null : []
    const key = keys[choice % keys.length]!
    const copy: Record<string, unknown> = { ...value }
    switch ((choice >> 3) % 3) {
      case 0:
        delete copy[key]
        return copy
      case 1:
        copy[key] = mutate(copy[key], choice >> 2)
        return copy
      default:
        copy[key] = 12345
        return copy
    }
  }
  if (typeof value === "string") return choice % 2 === 0 ? 0 : null
  if (typeof value === "number") return String(value)
  return choice % 2 === 0 ? "x" : undefined
}

describe.each(Object.entries(responses))("guardOf(%s)", (_, schema) => {
  const reference = Schema.is(Schema.typeSchema(schema as Schema.Schema<unknown, unknown>))
  const guard = guardOf(schema as Schema.Schema<unknown, unknown>)
  const values = Arbitrary.make(schema as Schema.Schema<unknown, unknown>)

  it("accepts what Schema.is accepts", () => {
    FastCheck.assert(
      FastCheck.property(values, (value) => guard(value) === true && reference(value) === true),
      { numRuns: 200 }
    )
  })

  it("rejects exactly what Schema.is rejects", () => {
    FastCheck.assert(
      FastCheck.property(values, FastCheck.nat(), (value, choice) => {
        const broken = mutate(value, choice)
        return guard(broken) === reference(broken)
      }),
      { numRuns: 300 }
    )
  })
})

describe("guardOf", () => {
  it("rejects non-objects and keeps extra fields", () => {
    const guard = guardOf(PyPIAuthResponse)
    expect(guard(null)).toBe(false)
    expect(guard("x")).toBe(false)
    expect(guard({ url: "u" })).toBe(false)
    expect(guard({ url: "u", expires_at: "2026-01-01T00:00:00Z", extra: 1 })).toBe(true)
  })

  it("falls back to Schema.is for AST nodes it does not compile", () => {
    const WithTransform = Schema.Struct({ n: Schema.NumberFromString })
    expect(guardOf(WithTransform)({ n: 1 })).toBe(true)
    expect(guardOf(WithTransform)({ n: "1" })).toBe(false)
  })
})

/** JSON with keys in order: equal values give equal text whatever order their keys came in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, inner) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner
  )

describe("exactGuardOf", () => {
  it("compiles the input Schemas that do not transform", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(40)
    expect(exactGuardOf(Operations["Scans.get"].pathParams)).toBeDefined()
    expect(exactGuardOf(Operations["Scans.create"].body)).toBeUndefined()
    expect(exactGuardOf(Schema.Struct({ n: Schema.NumberFromString }))).toBeUndefined()
  })

  it("refuses properties beyond those declared, and symbols", () => {
    const guard = exactGuardOf(Operations["Scans.get"].pathParams)!
    const uuid = "0b7c7d3e-4f0a-4c41-9d1b-5f3e0c2a9b17"
    expect(guard({ uuid })).toBe(true)
    expect(guard({ uuid, extra: 1 })).toBe(false)
    expect(guard({ uuid, [Symbol("s")]: 1 })).toBe(false)
    expect(guard({ uuid: "not-a-uuid" })).toBe(false)
    expect(exactGuardOf(Schema.Struct({}))!({})).toBe(true)
    expect(exactGuardOf(Schema.Struct({}))!({ a: 1 })).toBe(false)
  })
})

describe.each(inputs)("exactGuardOf(%s)", (_, schema) => {
  const guard = exactGuardOf(schema)!
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })
  const values = Arbitrary.make(Schema.encodedSchema(schema))

  it("accepts every valid input, as decoding does", () => {
    FastCheck.assert(
      FastCheck.property(values, (value) => guard(value) === Either.isRight(decode(value))),
      { numRuns: 200 }
    )
  })

  it("accepts only what decoding returns unchanged", () => {
    FastCheck.assert(
      FastCheck.property(values, FastCheck.nat(), (value, choice) => {
        const input = mutate(value, choice)
        if (!guard(input)) return true
        const decoded = decode(input)
        return Either.isRight(decoded) && canonical(decoded.right) === canonical(input)
      }),
      { numRuns: 300 }
    )
  })
})
