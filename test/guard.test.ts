/** The compiled response guard answers exactly as `Schema.is`, on valid values and on broken ones. */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, FastCheck, Schema } from "effect"
import { PyPIAuthResponse } from "../src/index.js"
import { guardOf } from "../src/internal/guard.js"
import { Operations } from "../src/internal/operations.js"

/** Every response Schema of the table. */
const responses = Object.fromEntries(Object.values(Operations).map((op) => [op.name, op.response]))

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
