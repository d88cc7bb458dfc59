/**
 * Fault injection for the fake AIRS: rules that pick requests (by plane, route, method and a schedule)
 * and make them slow, fail, reset, hang, revoke the tokens or come back with a malformed body.
 * Deterministic: each rule draws from its own seeded PRNG.
 */
import { mix, mulberry32, type Rng, rngFor } from "./random.js"
import type { FakeResponse, PlaneName, RecordedRequest } from "./router.js"

/**
 * A body that breaks the API contract in one way. Except for `html502`, these are made from the answer
 * the fake would have given, after it handled the request (so a POST takes effect):
 *
 * - `html502`: a proxy's `502 Bad Gateway` HTML page; the request never reaches the API.
 * - `textPlain`: `200`, `content-type: text/plain`, body `OK`.
 * - `truncatedJson`: the first half of the JSON body, with a matching `content-length`.
 * - `arrayInsteadOfObject`: the body wrapped in a one-element array.
 * - `missingField`: the body without `field` (default: the `uuid` of the first list item, else the
 *   object's `uuid`, else its first field other than `pagination`).
 * - `wrongType`: `field` with a value of another JSON type (a string becomes a number, anything else a string).
 * - `nullList`: the list property of a page (`scans`, `security_groups`, …; or `field`) set to `null`.
 * - `emptyBody`: `200` with an empty body.
 * - `noContent`: `204` without a body, whatever the method.
 * - `hugeBody`: the answer padded to about `bytes` (default 5 MiB) with an extra string field on each
 *   list item (or on the object): still valid.
 * - `unknownEnum`: enum fields (`eval_outcome`, `source_type`, `state`, …) set to a value the API does
 *   not have yet, and an extra field added to the object and to each list item: still valid for a
 *   tolerant client.
 */
export type MalformedBody =
  | "html502"
  | "textPlain"
  | "truncatedJson"
  | "arrayInsteadOfObject"
  | "missingField"
  | "wrongType"
  | "nullList"
  | "emptyBody"
  | "noContent"
  | "hugeBody"
  | "unknownEnum"

/** What an injected fault does to a request. */
export type Fault =
  /** Answers normally, `ms` milliseconds late. Latencies of several rules add up. */
  | { readonly kind: "latency"; readonly ms: number }
  /**
   * Answers `status` without handling the request (the API did not act on it). `retryAfter` sets the
   * `Retry-After` header (seconds, or an HTTP date as a string). The body defaults to the FastAPI
   * `{"detail": "<reason>"}` as JSON; `body` and `contentType` replace it.
   */
  | {
      readonly kind: "status"
      readonly status: number
      readonly retryAfter?: number | string
      readonly body?: string
      readonly contentType?: string
    }
  /**
   * Drops the connection without an answer: over HTTP the socket is reset (RST); in process the
   * handler's promise rejects with a `TypeError("fetch failed")` whose cause has `code: "ECONNRESET"`,
   * as `fetch` does.
   */
  | { readonly kind: "reset" }
  /**
   * Never answers. The request stays open until the client aborts it (recorded as `aborted`), or the
   * server closes.
   */
  | { readonly kind: "hang" }
  /**
   * Revokes every token issued so far, then handles the request (which therefore gets `401`). The API
   * cannot tell an expired token from a revoked one: both are a `401`, so this also stands for expiry.
   */
  | { readonly kind: "revokeTokens" }
  /** Answers with a malformed body; see `MalformedBody`. */
  | {
      readonly kind: "malformed"
      readonly body: MalformedBody
      /** The dotted path of the field `missingField`, `wrongType` and `nullList` change, e.g. `scans.0.uuid`. */
      readonly field?: string
      /** The size `hugeBody` aims for, in bytes (default 5 MiB). */
      readonly bytes?: number
    }

/** Short constructors of `Fault`s. */
export const Fault = {
  /** Answers normally, `ms` milliseconds late. */
  latency: (ms: number): Fault => ({ kind: "latency", ms }),
  /** Answers `status` (e.g. 500, 502, 503, 504, 429) without handling the request. */
  status: (
    status: number,
    options: {
      readonly retryAfter?: number | string
      readonly body?: string
      readonly contentType?: string
    } = {}
  ): Fault => ({ kind: "status", status, ...options }),
  /** Drops the connection (socket reset; in process, a rejected `fetch`). */
  reset: { kind: "reset" } as Fault,
  /** Never answers until the client aborts. */
  hang: { kind: "hang" } as Fault,
  /** Revokes every token issued so far, then handles the request (a `401`). */
  revokeTokens: { kind: "revokeTokens" } as Fault,
  /** Answers with a malformed body. */
  malformed: (
    body: MalformedBody,
    options: { readonly field?: string; readonly bytes?: number } = {}
  ): Fault => ({ kind: "malformed", body, ...options })
} as const

/**
 * Which requests a rule affects, and what it does to them.
 *
 * A rule *matches* a request when the request is on one of its `plane`s, `route`s and `method`s (each
 * optional; an absent selector matches everything). It counts the requests it matches from 1 and
 * *fires* on the n-th one when every schedule field given allows it:
 * `first` (n ≤ first), `after` (n > after), `every` (n is a multiple of every), `at` (n is listed),
 * `times` (it fired fewer than `times` times so far) and `rate` (a draw from the rule's PRNG is below it).
 *
 * When `fault` is a list, each firing picks one of them uniformly, from the same PRNG.
 *
 * Rules are consulted in order. Latencies add up and token revocations apply from every rule that
 * fires; of the faults that replace the answer (status, reset, hang, malformed), the first one wins and
 * later rules that would replace it are not consulted for that request (their counters still advance).
 *
 * @example
 * // 20% of data-plane requests fail, 500/503 or a reset, reproducibly.
 * { plane: "data", rate: 0.2, seed: 7, fault: [Fault.status(500), Fault.status(503, { retryAfter: 0 }), Fault.reset] }
 * @example
 * // Revoke the tokens at the 40th and 80th data-plane request.
 * { plane: "data", at: [40, 80], fault: Fault.revokeTokens }
 * @example
 * // The first two token requests are refused with 503.
 * { route: "token.issue", first: 2, fault: Fault.status(503, { retryAfter: 0 }) }
 * @example
 * // Every third page of scans is slow.
 * { route: "Scans.list", every: 3, fault: Fault.latency(500) }
 */
export interface FaultRule {
  /** A name for the fault log (default `rule-<n>`, n counting the rules added to the fake from 1). */
  readonly name?: string
  /** The planes the rule applies to: "token", "data", "mgmt". */
  readonly plane?: PlaneName | ReadonlyArray<PlaneName>
  /**
   * Route names: the SDK's operation names, e.g. "Scans.list", "Scans.get", "SecurityGroups.list",
   * "CustomRules.assignSecurityGroups", and "token.issue" (see `FakeAirs.routes`). A name that is no
   * route is refused. The names of earlier versions ("scans.list", "ruleInstances.update", …) are
   * still accepted, as aliases.
   */
  readonly route?: string | ReadonlyArray<string>
  /** HTTP methods, upper case. */
  readonly method?: string | ReadonlyArray<string>
  /**
   * Any other condition on the request, as `fake.requests` records it (path, query, headers, body).
   * @example { route: "Scans.list", when: (r) => Number(r.query.skip?.[0]) >= 200, fault: Fault.hang }
   */
  readonly when?: (request: RecordedRequest) => boolean
  /** What to do; a list picks one per firing. */
  readonly fault: Fault | ReadonlyArray<Fault>
  /** Probability (0–1) that an otherwise eligible request is faulted (default 1). */
  readonly rate?: number
  /** Only the first `first` matching requests. */
  readonly first?: number
  /** Only matching requests after the first `after`. */
  readonly after?: number
  /** Only every `every`-th matching request. */
  readonly every?: number
  /** Only these matching requests (1-based). */
  readonly at?: ReadonlyArray<number>
  /** At most this many faults from this rule. */
  readonly times?: number
  /** Seed of the rule's PRNG (default: derived from the fake's `seed` and the rule's number). */
  readonly seed?: number
  /**
   * What the `rate` draw and the pick from a list of faults depend on:
   * - "arrival" (default): the rule's PRNG, in the order requests arrive;
   * - "request": the seed, the method and URL (path and query) of the request and how many times the
   *   rule saw that method and URL before. Concurrent clients then meet the same faults on every run,
   *   whatever order their requests arrive in: the k-th attempt at a page fails or not, reproducibly.
   *
   * The schedule (`first`, `after`, `every`, `at`, `times`) always counts requests in arrival order.
   */
  readonly draw?: "arrival" | "request"
}

/** A rule in effect, with its counters. */
export interface FaultRuleHandle {
  /** The rule's name, as the fault log shows it. */
  readonly name: string
  readonly rule: FaultRule
  /** Requests the rule matched so far. */
  readonly matched: number
  /** Faults the rule injected so far. */
  readonly fired: number
  /** Stops the rule; requests already faulted keep their record. */
  remove(): void
}

/** One fault injected into a request, as recorded on it. */
export interface InjectedFault {
  /** The name of the rule that fired. */
  readonly rule: string
  readonly fault: Fault
}

/** What the fault plan decided for one request. */
export interface FaultDecision {
  /** Milliseconds to wait before answering. */
  readonly latencyMs: number
  /** Whether to revoke every token before handling the request. */
  readonly revokeTokens: boolean
  /** The fault that replaces the answer, if any. */
  readonly answer: Fault | undefined
  readonly injected: ReadonlyArray<InjectedFault>
}

/** The request a rule is matched against. */
export interface FaultTarget {
  readonly plane: PlaneName
  readonly route: string | undefined
  readonly method: string
  /** Path and query as sent. */
  readonly url: string
  /** The request as recorded. */
  readonly request: RecordedRequest
}

const MALFORMED_BODIES: ReadonlyArray<MalformedBody> = [
  "html502",
  "textPlain",
  "truncatedJson",
  "arrayInsteadOfObject",
  "missingField",
  "wrongType",
  "nullList",
  "emptyBody",
  "noContent",
  "hugeBody",
  "unknownEnum"
]

const asList = <A>(value: A | ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as ReadonlyArray<A>) : [value as A]

const isCount = (value: number | undefined, min: number) =>
  value === undefined || (Number.isSafeInteger(value) && value >= min)

const checkFault = (fault: Fault, where: string): void => {
  const fail = (message: string) => {
    throw new RangeError(`FakeAirs fault rule ${where}: ${message}`)
  }
  switch (fault.kind) {
    case "latency":
      if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) fail(`latency must be ≥ 0 ms, got ${fault.ms}`)
      return
    case "status":
      if (!(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599))
        fail(`status must be an HTTP status, got ${fault.status}`)
      return
    case "malformed":
      if (!MALFORMED_BODIES.includes(fault.body)) fail(`unknown malformed body ${String(fault.body)}`)
      if (fault.bytes !== undefined && !(Number.isSafeInteger(fault.bytes) && fault.bytes > 0))
        fail(`bytes must be a positive integer, got ${fault.bytes}`)
      return
    case "reset":
    case "hang":
    case "revokeTokens":
      return
    default:
      fail(`unknown fault ${JSON.stringify(fault)}`)
  }
}

const checkRule = (rule: FaultRule, name: string): void => {
  const fail = (message: string) => {
    throw new RangeError(`FakeAirs fault rule ${name}: ${message}`)
  }
  const faults = asList(rule.fault) ?? []
  if (faults.length === 0) fail("needs at least one fault")
  for (const fault of faults) checkFault(fault, name)
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
    fail(`rate must be 0–1, got ${rule.rate}`)
  if (!isCount(rule.first, 0)) fail(`first must be an integer ≥ 0, got ${rule.first}`)
  if (!isCount(rule.after, 0)) fail(`after must be an integer ≥ 0, got ${rule.after}`)
  if (!isCount(rule.every, 1)) fail(`every must be an integer ≥ 1, got ${rule.every}`)
  if (!isCount(rule.times, 0)) fail(`times must be an integer ≥ 0, got ${rule.times}`)
  if (rule.at !== undefined && !rule.at.every((n) => isCount(n, 1))) fail("at must list integers ≥ 1")
  if (rule.seed !== undefined && !Number.isFinite(rule.seed)) fail(`seed must be a number, got ${rule.seed}`)
  if (rule.when !== undefined && typeof rule.when !== "function") fail("when must be a function")
  if (rule.draw !== undefined && rule.draw !== "arrival" && rule.draw !== "request")
    fail(`draw must be "arrival" or "request", got ${String(rule.draw)}`)
}

/** A 32-bit FNV-1a hash of a string. */
const hashString = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

const replacesAnswer = (fault: Fault) => fault.kind !== "latency" && fault.kind !== "revokeTokens"

/** One rule in effect: its selectors, schedule, PRNG and counters. */
class RulePlan implements FaultRuleHandle {
  matched = 0
  fired = 0
  private readonly planes: ReadonlyArray<string> | undefined
  private readonly routes: ReadonlyArray<string> | undefined
  private readonly methods: ReadonlyArray<string> | undefined
  private readonly faults: ReadonlyArray<Fault>
  private readonly at: ReadonlySet<number> | undefined
  /** Sightings per method and URL, for `draw: "request"`. */
  private readonly seen = new Map<string, number>()

  constructor(
    readonly rule: FaultRule,
    readonly name: string,
    private readonly rng: Rng,
    private readonly seed: number,
    readonly remove: () => void,
    routes: ReadonlyArray<string> | undefined
  ) {
    this.planes = asList(rule.plane)
    this.routes = routes
    this.methods = asList(rule.method)?.map((method) => method.toUpperCase())
    this.faults = asList(rule.fault) ?? []
    this.at = rule.at === undefined ? undefined : new Set(rule.at)
  }

  selects(target: FaultTarget): boolean {
    return (
      (this.planes === undefined || this.planes.includes(target.plane)) &&
      (this.routes === undefined || (target.route !== undefined && this.routes.includes(target.route))) &&
      (this.methods === undefined || this.methods.includes(target.method.toUpperCase())) &&
      (this.rule.when === undefined || this.rule.when(target.request))
    )
  }

  /** Counts a matching request and returns the fault when the rule fires on it. */
  consult(target: FaultTarget, answered: boolean): Fault | undefined {
    const n = ++this.matched
    const { rule } = this
    let rng = this.rng
    if (rule.draw === "request") {
      const key = `${target.method} ${target.url}`
      const sighting = (this.seen.get(key) ?? 0) + 1
      this.seen.set(key, sighting)
      rng = rngFor(this.seed, hashString(key), sighting)
    }
    if (rule.first !== undefined && n > rule.first) return undefined
    if (rule.after !== undefined && n <= rule.after) return undefined
    if (rule.every !== undefined && n % rule.every !== 0) return undefined
    if (this.at !== undefined && !this.at.has(n)) return undefined
    if (rule.times !== undefined && this.fired >= rule.times) return undefined
    if (answered && this.faults.every(replacesAnswer)) return undefined
    if (rule.rate !== undefined && rng() >= rule.rate) return undefined
    const fault =
      this.faults.length === 1 ? this.faults[0]! : this.faults[Math.floor(rng() * this.faults.length)]!
    if (answered && replacesAnswer(fault)) return undefined
    this.fired++
    return fault
  }
}

/** The rules of one fake, consulted for every request. */
export class FaultPlan {
  private plans: Array<RulePlan> = []
  private added = 0

  /**
   * @param resolveRoute the route a name in a rule stands for (an alias gives the current name),
   *   `undefined` when it is no route.
   */
  constructor(
    private readonly seed: number,
    private readonly resolveRoute: (name: string) => string | undefined = (name) => name
  ) {}

  /** Whether any rule is in effect (the fast path skips everything when not). */
  get active(): boolean {
    return this.plans.length > 0
  }

  /** The rules in effect, oldest first. */
  get rules(): ReadonlyArray<FaultRuleHandle> {
    return [...this.plans]
  }

  /** Adds a rule; throws a `RangeError` when it is malformed. */
  add(rule: FaultRule): FaultRuleHandle {
    const number = ++this.added
    const name = rule.name ?? `rule-${number}`
    checkRule(rule, name)
    const routes = asList(rule.route)?.map((route) => {
      const resolved = this.resolveRoute(route)
      if (resolved === undefined)
        throw new RangeError(`FakeAirs fault rule ${name}: unknown route ${JSON.stringify(route)}`)
      return resolved
    })
    const seed = rule.seed === undefined ? mix(mix(this.seed, 0x0fa17), number) : mix(0x0fa17, rule.seed)
    const plan: RulePlan = new RulePlan(
      rule,
      name,
      mulberry32(seed),
      seed,
      () => {
        this.plans = this.plans.filter((other) => other !== plan)
      },
      routes
    )
    this.plans = [...this.plans, plan]
    return plan
  }

  /** Removes every rule. */
  clear(): void {
    this.plans = []
  }

  /** What to do with a request; `undefined` when no rule fires. */
  decide(target: FaultTarget): FaultDecision | undefined {
    let latencyMs = 0
    let revokeTokens = false
    let answer: Fault | undefined
    const injected: Array<InjectedFault> = []
    for (const plan of this.plans) {
      if (!plan.selects(target)) continue
      const fault = plan.consult(target, answer !== undefined)
      if (fault === undefined) continue
      injected.push({ rule: plan.name, fault })
      if (fault.kind === "latency") latencyMs += fault.ms
      else if (fault.kind === "revokeTokens") revokeTokens = true
      else answer = fault
    }
    return injected.length === 0 ? undefined : { latencyMs, revokeTokens, answer, injected }
  }
}

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
