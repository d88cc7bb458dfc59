/**
 * The arguments of every public method, checked for their JavaScript type before any other code of the
 * method reads them. Each method declares what it takes (`Signature`); the service or client is wrapped
 * once (`guardService`, and the Promise client's own wrapper), so that a method's code only ever sees a
 * string where it declared one, and plain data, copied, where it declared an object: no getter, `Proxy`
 * trap, cycle or class instance of the caller's reaches it, the Schemas or the error messages. What does
 * not fit is a `PayloadError` naming the argument (or the field inside it), and nothing is sent.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { PayloadError, type PayloadIssue } from "../errors/index.js"
import { fieldName } from "./issues.js"

/**
 * What one argument is:
 * - `string`: a path value (a UUID, a label key);
 * - `data`: a plain object of JSON data (query parameters, a request body);
 * - `list`: an array of JSON data;
 * - `options`: a plain object of settings whose values may also be a `Duration`, a `bigint`, a
 *   `Redacted`, an `AbortSignal` or bytes (a `Uint8Array` or `Buffer`, copied: a certificate), and, under
 *   the keys its `Argument` names in `functions`, a function (page, poll, call and client options).
 */
export type ArgumentKind = "string" | "data" | "list" | "options"

/** One argument of a public method: its name (the one errors use), its kind, and whether it may be left out. */
export interface Argument {
  readonly name: string
  readonly kind: ArgumentKind
  readonly optional: boolean
  /** Top-level keys of an `options` argument that may hold a function, kept as it is (a `fetch`). */
  readonly functions?: ReadonlyArray<string> | undefined
}

/** A method's arguments, in order, and what the method returns. */
export interface Signature<Returns extends string = string> {
  readonly returns: Returns
  readonly args: ReadonlyArray<Argument>
}

/** A required string argument (a path value), named as the API names it. */
export const string = (name: string): Argument => ({ name, kind: "string", optional: false })
/** Query parameters: an optional plain object. */
export const params: Argument = { name: "params", kind: "data", optional: true }
/** A request body: a required plain object. */
export const body: Argument = { name: "body", kind: "data", optional: false }
/** A required array. */
export const list = (name: string): Argument => ({ name, kind: "list", optional: false })
/** Optional settings (page, poll or call options). */
export const options: Argument = { name: "options", kind: "options", optional: true }

/** The deepest nesting accepted in an argument: far more than any request of the API takes. */
export const MAX_DEPTH = 64

const NOT_DATA = "must be plain data (a string, number, boolean, null, array or plain object)"
const UNREADABLE = "could not be read"

/** Where an issue is: the argument itself, or a field inside it (named as the Schemas name fields). */
const at = (root: string, path: ReadonlyArray<PropertyKey>) =>
  path.length === 0 ? root : fieldName(undefined, path)

const isLeafOption = (value: object): boolean =>
  Duration.isDuration(value) ||
  Redacted.isRedacted(value) ||
  (typeof AbortSignal === "function" && value instanceof AbortSignal)

/** A real `Uint8Array` (a `Buffer` too): `ArrayBuffer.isView` reads an internal slot, which no `Proxy` has. */
const isBytes = (value: object): value is Uint8Array =>
  ArrayBuffer.isView(value) && value instanceof Uint8Array

/**
 * What an argument may hold besides JSON data: nothing (`data`, `list`), or the leaves of options, with
 * the top-level keys that may hold a function.
 */
type Leaves = false | { readonly functions: ReadonlyArray<PropertyKey> }

/**
 * A copy of `value` made of plain data only, or the issues that prevent one. Plain objects (prototype
 * `Object.prototype` or `null`) and arrays are copied, own enumerable properties only; a `Date` is copied
 * as a `Date`; with `leaves`, a `Duration`, a `bigint`, a `Redacted` or an `AbortSignal` is kept as it
 * is, bytes are copied into a new `Uint8Array` (so that the caller cannot change them afterwards), and a
 * function is kept under a top-level key of `leaves.functions`. Anything else (functions elsewhere,
 * symbols, class instances, cycles, values nested deeper than `MAX_DEPTH`) is an issue; so is a property
 * that cannot be read (a getter or a `Proxy` trap that throws).
 */
const copyOf = (
  value: unknown,
  root: string,
  path: Array<PropertyKey>,
  leaves: Leaves,
  ancestors: Set<object>,
  issues: Array<PayloadIssue>
): unknown => {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return value
    case "bigint":
      if (leaves) return value
      issues.push({ field: at(root, path), rule: NOT_DATA })
      return undefined
    case "function":
      if (leaves && path.length === 1 && leaves.functions.includes(path[0]!)) return value
      issues.push({ field: at(root, path), rule: NOT_DATA })
      return undefined
    case "symbol":
      issues.push({ field: at(root, path), rule: NOT_DATA })
      return undefined
  }
  if (value === null) return null
  const object = value as object
  if (ancestors.has(object)) {
    issues.push({ field: at(root, path), rule: "must not contain itself" })
    return undefined
  }
  if (path.length >= MAX_DEPTH) {
    issues.push({ field: at(root, path), rule: `must not be nested more than ${MAX_DEPTH} levels deep` })
    return undefined
  }
  try {
    if (Array.isArray(object)) {
      ancestors.add(object)
      const length = object.length
      const copy = new Array<unknown>(length)
      for (let i = 0; i < length; i++) {
        path.push(i)
        copy[i] = copyOf(object[i], root, path, leaves, ancestors, issues)
        path.pop()
      }
      ancestors.delete(object)
      return copy
    }
    const prototype = Object.getPrototypeOf(object)
    if (prototype === Object.prototype || prototype === null) {
      ancestors.add(object)
      const copy: Record<PropertyKey, unknown> = {}
      for (const key of Reflect.ownKeys(object)) {
        if (!Object.prototype.propertyIsEnumerable.call(object, key)) continue
        path.push(key)
        const item = copyOf(
          (object as Record<PropertyKey, unknown>)[key],
          root,
          path,
          leaves,
          ancestors,
          issues
        )
        path.pop()
        if (key === "__proto__")
          Object.defineProperty(copy, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true
          })
        else copy[key] = item
      }
      ancestors.delete(object)
      return copy
    }
    if (object instanceof Date) return new Date(Date.prototype.getTime.call(object))
    if (leaves && isLeafOption(object)) return object
    // A typed array made from a real one copies its bytes through internal slots, calling no code of the caller's.
    if (leaves && isBytes(object)) return new Uint8Array(object)
  } catch {
    ancestors.delete(object)
    issues.push({ field: at(root, path), rule: UNREADABLE })
    return undefined
  }
  issues.push({ field: at(root, path), rule: NOT_DATA })
  return undefined
}

const isPlainCopy = (copy: unknown): boolean =>
  typeof copy === "object" && copy !== null && Object.getPrototypeOf(copy) === Object.prototype

/** What is wrong with the type of a top-level value for `argument`, if anything (reads nothing of it). */
const typeProblem = (argument: Argument, value: unknown): string | undefined => {
  if (value === undefined) return argument.optional ? undefined : "is missing"
  switch (argument.kind) {
    case "string":
      return typeof value === "string" ? undefined : "must be a string"
    case "list":
      return typeof value === "object" && value !== null ? undefined : "must be an array"
    default:
      return typeof value === "object" && value !== null ? undefined : "must be an object"
  }
}

/**
 * The arguments of a call, checked against the method's signature: strings as they are, objects copied
 * as plain data. Arguments beyond the signature are dropped. Every broken rule is reported.
 */
export const checkArguments = (
  signature: Signature,
  given: ArrayLike<unknown>
): Either.Either<Array<unknown>, PayloadError> => {
  const args = signature.args
  const checked = new Array<unknown>(args.length)
  const issues: Array<PayloadIssue> = []
  for (let i = 0; i < args.length; i++) {
    const argument = args[i]!
    const value = given[i]
    const problem = typeProblem(argument, value)
    if (problem !== undefined) {
      issues.push({ field: argument.name, rule: problem })
      continue
    }
    if (typeof value !== "object" || value === null) {
      checked[i] = value
      continue
    }
    const before = issues.length
    const leaves: Leaves = argument.kind === "options" && { functions: argument.functions ?? [] }
    const copy = copyOf(value, argument.name, [], leaves, new Set(), issues)
    if (issues.length > before) continue
    // The copy is the SDK's own object: its shape can be read safely.
    if (argument.kind === "list" ? Array.isArray(copy) : isPlainCopy(copy)) checked[i] = copy
    else
      issues.push({
        field: argument.name,
        rule: argument.kind === "list" ? "must be an array" : "must be a plain object"
      })
  }
  return issues.length === 0 ? Either.right(checked) : Either.left(PayloadError.of(issues))
}

/** A method of a service: it returns an `Effect` or a `Stream`. */
export type ServiceSignature = Signature<"effect" | "stream">

/** A signature with one `Argument` per parameter of `F`, optional ones included. */
export type ArgumentsOf<F> = F extends (...args: infer P) => any
  ? { readonly [I in keyof P]-?: Argument }
  : never

/** The signature of every method of the service `S`. */
export type ServiceSignatures<S> = {
  readonly [K in keyof S]: S[K] extends (...args: ReadonlyArray<any>) => Effect.Effect<any, any, any>
    ? { readonly returns: "effect"; readonly args: ArgumentsOf<S[K]> }
    : S[K] extends (...args: ReadonlyArray<any>) => Stream.Stream<any, any, any>
      ? { readonly returns: "stream"; readonly args: ArgumentsOf<S[K]> }
      : never
}

/** A method returning an `Effect`, taking `args`. */
export const effect = <const A extends ReadonlyArray<Argument>>(...args: A) => ({
  returns: "effect" as const,
  args
})
/** A method returning a `Stream`, taking `args`. */
export const stream = <const A extends ReadonlyArray<Argument>>(...args: A) => ({
  returns: "stream" as const,
  args
})

/** A method as a wrapper sees it. */
type AnyMethod = (...args: Array<unknown>) => unknown

/** `target` with each method that `signatures` names replaced by `guard(signature, method)`. */
export const guardMethods = <T extends object, S extends Signature>(
  signatures: object,
  target: T,
  guard: (signature: S, method: AnyMethod) => AnyMethod
): T => {
  const guarded: Record<string, unknown> = { ...(target as Record<string, unknown>) }
  for (const [name, signature] of Object.entries(signatures as Record<string, S>)) {
    guarded[name] = guard(signature, (target as Record<string, AnyMethod>)[name]!)
  }
  return guarded as T
}

/**
 * `service` with every method behind its signature: arguments that do not fit fail the `Effect` (or the
 * `Stream`) with a `PayloadError`, and the method's own code never runs for them.
 */
export const guardService = <S extends object>(signatures: ServiceSignatures<S>, service: S): S =>
  guardMethods<S, ServiceSignature>(signatures, service, (signature, method) => (...given) => {
    const checked = checkArguments(signature, given)
    if (Either.isLeft(checked)) {
      return signature.returns === "stream" ? Stream.fail(checked.left) : Effect.fail(checked.left)
    }
    try {
      return method(...checked.right)
    } catch (defect) {
      return signature.returns === "stream" ? Stream.die(defect) : Effect.die(defect)
    }
  })
