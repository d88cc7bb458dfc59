/** A small table-driven router: planes of routes, FastAPI-style 404/405, validation and request recording. */

import type { InjectedFault } from "./faults.js"
import {
  type Check,
  type Fields,
  type FieldValues,
  object,
  query as queryCheck,
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
  /** The name of the route the request matched (e.g. "scans.list", "token.issue"); absent for a 404 or 405. */
  readonly route?: string
  /** The faults injected into this request, in the order of the rules that fired (absent when none). */
  readonly faults?: ReadonlyArray<InjectedFault>
  /**
   * Whether the client gave up on the request before it was answered: it aborted the fetch (in process)
   * or closed the connection (over HTTP). Set when that happens, so read it after the fact.
   */
  readonly aborted?: boolean
}

/** What a route handler receives. */
export interface RouteRequest {
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Settings every route sees. */
export interface RouteSettings {
  readonly validate: boolean
}

/** One operation: method and path pattern (`:name` segments are parameters) relative to its plane. */
export interface Route {
  /** A stable name, e.g. "scans.get", for per-route behaviour. */
  readonly name: string
  readonly method: string
  readonly path: string
  readonly handle: (request: RouteRequest, settings: RouteSettings) => FakeResponse
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

/** A FastAPI 422 response. */
export const validationError = (issues: ReadonlyArray<ValidationIssue>): FakeResponse =>
  json(422, { detail: issues })

/** Parses a JSON request body the way FastAPI does: non-JSON content types yield the raw text. */
const readJsonBody = (
  request: RouteRequest
): { readonly input: unknown } | { readonly issue: ValidationIssue } | { readonly missing: true } => {
  if (request.body.length === 0) return { missing: true }
  const contentType = request.headers["content-type"]
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase()
  if (
    mediaType !== undefined &&
    mediaType !== "application/json" &&
    !/^application\/.+\+json$/.test(mediaType)
  ) {
    return { input: request.body }
  }
  try {
    return { input: JSON.parse(request.body) }
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1]
    return {
      issue: {
        type: "json_invalid",
        loc: ["body", position === undefined ? 0 : Number(position)],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" }
      }
    }
  }
}

/** What a validated handler receives. */
export interface ValidatedRequest<P extends Fields, Q extends Fields, B> {
  readonly params: FieldValues<P>
  readonly query: FieldValues<Q>
  readonly body: B
  readonly headers: Readonly<Record<string, string>>
  /** Whether requests are validated: checks a handler makes itself should be skipped when not. */
  readonly validate: boolean
}

/**
 * A route whose path, query and JSON body are validated like FastAPI does: all issues reported
 * together in one 422. With validation off, the handler gets best-effort values instead.
 */
export const route = <P extends Fields = {}, Q extends Fields = {}, B = undefined>(spec: {
  readonly name: string
  readonly method: string
  readonly path: string
  readonly params?: P
  readonly query?: Q
  readonly body?: Check<B>
  readonly handle: (request: ValidatedRequest<P, Q, B>) => FakeResponse
}): Route => ({
  name: spec.name,
  method: spec.method,
  path: spec.path,
  handle: (request, settings) => {
    const params = object(spec.params ?? ({} as P), { missingInput: "null" })(request.params, ["path"])
    const query = queryCheck(spec.query ?? ({} as Q))(request.query, ["query"])
    const issues = [...params.issues, ...query.issues]
    let body = undefined as B
    if (spec.body !== undefined) {
      const read = readJsonBody(request)
      if ("issue" in read) issues.push(read.issue)
      else if ("missing" in read)
        issues.push({ type: "missing", loc: ["body"], msg: "Field required", input: null })
      const checked = spec.body("input" in read ? read.input : {}, ["body"])
      if ("input" in read) issues.push(...checked.issues)
      body = checked.value
    }
    if (settings.validate && issues.length > 0) return validationError(issues)
    return spec.handle({
      params: params.value,
      query: query.value,
      body,
      headers: request.headers,
      validate: settings.validate
    })
  }
})

/** Query parameters of a raw query string, repeated keys collected in order. */
export const parseQuery = (search: string): Record<string, Array<string>> => {
  const result: Record<string, Array<string>> = {}
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

/** Path parameters when `path` matches `pattern`, else `undefined`. */
export const matchPath = (
  pattern: string,
  path: string | ReadonlyArray<string>
): Record<string, string> | undefined => {
  const want = segmentsOf(pattern)
  const got = typeof path === "string" ? path.split("/") : path
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const expected = want[i]!
    const actual = got[i]!
    if (expected.startsWith(":")) {
      if (actual.length === 0) return undefined
      params[expected.slice(1)] = decodeSegment(actual)
    } else if (expected !== actual) {
      return undefined
    }
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
  let pathMatched = false
  for (const candidate of plane.routes) {
    const params = matchPath(candidate.path, segments)
    if (params === undefined) continue
    if (candidate.method !== request.method) {
      pathMatched = true
      continue
    }
    return { plane, rest, query, matched: { route: candidate, params } }
  }
  if (!pathMatched) return { plane, rest, query }
  const allow = plane.routes
    .filter((candidate) => matchPath(candidate.path, segments) !== undefined)
    .map((candidate) => candidate.method)
  return { plane, rest, query, allow: [...new Set(allow)] }
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
