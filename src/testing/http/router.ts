/**
 * The fake's router: finds the plane and route of a request, records it, and answers it: FastAPI-style
 * 404 and 405, the plane's authentication, else the route's handler.
 */
import { detail, type FakeResponse, type IncomingRequest, json } from "./messages.js"
import type { PlaneName, RecordedRequest } from "./recorded-request.js"
import { matchPath, type Plane, type Route, type RouteSettings } from "./routes.js"

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
