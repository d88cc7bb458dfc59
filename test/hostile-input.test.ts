/**
 * Input that would make the client misbehave against a real server, refused before anything is sent:
 * polling intervals and timeouts, the compat client's `timeoutMs`, and endpoints (plain http beyond
 * loopback, userinfo, a query, a fragment, control characters). And list servers that make no progress
 * (ignoring `skip`, claiming 10^15 items) end their stream with a typed error instead of never.
 */
import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, ConfigProvider, type Duration, Effect, Either, Stream } from "effect"
import { type ModelSecurityOptions, Scans } from "../src/index.js"
import { resolveConfig } from "../src/layers/config.js"
import { FakeAirs } from "../src/testing.js"
import {
  type Answer,
  compatOptionsFor,
  failureOver,
  json,
  served,
  servicesOver,
  undici,
  withCompat
} from "./support/hostile-server.js"

const SCAN = "5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b"
const scans = FakeAirs.make({ scans: 300 }).scans
/** Any request at all is a failure of these tests: the server counts them. */
const pending: Answer = (_, response) =>
  json(response, 200, { ...scans[0], uuid: SCAN, eval_outcome: "PENDING" })

describe("poll options", () => {
  // Values a JavaScript caller may pass, typed or not.
  const intervals = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "soon", "0 seconds", "-5 seconds", ""].map(
    (value) => value as Duration.DurationInput
  )
  const timeouts = [0, -1, Number.NaN, "later", "0 millis"].map((value) => value as Duration.DurationInput)

  it.live.each(intervals)("interval %j: a PayloadError, and nothing sent", (interval) =>
    Effect.gen(function* () {
      const server = yield* served(pending)
      const waited = Effect.flatMap(Scans, (s) => s.waitForCompletion(SCAN, { interval }))
      const watched = Effect.flatMap(Scans, (s) => Stream.runCollect(s.watch(SCAN, { interval })))
      const expected = {
        _tag: "PayloadError",
        message: 'Invalid input: interval: must be a positive, finite duration (e.g. "5 seconds")',
        field: "interval",
        rule: 'must be a positive, finite duration (e.g. "5 seconds")'
      }
      expect(yield* failureOver(waited, undici, server)).toMatchObject(expected)
      expect(yield* failureOver(watched, undici, server)).toMatchObject(expected)
      expect(server.seen).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live.each(timeouts)("timeout %j: a PayloadError, and nothing sent", (timeout) =>
    Effect.gen(function* () {
      const server = yield* served(pending)
      const waited = Effect.flatMap(Scans, (s) => s.waitForCompletion(SCAN, { timeout }))
      expect(yield* failureOver(waited, undici, server)).toMatchObject({
        _tag: "PayloadError",
        field: "timeout",
        rule: 'must be a positive duration (e.g. "5 seconds")'
      })
      expect(server.seen).toEqual([])
    }).pipe(Effect.scoped)
  )

  it("through the compat client, an interval of 0 rejects with USER_REQUEST_PAYLOAD_ERROR, nothing sent", () =>
    withCompat({ api: pending }, async (client, server) => {
      const error = await client.scans.waitForCompletion(SCAN, { interval: 0 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AISecSDKException)
      expect(error).toMatchObject({
        errorType: ErrorType.USER_REQUEST_PAYLOAD_ERROR,
        message: 'Invalid input: interval: must be a positive, finite duration (e.g. "5 seconds")'
      })
      expect(server.seen).toEqual([])
    }))
})

describe("the compat client's timeoutMs", () => {
  const bad = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "100" as unknown as number]

  it.each(bad)("%j per call rejects with USER_REQUEST_PAYLOAD_ERROR, nothing sent", (timeoutMs) =>
    withCompat({ api: pending }, async (client, server) => {
      const calls = [
        client.scans.get(SCAN, { timeoutMs }),
        client.scans.waitForCompletion(SCAN, {}, { timeoutMs }),
        client.scans.listAll({}, { timeoutMs }),
        (async () => {
          for await (const _ of client.scans.iterate({}, { timeoutMs })) break
        })()
      ]
      for (const call of calls) {
        const error = await call.catch((e: unknown) => e)
        expect(error).toBeInstanceOf(AISecSDKException)
        expect(error).toMatchObject({
          errorType: ErrorType.USER_REQUEST_PAYLOAD_ERROR,
          message: "Invalid input: timeoutMs: must be a positive number of milliseconds"
        })
      }
      expect(server.seen).toEqual([])
    })
  )

  it.each(bad)("%j in the constructor throws USER_REQUEST_PAYLOAD_ERROR", (timeoutMs) => {
    expect(
      () => new ModelSecurityClient(compatOptionsFor({ url: "http://127.0.0.1:9" }, { timeoutMs }))
    ).toThrow("Invalid input: timeoutMs: must be a positive number of milliseconds")
  })
})

const CREDENTIALS = { clientId: "id", clientSecret: "secret", tsgId: "1" }
const resolve = (options: ModelSecurityOptions, env: Record<string, string> = {}) =>
  Effect.either(resolveConfig({ ...CREDENTIALS, ...options })).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )
const OPTIONS = ["dataEndpoint", "mgmtEndpoint", "tokenEndpoint"] as const
const VARIABLES = {
  dataEndpoint: "PANW_MODEL_SEC_DATA_ENDPOINT",
  mgmtEndpoint: "PANW_MODEL_SEC_MGMT_ENDPOINT",
  tokenEndpoint: "PANW_MODEL_SEC_TOKEN_ENDPOINT"
} as const

const PLAIN_HTTP =
  "must use https (plain http is allowed to loopback hosts only, unless allowInsecureHttp is set)"
const refused: ReadonlyArray<readonly [string, string]> = [
  ["http://api.example.com/aims", PLAIN_HTTP],
  ["http://10.0.0.1/aims", PLAIN_HTTP],
  ["http://[::2]/aims", PLAIN_HTTP],
  ["http://127.0.0.1.example.com/aims", PLAIN_HTTP],
  ["http://localhost.example.com/aims", PLAIN_HTTP],
  ["https://user:pass@api.example.com/aims", "must not contain credentials (user:password@)"],
  ["https://user@api.example.com/aims", "must not contain credentials (user:password@)"],
  ["https://@api.example.com/aims", "must not contain credentials (user:password@)"],
  ["https://api.example.com/aims?tenant=1", "must not contain a query (?…)"],
  ["https://api.example.com/aims?", "must not contain a query (?…)"],
  ["https://api.example.com/aims#top", "must not contain a fragment (#…)"],
  ["https://api.example.com/aims#", "must not contain a fragment (#…)"],
  ["https://api.example.com/ai\r\nms", "must not contain spaces or control characters (CR, LF)"],
  ["https://api.example.com/aims\n", "must not contain spaces or control characters (CR, LF)"],
  ["https://api.exa\tmple.com/aims", "must not contain spaces or control characters (CR, LF)"],
  [" https://api.example.com/aims", "must not contain spaces or control characters (CR, LF)"],
  ["ftp://api.example.com/aims", "must be an http(s) URL"],
  ["api.example.com/aims", "must be an http(s) URL"]
]
const accepted = [
  "https://api.example.com/aims",
  "http://127.0.0.1:8080/aims",
  "http://127.1.2.3/aims",
  "http://localhost:9/aims",
  "http://LOCALHOST/aims",
  "http://fake.localhost/aims",
  "http://[::1]:8080/aims",
  "http://fake-airs.invalid/aims"
]

describe.each(OPTIONS)("the %s", (option) => {
  it.effect.each(refused)("%j is refused when the configuration is read, naming the option", ([url, rule]) =>
    Effect.gen(function* () {
      const expected = { _tag: "PayloadError", field: option, rule, issues: [{ field: option, rule }] }
      expect(yield* resolve({ [option]: url })).toEqual(Either.left(expect.objectContaining(expected)))
      expect(yield* resolve({}, { [VARIABLES[option]]: url })).toEqual(
        Either.left(expect.objectContaining(expected))
      )
    })
  )

  it.effect.each(accepted)("%j is accepted", (url) =>
    Effect.gen(function* () {
      const resolved = yield* resolve({ [option]: url })
      expect(Either.isRight(resolved) && resolved.right[option]).toBe(url)
    })
  )

  it.effect("plain http to any host is accepted with allowInsecureHttp, and nothing else is", () =>
    Effect.gen(function* () {
      const plain = yield* resolve({ [option]: "http://api.example.com/aims", allowInsecureHttp: true })
      expect(Either.isRight(plain) && plain.right[option]).toBe("http://api.example.com/aims")
      const query = yield* resolve({ [option]: "http://api.example.com/aims?x=1", allowInsecureHttp: true })
      expect(query).toEqual(
        Either.left(expect.objectContaining({ field: option, rule: "must not contain a query (?…)" }))
      )
    })
  )
})

describe("endpoints through the compat client", () => {
  it("plain http to another host throws at construction, naming the option", () => {
    expect(
      () => new ModelSecurityClient({ ...CREDENTIALS, dataEndpoint: "http://api.example.com/aims/data" })
    ).toThrow(`Invalid input: dataEndpoint: ${PLAIN_HTTP}`)
  })

  it("allowInsecureHttp lets it through", async () => {
    const client = new ModelSecurityClient({
      ...CREDENTIALS,
      dataEndpoint: "http://api.example.com/aims/data",
      allowInsecureHttp: true
    })
    await client.close()
  })

  it("allowInsecureHttp must be a boolean", () => {
    expect(
      () => new ModelSecurityClient({ ...CREDENTIALS, allowInsecureHttp: "yes" as unknown as boolean })
    ).toThrow("Invalid input: allowInsecureHttp: Expected boolean")
  })
})

/** A list server: `page(skip, limit)` answers each request. */
const listing =
  (
    page: (skip: number, limit: number) => { readonly items: ReadonlyArray<unknown>; readonly total?: number }
  ): Answer =>
  (request, response) => {
    const query = new URL(request.url ?? "/", "http://x").searchParams
    const { items, total } = page(Number(query.get("skip") ?? 0), Number(query.get("limit") ?? 100))
    json(response, 200, { scans: items, pagination: total === undefined ? {} : { total_items: total } })
  }

const ignoresSkip = (total?: number) =>
  listing((_, limit) => ({ items: scans.slice(0, limit), ...(total === undefined ? {} : { total }) }))

describe.each([1, 8])("offset streams that make no progress, %i page(s) at a time", (concurrency) => {
  it.live.each([
    ["ignoring skip, claiming 10^15 items", ignoresSkip(1e15)],
    ["ignoring skip, claiming 250 items", ignoresSkip(250)],
    ["ignoring skip, claiming no total", ignoresSkip()]
  ] as const)("a server %s ends the stream with a ServerError after the first page", ([, answer]) =>
    Effect.gen(function* () {
      const server = yield* served(answer)
      const seen: Array<unknown> = []
      const streamed = Effect.flatMap(Scans, (s) =>
        s.stream({}, { concurrency }).pipe(
          Stream.take(1000),
          Stream.runForEach((item) => Effect.sync(() => seen.push(item)))
        )
      )
      expect(yield* failureOver(streamed, undici, server)).toEqual({
        _tag: "ServerError",
        message:
          "GET /v1/scans answered skip=100 with the same items as skip=0: the server ignores skip, so the stream stops rather than repeat them",
        operation: "GET /v1/scans",
        reason: "Decode"
      })
      expect(seen).toHaveLength(100)
      // The first page, the repeat, and at most the pages fetched ahead.
      expect(server.requests("/aims").length).toBeLessThanOrEqual(2 + concurrency)
    }).pipe(Effect.scoped)
  )

  it.live.each([
    ["claiming 10^15 items, then answering empty pages", 1e15, 100],
    ["claiming 10^15 items on an empty first page", 1e15, 0],
    ["claiming 10^15 items, serving 250", 1e15, 250]
  ] as const)("a server %s ends the stream with what it served", ([, total, served_]) =>
    Effect.gen(function* () {
      const server = yield* served(
        listing((skip, limit) => ({ items: scans.slice(skip, Math.min(skip + limit, served_)), total }))
      )
      const items = yield* Effect.flatMap(Scans, (s) =>
        s.stream({}, { concurrency }).pipe(Stream.take(1000), Stream.runCollect)
      ).pipe(Effect.provide(servicesOver(undici, server)))
      expect(Chunk.toReadonlyArray(items).map((item) => item.uuid)).toEqual(
        scans.slice(0, served_).map((scan) => scan.uuid)
      )
      expect(server.requests("/aims").length).toBeLessThanOrEqual(Math.floor(served_ / 100) + 1 + concurrency)
    }).pipe(Effect.scoped)
  )
})

describe("offset streams that make no progress, through the compat client", () => {
  it("iterating a server that ignores skip throws SERVER_SIDE_ERROR after the first page", () =>
    withCompat({ api: ignoresSkip(1e15) }, async (client) => {
      let count = 0
      const error = await (async () => {
        for await (const _ of client.scans.iterate()) if (++count > 1000) break
      })().catch((e: unknown) => e)
      expect(count).toBe(100)
      expect(error).toBeInstanceOf(AISecSDKException)
      expect(error).toMatchObject({ errorType: ErrorType.SERVER_SIDE_ERROR })
    }))
})
