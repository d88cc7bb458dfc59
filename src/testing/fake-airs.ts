/** `FakeAirs`: an in-memory Prisma AIRS (token endpoint, data and management planes) served as an Effect HttpApp or over HTTP. */
import type * as Net from "node:net"
import type * as HttpApp from "@effect/platform/HttpApp"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { dataPlane } from "./data-plane/data-plane.js"
import { ScanStore } from "./data-plane/scan-store.js"
import type { InjectedFault } from "./faults/fault.js"
import { FaultPlan } from "./faults/fault-plan.js"
import type { FaultRule, FaultRuleHandle } from "./faults/fault-rule.js"
import { makeApp } from "./http/app.js"
import { type FakeAirsServer, type ListenOptions, serveApp } from "./http/node-server.js"
import type { RecordedRequest } from "./http/recorded-request.js"
import { LEGACY_ROUTE_NAMES, type Plane, type RouteInfo } from "./http/routes.js"
import { requireBearer, TokenStore, tokenPlane } from "./http/token-endpoint.js"
import { mgmtPlane } from "./mgmt-plane/mgmt-plane.js"
import { SecurityStore } from "./mgmt-plane/security-store.js"
import type {
  CustomRuleRecord,
  ModelRecord,
  ModelVersionRecord,
  RuleInstanceRecord,
  ScanRecord,
  SecurityGroupRecord,
  SecurityRuleRecord
} from "./records.js"
import { makeCatalog } from "./tenant/seeded-catalog.js"

/**
 * Settings of a fake AIRS; every field is optional.
 * @category Testing
 */
export interface FakeAirsOptions {
  /** OAuth client id the token endpoint accepts (default "fake-client-id"). */
  readonly clientId?: string
  /** OAuth client secret the token endpoint accepts (default "fake-client-secret"). */
  readonly clientSecret?: string
  /** Tenant service group id; the token scope must be `tsg_id:<tsgId>` (default "1234567890"). */
  readonly tsgId?: string
  /** Lifetime of issued tokens, returned as `expires_in` (default 900). */
  readonly tokenTtlSeconds?: number
  /** Number of seeded scans (default 30). */
  readonly scans?: number
  /** Seed of the deterministic fixtures (default 1). */
  readonly seed?: number
  /** GETs of a created scan that still answer PENDING before it finishes (default 2). */
  readonly scanPolls?: number
  /** Validate requests like the real API, answering 422 (default true). */
  readonly validate?: boolean
  /** Latency added to every response, in milliseconds (default 0). */
  readonly latencyMs?: number
  /**
   * Fault rules in effect from the start (see `FaultRule`); `fake.inject(rule)` adds more later.
   * @example FakeAirs.make({ faults: [{ plane: "data", rate: 0.2, fault: Fault.status(503, { retryAfter: 0 }) }] })
   */
  readonly faults?: ReadonlyArray<FaultRule>
}

/**
 * The options of a fake with every default filled in (`faults` is kept apart: see `FakeAirs.faultRules`).
 * @category Testing
 */
export type ResolvedFakeAirsOptions = Required<Omit<FakeAirsOptions, "faults">>

const DEFAULTS: ResolvedFakeAirsOptions = {
  clientId: "fake-client-id",
  clientSecret: "fake-client-secret",
  tsgId: "1234567890",
  tokenTtlSeconds: 900,
  scans: 30,
  seed: 1,
  scanPolls: 2,
  validate: true,
  latencyMs: 0
}

const resolveOptions = (options: FakeAirsOptions): ResolvedFakeAirsOptions => {
  const resolved = { ...DEFAULTS }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key !== "faults") Object.assign(resolved, { [key]: value })
  }
  if (!Number.isSafeInteger(resolved.scans) || resolved.scans < 0 || resolved.scans >= 2 ** 32) {
    throw new RangeError(`FakeAirs: scans must be an integer from 0 to 2^32-1, got ${resolved.scans}`)
  }
  return resolved
}

/**
 * An in-memory fake of the Prisma AIRS Model Security API: the OAuth2 token endpoint, the data plane
 * and the management plane, every operation of the vendor specs (see `routes`), with deterministic
 * fixtures, request validation interpreted from the specs (FastAPI-style 422s) and a log of every
 * request.
 *
 * It behaves like the API: scans are evaluated against their group's rule instances, custom rules
 * included (their conditions on labels and on other rules' results); models and model versions derive
 * from the scans; every change to rule instances, custom rules or the rule catalogue is a generation of
 * its snapshot, readable with `generation=N` and listed by the versions endpoints. Changes to rule
 * instances and custom rules apply to scans created afterwards; existing scans keep the evaluations they
 * were made with.
 *
 * Faults can be injected, to test retry, timeout and cancellation logic: per plane, route and method,
 * on a schedule or at a seeded rate, a request can be delayed, answered 5xx/429 (with `Retry-After`),
 * reset, left hanging, meet revoked tokens or get a malformed body (see `FaultRule` and `Fault`). Each
 * recorded request says which faults hit it (`faults`) and whether the client gave up on it (`aborted`).
 *
 * @example
 * const fake = FakeAirs.make({ scans: 100 })
 * const server = await fake.listen()
 * // point the SDK at server.dataEndpoint / server.tokenEndpoint with fake.credentials
 * await server.close()
 * @example
 * const fake = FakeAirs.make({
 *   faults: [
 *     { plane: "data", rate: 0.2, seed: 7, fault: [Fault.status(503, { retryAfter: 0 }), Fault.reset] },
 *     { plane: "data", at: [50], fault: Fault.revokeTokens }
 *   ]
 * })
 * const stuck = fake.inject({ route: "Scans.get", first: 1, fault: Fault.hang })
 * // … run the code under test, then:
 * fake.injectedFaults.length // faults injected
 * fake.abortedRequests // requests the client gave up on
 * stuck.remove()
 * @category Testing
 */
export class FakeAirs {
  /** Creates a fake; cheap even with hundreds of thousands of scans (they are generated on demand). */
  static make(options: FakeAirsOptions = {}): FakeAirs {
    return new FakeAirs(resolveOptions(options), options.faults ?? [])
  }

  /** The options in effect, defaults filled in (the fault rules are in `faultRules`). */
  readonly options: ResolvedFakeAirsOptions
  /** The credentials the token endpoint accepts. */
  readonly credentials: { readonly clientId: string; readonly clientSecret: string; readonly tsgId: string }
  /** The Effect HttpApp serving every route (token, data and management planes). */
  readonly app: HttpApp.Default
  /** A web-standard in-process handler: `await fake.handler(new Request(url, init))`. */
  readonly handler: (request: Request) => Promise<Response>

  private readonly scanStore: ScanStore
  private readonly security: SecurityStore
  private readonly closingSockets = new WeakSet<Net.Socket>()
  private readonly tokens = new TokenStore()
  private readonly log: Array<RecordedRequest> = []
  private readonly planes: ReadonlyArray<Plane>
  private readonly faults: FaultPlan

  private constructor(options: ResolvedFakeAirsOptions, faults: ReadonlyArray<FaultRule>) {
    this.options = options
    this.credentials = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      tsgId: options.tsgId
    }
    const catalog = makeCatalog(options)
    this.security = new SecurityStore(catalog, options)
    this.scanStore = new ScanStore(options, catalog, this.security)
    const authenticate = requireBearer(this.tokens)
    this.planes = [
      tokenPlane(options, this.tokens),
      dataPlane(this.scanStore, this.security, authenticate),
      mgmtPlane(this.security, authenticate)
    ]
    const routeNames = new Set(this.planes.flatMap((plane) => plane.routes.map((route) => route.name)))
    this.faults = new FaultPlan(options.seed, (name) =>
      routeNames.has(name) ? name : LEGACY_ROUTE_NAMES[name]
    )
    for (const rule of faults) this.faults.add(rule)
    const { app, handler } = makeApp({
      planes: this.planes,
      log: this.log,
      tokens: this.tokens,
      faults: this.faults,
      options,
      closingSockets: this.closingSockets
    })
    this.app = app
    this.handler = handler
  }

  /** The endpoint URLs of a fake served at `baseUrl`. */
  endpoints(baseUrl: string): { dataEndpoint: string; mgmtEndpoint: string; tokenEndpoint: string } {
    const base = baseUrl.replace(/\/+$/, "")
    return {
      dataEndpoint: `${base}/aims/data`,
      mgmtEndpoint: `${base}/aims/mgmt`,
      tokenEndpoint: `${base}/oauth2/access_token`
    }
  }

  /**
   * Serves the fake over HTTP until the scope closes; open connections are closed with it. Loads
   * `@effect/platform-node` on first use, so in-process users (`handler`, `app`) do not need it.
   */
  serve(options: ListenOptions = {}): Effect.Effect<FakeAirsServer, ServeError, Scope.Scope> {
    return serveApp(this.app, this.closingSockets, (url) => this.endpoints(url), options)
  }

  /** `serve` for Promise users: resolves once listening; `close()` stops the server. */
  async listen(options: ListenOptions = {}): Promise<FakeAirsServer & { close(): Promise<void> }> {
    const scope = Effect.runSync(Scope.make())
    const close = () => Effect.runPromise(Scope.close(scope, Exit.void))
    try {
      const server = await Effect.runPromise(Scope.extend(this.serve(options), scope))
      return { ...server, close }
    } catch (error) {
      await close()
      throw error
    }
  }

  /** Every request received so far (all planes), oldest first. */
  get requests(): ReadonlyArray<RecordedRequest> {
    return [...this.log]
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.log.length = 0
  }

  /**
   * Adds a fault rule (see `FaultRule`) after the ones already in effect; it applies to requests that
   * arrive from now on. Throws a `RangeError` when the rule is malformed.
   * @example
   * const outage = fake.inject({ plane: "data", route: "Scans.list", first: 3, fault: Fault.status(503, { retryAfter: 0 }) })
   * // …
   * outage.fired // 3
   * outage.remove()
   */
  inject(rule: FaultRule): FaultRuleHandle {
    return this.faults.add(rule)
  }

  /** Removes every fault rule; requests already faulted keep their record. */
  clearFaults(): void {
    this.faults.clear()
  }

  /** The fault rules in effect, oldest first, with how often each matched and fired. */
  get faultRules(): ReadonlyArray<FaultRuleHandle> {
    return this.faults.rules
  }

  /** Every fault injected so far (among the recorded requests), with the request it hit, oldest first. */
  get injectedFaults(): ReadonlyArray<InjectedFault & { readonly request: RecordedRequest }> {
    return this.log.flatMap((request) => (request.faults ?? []).map((fault) => ({ ...fault, request })))
  }

  /** The recorded requests the client gave up on before they were answered (aborted fetch, closed connection). */
  get abortedRequests(): ReadonlyArray<RecordedRequest> {
    return this.log.filter((request) => request.aborted === true)
  }

  /** Every access token issued so far, oldest first. */
  get issuedTokens(): ReadonlyArray<string> {
    return [...this.tokens.issued]
  }

  /** Revokes every token issued so far: requests bearing them get 401. */
  revokeTokens(): void {
    this.tokens.revokeAll()
  }

  /** The current scans as the API returns them, newest first. O(number of scans). */
  get scans(): ReadonlyArray<ScanRecord> {
    return this.scanStore.allScans()
  }

  /**
   * Every security group in creation order: the seeded ones (one per source type) first, then those
   * created through the API. Soft-deleted groups are included, with `is_tombstone: true`.
   */
  get securityGroups(): ReadonlyArray<SecurityGroupRecord> {
    return this.security.groups.all
  }

  /** The security rules every tenant has, in catalog order. */
  get securityRules(): ReadonlyArray<SecurityRuleRecord> {
    return this.security.rules.all
  }

  /**
   * The current rule instances of a security group: the security rules' in rule order, then the custom
   * rules' in assignment order (empty for an unknown group).
   */
  ruleInstances(securityGroupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return [...this.security.groups.instancesOf(securityGroupUuid)]
  }

  /** Every custom rule in creation order: the seeded ones first, archived ones included. */
  get customRules(): ReadonlyArray<CustomRuleRecord> {
    return this.security.customRules.all
  }

  /** Every model (one per scanned `model_uri`), in the order of their first scan. O(number of scans) the first time. */
  get models(): ReadonlyArray<ModelRecord> {
    return this.scanStore.models.all()
  }

  /** The versions of a model (one per revision scanned), newest first (empty for an unknown model). */
  modelVersions(modelUuid: string): ReadonlyArray<ModelVersionRecord> {
    return this.scanStore.models.versionsOf(modelUuid, false) ?? []
  }

  /**
   * Every route: one per operation of the vendor specs, named after the SDK operation ("Scans.list",
   * "SecurityGroups.listRuleInstances", …), and the token endpoint ("token.issue"). Fault rules select
   * routes by these names, and recorded requests carry them.
   */
  get routes(): ReadonlyArray<RouteInfo> {
    return this.planes.flatMap((plane) =>
      plane.routes.map((route) => ({
        name: route.name,
        plane: plane.name,
        method: route.method,
        path: route.path
      }))
    )
  }
}
