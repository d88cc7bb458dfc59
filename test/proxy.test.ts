/**
 * Proxies and private certificates, with real parts: the fake AIRS served over HTTPS with a certificate
 * of a test authority (token endpoint, data plane and management plane each on its own port, so that
 * each is a tunnel of its own), and a real forward proxy on loopback whose log of `CONNECT`s proves
 * which requests went through it. The environment's proxy variables are set per test and restored.
 */
import { createServer } from "node:net"
import {
  AISecSDKException,
  ErrorType,
  ModelSecurityClient,
  type ModelSecurityClientOptions
} from "@effect-airs/model-security/compat"
import { Duration, Effect, Exit, Layer, Logger, Redacted } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { HttpExchange, ModelSecurity, type ModelSecurityServices, PayloadError } from "../src/index.js"
import { layerNode, layerUndici, type ModelSecurityNodeOptions } from "../src/node.js"
import { FakeAirs } from "../src/testing.js"
import {
  type ForwardProxy,
  type ForwardProxyOptions,
  PROXY_CREDENTIALS,
  PROXY_SECRETS,
  startProxy,
  withCredentials
} from "./support/forward-proxy.js"
import { type HttpsServer, serveHttps, type WebHandler } from "./support/https-server.js"
import { makeAuthority, type TestAuthority } from "./support/tls.js"
import { makeRecordingTracer } from "./support/tracer.js"

const VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"]
const { user: USER, password: PASSWORD } = PROXY_CREDENTIALS

let authority: TestAuthority
let fake: FakeAirs
let token: HttpsServer
let data: HttpsServer
let mgmt: HttpsServer
const proxies: Array<ForwardProxy> = []
const saved = new Map<string, string | undefined>()

beforeAll(async () => {
  authority = makeAuthority("AIRS proxy test CA")
  const certificate = authority.issueLoopback()
  fake = FakeAirs.make({ scans: 5 })
  ;[token, data, mgmt] = await Promise.all([
    serveHttps(fake.handler, certificate),
    serveHttps(fake.handler, certificate),
    serveHttps(fake.handler, certificate)
  ])
})
afterAll(async () => {
  await Promise.all([token.close(), data.close(), mgmt.close()])
})
beforeEach(() => {
  for (const name of VARIABLES) {
    saved.set(name, process.env[name])
    delete process.env[name]
  }
})
afterEach(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
})

const proxy = async (options?: ForwardProxyOptions) => {
  const started = await startProxy(options)
  proxies.push(started)
  return started
}

/** Options pointing at the three HTTPS servers, trusting the test's authority. */
const options = (extra: ModelSecurityNodeOptions = {}): ModelSecurityNodeOptions => ({
  ...fake.credentials,
  tokenEndpoint: `${token.url}/oauth2/access_token`,
  dataEndpoint: `${data.url}/aims/data`,
  mgmtEndpoint: `${mgmt.url}/aims/mgmt`,
  ca: authority.cert,
  ...extra
})

/** A token, then a call on each plane. */
const bothPlanes = Effect.gen(function* () {
  const airs = yield* ModelSecurity
  const scans = yield* airs.scans.list({ limit: 2 })
  const groups = yield* airs.securityGroups.list({ limit: 1 })
  return { scans: scans.scans.length, groups: groups.security_groups.length }
})

const run = <A, E>(
  program: Effect.Effect<A, E, ModelSecurityServices>,
  layer: Layer.Layer<ModelSecurityServices, unknown>
) => Effect.runPromiseExit(Effect.provide(program, layer))

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (failure === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`)
  return failure
}

/** `JSON` and `String` forms of `error` hold none of the proxy's credentials, in any encoding. */
const expectNoProxySecret = (error: unknown) => {
  const forms = [JSON.stringify(error), String(error), (error as Error).message]
  for (const form of forms) for (const secret of PROXY_SECRETS) expect(form).not.toContain(secret)
}

const ALL_THREE = () => [token.authority, data.authority, mgmt.authority].sort()

describe("layerNode behind a proxy", () => {
  it("HTTPS_PROXY: the token request and both planes go through the proxy, one tunnel each", async () => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    const exit = await run(bothPlanes, layerNode(options()))
    expect(exit).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect([...forward.connects].sort()).toEqual(ALL_THREE())
  })

  it("https_proxy wins over HTTPS_PROXY, as undici and curl read them", async () => {
    const [lower, upper] = await Promise.all([proxy(), proxy()])
    process.env.https_proxy = lower.url
    process.env.HTTPS_PROXY = upper.url
    expect(await run(bothPlanes, layerNode(options()))).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect([...lower.connects].sort()).toEqual(ALL_THREE())
    expect(upper.connects).toEqual([])
  })

  it("HTTP_PROXY serves https endpoints when no HTTPS_PROXY is set", async () => {
    const forward = await proxy()
    process.env.HTTP_PROXY = forward.url
    expect(await run(bothPlanes, layerNode(options()))).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect([...forward.connects].sort()).toEqual(ALL_THREE())
  })

  it.each([
    ["a host and port", () => mgmt.authority, () => [token.authority, data.authority]],
    ["a host name", () => "localhost", () => []],
    ["a domain suffix form", () => ".localhost", () => []],
    ["*", () => "*", () => []],
    ["another host", () => "example.com,localhost:1", () => ALL_THREE()]
  ])("NO_PROXY with %s: the hosts it names are reached directly", async (_, noProxy, proxied) => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    process.env.NO_PROXY = noProxy()
    expect(await run(bothPlanes, layerNode(options()))).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect([...forward.connects].sort()).toEqual(proxied().sort())
  })

  it("NO_PROXY with an IP address: an endpoint at that address is reached directly", async () => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    process.env.no_proxy = "127.0.0.1"
    const layer = layerNode(options({ mgmtEndpoint: `https://127.0.0.1:${mgmt.port}/aims/mgmt` }))
    expect(await run(bothPlanes, layer)).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect([...forward.connects].sort()).toEqual([token.authority, data.authority].sort())
  })

  it("the proxy option wins over the environment", async () => {
    const [chosen, ignored] = await Promise.all([proxy(), proxy()])
    process.env.HTTPS_PROXY = ignored.url
    process.env.NO_PROXY = "*"
    expect(await run(bothPlanes, layerNode(options({ proxy: chosen.url })))).toEqual(
      Exit.succeed({ scans: 2, groups: 1 })
    )
    expect([...chosen.connects].sort()).toEqual(ALL_THREE())
    expect(ignored.connects).toEqual([])
  })

  it("an https: proxy, whose certificate ca makes trusted too", async () => {
    const forward = await proxy({ tls: authority.issueLoopback() })
    expect(await run(bothPlanes, layerNode(options({ proxy: forward.url })))).toEqual(
      Exit.succeed({ scans: 2, groups: 1 })
    )
    expect([...forward.connects].sort()).toEqual(ALL_THREE())
    const refused = await run(
      bothPlanes,
      layerNode(options({ proxy: forward.url, ca: makeOtherAuthority(), maxRetries: 0 }))
    )
    expect(failureOf(refused)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: `Token request failed: network error (UNABLE_TO_VERIFY_LEAF_SIGNATURE) at the proxy ${forward.authority}`
      })
    )
  })

  it("proxy: false ignores the environment", async () => {
    const ignored = await proxy()
    process.env.HTTPS_PROXY = ignored.url
    expect(await run(bothPlanes, layerNode(options({ proxy: false })))).toEqual(
      Exit.succeed({ scans: 2, groups: 1 })
    )
    expect(ignored.connects).toEqual([])
  })

  it("the environment is read when the layer is built, not when the SDK is imported", async () => {
    const layer = layerNode(options())
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    expect(await run(bothPlanes, layer)).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect(forward.connects).toHaveLength(3)
  })

  it("a proxy asking for Basic credentials gets them from the URL, given as a string or Redacted", async () => {
    const forward = await proxy({ credentials: { user: USER, password: PASSWORD } })
    for (const given of [withCredentials(forward), Redacted.make(withCredentials(forward))]) {
      expect(await run(bothPlanes, layerNode(options({ proxy: given })))).toEqual(
        Exit.succeed({ scans: 2, groups: 1 })
      )
    }
    expect(forward.connects).toHaveLength(6)
  })

  it("407 without credentials: an OAuthError naming the proxy and its status, not retried", async () => {
    const forward = await proxy({ credentials: { user: USER, password: PASSWORD } })
    const exit = await run(bothPlanes, layerNode(options({ proxy: forward.url })))
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: `Token request failed: the proxy ${forward.authority} refused the tunnel to ${token.authority} (HTTP 407)`
      })
    )
    expect(forward.connects).toEqual([token.authority])
  })

  it("407 with wrong credentials: no credential in the error, a span or a log, in any encoding", async () => {
    const forward = await proxy({ credentials: { user: USER, password: "other" } })
    const tracer = makeRecordingTracer()
    const logs: Array<string> = []
    const logger = Layer.merge(
      tracer.layer,
      Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ message }) => logs.push(JSON.stringify(message)))
      )
    )
    const exit = await Effect.runPromiseExit(
      bothPlanes.pipe(
        Effect.provide(layerNode(options({ proxy: withCredentials(forward), maxRetries: 0 }))),
        Effect.provide(logger)
      )
    )
    const error = failureOf(exit)
    expect(error).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: `Token request failed: the proxy ${forward.authority} refused the tunnel to ${token.authority} (HTTP 407)`
      })
    )
    expectNoProxySecret(error)
    const recorded = JSON.stringify([
      ...tracer.spans.map((span) => [span.name, [...span.attributes]]),
      ...logs
    ])
    for (const secret of [...PROXY_SECRETS, USER]) expect(recorded).not.toContain(secret)
  })

  it("a refusal of a plane's tunnel is a ClientError of reason Transport naming the proxy", async () => {
    const forward = await proxy({ verdict: (target) => (target === data.authority ? 403 : "pass") })
    const exit = await run(bothPlanes, layerNode(options({ proxy: forward.url })))
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "ClientError",
        reason: "Transport",
        operation: "GET /v1/scans",
        message: `GET /v1/scans failed: the proxy ${forward.authority} refused the tunnel to ${data.authority} (HTTP 403)`
      })
    )
    // A 403 does not pass: no retry.
    expect(forward.connects.filter((target) => target === data.authority)).toHaveLength(1)
  })

  it("a 502 on CONNECT is retried (the API never saw the request), then the call goes through", async () => {
    const forward = await proxy({ verdict: (_, n) => (n === 0 ? 502 : "pass") })
    expect(await run(bothPlanes, layerNode(options({ proxy: forward.url })))).toEqual(
      Exit.succeed({ scans: 2, groups: 1 })
    )
    expect(forward.connects.slice(0, 2)).toEqual([token.authority, token.authority])
  })

  it("a POST whose tunnel was refused with 503 is retried too: the API never saw it", async () => {
    let refused = false
    const forward = await proxy({
      verdict: (target) => {
        if (target !== data.authority || refused) return "pass"
        refused = true
        return 503
      }
    })
    const group = fake.securityGroups[0]!
    const exit = await run(
      Effect.flatMap(ModelSecurity, (airs) =>
        airs.scans.create({ model_uri: "/models/proxied.pt", security_group_uuid: group.uuid })
      ).pipe(Effect.map((scan) => scan.model_uri)),
      layerNode(options({ proxy: forward.url }))
    )
    expect(exit).toEqual(Exit.succeed("/models/proxied.pt"))
    expect(forward.connects.filter((target) => target === data.authority)).toHaveLength(2)
  })

  it("a proxy that keeps answering 502: the retries end in a typed error", async () => {
    const forward = await proxy({ verdict: () => 502 })
    const exit = await run(bothPlanes, layerNode(options({ proxy: forward.url, maxRetries: 1 })))
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: `Token request failed: the proxy ${forward.authority} refused the tunnel to ${token.authority} (HTTP 502)`
      })
    )
    expect(forward.connects).toEqual([token.authority, token.authority])
  })

  it("a proxy that never answers the CONNECT: the attempt times out", async () => {
    const forward = await proxy({ verdict: () => "hang" })
    const exit = await run(
      bothPlanes,
      layerNode(options({ proxy: forward.url, timeout: "300 millis", maxRetries: 0 }))
    )
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: "Token request failed: no response within 300ms"
      })
    )
  })

  it("a proxy that cannot be reached: a network error naming it", async () => {
    const port = await closedPort()
    const exit = await run(
      bothPlanes,
      layerNode(
        options({ proxy: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`, maxRetries: 0 })
      )
    )
    const error = failureOf(exit)
    expect(error).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: `Token request failed: network error (ECONNREFUSED) at the proxy 127.0.0.1:${port}`
      })
    )
    expectNoProxySecret(error)
  })

  it("the body cap and the no-redirect rule hold through the proxy", async () => {
    const certificate = authority.issueLoopback()
    const hostile: WebHandler = async (request) => {
      const { pathname } = new URL(request.url)
      if (pathname.startsWith("/aims/data"))
        return new Response(null, { status: 302, headers: { location: "https://elsewhere.invalid/" } })
      if (pathname.startsWith("/aims/mgmt")) return new Response("x".repeat(4096), { status: 200 })
      return fake.handler(request)
    }
    const server = await serveHttps(hostile, certificate)
    try {
      const forward = await proxy()
      const layer = layerNode(
        options({
          proxy: forward.url,
          tokenEndpoint: `${server.url}/oauth2/access_token`,
          dataEndpoint: `${server.url}/aims/data`,
          mgmtEndpoint: `${server.url}/aims/mgmt`,
          maxResponseBytes: 1024
        })
      )
      const redirected = await run(
        Effect.flatMap(ModelSecurity, (airs) => airs.scans.list({ limit: 1 })),
        layer
      )
      expect(failureOf(redirected)).toEqual(
        expect.objectContaining({
          _tag: "ClientError",
          reason: "Status",
          status: 302,
          location: "https://elsewhere.invalid/"
        })
      )
      const tooLarge = await run(
        Effect.flatMap(ModelSecurity, (airs) => airs.securityGroups.list({ limit: 1 })),
        layer
      )
      expect(failureOf(tooLarge)).toEqual(
        expect.objectContaining({ _tag: "ServerError", reason: "TooLarge" })
      )
      expect(forward.connects.length).toBeGreaterThanOrEqual(1)
      expect(new Set(forward.connects)).toEqual(new Set([server.authority]))
    } finally {
      await server.close()
    }
  })
})

describe("layerNode with private certificates", () => {
  it("without ca, a certificate of an unknown authority is a typed error, not a defect", async () => {
    const exit = await run(bothPlanes, layerNode(options({ ca: undefined, maxRetries: 0 })))
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: "Token request failed: network error (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
      })
    )
  })

  it("through a proxy too: the certificate is checked at the end of the tunnel", async () => {
    const forward = await proxy()
    const exit = await run(
      bothPlanes,
      layerNode(options({ ca: undefined, proxy: forward.url, maxRetries: 0 }))
    )
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "OAuthError",
        message: "Token request failed: network error (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
      })
    )
    expect(forward.connects).toEqual([token.authority])
  })

  it.each([
    ["a string", () => authority.cert],
    ["a Buffer", () => Buffer.from(authority.cert)],
    ["a Uint8Array", () => new TextEncoder().encode(authority.cert)],
    ["a list with another authority", () => [makeOtherAuthority(), authority.cert]]
  ])("ca as %s is trusted besides Node's own", async (_, ca) => {
    expect(await run(bothPlanes, layerNode(options({ ca: ca() })))).toEqual(
      Exit.succeed({ scans: 2, groups: 1 })
    )
  })

  it("ca trusts only what it names: another authority's certificate is still refused", async () => {
    const exit = await run(bothPlanes, layerNode(options({ ca: makeOtherAuthority(), maxRetries: 0 })))
    expect(failureOf(exit)).toEqual(expect.objectContaining({ _tag: "OAuthError" }))
  })
})

describe("bad proxy and ca settings are a PayloadError, and nothing is sent", () => {
  it.each([
    ["a SOCKS proxy", { proxy: `socks5://${USER}:${PASSWORD}@127.0.0.1:1080` }, "proxy"],
    ["a proxy URL with a path", { proxy: `http://${USER}:secret@127.0.0.1:3128/path` }, "proxy"],
    ["a proxy URL with a space", { proxy: "http://127.0.0.1:3128 x" }, "proxy"],
    ["a number as proxy", { proxy: 3128 as never }, "proxy"],
    ["true as proxy", { proxy: true as never }, "proxy"],
    ["text that is no certificate", { ca: "not a certificate" }, "ca"],
    ["a number in a ca list", { ca: [3 as never] }, "ca.0"]
  ])("%s", async (_, given, field) => {
    const before = fake.requests.length
    const exit = await run(bothPlanes, layerNode(options(given as ModelSecurityNodeOptions)))
    const error = failureOf(exit)
    expect(error).toBeInstanceOf(PayloadError)
    expect((error as PayloadError).field).toBe(field)
    expectNoProxySecret(error)
    expect(JSON.stringify(error)).not.toContain("secret")
    expect(fake.requests.length).toBe(before)
  })

  it("a malformed proxy variable is a PayloadError naming the variable, without its value", async () => {
    process.env.https_proxy = `ftp://${USER}:${encodeURIComponent(PASSWORD)}@proxy.invalid:21`
    const exit = await run(bothPlanes, layerNode(options()))
    const error = failureOf(exit)
    expect(error).toEqual(
      expect.objectContaining({
        _tag: "PayloadError",
        field: "https_proxy",
        rule: "must be an http(s) proxy URL: http://[user:password@]host[:port], without a path"
      })
    )
    expectNoProxySecret(error)
  })

  it("a bare host:port is an http proxy, as curl reads it", async () => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.authority
    expect(await run(bothPlanes, layerNode(options()))).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    expect(forward.connects).toHaveLength(3)
  })

  it("layerFetch and layer refuse proxy and ca: the runtime's own settings apply there", async () => {
    const exit = await run(
      bothPlanes,
      ModelSecurity.layerFetch({ ...options(), proxy: "http://127.0.0.1:3128" } as never)
    )
    expect(failureOf(exit)).toEqual(
      expect.objectContaining({
        _tag: "PayloadError",
        issues: [
          {
            field: "proxy",
            rule: "applies to layerNode and the Promise client in Node; over fetch or an HttpClient the runtime's (or your client's) own settings apply"
          },
          {
            field: "ca",
            rule: "applies to layerNode and the Promise client in Node; over fetch or an HttpClient the runtime's (or your client's) own settings apply"
          }
        ]
      })
    )
  })
})

describe("layerUndici", () => {
  it("honours HTTP_PROXY for an http endpoint, read when the layer is built", async () => {
    const plain = await fake.listen()
    try {
      const forward = await proxy()
      process.env.HTTP_PROXY = forward.url
      const url = `${fake.endpoints(plain.url).dataEndpoint}/v1/scans?limit=1`
      const response = await Effect.runPromise(
        Effect.flatMap(HttpExchange, (exchange) =>
          exchange.send({ method: "GET", url, headers: {} }, Duration.seconds(5))
        ).pipe(Effect.provide(layerUndici))
      )
      expect(response.status).toBe(401)
      expect(forward.connects).toEqual([new URL(plain.url).host])
    } finally {
      await plain.close()
    }
  })

  it("under a malformed proxy variable, every request fails naming it, and nothing is sent", async () => {
    process.env.HTTPS_PROXY = "socks://proxy.invalid:1080"
    const exit = await Effect.runPromiseExit(
      Effect.flatMap(HttpExchange, (exchange) =>
        exchange.send(
          { method: "GET", url: `${data.url}/aims/data/v1/scans`, headers: {} },
          Duration.seconds(5)
        )
      ).pipe(Effect.provide(layerUndici))
    )
    expect(exit).toEqual(
      Exit.fail({
        _tag: "Transport",
        message:
          "Invalid input: HTTPS_PROXY: must be an http(s) proxy URL: http://[user:password@]host[:port], without a path",
        connectionRefused: false
      })
    )
  })
})

describe("the Promise client behind a proxy", () => {
  const clientOptions = (extra: ModelSecurityClientOptions = {}): ModelSecurityClientOptions => ({
    ...fake.credentials,
    tokenEndpoint: `${token.url}/oauth2/access_token`,
    dataEndpoint: `${data.url}/aims/data`,
    mgmtEndpoint: `${mgmt.url}/aims/mgmt`,
    ca: authority.cert,
    ...extra
  })

  const listBoth = async (client: ModelSecurityClient) => {
    try {
      const scans = await client.scans.list({ limit: 2 })
      const groups = await client.securityGroups.list({ limit: 1 })
      return { scans: scans.scans.length, groups: groups.security_groups.length }
    } finally {
      await client.close()
    }
  }

  it("HTTPS_PROXY: the token request and both planes go through the proxy", async () => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    expect(await listBoth(new ModelSecurityClient(clientOptions()))).toEqual({ scans: 2, groups: 1 })
    expect([...forward.connects].sort()).toEqual(ALL_THREE())
  })

  it("NO_PROXY names hosts reached directly", async () => {
    const forward = await proxy()
    process.env.HTTPS_PROXY = forward.url
    process.env.NO_PROXY = `${token.authority},${data.authority}`
    expect(await listBoth(new ModelSecurityClient(clientOptions()))).toEqual({ scans: 2, groups: 1 })
    expect(forward.connects).toEqual([mgmt.authority])
  })

  it("the proxy option with credentials, and proxy: false over the environment", async () => {
    const forward = await proxy({ credentials: { user: USER, password: PASSWORD } })
    const ignored = await proxy()
    process.env.HTTPS_PROXY = ignored.url
    expect(
      await listBoth(new ModelSecurityClient(clientOptions({ proxy: withCredentials(forward) })))
    ).toEqual({
      scans: 2,
      groups: 1
    })
    expect(await listBoth(new ModelSecurityClient(clientOptions({ proxy: false })))).toEqual({
      scans: 2,
      groups: 1
    })
    expect([...forward.connects].sort()).toEqual(ALL_THREE())
    expect(ignored.connects).toEqual([])
  })

  it("407: an AISecSDKException of type OAUTH_ERROR naming the proxy and its status, no credential", async () => {
    const forward = await proxy({ credentials: { user: USER, password: "other" } })
    const client = new ModelSecurityClient(clientOptions({ proxy: withCredentials(forward), numRetries: 0 }))
    const error = await listBoth(client).then(
      () => undefined,
      (thrown: unknown) => thrown
    )
    expect(error).toBeInstanceOf(AISecSDKException)
    expect((error as AISecSDKException).errorType).toBe(ErrorType.OAUTH_ERROR)
    expect((error as AISecSDKException).message).toBe(
      `Token request failed: the proxy ${forward.authority} refused the tunnel to ${token.authority} (HTTP 407)`
    )
    expectNoProxySecret(error)
    expectNoProxySecret((error as AISecSDKException).cause)
  })

  it("a bad proxy option throws a USER_REQUEST_PAYLOAD_ERROR at construction, without the URL", () => {
    const construct = () =>
      new ModelSecurityClient(clientOptions({ proxy: `gopher://${USER}:${PASSWORD}@x:70` }))
    expect(construct).toThrow(AISecSDKException)
    try {
      construct()
    } catch (error) {
      expect((error as AISecSDKException).errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
      expectNoProxySecret(error)
    }
  })

  it("ca as a Buffer", async () => {
    const client = new ModelSecurityClient(clientOptions({ ca: Buffer.from(authority.cert) }))
    expect(await listBoth(client)).toEqual({ scans: 2, groups: 1 })
  })
})

/** The certificate of an authority other than the test's. */
const makeOtherAuthority = () => makeAuthority("Another CA").cert

/** A port of 127.0.0.1 nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer()
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
