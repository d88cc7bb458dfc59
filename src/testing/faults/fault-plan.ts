/**
 * The fault rules in effect on one fake, consulted for every request: which of them fire on it and what
 * that does. Deterministic: each rule draws from its own seeded PRNG.
 */
import type { PlaneName, RecordedRequest } from "../http/recorded-request.js"
import { mix, mulberry32, type Rng, rngFor } from "../random.js"
import type { Fault, InjectedFault } from "./fault.js"
import { asList, checkRule, type FaultRule, type FaultRuleHandle } from "./fault-rule.js"

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
