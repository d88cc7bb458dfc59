/**
 * The fake's router: one route per operation of the vendor specs (method, path template and plane from
 * `specOperations`, named after the SDK operation, e.g. "Scans.list"), FastAPI-style 404/405, request
 * validation interpreted from the spec, and request recording.
 */
import type { InjectedFault } from "./faults.js"
import { type SpecOperation, specComponents, specOperations } from "./generated.js"
import {
  compileOperation,
  type RawRequest,
  type RequestValidator,
  SchemaCompiler,
  type ValidationIssue
} from "./validation.js"

/** A request as the fake sees it, independent of the HTTP server carrying it. */
export interface IncomingRequest {
  readonly method: string
  /** Path and query, as sent (still percent-encoded). */
  readonly url: string
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A response before it is turned into HTTP: a JSON body, or no body when `body` is `undefined`. */
export interface FakeResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A JSON response. */
export const json = (
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>
): FakeResponse => (headers === undefined ? { status, body } : { status, body, headers })

/** A FastAPI-style error response `{ "detail": message }`. */
export const detail = (status: number, message: string): FakeResponse => json(status, { detail: message })

/** A page answer: `{ pagination: { total_items }, [property]: items }`. */
export const page = <A>(property: string, result: { total: number; items: ReadonlyArray<A> }): FakeResponse =>
  json(200, { pagination: { total_items: result.total }, [property]: result.items })

/** A FastAPI 422 response. */
export const validationError = (issues: ReadonlyArray<ValidationIssue>): FakeResponse =>
  json(422, { detail: issues })

/** The API-plane a request belongs to. */
export type PlaneName = "token" | "data" | "mgmt"

/** A request as recorded by the fake. */
export interface RecordedRequest {
  readonly plane: PlaneName
  readonly method: string
  /** The path after the plane prefix, e.g. "/v1/scans/<uuid>" (raw, still percent-encoded). */
  readonly path: string
  /** Query parameters; repeated keys collected in order. */
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  /** Headers, with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  /** Parsed JSON (the raw text when it is not JSON), the form fields for the token endpoint, or undefined. */
  readonly body: unknown
  /**
   * The name of the route the request matched: the SDK's operation name (e.g. "Scans.list",
   * "SecurityGroups.listRuleInstances"), or "token.issue" for the token endpoint; absent for a 404 or 405.
   */
  readonly route?: string
  /** The faults injected into this request, in the order of the rules that fired (absent when none). */
  readonly faults?: ReadonlyArray<InjectedFault>
  /**
   * Whether the client gave up on the request before it was answered: it aborted the fetch (in process)
   * or closed the connection (over HTTP). Set when that happens, so read it after the fact.
   */
  readonly aborted?: boolean
}

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

/** A route of the fake: its name, plane, method and path template (relative to the plane). */
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

/** Query parameters of a raw query string, repeated keys collected in order. */
export const parseQuery = (search: string): Record<string, Array<string>> => {
  const result: Record<string, Array<string>> = {}
  if (search.length === 0) return result
  for (const [key, value] of new URLSearchParams(search)) {
    const list = result[key]
    if (list === undefined) result[key] = [value]
    else list.push(value)
  }
  return result
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

const parseForm = (body: string): Record<string, string> => Object.fromEntries(new URLSearchParams(body))

const parseJson = (body: string): unknown => {
  if (body.length === 0) return undefined
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

/** The plane of a path and the path after its prefix. */
export const findPlane = (
  planes: ReadonlyArray<Plane>,
  path: string
): { readonly plane: Plane; readonly rest: string } | undefined => {
  for (const plane of planes) {
    if (path === plane.prefix || path.startsWith(`${plane.prefix}/`)) {
      return { plane, rest: path.slice(plane.prefix.length) || "/" }
    }
  }
  return undefined
}

/** The outcome of routing one request: the response, and the plane and route that produced it. */
export interface Dispatched {
  readonly response: FakeResponse
  readonly plane?: PlaneName
  readonly route?: string
}

/** Where a request goes: its plane, the path after the plane's prefix, its query and the route it matches. */
export interface Located {
  readonly plane: Plane
  /** The path after the plane prefix, still percent-encoded. */
  readonly rest: string
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  /** The route of this method and path, and its path parameters. */
  readonly matched?: { readonly route: Route; readonly params: Readonly<Record<string, string>> }
  /** Methods of the routes with this path, when none has the request's method (a 405). */
  readonly allow?: ReadonlyArray<string>
}

/** Finds the plane and route of a request without running anything; `undefined` outside every plane. */
export const locate = (planes: ReadonlyArray<Plane>, request: IncomingRequest): Located | undefined => {
  const mark = request.url.indexOf("?")
  const path = mark < 0 ? request.url : request.url.slice(0, mark)
  const found = findPlane(planes, path)
  if (found === undefined) return undefined
  const { plane, rest } = found
  const query = parseQuery(mark < 0 ? "" : request.url.slice(mark + 1))
  const segments = rest.split("/")
  let allow: Array<string> | undefined
  for (const candidate of plane.routes) {
    const params = matchPath(candidate.path, segments)
    if (params === undefined) continue
    if (candidate.method !== request.method) {
      if (allow === undefined) allow = [candidate.method]
      else if (!allow.includes(candidate.method)) allow.push(candidate.method)
      continue
    }
    return { plane, rest, query, matched: { route: candidate, params } }
  }
  return allow === undefined ? { plane, rest, query } : { plane, rest, query, allow }
}

/** The record of a located request, as `FakeAirs.requests` lists it. */
export const recordOf = (located: Located, request: IncomingRequest): RecordedRequest => ({
  plane: located.plane.name,
  method: request.method,
  path: located.rest,
  query: located.query,
  headers: request.headers,
  body: located.plane.body === "form" ? parseForm(request.body) : parseJson(request.body),
  ...(located.matched === undefined ? {} : { route: located.matched.route.name })
})

/**
 * Answers a located request: 404 `{"detail":"Not Found"}` outside any route, 405 when only the method
 * differs (as Starlette does), the plane's authentication failure, else the route's handler.
 */
export const respond = (
  located: Located | undefined,
  request: IncomingRequest,
  settings: RouteSettings
): Dispatched => {
  if (located === undefined) return { response: detail(404, "Not Found") }
  const { plane, matched } = located
  if (matched !== undefined) {
    const rejected = plane.authenticate?.(request)
    if (rejected !== undefined) return { response: rejected, plane: plane.name, route: matched.route.name }
    return {
      response: matched.route.handle(
        { params: matched.params, query: located.query, headers: request.headers, body: request.body },
        settings
      ),
      plane: plane.name,
      route: matched.route.name
    }
  }
  if (located.allow !== undefined) {
    return {
      response: json(405, { detail: "Method Not Allowed" }, { allow: located.allow.join(", ") }),
      plane: plane.name
    }
  }
  return { response: detail(404, "Not Found"), plane: plane.name }
}

/** Routes a request: records it (when it belongs to a plane), then answers it as `respond` does. */
export const dispatch = (
  planes: ReadonlyArray<Plane>,
  request: IncomingRequest,
  settings: RouteSettings,
  record: (recorded: RecordedRequest) => void
): Dispatched => {
  const located = locate(planes, request)
  if (located !== undefined) record(recordOf(located, request))
  return respond(located, request, settings)
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
