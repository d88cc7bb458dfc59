/**
 * A fast `Schema.is` for response Schemas: the Schema's AST compiled once into plain predicates. A list
 * page holds up to 100 items, and the generic interpreter spends more time on them than the network;
 * compiled, the check costs about as much as reading the JSON. Any AST node outside the small set the
 * response Schemas use makes the whole guard fall back to `Schema.is`, so the answer never differs.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

type Guard = (value: unknown) => boolean

const guards = new WeakMap<SchemaAST.AST, Guard>()

/** A guard equivalent to `Schema.is(schema)`, compiled on first use and kept. */
export const guardOf = <A, I>(schema: Schema.Schema<A, I>): ((value: unknown) => value is A) => {
  let guard = guards.get(schema.ast)
  if (guard === undefined) {
    guard = compile(SchemaAST.typeAST(schema.ast)) ?? Schema.is(Schema.typeSchema(schema))
    guards.set(schema.ast, guard)
  }
  return guard as (value: unknown) => value is A
}

const isRecord = (value: unknown): value is Record<PropertyKey, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Predicates for the AST nodes response Schemas are made of; `undefined` for anything else. */
const compile = (ast: SchemaAST.AST): Guard | undefined => {
  switch (ast._tag) {
    case "StringKeyword":
      return (value) => typeof value === "string"
    case "NumberKeyword":
      return (value) => typeof value === "number"
    case "BooleanKeyword":
      return (value) => typeof value === "boolean"
    case "UndefinedKeyword":
    case "VoidKeyword":
      return ast._tag === "VoidKeyword" ? () => true : (value) => value === undefined
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true
    case "Literal": {
      const literal = ast.literal
      return (value) => value === literal
    }
    case "Union": {
      const members = ast.types.map(compile)
      if (members.some((member) => member === undefined)) return undefined
      const checks = members as Array<Guard>
      return (value) => checks.some((check) => check(value))
    }
    case "Refinement": {
      const from = compile(ast.from)
      if (from === undefined) return undefined
      return (value) => from(value) && Option.isNone(ast.filter(value, SchemaAST.defaultParseOption, ast))
    }
    case "TupleType": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const item = compile(ast.rest[0]!.type)
      if (item === undefined) return undefined
      return (value) => Array.isArray(value) && value.every(item)
    }
    case "TypeLiteral":
      return compileTypeLiteral(ast)
    case "Suspend": {
      // A recursive Schema: compiled on first use, so that the recursion ends.
      let inner: Guard | undefined
      let fallback = false
      return (value) => {
        if (inner === undefined && !fallback) {
          const target = ast.f()
          inner = guards.get(target) ?? compile(target)
          if (inner === undefined) {
            fallback = true
            inner = Schema.is(Schema.make(target))
          }
          guards.set(target, inner)
        }
        return inner!(value)
      }
    }
    default:
      return undefined
  }
}

const compileTypeLiteral = (ast: SchemaAST.TypeLiteral): Guard | undefined => {
  // `Schema.Struct({})` is the type `{}`: anything but null and undefined.
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (value) => value !== null && value !== undefined
  }
  const properties: Array<readonly [PropertyKey, boolean, Guard]> = []
  for (const signature of ast.propertySignatures) {
    const check = compile(signature.type)
    if (check === undefined) return undefined
    properties.push([signature.name, signature.isOptional, check])
  }
  const indexes: Array<readonly [Guard, Guard]> = []
  for (const signature of ast.indexSignatures) {
    const key = compile(signature.parameter)
    const check = compile(signature.type)
    if (key === undefined || check === undefined) return undefined
    indexes.push([key, check])
  }
  return (value) => {
    if (!isRecord(value)) return false
    for (const [name, isOptional, check] of properties) {
      if (!Object.hasOwn(value, name)) {
        if (isOptional) continue
        return false
      }
      if (!check(value[name])) return false
    }
    if (indexes.length > 0) {
      for (const key of Object.keys(value)) {
        for (const [keyCheck, check] of indexes) {
          if (keyCheck(key) && !check(value[key])) return false
        }
      }
    }
    return true
  }
}
