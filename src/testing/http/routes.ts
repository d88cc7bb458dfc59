/**
 * The fake's routes: one per operation of the vendor specs (method, path template and plane from
 * `specOperations`, named after the SDK operation, e.g. "Scans.list"), each validating its request as the
 * spec says before its handler runs, ordered as FastAPI matches them.
 */
import { compileOperation, type RawRequest, type RequestValidator } from "../validation/request-validator.js"
import { SchemaCompiler } from "../validation/schema-compiler.js"
import { type SpecOperation, specComponents, specOperations } from "../vendor-spec.js"
import { type FakeResponse, type IncomingRequest, validationError } from "./messages.js"
import type { PlaneName } from "./recorded-request.js"

/** Settings every route sees. */
export interface RouteSettings {
  readonly validate: boolean
}

/** One route: method and path template (`{name}` segments are parameters) relative to its plane. */
export interface Route {
  /** A stable name for per-route behaviour: the operation name, e.g. "Scans.get", or "token.issue". */
  readonly name: string
  readonly method: string
  readonly path: string
  readonly handle: (request: RawRequest, settings: RouteSettings) => FakeResponse
}

/** A URL prefix that groups routes sharing body parsing and authentication. */
export interface Plane {
  readonly name: PlaneName
  readonly prefix: string
  readonly body: "json" | "form"
  readonly routes: ReadonlyArray<Route>
  /** A response that rejects the request before routing to a handler, e.g. a 401. */
  readonly authenticate?: (request: IncomingRequest) => FakeResponse | undefined
}

/** What an operation's handler receives: values already validated (coerced, defaults filled in). */
export interface OperationRequest {
  /** Path parameters; UUIDs in canonical lower-case form. */
  readonly path: Readonly<Record<string, any>>
  /** Query parameters; integers, booleans and lists coerced, date-times as epoch milliseconds. */
  readonly query: Readonly<Record<string, any>>
  /** The JSON body as validated (unknown keys dropped, defaults filled in); undefined when absent. */
  readonly body: any
  readonly headers: Readonly<Record<string, string>>
  /** Whether requests are validated: checks a handler makes itself should be skipped when not. */
  readonly validate: boolean
  /** The operation's success answer (status from the spec: 200, 201, 204, 207): a JSON body, or none. */
  readonly success: (body?: unknown) => FakeResponse
}

/** Handles one operation. */
export type OperationHandler = (request: OperationRequest) => FakeResponse

/** Handlers keyed by operation name ("Scans.list", …). */
export type OperationHandlers = Readonly<Record<string, OperationHandler>>

/**
 * A route of the fake: its name, plane, method and path template (relative to the plane).
 * @category Testing
 */
export interface RouteInfo {
  readonly name: string
  readonly plane: PlaneName
  readonly method: string
  readonly path: string
}

const compiler = new SchemaCompiler(specComponents)
const validators = new Map<string, RequestValidator>()
/** The validator of an operation, compiled on first use and shared by every fake. */
const validatorOf = (operation: SpecOperation): RequestValidator => {
  let validator = validators.get(operation.name)
  if (validator === undefined) {
    validator = compileOperation(compiler, operation)
    validators.set(operation.name, validator)
  }
  return validator
}

/** The route of an operation: validates the request as the spec says, then calls the handler. */
const operationRoute = (operation: SpecOperation, handler: OperationHandler): Route => {
  const noContent = { status: operation.status }
  const success = (body?: unknown): FakeResponse =>
    body === undefined ? noContent : { status: operation.status, body }
  return {
    name: operation.name,
    method: operation.method,
    path: operation.path,
    handle: (request, settings) => {
      const validated = validatorOf(operation)(request)
      if (settings.validate && validated.issues.length > 0) return validationError(validated.issues)
      return handler({
        path: validated.path,
        query: validated.query,
        body: validated.body,
        headers: request.headers,
        validate: settings.validate,
        success
      })
    }
  }
}

/**
 * Orders routes as FastAPI should match them: a literal segment before a parameter at the first
 * position where two templates differ, so `/v1/scans/label-keys` wins over `/v1/scans/{uuid}`.
 */
const bySpecificity = (a: Route, b: Route): number => {
  const left = segmentsOf(a.path)
  const right = segmentsOf(b.path)
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const l = left[i]!.startsWith("{")
    const r = right[i]!.startsWith("{")
    if (l !== r) return l ? 1 : -1
  }
  return 0
}

/**
 * The routes of a plane: one per operation of the specs on that plane, each with its handler. Throws
 * when an operation has no handler or a handler names no operation (a bug of the fake, not of a request).
 */
export const operationRoutes = (
  plane: "data" | "mgmt",
  handlers: OperationHandlers
): ReadonlyArray<Route> => {
  const operations = specOperations.filter((operation) => operation.plane === plane)
  const missing = operations.filter((operation) => handlers[operation.name] === undefined)
  const unknown = Object.keys(handlers).filter(
    (name) => !operations.some((operation) => operation.name === name)
  )
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `FakeAirs ${plane} plane: no handler for ${missing.map((o) => o.name).join(", ") || "-"}; handlers without an operation: ${unknown.join(", ") || "-"}`
    )
  }
  return operations
    .map((operation) => operationRoute(operation, handlers[operation.name]!))
    .sort(bySpecificity)
}

const decodeSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const patterns = new Map<string, ReadonlyArray<string>>()
const segmentsOf = (pattern: string): ReadonlyArray<string> => {
  let segments = patterns.get(pattern)
  if (segments === undefined) {
    segments = pattern.split("/")
    patterns.set(pattern, segments)
  }
  return segments
}

/** Path parameters when `path` matches the template `pattern` (`{name}` segments), else `undefined`. */
export const matchPath = (
  pattern: string,
  path: string | ReadonlyArray<string>
): Record<string, string> | undefined => {
  const want = segmentsOf(pattern)
  const got = typeof path === "string" ? path.split("/") : path
  if (want.length !== got.length) return undefined
  for (let i = 0; i < want.length; i++) {
    const expected = want[i]!
    if (expected.charCodeAt(0) === 123 /* { */ ? got[i]!.length === 0 : expected !== got[i]) return undefined
  }
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const expected = want[i]!
    if (expected.charCodeAt(0) === 123) params[expected.slice(1, -1)] = decodeSegment(got[i]!)
  }
  return params
}

/** The route names of earlier versions of the fake, and the operation each stands for. */
export const LEGACY_ROUTE_NAMES: Readonly<Record<string, string>> = {
  "scans.list": "Scans.list",
  "scans.create": "Scans.create",
  "scans.get": "Scans.get",
  "evaluations.list": "Scans.getEvaluations",
  "evaluations.get": "Scans.getEvaluation",
  "files.list": "Scans.getFiles",
  "violations.list": "Scans.getViolations",
  "violations.get": "Scans.getViolation",
  "labels.keys": "Scans.getLabelKeys",
  "labels.values": "Scans.getLabelValues",
  "labels.add": "Scans.addLabels",
  "labels.set": "Scans.setLabels",
  "labels.delete": "Scans.deleteLabels",
  "pypi.authenticate": "ModelSecurity.getPyPIAuth",
  "securityRules.list": "SecurityRules.list",
  "securityRules.get": "SecurityRules.get",
  "securityGroups.list": "SecurityGroups.list",
  "securityGroups.create": "SecurityGroups.create",
  "securityGroups.get": "SecurityGroups.get",
  "securityGroups.update": "SecurityGroups.update",
  "securityGroups.delete": "SecurityGroups.delete",
  "ruleInstances.list": "SecurityGroups.listRuleInstances",
  "ruleInstances.get": "SecurityGroups.getRuleInstance",
  "ruleInstances.update": "SecurityGroups.updateRuleInstance"
}
