/** Fault rules: which requests a rule picks (plane, route, method, a condition) and on what schedule it fires. */
import type { PlaneName, RecordedRequest } from "../http/recorded-request.js"
import type { Fault, MalformedBody } from "./fault.js"

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
 * @category Faults
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

/**
 * A rule in effect, with its counters.
 * @category Faults
 */
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

/** A selector or list of them as a list; `undefined` when absent. */
export const asList = <A>(value: A | ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
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

/** Throws a `RangeError` naming the rule when a rule or one of its faults is malformed. */
export const checkRule = (rule: FaultRule, name: string): void => {
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
