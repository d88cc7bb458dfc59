/**
 * Redirects from real `node:http` servers are never followed, on any exchange: a 3xx from the API is a
 * `ClientError` with its status and `Location`, from the token endpoint an `OAuthError`; the other
 * origin never sees a request (no replayed `POST` body, no token taken from it), and nothing is retried.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { afterEach, describe, expect, it, vi } from "@effect/vitest"
import { AISecSDKException, ErrorType } from "@effect-airs/model-security/compat"
import { Effect, Layer } from "effect"
import { HttpExchange, Scans } from "../src/index.js"
import {
  type Answer,
  CLIENT_SECRET,
  exchanges,
  failureOver,
  json,
  listScans,
  served,
  TOKEN,
  withCompat,
  withServer
} from "./support/hostile-server.js"

const SCAN_BODY = {
  model_uri: "https://huggingface.co/org/model",
  security_group_uuid: "5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b"
}
const STATUSES = [301, 302, 303, 307, 308] as const

/** Another origin that would answer anything: a token of its own, a page of scans. */
const elsewhere = served((request, response) => {
  if (request.url?.startsWith("/oauth2"))
    json(response, 200, { access_token: "elsewhere-token", token_type: "Bearer", expires_in: 900 })
  else json(response, 200, { scans: [], pagination: { total_items: 0 } })
})

/** A server whose API (or token endpoint) redirects every request to `target` with `status`. */
const redirecting = (status: number, target: string, where: "api" | "token") =>
  served(
    (request, response) =>
      where === "api"
        ? json(response, status, "", { location: `${target}${request.url}` })
        : json(response, 200, { scans: [], pagination: { total_items: 0 } }),
    where === "token"
      ? (request, response) => json(response, status, "", { location: `${target}${request.url}` })
      : undefined
  )

describe.each(exchanges)("redirects over %s", (_, exchange) => {
  it.live.each(STATUSES)("a %i from the API is a ClientError with its Location, not followed", (status) =>
    Effect.gen(function* () {
      const other = yield* elsewhere
      const server = yield* redirecting(status, other.url, "api")
      const location = `${other.url}/aims/data/v1/scans`
      expect(yield* failureOver(listScans, exchange, server, { maxRetries: 5 })).toEqual({
        _tag: "ClientError",
        message: `GET /v1/scans was redirected (${status}) to ${location}; redirects are not followed`,
        status,
        location,
        operation: "GET /v1/scans",
        reason: "Status"
      })
      expect(server.requests("/aims")).toHaveLength(1)
      expect(other.seen).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live.each(STATUSES)("a %i on POST /v1/scans replays nothing elsewhere", (status) =>
    Effect.gen(function* () {
      const other = yield* elsewhere
      const server = yield* redirecting(status, other.url, "api")
      expect(
        yield* failureOver(
          Effect.flatMap(Scans, (scans) => scans.create(SCAN_BODY)),
          exchange,
          server,
          { maxRetries: 5 }
        )
      ).toMatchObject({ _tag: "ClientError", status, operation: "POST /v1/scans" })
      const posted = server.requests("/aims")
      expect(posted.map((request) => request.method)).toEqual(["POST"])
      expect(JSON.parse(posted[0]!.body)).toMatchObject(SCAN_BODY)
      expect(other.seen).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live.each(STATUSES)(
    "a %i from the token endpoint is an OAuthError; no token comes from elsewhere",
    (status) =>
      Effect.gen(function* () {
        const other = yield* elsewhere
        const server = yield* redirecting(status, other.url, "token")
        const location = `${other.url}/oauth2/access_token`
        expect(yield* failureOver(listScans, exchange, server, { maxRetries: 5 })).toEqual({
          _tag: "OAuthError",
          message: `Token request was redirected (${status}) to ${location}; redirects are not followed`,
          status,
          location
        })
        expect(server.requests("/oauth2")).toHaveLength(1)
        expect(server.requests("/aims")).toEqual([])
        expect(other.seen).toEqual([])
      }).pipe(Effect.scoped)
  )

  it.live("a Location carrying a secret is scrubbed", () =>
    Effect.gen(function* () {
      const server = yield* served((_, response) =>
        json(response, 302, "", {
          location: `https://evil.example/?t=${TOKEN}&s=${encodeURIComponent(CLIENT_SECRET)}`
        })
      )
      expect(yield* failureOver(listScans, exchange, server)).toMatchObject({
        _tag: "ClientError",
        status: 302,
        location: "https://evil.example/?t=[redacted]&s=[redacted]"
      })
    }).pipe(Effect.scoped)
  )
})

describe("redirects through the platform HttpClient with the caller's own fetch options", () => {
  it.live("redirect: follow in FetchHttpClient.RequestInit is overridden; other options are kept", () =>
    Effect.gen(function* () {
      const other = yield* elsewhere
      const server = yield* redirecting(307, other.url, "api")
      const exchange = HttpExchange.layerHttpClient.pipe(
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(
          Layer.succeed(FetchHttpClient.RequestInit, { redirect: "follow", headers: { "x-caller": "kept" } })
        )
      )
      expect(yield* failureOver(listScans, exchange, server)).toMatchObject({
        _tag: "ClientError",
        status: 307
      })
      expect(server.requests("/aims")[0]?.headers["x-caller"]).toBe("kept")
      expect(other.seen).toEqual([])
    }).pipe(Effect.scoped)
  )
})

describe("a redirect the runtime hides (a browser's opaque redirect)", () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it.live("fetch is asked for redirect: manual, and an opaque answer is a ClientError without status", () =>
    Effect.gen(function* () {
      const server = yield* served((_, response) => json(response, 200, { scans: [], pagination: {} }))
      const asked: Array<RequestRedirect | undefined> = []
      const realFetch = globalThis.fetch
      vi.stubGlobal("fetch", (input: string, init: RequestInit) => {
        asked.push(init.redirect)
        if (String(input).includes("/oauth2")) return realFetch(input, init)
        const opaque = new Response(null, { status: 200 })
        Object.defineProperty(opaque, "type", { value: "opaqueredirect" })
        Object.defineProperty(opaque, "status", { value: 0 })
        return Promise.resolve(opaque)
      })
      expect(yield* failureOver(listScans, HttpExchange.layerFetch, server, { maxRetries: 5 })).toEqual({
        _tag: "ClientError",
        message: "GET /v1/scans was redirected; redirects are not followed",
        operation: "GET /v1/scans",
        reason: "Status"
      })
      expect(asked).toEqual(["manual", "manual"])
    }).pipe(Effect.scoped)
  )
})

describe("redirects through the compat client", () => {
  it.each(STATUSES)("a %i on scans.create rejects with CLIENT_SIDE_ERROR and the status", (status) =>
    withServer({ api: (_, response) => json(response, 200, {}) }, (other) => {
      const redirect: Answer = (request, response) =>
        json(response, status, "", { location: `${other.url}${request.url}` })
      return withCompat({ api: redirect, numRetries: 5 }, async (client, server) => {
        const error = await client.scans.create(SCAN_BODY).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(AISecSDKException)
        expect(error).toMatchObject({ errorType: ErrorType.CLIENT_SIDE_ERROR, statusCode: status })
        expect(server.requests("/aims")).toHaveLength(1)
        expect(other.seen).toEqual([])
      })
    })
  )
})
