/**
 * Servers that echo secrets back, JSON-escaped (`\/`, `\"`, `\uXXXX`), URL-encoded or as sent, and
 * servers that put control characters or megabytes into their messages: no secret reaches an error
 * (however printed), a span or a log, in the Effect API or the compat client, and what a server says
 * is cut to a sane length with its control characters escaped.
 */
import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException } from "@effect-airs/model-security/compat"
import { Effect } from "effect"
import {
  type Answer,
  CLIENT_ID,
  CLIENT_SECRET,
  exchanges,
  failureOf,
  failureOver,
  json,
  listScans,
  served,
  servicesOver,
  TOKEN,
  withCompat,
  withServer
} from "./support/hostile-server.js"
import { leaksOf, makeRecorder, printedForms } from "./support/printed.js"

const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
/** The Basic credentials as sent: `id:secret` as they are, in base64 (`curl -u`). */
const BASIC = btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)
/** The Basic credentials with id and secret form-encoded first (RFC 6749 §2.3.1): not sent, still secret. */
const FORM_BASIC = btoa(`${formEncoded(CLIENT_ID)}:${formEncoded(CLIENT_SECRET)}`)
/** The raw forms that must never be printed (the Basic value with and without the form encoding). */
const SECRETS = [
  CLIENT_SECRET,
  TOKEN,
  BASIC,
  FORM_BASIC,
  encodeURIComponent(CLIENT_SECRET),
  formEncoded(CLIENT_SECRET)
]

/** `value` as a JSON string literal's inside, in one of the ways a server may encode it. */
const encodings: ReadonlyArray<readonly [string, (value: string) => string]> = [
  ["plain JSON", (value) => JSON.stringify(value).slice(1, -1)],
  ["\\/ for /", (value) => JSON.stringify(value).slice(1, -1).replaceAll("/", "\\/")],
  [
    "every character as \\uXXXX",
    (value) => Array.from(value, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
  ],
  [
    "every other character as \\uXXXX",
    (value) =>
      Array.from(value, (char, index) =>
        index % 2 === 0
          ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`
          : JSON.stringify(char).slice(1, -1)
      ).join("")
  ],
  ["URL-encoded", (value) => encodeURIComponent(value)],
  [
    "escaped twice (a JSON text in a string)",
    (value) => JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1)
  ]
]

/** A JSON body text (as the server writes it) saying each secret in the `encode`d form. */
const echoing = (encode: (value: string) => string, shape: "detail" | "issues" | "message") => {
  const [secret, token, basic] = [encode(CLIENT_SECRET), encode(TOKEN), encode(BASIC)]
  switch (shape) {
    case "detail":
      return `{"detail":"secret ${secret} token ${token} basic ${basic}"}`
    case "message":
      return `{"message":"secret ${secret}","error":"token ${token} basic ${basic}"}`
    case "issues":
      return `{"detail":[{"loc":["body","${token}"],"msg":"secret ${secret}","type":"basic ${basic}"}]}`
  }
}

/**
 * `Scans.list()` over `exchange` against a server answering `api` (and `token`), run as an application
 * would: its failure, and where any secret was printed (the error, the cause, a span or a log line).
 */
const listAgainst = (exchange: (typeof exchanges)[number][1], api: Answer, token?: Answer) =>
  withServer({ api, token }, async (server) => {
    const recorder = makeRecorder()
    const exit = await recorder.run("list", listScans, servicesOver(exchange, server, { maxRetries: 1 }))
    return { failure: failureOf(exit), leaks: leaksOf(recorder.all(), SECRETS) }
  })

describe.each(exchanges)("secrets echoed back, over %s", (_, exchange) => {
  describe.each(encodings)("%s", (__, encode) => {
    it.each([
      [400, "detail"],
      [422, "issues"],
      [503, "message"]
    ] as const)("in a %i (%s) reach no error, span or log", async (status, shape) => {
      const { failure, leaks } = await listAgainst(exchange, (___, response) =>
        json(response, status, echoing(encode, shape))
      )
      expect(failure).toMatchObject({ _tag: status >= 500 ? "ServerError" : "ClientError", status })
      expect((failure as { message: string }).message).toContain("[redacted]")
      expect(leaks).toEqual([])
    })

    it.each([
      [
        "the token endpoint's refusal",
        401,
        `{"error":"invalid_client","error_description":"bad ${encode(CLIENT_SECRET)} from ${encode(BASIC)} or ${encode(FORM_BASIC)}"}`,
        {
          _tag: "OAuthError",
          message: "Token request failed (401 invalid_client): bad [redacted] from [redacted] or [redacted]",
          status: 401,
          error: "invalid_client",
          errorDescription: "bad [redacted] from [redacted] or [redacted]"
        }
      ],
      [
        "a token_type that is not Bearer",
        200,
        `{"access_token":"${encode(TOKEN)}","token_type":"mac ${encode(TOKEN)}","expires_in":900}`,
        {
          _tag: "OAuthError",
          message: 'Token request failed: the token_type is "mac [redacted]", not Bearer',
          status: 200
        }
      ]
    ] as const)("in %s reach no error, span or log", async (___, status, body, expected) => {
      const { failure, leaks } = await listAgainst(
        exchange,
        (____, response) => json(response, 200, "{}"),
        (____, response) => json(response, status, body)
      )
      expect(failure).toEqual(expected)
      expect(leaks).toEqual([])
    })
  })
})

describe("secrets echoed back, through the compat client", () => {
  it.each(encodings)("%s in a 400 reach no part of the AISecSDKException", (_, encode) =>
    withCompat({ api: (__, response) => json(response, 400, echoing(encode, "detail")) }, async (client) => {
      const error = await client.scans.list().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AISecSDKException)
      expect(leaksOf(printedForms("compat", error), SECRETS)).toEqual([])
      expect((error as Error).message).toBe(
        "GET /v1/scans failed (400): secret [redacted] token [redacted] basic [redacted]"
      )
    })
  )
})

/** Control characters and terminal sequences a server might use to forge log lines. */
const FORGERY = 'ok\r\n2026-01-01 level=INFO msg="all good"\u001b[2K\u001b[1A\u0000\u0085\u2028\u202eevil'
const ESCAPED =
  'ok\\u000d\\u000a2026-01-01 level=INFO msg="all good"\\u001b[2K\\u001b[1A\\u0000\\u0085\\u2028\\u202eevil'
/** No C0 or C1 control, line separator or bidirectional override. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe.each(exchanges)("server text in errors, over %s", (_, exchange) => {
  it.live("control characters in a message are escaped", () =>
    Effect.gen(function* () {
      const server = yield* served((__, response) => json(response, 400, { detail: FORGERY }))
      expect(yield* failureOver(listScans, exchange, server)).toMatchObject({
        _tag: "ClientError",
        message: `GET /v1/scans failed (400): ${ESCAPED}`
      })
    }).pipe(Effect.scoped)
  )

  it.live("control characters in validation issues are escaped, in the message and in detail", () =>
    Effect.gen(function* () {
      const server = yield* served((__, response) =>
        json(response, 422, { detail: [{ loc: ["query", FORGERY], msg: FORGERY, type: FORGERY }] })
      )
      expect(yield* failureOver(listScans, exchange, server)).toMatchObject({
        _tag: "ClientError",
        message: `GET /v1/scans failed (422): query.${ESCAPED}: ${ESCAPED}`,
        detail: [{ loc: ["query", ESCAPED], msg: ESCAPED, type: ESCAPED }]
      })
    }).pipe(Effect.scoped)
  )

  it.live("a 5 MB message is cut to 1,000 characters, saying how long it was", () =>
    Effect.gen(function* () {
      const huge = `${"x".repeat(999)}\n${"y".repeat(5_000_000)}`
      const server = yield* served((__, response) => json(response, 500, { message: huge }))
      const failure = (yield* failureOver(listScans, exchange, server)) as { message: string }
      expect(failure).toMatchObject({ _tag: "ServerError", status: 500 })
      expect(failure.message).toBe(
        `GET /v1/scans failed (500): ${"x".repeat(999)}\\… (cut from 5001000 characters)`
      )
      expect(failure.message).not.toMatch(CONTROL)
    }).pipe(Effect.scoped)
  )

  it.live("10,000 validation issues keep 50, and the message is cut", () =>
    Effect.gen(function* () {
      const issues = Array.from({ length: 10_000 }, (__, i) => ({
        loc: ["body", `f${i}`],
        msg: "bad",
        type: "t"
      }))
      const server = yield* served((__, response) => json(response, 422, { detail: issues }))
      const failure = (yield* failureOver(listScans, exchange, server)) as {
        message: string
        detail: ReadonlyArray<unknown>
      }
      expect(failure.detail).toHaveLength(50)
      expect(failure.detail[49]).toEqual({ loc: ["body", "f49"], msg: "bad", type: "t" })
      expect(failure.message.length).toBeLessThan(1100)
    }).pipe(Effect.scoped)
  )

  it.live("the token endpoint's error and description are escaped and cut", () =>
    Effect.gen(function* () {
      const server = yield* served(
        (__, response) => json(response, 200, "{}"),
        (__, response) =>
          json(response, 400, {
            error: `invalid\r\n${"e".repeat(500)}`,
            error_description: FORGERY + "d".repeat(100_000)
          })
      )
      const failure = (yield* failureOver(listScans, exchange, server)) as {
        message: string
        error: string
        errorDescription: string
      }
      expect(failure).toMatchObject({ _tag: "OAuthError", status: 400 })
      expect(failure.error).toBe(`invalid\\u000d\\u000a${"e".repeat(81)}… (cut from 509 characters)`)
      expect(failure.errorDescription.slice(0, ESCAPED.length)).toBe(ESCAPED)
      expect(failure.errorDescription.length).toBeLessThan(1100)
      expect(failure.message).not.toMatch(CONTROL)
    }).pipe(Effect.scoped)
  )
})
