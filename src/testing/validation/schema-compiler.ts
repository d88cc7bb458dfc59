/**
 * Compiles the JSON Schema nodes of `specComponents` into checks: `$ref`s, unions (nullable, tagged,
 * first match), arrays, models (defaults filled in, unknown keys dropped) and dictionaries.
 */
import type { SpecSchema } from "../vendor-spec.js"
import { type Check, fail, isRecord, NO_ISSUES, ok, plural, type ValidationIssue } from "./check.js"
import {
  anyCheck,
  booleanCheck,
  constCheck,
  enumCheck,
  integerCheck,
  nullCheck,
  numberCheck,
  stringCheck
} from "./scalar-checks.js"

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
