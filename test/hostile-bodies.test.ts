/**
 * Hostile bodies from real `node:http` servers, over every exchange and the compat client: bodies
 * over the limit (endless, declared too long, just over, on an error status, from the token endpoint)
 * stop being read, close their connection and fail once with a typed error naming the limit; a body at
 * the limit, or with a character split across chunks, reads as sent; small bodies nested thousands of
 * levels deep are a `ServerError`, never a stack overflow.
 */
import type { ServerResponse } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Effect, Exit } from "effect"
import { CustomRules, ModelSecurity, Scans } from "../src/index.js"
import { FakeAirs } from "../src/testing.js"
import {
  type Answer,
  compatOptionsFor,
  exchanges,
  exitOver,
  failureOf,
  failureOver,
  json,
  listScans,
  served,
  servicesOver,
  undici,
  until,
  withCompat
} from "./support/hostile-server.js"

const MiB = 1024 * 1024
const SCAN = "5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b"

/** What an endless body cost the server: bytes written before its connection closed. */
interface Pumped {
  written: number
  closed: boolean
}

/** A `status` answer whose body never ends, written as fast as the client reads it. */
const endless =
  (pumped: Pumped, status = 200): Answer =>
  (_, response) => {
    response.writeHead(status, { "content-type": "application/json" })
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    response.write('{"scans":[')
    response.on("close", () => {
      pumped.closed = true
    })
    const pump = () => {
      while (!response.destroyed) {
        pumped.written += chunk.length
        if (!response.write(chunk)) {
          response.once("drain", pump)
          return
        }
      }
    }
    pump()
  }

/** Declares a body of 2 GiB, sends a few bytes of it, and then nothing. */
const declaresHuge: Answer = (_, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": String(2 * 1024 * MiB) })
  response.write('{"scans":[')
}

/** The PyPI answer, padded with spaces to exactly `bytes` bytes. */
const pypiOf = (bytes: number) => {
  const body = JSON.stringify({ url: "https://example.com/simple", expires_at: "2030-01-01T00:00:00Z" })
  return body + " ".repeat(bytes - body.length)
}

const pumping = (): Pumped => ({ written: 0, closed: false })

describe.each(exchanges)("a body over the limit, over %s", (_, exchange) => {
  it.live("an endless body stops at the limit: one request, a ServerError naming it, connection closed", () =>
    Effect.gen(function* () {
      const pumped = pumping()
      const server = yield* served(endless(pumped))
      expect(
        yield* failureOver(listScans, exchange, server, {
          maxResponseBytes: MiB,
          maxRetries: 5,
          timeout: "5 seconds"
        })
      ).toEqual({
        _tag: "ServerError",
        reason: "TooLarge",
        operation: "GET /v1/scans",
        message:
          "GET /v1/scans failed: the response body exceeds the limit of 1048576 bytes (maxResponseBytes)"
      })
      expect(server.requests("/aims")).toHaveLength(1)
      expect(yield* until(() => pumped.closed)).toBe(true)
      // The client stopped reading: what the server wrote is the limit and the sockets' buffers, not more.
      expect(pumped.written).toBeLessThan(32 * MiB)
    }).pipe(Effect.scoped)
  )

  it.live("a declared Content-Length over the limit fails before the body is read", () =>
    Effect.gen(function* () {
      const server = yield* served(declaresHuge)
      expect(
        yield* failureOver(listScans, exchange, server, { maxRetries: 5, timeout: "5 seconds" })
      ).toMatchObject({
        _tag: "ServerError",
        reason: "TooLarge",
        message:
          "GET /v1/scans failed: the response body exceeds the limit of 16777216 bytes (maxResponseBytes)"
      })
      expect(server.requests("/aims")).toHaveLength(1)
      expect(yield* until(() => server.open() === 0)).toBe(true)
    }).pipe(Effect.scoped)
  )

  it.live("an error status with an endless body is not retried either", () =>
    Effect.gen(function* () {
      const pumped = pumping()
      const server = yield* served(endless(pumped, 503))
      expect(
        yield* failureOver(listScans, exchange, server, { maxResponseBytes: 64 * 1024, maxRetries: 5 })
      ).toMatchObject({ _tag: "ServerError", reason: "TooLarge" })
      expect(server.requests("/aims")).toHaveLength(1)
    }).pipe(Effect.scoped)
  )

  it.live("a body of exactly the limit is read; one byte more is refused", () =>
    Effect.gen(function* () {
      let size = 4096
      const server = yield* served((_, response) => json(response, 200, pypiOf(size)))
      const pypi = Effect.flatMap(ModelSecurity, (airs) => airs.getPyPIAuth())
      const options = { maxResponseBytes: 4096 }
      const auth = yield* pypi.pipe(Effect.provide(servicesOver(exchange, server, options)))
      expect(auth).toEqual({ url: "https://example.com/simple", expires_at: "2030-01-01T00:00:00Z" })
      size = 4097
      expect(yield* failureOver(pypi, exchange, server, options)).toMatchObject({
        _tag: "ServerError",
        reason: "TooLarge"
      })
    }).pipe(Effect.scoped)
  )

  it.live("a character split across two chunks reads whole", () =>
    Effect.gen(function* () {
      const body = Buffer.from(
        JSON.stringify({ url: "https://exämple.com/ß", expires_at: "2030-01-01T00:00:00Z" })
      )
      const split = body.indexOf(Buffer.from("ä")) + 1
      const server = yield* served((_, response: ServerResponse) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.write(body.subarray(0, split))
        setTimeout(() => response.end(body.subarray(split)), 20)
      })
      const auth = yield* Effect.flatMap(ModelSecurity, (airs) => airs.getPyPIAuth()).pipe(
        Effect.provide(servicesOver(exchange, server))
      )
      expect(auth.url).toBe("https://exämple.com/ß")
    }).pipe(Effect.scoped)
  )

  it.live("the token endpoint's body is capped too: an OAuthError naming the limit, asked once", () =>
    Effect.gen(function* () {
      const pumped = pumping()
      const server = yield* served((_, response) => json(response, 200, "{}"), endless(pumped))
      expect(
        yield* failureOver(listScans, exchange, server, { maxRetries: 5, timeout: "5 seconds" })
      ).toEqual({
        _tag: "OAuthError",
        message:
          "Token request failed: the response body exceeds the limit of 1048576 bytes (maxResponseBytes)"
      })
      expect(server.requests("/oauth2")).toHaveLength(1)
      expect(server.requests("/aims")).toHaveLength(0)
      expect(yield* until(() => pumped.closed)).toBe(true)
    }).pipe(Effect.scoped)
  )
})

describe("a body over the limit, through the compat client", () => {
  it("rejects with SERVER_SIDE_ERROR naming the limit, after one request", () =>
    withCompat({ api: endless(pumping()), maxResponseBytes: MiB, numRetries: 5 }, async (client, server) => {
      const error = await client.scans.list().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AISecSDKException)
      expect(error).toMatchObject({
        errorType: ErrorType.SERVER_SIDE_ERROR,
        message:
          "GET /v1/scans failed: the response body exceeds the limit of 1048576 bytes (maxResponseBytes)"
      })
      expect(server.requests("/aims")).toHaveLength(1)
    }))

  it.each([
    [100, "maxResponseBytes: must be an integer from 1024 to 268435456"],
    [2 ** 30, "maxResponseBytes: must be an integer from 1024 to 268435456"],
    [4096.5, "maxResponseBytes: must be an integer from 1024 to 268435456"],
    [Number.NaN, "maxResponseBytes: must be an integer from 1024 to 268435456"]
  ])("maxResponseBytes %s is refused at construction", (maxResponseBytes, says) => {
    expect(
      () => new ModelSecurityClient(compatOptionsFor({ url: "http://127.0.0.1:9" }, { maxResponseBytes }))
    ).toThrow(`Invalid input: ${says}`)
  })
})

const deepArray = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`
const scan = JSON.stringify(FakeAirs.make().scans[0])
const rule = JSON.stringify(FakeAirs.make().customRules[0])
const deepCondition = (levels: number) =>
  `${'{"operator":"and","conditions":['.repeat(levels)}{"type":"label","key":"k","operator":"exists"}${"]}".repeat(levels)}`

/** Small bodies nested 3,000 levels deep, each where a Schema expects something else. */
const deepBodies: ReadonlyArray<readonly [string, string, "scan" | "rule"]> = [
  [
    "an array 3,000 deep for a string",
    scan.replace(/"model_uri":"[^"]*"/, `"model_uri":${deepArray(3000)}`),
    "scan"
  ],
  [
    "an object 3,000 deep for a string",
    scan.replace(/"model_uri":"[^"]*"/, `"model_uri":${deepObject(3000)}`),
    "scan"
  ],
  [
    "an array 3,000 deep for the labels",
    scan.replace(/"labels":\[[^\]]*\]/, `"labels":${deepArray(3000)}`),
    "scan"
  ],
  ["a whole body 3,000 deep", deepArray(3000), "scan"],
  [
    "a condition tree 3,000 deep",
    rule.replace(/"condition":\{[^}]*\}/, `"condition":${deepCondition(3000)}`),
    "rule"
  ],
  [
    "a condition tree 3,000 deep with a bad leaf",
    rule.replace(/"condition":\{[^}]*\}/, `"condition":${deepCondition(3000).replace('"exists"', "7")}`),
    "rule"
  ]
]

const fetchOne = (kind: "scan" | "rule"): Effect.Effect<unknown, unknown, Scans | CustomRules> =>
  kind === "scan"
    ? Effect.flatMap(Scans, (scans) => scans.get(SCAN))
    : Effect.flatMap(CustomRules, (rules) => rules.get(SCAN))

describe("bodies nested thousands of levels deep", () => {
  it("are small: the arrays take under 10 KB", () => {
    for (const [name, body] of deepBodies)
      if (name.startsWith("an array")) expect(body.length).toBeLessThan(10_240)
  })

  it.live.each(deepBodies)("%s is a ServerError of the Effect API, not a defect", ([, body, kind]) =>
    Effect.gen(function* () {
      const server = yield* served((__, response) => json(response, 200, body))
      const exit = yield* exitOver(fetchOne(kind), undici, server)
      expect(Exit.isFailure(exit) && exit.cause._tag).toBe("Fail")
      expect(failureOf(exit)).toMatchObject({ _tag: "ServerError", reason: "Decode" })
    }).pipe(Effect.scoped)
  )

  it.each(deepBodies)(
    "%s rejects the compat client with SERVER_SIDE_ERROR, not a RangeError",
    (_, body, kind) =>
      withCompat({ api: (__, response) => json(response, 200, body) }, async (client) => {
        const error = await (kind === "scan" ? client.scans.get(SCAN) : client.customRules.get(SCAN)).catch(
          (e: unknown) => e
        )
        expect(error).toBeInstanceOf(AISecSDKException)
        expect(error).toMatchObject({ errorType: ErrorType.SERVER_SIDE_ERROR })
      })
  )
})
