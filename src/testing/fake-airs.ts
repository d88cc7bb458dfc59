/** `FakeAirs`: an in-memory Prisma AIRS (token endpoint, data and management planes) served as an Effect HttpApp or over HTTP. */
import type * as Http from "node:http"
import * as HttpApp from "@effect/platform/HttpApp"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { dataPlane } from "./data-plane.js"
import { mgmtPlane } from "./mgmt-plane.js"
import type { RuleInstanceRecord, ScanRecord, SecurityGroupRecord, SecurityRuleRecord } from "./records.js"
import { dispatch, type FakeResponse, type Plane, type RecordedRequest } from "./router.js"
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
}

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
}

/** Options of `serve` and `listen`. */
export interface ListenOptions {
  /** Port to listen on (default 0: an ephemeral port). */
  readonly port?: number
  /** Host to bind (default "127.0.0.1"). */
  readonly host?: string
}

const DEFAULTS: Required<FakeAirsOptions> = {
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

const resolveOptions = (options: FakeAirsOptions): Required<FakeAirsOptions> => {
  const resolved = { ...DEFAULTS }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(resolved, { [key]: value })
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

const urlHost = (host: string) => {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host
  return reachable.includes(":") ? `[${reachable}]` : reachable
}

/**
 * An in-memory fake of the Prisma AIRS Model Security API: the OAuth2 token endpoint, the data plane
 * and the management plane, with deterministic fixtures, FastAPI-style validation and a log of every
 * request. Changes to rule instances apply to scans created afterwards; existing scans keep the
 * evaluations they were made with.
 *
 * @example
 * const fake = FakeAirs.make({ scans: 100 })
 * const server = await fake.listen()
 * // point the SDK at server.dataEndpoint / server.tokenEndpoint with fake.credentials
 * await server.close()
 */
export class FakeAirs {
  /** Creates a fake; cheap even with hundreds of thousands of scans (they are generated on demand). */
  static make(options: FakeAirsOptions = {}): FakeAirs {
    return new FakeAirs(resolveOptions(options))
  }

  /** The options in effect, defaults filled in. */
  readonly options: Required<FakeAirsOptions>
  /** The credentials the token endpoint accepts. */
  readonly credentials: { readonly clientId: string; readonly clientSecret: string; readonly tsgId: string }
  /** The Effect HttpApp serving every route (token, data and management planes). */
  readonly app: HttpApp.Default
  /** A web-standard in-process handler: `await fake.handler(new Request(url, init))`. */
  readonly handler: (request: Request) => Promise<Response>

  private readonly state: FakeState
  private readonly tokens = new TokenStore()
  private readonly log: Array<RecordedRequest> = []
  private readonly planes: ReadonlyArray<Plane>

  private constructor(options: Required<FakeAirsOptions>) {
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
    const { planes, log } = this
    const settings = { validate: options.validate }
    const record = (request: RecordedRequest) => {
      log.push(request)
    }
    this.app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const { response } = dispatch(
        planes,
        { method: request.method, url: request.url, headers: { ...request.headers }, body },
        settings,
        record
      )
      if (options.latencyMs > 0) yield* Effect.sleep(options.latencyMs)
      return toServerResponse(response)
    })
    const handle = HttpApp.toWebHandler(this.app)
    this.handler = (request) => handle(request)
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
    const { app } = this
    const endpoints = (url: string) => this.endpoints(url)
    return Effect.gen(function* () {
      const [{ createServer }, NodeHttpServer] = yield* Effect.promise(() =>
        Promise.all([import("node:http"), import("@effect/platform-node/NodeHttpServer")])
      )
      let nodeServer: Http.Server | undefined
      const server = yield* NodeHttpServer.make(
        () => {
          nodeServer = createServer()
          return nodeServer
        },
        { port: options.port ?? 0, host: options.host ?? "127.0.0.1" }
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => nodeServer?.closeAllConnections()))
      yield* server.serve(app)
      const address = server.address
      const url =
        address._tag === "TcpAddress"
          ? `http://${urlHost(options.host ?? address.hostname)}:${address.port}`
          : `http://unix:${address.path}`
      return { url, ...endpoints(url) }
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

  /** The current rule instances of a security group, in rule order (empty for an unknown group). */
  ruleInstances(securityGroupUuid: string): ReadonlyArray<RuleInstanceRecord> {
    return [...this.state.security.instancesOf(securityGroupUuid)]
  }
}
