/**
 * The token and the retries against hostile `node:http` servers: a token fetch nobody waits for any
 * more is cancelled; token responses are read as RFC 6749 allows (numeric strings, no lifetime, Bearer
 * in any case) and refused otherwise; credentials are form-encoded before Basic; a `401` refreshes the
 * token once per call; `Retry-After` is read strictly and stretched at random; spans carry their
 * attributes and no stack trace.
 */
import type { ServerResponse } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, Effect, Fiber, TestClock } from "effect"
import { Scans } from "../src/index.js"
import { settle } from "./support/eventually.js"
import {
  type Answer,
  compatOptionsFor,
  exchanges,
  failureOf,
  issueToken,
  json,
  listen,
  served,
  servicesOver,
  TOKEN,
  until
} from "./support/hostile-server.js"
import { makeRecordingTracer } from "./support/tracer.js"

const PAGE = { scans: [], pagination: { total_items: 0 } }
/** The token as a JSON string literal. */
const T = JSON.stringify(TOKEN)
const page: Answer = (_, response) => json(response, 200, PAGE)

/** Never answers; the responses it holds, to answer later. */
const holding = () => {
  const held: Array<ServerResponse> = []
  const answer: Answer = (_, response) => {
    held.push(response)
  }
  return { held, answer }
}

describe.each(exchanges)("a token fetch nobody waits for, over %s", (_, exchange) => {
  it.live("is cancelled when its only caller is interrupted: the connection closes at once", () =>
    Effect.gen(function* () {
      const token = holding()
      const server = yield* served(page, token.answer)
      const layer = servicesOver(exchange, server, { timeout: "30 seconds" })
      yield* Effect.gen(function* () {
        const scans = yield* Scans
        const call = yield* Effect.fork(scans.list())
        expect(yield* until(() => token.held.length === 1)).toBe(true)
        yield* Fiber.interrupt(call)
        expect(yield* until(() => server.open() === 0)).toBe(true)
        // The next call fetches afresh, and succeeds once the server answers.
        const next = yield* Effect.fork(scans.list())
        expect(yield* until(() => token.held.length === 2)).toBe(true)
        issueToken(undefined as never, token.held[1]!, "")
        expect(yield* Fiber.join(next)).toEqual(PAGE)
      }).pipe(Effect.provide(layer))
    }).pipe(Effect.scoped)
  )

  it.live("goes on while another caller waits, and serves it", () =>
    Effect.gen(function* () {
      const token = holding()
      const server = yield* served(page, token.answer)
      yield* Effect.gen(function* () {
        const scans = yield* Scans
        const first = yield* Effect.fork(scans.list())
        const second = yield* Effect.fork(scans.list())
        expect(yield* until(() => token.held.length === 1)).toBe(true)
        yield* Fiber.interrupt(first)
        yield* settle
        expect(server.open()).toBe(1)
        issueToken(undefined as never, token.held[0]!, "")
        expect(yield* Fiber.join(second)).toEqual(PAGE)
        expect(server.requests("/oauth2")).toHaveLength(1)
      }).pipe(Effect.provide(servicesOver(exchange, server)))
    }).pipe(Effect.scoped)
  )
})

describe("a token fetch nobody waits for, through the compat client", () => {
  it("is cancelled when the call is aborted", async () => {
    const token = holding()
    const server = await listen(page, token.answer)
    const client = new ModelSecurityClient(compatOptionsFor(server))
    try {
      const controller = new AbortController()
      const call = client.scans.list({}, { signal: controller.signal }).catch((e: unknown) => e)
      await Effect.runPromise(until(() => token.held.length === 1))
      controller.abort(new Error("changed my mind"))
      expect(await call).toEqual(new Error("changed my mind"))
      expect(await Effect.runPromise(until(() => server.open() === 0))).toBe(true)
    } finally {
      await client.close()
      await server.close()
    }
  })
})

/** A token endpoint answering `body` (JSON text), counting what it gets. */
const tokenAnswering =
  (body: string): Answer =>
  (_, response) =>
    json(response, 200, body)

const undici = exchanges[1]![1]

describe("token responses", () => {
  it.live.each([
    ["expires_in as a numeric string", `{"access_token":${T},"token_type":"Bearer","expires_in":"900"}`],
    ["token_type in lower case", `{"access_token":${T},"token_type":"bearer","expires_in":900}`],
    ["token_type in upper case", `{"access_token":${T},"token_type":"BEARER","expires_in":900}`],
    ["no token_type", `{"access_token":${T},"expires_in":900}`]
  ] as const)("%s is a token, used for later calls", ([, body]) =>
    Effect.gen(function* () {
      const server = yield* served(page, tokenAnswering(body))
      yield* Effect.gen(function* () {
        const scans = yield* Scans
        yield* scans.list()
        yield* scans.list()
      }).pipe(Effect.provide(servicesOver(undici, server)))
      expect(server.requests("/oauth2")).toHaveLength(1)
      expect(server.requests("/aims").map((request) => request.headers.authorization)).toEqual([
        `Bearer ${TOKEN}`,
        `Bearer ${TOKEN}`
      ])
    }).pipe(Effect.scoped)
  )

  it.effect.each([
    ["missing", `{"access_token":${T},"token_type":"Bearer"}`],
    ["null", `{"access_token":${T},"token_type":"Bearer","expires_in":null}`]
  ] as const)(
    "expires_in %s gives the token five minutes, renewed 30 seconds early (TestClock)",
    ([, body]) =>
      Effect.gen(function* () {
        const server = yield* served(page, tokenAnswering(body))
        yield* Effect.gen(function* () {
          const scans = yield* Scans
          yield* scans.list()
          yield* TestClock.adjust("269 seconds")
          yield* scans.list()
          expect(server.requests("/oauth2")).toHaveLength(1)
          yield* TestClock.adjust("1 second")
          yield* scans.list()
          expect(server.requests("/oauth2")).toHaveLength(2)
        }).pipe(Effect.provide(servicesOver(undici, server)))
      }).pipe(Effect.scoped)
  )

  it.live.each([
    [
      "token_type MAC",
      `{"access_token":${T},"token_type":"mac","expires_in":900}`,
      'the token_type is "mac", not Bearer'
    ],
    [
      "token_type empty",
      `{"access_token":${T},"token_type":"","expires_in":900}`,
      'the token_type is "", not Bearer'
    ],
    [
      "expires_in a word",
      `{"access_token":${T},"expires_in":"soon"}`,
      "expires_in is not a number of seconds"
    ],
    ["expires_in hex", `{"access_token":${T},"expires_in":"0x10"}`, "expires_in is not a number of seconds"],
    [
      "expires_in zero",
      `{"access_token":${T},"expires_in":0}`,
      "expires_in is not a positive number of seconds"
    ],
    [
      "expires_in negative",
      `{"access_token":${T},"expires_in":-60}`,
      "expires_in is not a positive number of seconds"
    ],
    ["no access_token", `{"token_type":"Bearer","expires_in":900}`, "the response holds no access_token"],
    ["an empty access_token", `{"access_token":"","expires_in":900}`, "the response holds no access_token"],
    ["an array", `[]`, "the response holds no access_token (it is not a JSON object)"]
  ] as const)("%s is an OAuthError saying so, not retried", ([, body, says]) =>
    Effect.gen(function* () {
      const server = yield* served(page, tokenAnswering(body))
      const exit = yield* Effect.exit(
        Effect.flatMap(Scans, (scans) => scans.list()).pipe(
          Effect.provide(servicesOver(undici, server, { maxRetries: 5 }))
        )
      )
      expect(failureOf(exit)).toEqual({
        _tag: "OAuthError",
        message: `Token request failed: ${says}`,
        status: 200
      })
      expect(server.requests("/oauth2")).toHaveLength(1)
      expect(server.requests("/aims")).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live("client id and secret are form-encoded before Basic (RFC 6749 §2.3.1)", () =>
    Effect.gen(function* () {
      const server = yield* served(page)
      yield* Effect.flatMap(Scans, (scans) => scans.list()).pipe(
        Effect.provide(
          servicesOver(undici, server, { clientId: "id:with space+é", clientSecret: 's/é"+=%:x y' })
        )
      )
      const header = server.requests("/oauth2")[0]!.headers.authorization!
      expect(header).toBe(`Basic ${btoa("id%3Awith+space%2B%C3%A9:s%2F%C3%A9%22%2B%3D%25%3Ax+y")}`)
    }).pipe(Effect.scoped)
  )
})

describe("a 401", () => {
  /** Answers the API with `statuses` in turn, the last repeating. */
  const answering =
    (statuses: ReadonlyArray<number>): Answer =>
    (_, response) => {
      const status = statuses[Math.min(answered++, statuses.length - 1)]!
      json(
        response,
        status,
        status === 200 ? PAGE : { detail: `status ${status}` },
        status === 401 ? {} : { "retry-after": "0" }
      )
    }
  let answered = 0

  it.live("refreshes the token once per call, not once per attempt (429 and 401 in turn)", () =>
    Effect.gen(function* () {
      answered = 0
      const server = yield* served(answering([429, 401, 429, 401, 429, 401, 429, 401, 429, 401, 429, 401]))
      const exit = yield* Effect.exit(
        Effect.flatMap(Scans, (scans) => scans.list()).pipe(
          Effect.provide(servicesOver(undici, server, { maxRetries: 5 }))
        )
      )
      expect(failureOf(exit)).toMatchObject({ _tag: "ClientError", status: 401 })
      expect(server.requests("/aims")).toHaveLength(4)
      expect(server.requests("/oauth2")).toHaveLength(2)
    }).pipe(Effect.scoped)
  )

  it.live("answered again after the refresh is the call's error", () =>
    Effect.gen(function* () {
      answered = 0
      const server = yield* served(answering([401]))
      const exit = yield* Effect.exit(
        Effect.flatMap(Scans, (scans) => scans.list()).pipe(
          Effect.provide(servicesOver(undici, server, { maxRetries: 5 }))
        )
      )
      expect(failureOf(exit)).toEqual({
        _tag: "ClientError",
        message: "GET /v1/scans failed (401): status 401",
        status: 401,
        operation: "GET /v1/scans",
        reason: "Status"
      })
      expect(server.requests("/aims")).toHaveLength(2)
      expect(server.requests("/oauth2")).toHaveLength(2)
    }).pipe(Effect.scoped)
  )

  it.live("once refreshed, lets the retries go on", () =>
    Effect.gen(function* () {
      answered = 0
      const server = yield* served(answering([401, 503, 503, 200]))
      const result = yield* Effect.flatMap(Scans, (scans) => scans.list()).pipe(
        Effect.provide(servicesOver(undici, server, { maxRetries: 5 }))
      )
      expect(result).toEqual(PAGE)
      expect(server.requests("/aims")).toHaveLength(4)
      expect(server.requests("/oauth2")).toHaveLength(2)
    }).pipe(Effect.scoped)
  )
})

describe("Retry-After", () => {
  /** A 503 with `retryAfter` first, then the page. */
  const retryingAfter = (retryAfter: string): Answer => {
    let first = true
    return (_, response) => {
      if (first) {
        first = false
        json(response, 503, { detail: "busy" }, { "retry-after": retryAfter })
      } else json(response, 200, PAGE)
    }
  }

  /**
   * How long a call waits (TestClock) before its retry, the server answering 503 with `retryAfter`
   * first: read from the sleep the retry schedules, then the call is let through.
   */
  const waitBeforeRetry = (retryAfter: string) =>
    Effect.gen(function* () {
      const server = yield* served(retryingAfter(retryAfter))
      const fiber = yield* Effect.fork(
        Effect.flatMap(Scans, (scans) => scans.list()).pipe(
          Effect.provide(servicesOver(undici, server, { maxRetries: 1 }))
        )
      )
      let wait = 0
      for (let i = 0; i < 600; i++) {
        const sleeps = yield* TestClock.sleeps()
        if (sleeps.length > 0) {
          wait = Chunk.unsafeHead(sleeps) - (yield* TestClock.currentTimeMillis)
          break
        }
        if (server.requests("/aims").length === 2) break
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
      }
      yield* TestClock.adjust(wait)
      expect(yield* Fiber.join(fiber)).toEqual(PAGE)
      expect(server.requests("/aims")).toHaveLength(2)
      return wait
    }).pipe(Effect.scoped)

  it.effect.each([
    ["3", 3000, 3600],
    [" 3\t", 3000, 3600],
    ["Thu, 01 Jan 1970 00:00:05 GMT", 5000, 6000],
    ["Thursday, 01-Jan-70 00:00:05 GMT", 5000, 6000],
    ["Thu Jan  1 00:00:05 1970", 5000, 6000],
    ["Wed, 31 Dec 1969 23:00:00 GMT", 0, 0]
  ] as const)("%j is honoured, stretched by at most a fifth (TestClock)", ([retryAfter, least, most]) =>
    Effect.gen(function* () {
      const wait = yield* waitBeforeRetry(retryAfter)
      expect(wait).toBeGreaterThanOrEqual(least)
      expect(wait).toBeLessThanOrEqual(most)
    })
  )

  it.effect.each([
    "0x3",
    "1e1",
    "3.5",
    "-1",
    "+3",
    "3 seconds",
    "2030-01-01T00:00:00Z",
    "Thu, 01 Jan 1970 00:00:05"
  ])("%j is not a Retry-After: the backoff of 250 ms ± 20%% applies (TestClock)", (retryAfter) =>
    Effect.gen(function* () {
      const wait = yield* waitBeforeRetry(retryAfter)
      expect(wait).toBeGreaterThanOrEqual(200)
      expect(wait).toBeLessThanOrEqual(300)
    })
  )

  it.effect("clients told the same Retry-After do not all return at once (TestClock)", () =>
    Effect.gen(function* () {
      const waits: Array<number> = []
      for (let i = 0; i < 12; i++) waits.push(yield* waitBeforeRetry("10"))
      for (const wait of waits) {
        expect(wait).toBeGreaterThanOrEqual(10_000)
        expect(wait).toBeLessThanOrEqual(12_000)
      }
      expect(new Set(waits).size).toBeGreaterThan(6)
    })
  )
})

describe("spans", () => {
  it.live("carry method, route, status and attempts, and no stack trace, the token fetch's too", () =>
    Effect.gen(function* () {
      const server = yield* served(page)
      const { spans, layer } = makeRecordingTracer()
      yield* Effect.flatMap(Scans, (scans) => scans.list()).pipe(
        Effect.provide(servicesOver(undici, server)),
        Effect.provide(layer)
      )
      const byName = Object.fromEntries(spans.map((span) => [span.name, Object.fromEntries(span.attributes)]))
      expect(byName).toEqual({
        "AccessToken.fetch": {
          "http.request.method": "POST",
          "http.response.status_code": 200,
          "airs.attempts": 1
        },
        "Scans.list": {
          "http.request.method": "GET",
          "url.template": "/v1/scans",
          "http.response.status_code": 200,
          "airs.attempts": 1
        }
      })
    }).pipe(Effect.scoped)
  )
})
