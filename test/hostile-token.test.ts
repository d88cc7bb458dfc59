/**
 * The token and the retries against hostile `node:http` servers: a token fetch nobody waits for any
 * more is cancelled; token responses are read as RFC 6749 allows (numeric strings, no lifetime, Bearer
 * in any case; a lifetime of zero or less serves the calls at hand and is not cached) and refused
 * otherwise; the credentials travel in Basic as they are, as the API documents (`curl -u id:secret`), and
 * a client id holding `:` is refused before anything is sent; a `401` refreshes the token once per call;
 * `Retry-After` is read strictly and stretched at random; the compat client's `numRetries` is clamped to
 * 0–5; spans carry their attributes and no stack trace.
 */
import type { ServerResponse } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, ConfigProvider, Effect, Fiber, TestClock } from "effect"
import { Scans } from "../src/index.js"
import { settle } from "./support/eventually.js"
import {
  type Answer,
  compatOptionsFor,
  exchanges,
  failureOver,
  issueToken,
  json,
  listScans,
  served,
  servicesOver,
  TOKEN,
  undici,
  until,
  withCompat,
  withServer
} from "./support/hostile-server.js"
import { leaksOf, printedForms } from "./support/printed.js"
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
  it("is cancelled when the call is aborted", () => {
    const token = holding()
    return withCompat({ api: page, token: token.answer }, async (client, server) => {
      const controller = new AbortController()
      const call = client.scans.list({}, { signal: controller.signal }).catch((e: unknown) => e)
      await Effect.runPromise(until(() => token.held.length === 1))
      controller.abort(new Error("changed my mind"))
      expect(await call).toEqual(new Error("changed my mind"))
      expect(await Effect.runPromise(until(() => server.open() === 0))).toBe(true)
    })
  })
})

/** A token endpoint answering `body` (JSON text), counting what it gets. */
const tokenAnswering =
  (body: string): Answer =>
  (_, response) =>
    json(response, 200, body)

describe("token responses", () => {
  it.live.each([
    ["expires_in as a numeric string", `{"access_token":${T},"token_type":"Bearer","expires_in":"900"}`],
    [
      "expires_in as a padded numeric string",
      `{"access_token":${T},"token_type":"Bearer","expires_in":" 900 "}`
    ],
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
      "expires_in signed twice",
      `{"access_token":${T},"expires_in":"--60"}`,
      "expires_in is not a number of seconds"
    ],
    [
      "expires_in plus-signed",
      `{"access_token":${T},"expires_in":"+900"}`,
      "expires_in is not a number of seconds"
    ],
    [
      "expires_in too large to be finite",
      `{"access_token":${T},"expires_in":1e400}`,
      "expires_in is not a finite number of seconds"
    ],
    [
      "expires_in a numeric string too long to be finite",
      `{"access_token":${T},"expires_in":"${"9".repeat(400)}"}`,
      "expires_in is not a finite number of seconds"
    ],
    ["no access_token", `{"token_type":"Bearer","expires_in":900}`, "the response holds no access_token"],
    ["an empty access_token", `{"access_token":"","expires_in":900}`, "the response holds no access_token"],
    ["an array", `[]`, "the response holds no access_token (it is not a JSON object)"]
  ] as const)("%s is an OAuthError saying so, not retried", ([, body, says]) =>
    Effect.gen(function* () {
      const server = yield* served(page, tokenAnswering(body))
      expect(yield* failureOver(listScans, undici, server, { maxRetries: 5 })).toEqual({
        _tag: "OAuthError",
        message: `Token request failed: ${says}`,
        status: 200
      })
      expect(server.requests("/oauth2")).toHaveLength(1)
      expect(server.requests("/aims")).toEqual([])
    }).pipe(Effect.scoped)
  )
})

/** Bodies whose `expires_in` is zero or less: a token all the same, for the calls that waited for it. */
const GIVEN_NO_TIME = [
  ["0", `{"access_token":${T},"token_type":"Bearer","expires_in":0}`],
  ["-60", `{"access_token":${T},"token_type":"Bearer","expires_in":-60}`],
  ['"0"', `{"access_token":${T},"token_type":"Bearer","expires_in":"0"}`],
  ['"-60"', `{"access_token":${T},"token_type":"Bearer","expires_in":"-60"}`],
  ['" -60 "', `{"access_token":${T},"token_type":"Bearer","expires_in":" -60 "}`]
] as const

describe("expires_in", () => {
  it.live.each([
    ...GIVEN_NO_TIME,
    ["missing", `{"access_token":${T},"token_type":"Bearer"}`],
    ["null", `{"access_token":${T},"token_type":"Bearer","expires_in":null}`],
    ['"900"', `{"access_token":${T},"token_type":"Bearer","expires_in":"900"}`]
  ] as const)("%s serves the call, through the Effect API and the compat client", ([, body]) =>
    Effect.gen(function* () {
      const server = yield* served(page, tokenAnswering(body))
      expect(yield* listScans.pipe(Effect.provide(servicesOver(undici, server)))).toEqual(PAGE)
      const client = new ModelSecurityClient(compatOptionsFor(server))
      try {
        expect(yield* Effect.promise(() => client.scans.list())).toEqual(PAGE)
      } finally {
        yield* Effect.promise(() => client.close())
      }
      expect(server.requests("/aims").map((request) => request.headers.authorization)).toEqual([
        `Bearer ${TOKEN}`,
        `Bearer ${TOKEN}`
      ])
    }).pipe(Effect.scoped)
  )

  it.effect.each(GIVEN_NO_TIME)(
    "%s is not cached: each call in turn fetches a token, no time passing (TestClock)",
    ([, body]) =>
      Effect.gen(function* () {
        const server = yield* served(page, tokenAnswering(body))
        yield* Effect.gen(function* () {
          const scans = yield* Scans
          expect(yield* scans.list()).toEqual(PAGE)
          expect(server.requests("/oauth2")).toHaveLength(1)
          expect(yield* scans.list()).toEqual(PAGE)
          expect(server.requests("/oauth2")).toHaveLength(2)
          expect(yield* scans.list()).toEqual(PAGE)
          expect(server.requests("/oauth2")).toHaveLength(3)
        }).pipe(Effect.provide(servicesOver(undici, server)))
        expect(server.requests("/aims").map((request) => request.headers.authorization)).toEqual([
          `Bearer ${TOKEN}`,
          `Bearer ${TOKEN}`,
          `Bearer ${TOKEN}`
        ])
      }).pipe(Effect.scoped)
  )

  it.effect.each(GIVEN_NO_TIME)(
    "%s is fetched once for 20 concurrent cold callers, and serves them all (TestClock)",
    ([, body]) =>
      Effect.gen(function* () {
        const token = holding()
        const server = yield* served(page, token.answer)
        yield* Effect.gen(function* () {
          const scans = yield* Scans
          const calls = yield* Effect.fork(
            Effect.all(
              Array.from({ length: 20 }, () => scans.list()),
              { concurrency: "unbounded" }
            )
          )
          expect(yield* until(() => token.held.length === 1)).toBe(true)
          yield* settle
          json(token.held[0]!, 200, body)
          expect(yield* Fiber.join(calls)).toEqual(Array.from({ length: 20 }, () => PAGE))
          expect(server.requests("/oauth2")).toHaveLength(1)
          expect(server.requests("/aims")).toHaveLength(20)
          // The next call, alone, fetches its own.
          const next = yield* Effect.fork(scans.list())
          expect(yield* until(() => token.held.length === 2)).toBe(true)
          json(token.held[1]!, 200, body)
          expect(yield* Fiber.join(next)).toEqual(PAGE)
          expect(server.requests("/oauth2")).toHaveLength(2)
        }).pipe(Effect.provide(servicesOver(undici, server)))
      }).pipe(Effect.scoped)
  )

  it.live("a token given no time that the API answers 401 is fetched again once, and the call fails", () =>
    Effect.gen(function* () {
      const server = yield* served(
        (_, response) => json(response, 401, { detail: "expired" }),
        tokenAnswering(`{"access_token":${T},"expires_in":0}`)
      )
      expect(yield* failureOver(listScans, undici, server, { maxRetries: 5 })).toEqual({
        _tag: "ClientError",
        message: "GET /v1/scans failed (401): expired",
        status: 401,
        operation: "GET /v1/scans",
        reason: "Status"
      })
      expect(server.requests("/oauth2")).toHaveLength(2)
      expect(server.requests("/aims")).toHaveLength(2)
    }).pipe(Effect.scoped)
  )
})

/** A service-account id as the API issues them, and a secret with the punctuation secrets hold. */
const SVC_ID = "svc@1234567890.iam.panserviceaccount.com"
const SVC_SECRET = "p/q+r=s%25t@u:v%w:é-x"
const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
/** `Authorization: Basic` over the UTF-8 bytes of `user:password`. */
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`
/** As the API documents it: `curl -u "$CLIENT_ID:$CLIENT_SECRET"`, the values as they are. */
const RAW_BASIC = basic(SVC_ID, SVC_SECRET)
/** With id and secret form-encoded first (RFC 6749 §2.3.1), which is not what is sent. */
const FORM_BASIC = basic(formEncoded(SVC_ID), formEncoded(SVC_SECRET))
const REFUSAL = { error: "invalid_client", error_description: "Client authentication failed" }

/** A token endpoint that issues `TOKEN` to requests carrying `authorization`, and refuses any other. */
const acceptingOnly =
  (authorization: string): Answer =>
  (request, response) =>
    request.headers.authorization === authorization
      ? issueToken(request, response, "")
      : json(response, 401, REFUSAL)

/** What `construct` throws ("constructed" when it throws nothing). */
const thrown = (construct: () => unknown) => {
  try {
    construct()
  } catch (e) {
    return e
  }
  return "constructed"
}

/** A tagged error's own fields and its message, to compare with `toEqual`. */
const fieldsOf = (error: { readonly message: string }) => ({ ...error, message: error.message })

const COLON_RULE = "must not contain ':' (HTTP Basic credentials cannot carry it)"
/** The PayloadError a client id holding `:` gives: neither the id nor the secret in it. */
const COLON_ERROR = {
  _tag: "PayloadError",
  message: `Invalid input: clientId: ${COLON_RULE}`,
  field: "clientId",
  rule: COLON_RULE,
  issues: [{ field: "clientId", rule: COLON_RULE }]
}

describe("Basic credentials", () => {
  it.live("a server accepting only the id and secret as they are serves the Effect API", () =>
    Effect.gen(function* () {
      const server = yield* served(page, acceptingOnly(RAW_BASIC))
      const result = yield* listScans.pipe(
        Effect.provide(servicesOver(undici, server, { clientId: SVC_ID, clientSecret: SVC_SECRET }))
      )
      expect(result).toEqual(PAGE)
      expect(server.requests("/oauth2").map((request) => request.headers.authorization)).toEqual([RAW_BASIC])
      expect(server.requests("/aims").map((request) => request.headers.authorization)).toEqual([
        `Bearer ${TOKEN}`
      ])
    }).pipe(Effect.scoped)
  )

  it("a server accepting only the id and secret as they are serves the compat client", () =>
    withCompat(
      { api: page, token: acceptingOnly(RAW_BASIC), clientId: SVC_ID, clientSecret: SVC_SECRET },
      async (client, server) => {
        expect(await client.scans.list()).toEqual(PAGE)
        expect(server.requests("/oauth2").map((request) => request.headers.authorization)).toEqual([
          RAW_BASIC
        ])
      }
    ))

  it.live("a server accepting only form-encoded credentials: the OAuthError users see", () =>
    Effect.gen(function* () {
      expect(FORM_BASIC).not.toBe(RAW_BASIC)
      const server = yield* served(page, acceptingOnly(FORM_BASIC))
      expect(
        yield* failureOver(listScans, undici, server, {
          clientId: SVC_ID,
          clientSecret: SVC_SECRET,
          maxRetries: 5
        })
      ).toEqual({
        _tag: "OAuthError",
        message: "Token request failed (401 invalid_client): Client authentication failed",
        status: 401,
        error: "invalid_client",
        errorDescription: "Client authentication failed"
      })
      // A refusal is not retried.
      expect(server.requests("/oauth2").map((request) => request.headers.authorization)).toEqual([RAW_BASIC])
      expect(server.requests("/aims")).toEqual([])
    }).pipe(Effect.scoped)
  )

  it("a server accepting only form-encoded credentials: the AISecSDKException users see", () =>
    withCompat(
      { api: page, token: acceptingOnly(FORM_BASIC), clientId: SVC_ID, clientSecret: SVC_SECRET },
      async (client, server) => {
        const error = await client.scans.list().catch((e: unknown) => e)
        expect(error).toBeInstanceOf(AISecSDKException)
        expect((error as AISecSDKException).toJSON()).toEqual({
          name: "AISecSDKException",
          errorType: ErrorType.OAUTH_ERROR,
          message: "Token request failed (401 invalid_client): Client authentication failed",
          statusCode: 401
        })
        expect(fieldsOf((error as AISecSDKException).cause)).toEqual({
          _tag: "OAuthError",
          message: "Token request failed (401 invalid_client): Client authentication failed",
          status: 401,
          error: "invalid_client",
          errorDescription: "Client authentication failed"
        })
        expect(server.requests("/oauth2").map((request) => request.headers.authorization)).toEqual([
          RAW_BASIC
        ])
      }
    ))

  it.live("a client id holding ':' is a PayloadError naming clientId, and nothing is sent (Effect API)", () =>
    Effect.gen(function* () {
      const server = yield* served(page)
      expect(
        yield* failureOver(listScans, undici, server, { clientId: "svc:1@x", clientSecret: SVC_SECRET })
      ).toEqual(COLON_ERROR)
      expect(server.seen).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live.each(["PANW_MODEL_SEC_CLIENT_ID", "PANW_MGMT_CLIENT_ID"])(
    "a client id holding ':' in %s is a PayloadError naming clientId, and nothing is sent",
    (variable) =>
      Effect.gen(function* () {
        const server = yield* served(page)
        const failure = yield* failureOver(listScans, undici, server, { clientId: undefined }).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([[variable, "svc:1@x"]])))
        )
        expect(failure).toEqual(COLON_ERROR)
        expect(server.seen).toEqual([])
      }).pipe(Effect.scoped)
  )

  it("a client id holding ':', as an option or in the environment, throws at construction (compat)", () =>
    withServer({ api: page }, async (server) => {
      const { clientId: _, ...withoutId } = compatOptionsFor(server, { clientSecret: SVC_SECRET })
      const saved = process.env.PANW_MODEL_SEC_CLIENT_ID
      try {
        process.env.PANW_MODEL_SEC_CLIENT_ID = "svc:2@env"
        const errors = [
          thrown(() => new ModelSecurityClient({ ...withoutId, clientId: "svc:1@x" })),
          thrown(() => new ModelSecurityClient(withoutId))
        ]
        for (const error of errors) {
          expect(error).toBeInstanceOf(AISecSDKException)
          expect((error as AISecSDKException).toJSON()).toEqual({
            name: "AISecSDKException",
            errorType: ErrorType.USER_REQUEST_PAYLOAD_ERROR,
            message: `Invalid input: clientId: ${COLON_RULE}`,
            statusCode: undefined
          })
          expect(fieldsOf((error as AISecSDKException).cause)).toEqual(COLON_ERROR)
          expect(leaksOf(printedForms("construction", error), ["svc:1@x", "svc:2@env", SVC_SECRET])).toEqual(
            []
          )
        }
        expect(server.seen).toEqual([])
      } finally {
        if (saved === undefined) delete process.env.PANW_MODEL_SEC_CLIENT_ID
        else process.env.PANW_MODEL_SEC_CLIENT_ID = saved
      }
    }))

  it.live("a secret holding ':' travels as it is", () =>
    Effect.gen(function* () {
      const secret = "a:b:c"
      const server = yield* served(page, acceptingOnly(basic(SVC_ID, secret)))
      const result = yield* listScans.pipe(
        Effect.provide(servicesOver(undici, server, { clientId: SVC_ID, clientSecret: secret }))
      )
      expect(result).toEqual(PAGE)
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
      expect(yield* failureOver(listScans, undici, server, { maxRetries: 5 })).toMatchObject({
        _tag: "ClientError",
        status: 401
      })
      expect(server.requests("/aims")).toHaveLength(4)
      expect(server.requests("/oauth2")).toHaveLength(2)
    }).pipe(Effect.scoped)
  )

  it.live("answered again after the refresh is the call's error", () =>
    Effect.gen(function* () {
      answered = 0
      const server = yield* served(answering([401]))
      expect(yield* failureOver(listScans, undici, server, { maxRetries: 5 })).toEqual({
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
      const result = yield* listScans.pipe(Effect.provide(servicesOver(undici, server, { maxRetries: 5 })))
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
        listScans.pipe(Effect.provide(servicesOver(undici, server, { maxRetries: 1 })))
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

describe("the compat client's numRetries", () => {
  /** A 503 every time, with `Retry-After: 0` so that each retry comes at once. */
  const busy: Answer = (_, response) => json(response, 503, { detail: "busy" }, { "retry-after": "0" })

  it.each([
    [10, 5],
    [Number.MAX_SAFE_INTEGER, 5],
    [5, 5],
    [undefined, 5],
    [2, 2],
    [0, 0],
    [-1, 0],
    [-1000, 0]
  ] as const)("%s is clamped as the existing SDK does: %i retries", (numRetries, retries) =>
    withServer({ api: busy }, async (server) => {
      const { numRetries: _, ...options } = compatOptionsFor(server)
      const client = new ModelSecurityClient(numRetries === undefined ? options : { ...options, numRetries })
      try {
        const error = await client.scans.list().catch((e: unknown) => e)
        expect((error as AISecSDKException).toJSON()).toEqual({
          name: "AISecSDKException",
          errorType: ErrorType.SERVER_SIDE_ERROR,
          message: "GET /v1/scans failed (503): busy",
          statusCode: 503
        })
        expect(server.requests("/aims")).toHaveLength(retries + 1)
      } finally {
        await client.close()
      }
    })
  )

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "3", null])(
    "%s throws USER_REQUEST_PAYLOAD_ERROR naming numRetries at construction",
    (numRetries) =>
      withServer({ api: page }, async (server) => {
        const error = thrown(
          () => new ModelSecurityClient({ ...compatOptionsFor(server), numRetries: numRetries as number })
        )
        expect(error).toBeInstanceOf(AISecSDKException)
        expect((error as AISecSDKException).toJSON()).toEqual({
          name: "AISecSDKException",
          errorType: ErrorType.USER_REQUEST_PAYLOAD_ERROR,
          message: "Invalid input: numRetries: must be a finite integer",
          statusCode: undefined
        })
        expect(server.seen).toEqual([])
      })
  )
})

describe("spans", () => {
  it.live("carry method, route, status and attempts, and no stack trace, the token fetch's too", () =>
    Effect.gen(function* () {
      const server = yield* served(page)
      const { spans, layer } = makeRecordingTracer()
      yield* listScans.pipe(Effect.provide(servicesOver(undici, server)), Effect.provide(layer))
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
