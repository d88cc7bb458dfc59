/**
 * A fast `Schema.is` for response Schemas: the Schema's AST compiled once into plain predicates. A list
 * page holds up to 100 items, and the generic interpreter spends more time on them than the network;
 * compiled, the check costs about as much as reading the JSON. Any AST node outside the small set the
 * response Schemas use makes the whole guard fall back to `Schema.is`, so the answer never differs.
 *
 * The same compiler, made exact (no property beyond those declared), gives input Schemas that do not
 * transform a quick way to accept valid input: what it accepts, decoding would return unchanged.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

type Guard = (value: unknown) => boolean

const guards = new WeakMap<SchemaAST.AST, Guard>()
const exactGuards = new WeakMap<SchemaAST.AST, Guard>()

/** A guard equivalent to `Schema.is(schema)`, compiled on first use and kept. */
export const guardOf = <A, I>(schema: Schema.Schema<A, I>): ((value: unknown) => value is A) => {
  let guard = guards.get(schema.ast)
  if (guard === undefined) {
    guard = compiler(false, guards)(SchemaAST.typeAST(schema.ast)) ?? Schema.is(Schema.typeSchema(schema))
    guards.set(schema.ast, guard)
  }
  return guard as (value: unknown) => value is A
}

/**
 * For a Schema that does not transform (its input is its output), a guard that accepts only input its
 * decoding (excess properties refused) would return as it is; `undefined` when the Schema transforms or
 * uses a node the compiler does not know. A value it refuses may still decode: only decoding tells.
 */
export const exactGuardOf = (schema: Schema.Schema.Any): Guard | undefined => {
  if (exactGuards.has(schema.ast)) return exactGuards.get(schema.ast)
  const guard = compiler(true, exactGuards)(schema.ast)
  if (guard !== undefined) exactGuards.set(schema.ast, guard)
  return guard
}

const isRecord = (value: unknown): value is Record<PropertyKey, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * The compiler of guards: predicates for the AST nodes the SDK's Schemas are made of, `undefined` for
 * anything else (a transformation, a declaration). `exact` refuses properties beyond those declared.
 */
const compiler = (exact: boolean, cache: WeakMap<SchemaAST.AST, Guard>) => {
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
        // Loops rather than `some`: a guard runs for every field of every item, and must not allocate.
        return (value) => {
          for (let i = 0; i < checks.length; i++) if (checks[i]!(value)) return true
          return false
        }
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
        return (value) => {
          if (!Array.isArray(value)) return false
          for (let i = 0; i < value.length; i++) if (!item(value[i])) return false
          return true
        }
      }
      case "TypeLiteral":
        return compileTypeLiteral(ast, compile, exact)
      case "Suspend": {
        // A recursive Schema: compiled on first use, so that the recursion ends.
        let inner: Guard | undefined
        let fallback = false
        return (value) => {
          if (inner === undefined && !fallback) {
            const target = ast.f()
            inner = cache.get(target) ?? compile(target)
            if (inner === undefined) {
              fallback = true
              inner = exact ? () => false : Schema.is(Schema.make(target))
            }
            cache.set(target, inner)
          }
          return inner!(value)
        }
      }
      default:
        return undefined
    }
  }
  return compile
}

const compileTypeLiteral = (
  ast: SchemaAST.TypeLiteral,
  compile: (ast: SchemaAST.AST) => Guard | undefined,
  exact: boolean
): Guard | undefined => {
  // `Schema.Struct({})` is the type `{}`: anything but null and undefined.
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return exact
      ? (value) =>
          isRecord(value) &&
          Object.keys(value).length === 0 &&
          Object.getOwnPropertySymbols(value).length === 0
      : (value) => value !== null && value !== undefined
  }
  // Side by side arrays, read by index: no tuple to take apart for every field of every item.
  const names: Array<PropertyKey> = []
  const optional: Array<boolean> = []
  const checks: Array<Guard> = []
  for (const signature of ast.propertySignatures) {
    const check = compile(signature.type)
    if (check === undefined) return undefined
    names.push(signature.name)
    optional.push(signature.isOptional)
    checks.push(check)
  }
  const keyChecks: Array<Guard> = []
  const valueChecks: Array<Guard> = []
  for (const signature of ast.indexSignatures) {
    const key = compile(signature.parameter)
    const check = compile(signature.type)
    if (key === undefined || check === undefined) return undefined
    keyChecks.push(key)
    valueChecks.push(check)
  }
  return (value) => {
    if (!isRecord(value)) return false
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!
      if (!Object.hasOwn(value, name)) {
        if (optional[i]) continue
        return false
      }
      if (!checks[i]!(value[name])) return false
    }
    if (keyChecks.length > 0 || exact) {
      for (const key of Object.keys(value)) {
        let known = names.includes(key)
        for (let i = 0; i < keyChecks.length; i++) {
          if (!keyChecks[i]!(key)) continue
          if (!valueChecks[i]!(value[key])) return false
          known = true
        }
        if (exact && !known) return false
      }
      if (exact && Object.getOwnPropertySymbols(value).some((key) => !names.includes(key))) return false
    }
    return true
  }
}
