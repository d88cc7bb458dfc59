/** The answers faults replace the fake's with: a status, a malformed body, or a reset connection. */
import type { FakeResponse } from "../http/messages.js"
import type { Fault } from "./fault.js"

/** An answer as bytes on the wire: a status, headers and a text body (none when `undefined`). */
export interface RawAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly contentType?: string
  readonly text?: string
}

const REASONS: Readonly<Record<number, string>> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** The answer of a `status` fault. */
export const statusAnswer = (fault: Extract<Fault, { kind: "status" }>): RawAnswer => ({
  status: fault.status,
  headers: fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) },
  contentType: fault.contentType ?? "application/json",
  text: fault.body ?? JSON.stringify({ detail: REASONS[fault.status] ?? `HTTP ${fault.status}` })
})

/** The HTML page a proxy in front of the API answers when the API is down. */
export const GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

const ENUM_FIELDS = [
  "eval_outcome",
  "latest_version_outcome",
  "last_eval_outcome",
  "error_code",
  "rule_origin",
  "rule_state",
  "source_type",
  "scan_origin",
  "state",
  "result",
  "rule_type",
  "default_state",
  "rule_instance_state",
  "display_type",
  "type"
]
const UNKNOWN_VALUE = "VALUE_FROM_THE_FUTURE"
const EXTRA_FIELD = "x_added_later"
const PADDING_FIELD = "x_padding"
const DEFAULT_HUGE_BYTES = 5 * 1024 * 1024

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The first property of an object whose value is an array (the items of a page). */
const listKey = (body: { [key: string]: Json }): string | undefined =>
  Object.keys(body).find((key) => Array.isArray(body[key]))

/** The field `missingField` and `wrongType` change by default. */
const defaultField = (body: Json): ReadonlyArray<string> | undefined => {
  if (!isObject(body)) return undefined
  const key = listKey(body)
  const first = key === undefined ? undefined : (body[key] as Array<Json>)[0]
  if (key !== undefined && isObject(first)) {
    const inner = "uuid" in first ? "uuid" : Object.keys(first)[0]
    return inner === undefined ? [key] : [key, "0", inner]
  }
  if ("uuid" in body) return ["uuid"]
  const firstKey = Object.keys(body).find((candidate) => candidate !== "pagination") ?? Object.keys(body)[0]
  return firstKey === undefined ? undefined : [firstKey]
}

/** Changes the value at `path` of `root` in place (`undefined` deletes it). */
const update = (
  root: Json,
  path: ReadonlyArray<string>,
  change: (value: Json | undefined) => Json | undefined
) => {
  let current: Json | undefined = root
  for (const key of path.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(key)] : isObject(current) ? current[key] : undefined
  }
  const last = path[path.length - 1]
  if (last === undefined || typeof current !== "object" || current === null) return
  const container = current as Record<string, Json | undefined>
  const next = change(container[last])
  if (next === undefined) delete container[last]
  else container[last] = next
}

const otherType = (value: Json | undefined): Json =>
  typeof value === "string" ? 42 : value === undefined || value === null ? 42 : String(JSON.stringify(value))

const items = (body: Json): ReadonlyArray<{ [key: string]: Json }> => {
  if (!isObject(body)) return []
  const key = listKey(body)
  const list = key === undefined ? [] : (body[key] as Array<Json>)
  const objects = list.filter(isObject)
  return objects.length > 0 ? objects : [body]
}

const jsonAnswer = (status: number, headers: Readonly<Record<string, string>>, body: Json): RawAnswer => ({
  status,
  headers,
  contentType: "application/json",
  text: JSON.stringify(body)
})

/** The answer of a `malformed` fault, made from the answer the fake would have given. */
export const malformedAnswer = (
  fault: Extract<Fault, { kind: "malformed" }>,
  response: FakeResponse
): RawAnswer => {
  const headers = response.headers ?? {}
  // A deep copy: the fake's records must not change.
  const body: Json = response.body === undefined ? null : JSON.parse(JSON.stringify(response.body))
  const field = fault.field?.split(".") ?? defaultField(body)
  switch (fault.body) {
    case "html502":
      return { status: 502, headers: {}, contentType: "text/html", text: GATEWAY_PAGE }
    case "textPlain":
      return { status: 200, headers: {}, contentType: "text/plain", text: "OK" }
    case "truncatedJson": {
      const text = JSON.stringify(body)
      return {
        status: response.status,
        headers,
        contentType: "application/json",
        text: text.slice(0, Math.max(1, Math.floor(text.length / 2)))
      }
    }
    case "arrayInsteadOfObject":
      return jsonAnswer(response.status, headers, [body])
    case "missingField":
      if (field !== undefined) update(body, field, () => undefined)
      return jsonAnswer(response.status, headers, body)
    case "wrongType":
      if (field !== undefined) update(body, field, otherType)
      return jsonAnswer(response.status, headers, body)
    case "nullList": {
      const path = fault.field?.split(".") ?? (isObject(body) ? [listKey(body) ?? "items"] : [])
      update(body, path, () => null)
      return jsonAnswer(response.status, headers, body)
    }
    case "emptyBody":
      return { status: 200, headers: {}, contentType: "application/json", text: "" }
    case "noContent":
      return { status: 204, headers: {} }
    case "hugeBody": {
      const target = fault.bytes ?? DEFAULT_HUGE_BYTES
      const padded = items(body)
      const each = Math.max(0, Math.ceil((target - JSON.stringify(body).length) / Math.max(1, padded.length)))
      for (const item of padded) item[PADDING_FIELD] = "x".repeat(each)
      return jsonAnswer(response.status, headers, body)
    }
    case "unknownEnum": {
      for (const item of items(body)) {
        for (const key of ENUM_FIELDS) if (typeof item[key] === "string") item[key] = UNKNOWN_VALUE
        item[EXTRA_FIELD] = { added: "later" }
      }
      if (isObject(body)) body[EXTRA_FIELD] = { added: "later" }
      return jsonAnswer(response.status, headers, body)
    }
  }
}

/** The error `fetch` rejects with when the server resets the connection. */
export const connectionResetError = (): TypeError =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" })
  })
