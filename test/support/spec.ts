/**
 * The vendor specs as the tests read them, independently of the SDK: every operation, and a fast-check
 * arbitrary of the values a JSON Schema of the specs allows (nulls and optional fields included).
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { FastCheck as fc } from "effect"
import { parse } from "yaml"

type Json = any

const SPEC_DIR = fileURLToPath(new URL("../../spec/", import.meta.url))

export type Plane = "data" | "mgmt"

/** One operation of a spec. */
export interface SpecOperation {
  readonly plane: Plane
  readonly method: string
  readonly path: string
  readonly id: string
  readonly status: number
  /** The success response's schema (undefined for an empty answer). */
  readonly response: Json | undefined
}

export const specs: Readonly<Record<Plane, Json>> = {
  data: parse(readFileSync(`${SPEC_DIR}model-security-data.yaml`, "utf8")),
  mgmt: parse(readFileSync(`${SPEC_DIR}model-security-mgmt.yaml`, "utf8"))
}

/** Every operation of both specs. */
export const specOperations: ReadonlyArray<SpecOperation> = (["data", "mgmt"] as const).flatMap((plane) =>
  Object.entries(specs[plane].paths as Record<string, Json>).flatMap(([path, item]) =>
    ["get", "post", "put", "delete"]
      .filter((method) => item[method] !== undefined)
      .map((method) => {
        const op = item[method]
        const status = Object.keys(op.responses)
          .map(Number)
          .find((code) => code >= 200 && code < 300)!
        return {
          plane,
          method: method.toUpperCase(),
          path,
          id: op.operationId as string,
          status,
          response: op.responses[String(status)]?.content?.["application/json"]?.schema
        }
      })
  )
)

const isoDate = fc
  .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
  .map((date) => date.toISOString())

const json: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 })

/**
 * An arbitrary of the values `schema` allows in `plane`'s spec. Recursion (a condition tree) stops at
 * `depth`: past it, alternatives that would go deeper are left out.
 */
export const arbitraryOf = (plane: Plane, schema: Json, depth = 3): fc.Arbitrary<unknown> => {
  const components = specs[plane].components.schemas as Record<string, Json>
  const resolve = (node: Json): Json =>
    node?.$ref === undefined ? node : components[String(node.$ref).replace("#/components/schemas/", "")]
  const recursive = (node: Json): boolean => /ConditionGroup/.test(JSON.stringify(node ?? null))

  const go = (raw: Json, level: number): fc.Arbitrary<unknown> => {
    const node = resolve(raw)
    if (node === true || node === undefined || Object.keys(node).length === 0) return json
    const alternatives: ReadonlyArray<Json> | undefined = node.anyOf ?? node.oneOf
    if (alternatives !== undefined) {
      const usable = level >= depth ? alternatives.filter((member) => !recursive(member)) : alternatives
      return fc.oneof(...usable.map((member) => go(member, level + 1)))
    }
    if ("const" in node) return fc.constant(node.const)
    if (Array.isArray(node.enum)) return fc.constantFrom(...node.enum)
    switch (node.type) {
      case "string":
        if (node.format === "uuid") return fc.uuid()
        if (node.format === "date-time") return isoDate
        if (node.pattern !== undefined)
          return fc
            .stringMatching(new RegExp(node.pattern))
            .filter((s) => s.length >= (node.minLength ?? 0) && s.length <= (node.maxLength ?? 64))
        return fc.string({ minLength: node.minLength ?? 0, maxLength: Math.min(node.maxLength ?? 24, 24) })
      case "integer":
        return fc.integer({ min: node.minimum ?? -1_000_000, max: node.maximum ?? 1_000_000 })
      case "number":
        return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
      case "boolean":
        return fc.boolean()
      case "null":
        return fc.constant(null)
      case "array":
        return fc.array(go(node.items, level + 1), {
          minLength: node.minItems ?? 0,
          maxLength: Math.max(node.minItems ?? 0, Math.min(node.maxItems ?? 3, 3))
        })
      default: {
        const properties = node.properties as Record<string, Json> | undefined
        if (properties !== undefined && Object.keys(properties).length > 0) {
          const required = new Set<string>(node.required ?? [])
          return fc.record(
            Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, go(value, level + 1)])),
            { requiredKeys: [...required] }
          )
        }
        const names = resolve(node.propertyNames)
        const values =
          node.additionalProperties === undefined || node.additionalProperties === true
            ? json
            : go(node.additionalProperties, level + 1)
        return Array.isArray(names?.enum)
          ? fc.dictionary(fc.constantFrom(...(names.enum as Array<string>)), values, { maxKeys: 3 })
          : fc.dictionary(fc.string({ maxLength: 12 }), values, { maxKeys: 3 })
      }
    }
  }
  return go(schema, 0)
}
