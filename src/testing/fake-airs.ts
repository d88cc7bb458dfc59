/** `FakeAirs`: an in-memory Prisma AIRS (token endpoint, data and management planes) served as an Effect HttpApp or over HTTP. */
import type * as Http from "node:http"
import type * as Net from "node:net"
import * as HttpApp from "@effect/platform/HttpApp"
import { clientAbortFiberId, type ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { dataPlane } from "./data-plane.js"
import {
  connectionResetError,
  type FaultDecision,
  FaultPlan,
  type FaultRule,
  type FaultRuleHandle,
  type InjectedFault,
  malformedAnswer,
  type RawAnswer,
  statusAnswer
} from "./faults.js"
import { mgmtPlane } from "./mgmt-plane.js"
import type {
  CustomRuleRecord,
  ModelRecord,
  ModelVersionRecord,
  RuleInstanceRecord,
  ScanRecord,
  SecurityGroupRecord,
  SecurityRuleRecord
} from "./records.js"
import {
  type FakeResponse,
  type IncomingRequest,
  LEGACY_ROUTE_NAMES,
  locate,
  type Plane,
  type RecordedRequest,
  type RouteInfo,
  recordOf,
  respond
} from "./router.js"
import { FakeState } from "./state.js"
import { requireBearer, TokenStore, tokenPlane } from "./token.js"

/** Settings of a fake AIRS; every field is optional. */
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

/** The options of a fake with every default filled in (`faults` is kept apart: see `FakeAirs.faultRules`). */
export type ResolvedFakeAirsOptions = Required<Omit<FakeAirsOptions, "faults">>

/** Where a running fake listens. */
export interface FakeAirsServer {
  /** Base URL, e.g. "http://127.0.0.1:53412". */
  readonly url: string
  /** `url` + "/aims/data". */
  readonly dataEndpoint: string
  /** `url` + "/aims/mgmt". */
  readonly mgmtEndpoint: string
  /** `url` + "/oauth2/access_token". */
  readonly tokenEndpoint: string
  /** The number of client connections open right now (kept-alive idle ones included). */
  connections(): number
  /** The number of requests received and not yet answered (nor dropped by the client or a reset). */
  requestsInFlight(): number
}

/** Options of `serve` and `listen`. */
export interface ListenOptions {
  /** Port to listen on (default 0: an ephemeral port). */
  readonly port?: number
  /** Host to bind (default "127.0.0.1"). */
  readonly host?: string
}

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

const toServerResponse = (response: FakeResponse): HttpServerResponse.HttpServerResponse => {
  const options = { status: response.status, ...(response.headers ? { headers: response.headers } : {}) }
  return response.body === undefined
    ? HttpServerResponse.empty(options)
    : HttpServerResponse.unsafeJson(response.body, options)
}

const rawResponse = (answer: RawAnswer): HttpServerResponse.HttpServerResponse =>
  answer.text === undefined
    ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers })
    : HttpServerResponse.text(answer.text, {
        status: answer.status,
        headers: answer.headers,
        ...(answer.contentType === undefined ? {} : { contentType: answer.contentType })
      })

/** A recorded request, updated in place when the client aborts it. */
type Entry = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] }

/** What a request arrived on: a Node `IncomingMessage` (over HTTP) or a web `Request` (in process). */
const socketOf = (source: unknown): Net.Socket | undefined => {
  const socket =
    typeof source === "object" && source !== null ? (source as { socket?: unknown }).socket : undefined
  return typeof socket === "object" && socket !== null && "destroy" in socket
    ? (socket as Net.Socket)
    : undefined
}

const urlHost = (host: string) => {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host
  return reachable.includes(":") ? `[${reachable}]` : reachable
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

  private readonly state: FakeState
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
    this.state = new FakeState(options)
    const authenticate = requireBearer(this.tokens)
    this.planes = [
      tokenPlane(options, this.tokens),
      dataPlane(this.state, authenticate),
      mgmtPlane(this.state.security, authenticate)
    ]
    const routeNames = new Set(this.planes.flatMap((plane) => plane.routes.map((route) => route.name)))
    this.faults = new FaultPlan(options.seed, (name) =>
      routeNames.has(name) ? name : LEGACY_ROUTE_NAMES[name]
    )
    for (const rule of faults) this.faults.add(rule)
    const { planes, log, tokens } = this
    const plan = this.faults
    const settings = { validate: options.validate }
    /** Requests (web `Request`s) the app reset: the in-process handler rejects them. */
    const resets = new WeakSet<object>()
    /** Sockets the server is closing: their interrupted requests were not aborted by the client. */
    const closing = this.closingSockets
    this.app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const incoming: IncomingRequest = {
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        body
      }
      const located = locate(planes, incoming)
      if (located === undefined) return toServerResponse(respond(located, incoming, settings).response)
      const entry: Entry = recordOf(located, incoming)
      const decision = plan.active
        ? plan.decide({
            plane: located.plane.name,
            route: located.matched?.route.name,
            method: request.method,
            url: request.url,
            request: entry
          })
        : undefined
      if (decision !== undefined) entry.faults = decision.injected
      log.push(entry)
      if (decision === undefined && options.latencyMs === 0) {
        return toServerResponse(respond(located, incoming, settings).response)
      }
      let resetting = false
      const answer = Effect.suspend(() =>
        faulted(
          decision,
          () => respond(located, incoming, settings).response,
          () => {
            const socket = socketOf(request.source)
            if (socket === undefined) {
              resets.add(request.source as object)
              return Effect.succeed(HttpServerResponse.empty({ status: 500 }))
            }
            resetting = true
            if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
            else socket.destroy()
            return Effect.never
          }
        )
      )
      // HttpApp runs apps uninterruptibly; a slow or hung answer opts in, so that a client abort stops it.
      return yield* Effect.interruptible(answer).pipe(
        Effect.onInterrupt((interruptors) =>
          Effect.sync(() => {
            const byClient = [...interruptors].some((id) => Equal.equals(id, clientAbortFiberId))
            const socket = socketOf(request.source)
            if (byClient && !resetting && (socket === undefined || !closing.has(socket))) entry.aborted = true
          })
        )
      )
    })
    /** The answer to a request with faults, or with the fake's own latency. */
    const faulted = (
      decision: FaultDecision | undefined,
      handle: () => FakeResponse,
      reset: () => Effect.Effect<HttpServerResponse.HttpServerResponse>
    ): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
      if (decision?.revokeTokens) tokens.revokeAll()
      const fault = decision?.answer
      let response: HttpServerResponse.HttpServerResponse | undefined
      if (fault === undefined) response = toServerResponse(handle())
      else if (fault.kind === "status") response = rawResponse(statusAnswer(fault))
      else if (fault.kind === "malformed")
        response = rawResponse(malformedAnswer(fault, fault.body === "html502" ? { status: 502 } : handle()))
      const latency = options.latencyMs + (decision?.latencyMs ?? 0)
      const delay = latency > 0 ? Effect.sleep(latency) : Effect.void
      if (response !== undefined) return Effect.as(delay, response)
      if (fault?.kind === "hang") return Effect.zipRight(delay, Effect.never)
      return Effect.zipRight(delay, Effect.suspend(reset))
    }
    const handle = HttpApp.toWebHandler(this.app)
    // Like `fetch`: a reset rejects with a network error, an abort with the signal's reason.
    this.handler = (request) =>
      new Promise<Response>((resolve, reject) => {
        const signal = request.signal as AbortSignal | undefined
        const onAbort = () => reject(signal?.reason)
        signal?.addEventListener("abort", onAbort, { once: true })
        handle(request).then(
          (response) => {
            signal?.removeEventListener("abort", onAbort)
            if (resets.has(request)) reject(connectionResetError())
            else resolve(response)
          },
          (error: unknown) => {
            signal?.removeEventListener("abort", onAbort)
            reject(error)
          }
        )
      })
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
    const { app, closingSockets } = this
    const endpoints = (url: string) => this.endpoints(url)
    return Effect.gen(function* () {
      const [{ createServer }, NodeHttpServer] = yield* Effect.promise(() =>
        Promise.all([import("node:http"), import("@effect/platform-node/NodeHttpServer")])
      )
      let nodeServer: Http.Server | undefined
      const sockets = new Set<Net.Socket>()
      const inFlight = new Set<Http.ServerResponse>()
      const server = yield* NodeHttpServer.make(
        () => {
          nodeServer = createServer()
          nodeServer.on("connection", (socket: Net.Socket) => {
            sockets.add(socket)
            socket.once("close", () => sockets.delete(socket))
          })
          nodeServer.on("request", (_request: Http.IncomingMessage, response: Http.ServerResponse) => {
            inFlight.add(response)
            response.once("close", () => inFlight.delete(response))
          })
          return nodeServer
        },
        { port: options.port ?? 0, host: options.host ?? "127.0.0.1" }
      )
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          for (const socket of sockets) closingSockets.add(socket)
          nodeServer?.closeAllConnections()
        })
      )
      yield* server.serve(app)
      const address = server.address
      const url =
        address._tag === "TcpAddress"
          ? `http://${urlHost(options.host ?? address.hostname)}:${address.port}`
          : `http://unix:${address.path}`
      return {
        url,
        ...endpoints(url),
        connections: () => sockets.size,
        requestsInFlight: () => inFlight.size
      }
    })
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
    return this.state.allScans()
  }

  /**
   * Every security group in creation order: the seeded ones (one per source type) first, then those
   * created through the API. Soft-deleted groups are included, with `is_tombstone: true`.
   */
  get securityGroups(): ReadonlyArray<SecurityGroupRecord> {
    return this.state.security.groups
  }

  /** The security rules every tenant has, in catalog order. */
  get securityRules(): ReadonlyArray<SecurityRuleRecord> {
    return this.state.security.rules
  }

  /**
   * The current rule instances of a security group: the security rules' in rule order, then the custom
   * rules' in assignment order (empty for an unknown group).
   */
  ruleInstances(securityGroupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return [...this.state.security.instancesOf(securityGroupUuid)]
  }

  /** Every custom rule in creation order: the seeded ones first, archived ones included. */
  get customRules(): ReadonlyArray<CustomRuleRecord> {
    return this.state.security.customRules
  }

  /** Every model (one per scanned `model_uri`), in the order of their first scan. O(number of scans) the first time. */
  get models(): ReadonlyArray<ModelRecord> {
    return this.state.models.all()
  }

  /** The versions of a model (one per revision scanned), newest first (empty for an unknown model). */
  modelVersions(modelUuid: string): ReadonlyArray<ModelVersionRecord> {
    return this.state.models.versionsOf(modelUuid, false) ?? []
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
