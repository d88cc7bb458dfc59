import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import { AccessToken, Scans } from "../src/index.js"
import { FakeAirs, layerInProcess, layerServed } from "../src/testing.js"
import { dataRequests, type Handler, isToken, over, scripted, tokenRequests } from "./support/handlers.js"

const firstScan = (fake: FakeAirs) => fake.scans[0]!.uuid

describe("AccessToken", () => {
  it.effect("1,000 concurrent cold calls cause exactly one token request", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const scans = yield* Scans
      const results = yield* Effect.all(
        Array.from({ length: 1000 }, () => scans.get(firstScan(fake))),
        { concurrency: "unbounded" }
      )
      expect(results).toHaveLength(1000)
      expect(tokenRequests(fake.requests)).toHaveLength(1)
      expect(dataRequests(fake.requests)).toHaveLength(1000)
    }).pipe(Effect.provide(layerInProcess(fake)))
  })

  it.live("100 concurrent cold calls over real HTTP share one token", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const scans = yield* Scans
      yield* Effect.all(
        Array.from({ length: 100 }, () => scans.get(firstScan(fake))),
        { concurrency: "unbounded" }
      )
      expect(tokenRequests(fake.requests)).toHaveLength(1)
      const token = tokenRequests(fake.requests)[0]!
      expect(token.method).toBe("POST")
      expect(token.headers.authorization).toBe(`Basic ${btoa("fake-client-id:fake-client-secret")}`)
      expect(token.body).toEqual({
        grant_type: "client_credentials",
        scope: `tsg_id:${fake.credentials.tsgId}`
      })
      expect(new Set(dataRequests(fake.requests).map((r) => r.headers.authorization))).toEqual(
        new Set([`Bearer ${fake.issuedTokens[0]}`])
      )
    }).pipe(Effect.provide(layerServed(fake)))
  })

  it.effect("the token is reused until shortly before expiry, then fetched once more", () => {
    const fake = FakeAirs.make({ tokenTtlSeconds: 900 })
    return Effect.gen(function* () {
      const token = yield* AccessToken
      const first = yield* token.get
      yield* TestClock.adjust("839 seconds")
      expect(yield* token.get).toBe(first)
      expect(tokenRequests(fake.requests)).toHaveLength(1)
      yield* TestClock.adjust("2 seconds")
      const [a, b] = yield* Effect.all([token.get, token.get], { concurrency: 2 })
      expect(a).toBe(b)
      expect(a).not.toBe(first)
      expect(tokenRequests(fake.requests)).toHaveLength(2)
    }).pipe(Effect.provide(layerInProcess(fake)))
  })

  it.effect("a 401 invalidates the token, fetches a new one and retries once", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const scans = yield* Scans
      yield* scans.get(firstScan(fake))
      fake.revokeTokens()
      const scan = yield* scans.get(firstScan(fake))
      expect(scan.uuid).toBe(firstScan(fake))
      expect(tokenRequests(fake.requests)).toHaveLength(2)
      expect(dataRequests(fake.requests)).toHaveLength(3)
    }).pipe(Effect.provide(layerInProcess(fake)))
  })

  it.effect("a second 401 in a row is a ClientError, not a loop", () => {
    const fake = FakeAirs.make()
    const script = scripted(
      fake.handler,
      (r) => !isToken(r),
      [{ status: 401, body: '{"detail":"Not authenticated"}' }],
      {
        repeat: true
      }
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).get(firstScan(fake)))
      expect(error._tag).toBe("ClientError")
      expect(error).toMatchObject({ status: 401, reason: "Status" })
      expect(script.answered()).toBe(2)
      expect(tokenRequests(fake.requests)).toHaveLength(2)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("refused credentials are an OAuthError carrying error_description, without the secret", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).get(firstScan(fake)))
      expect(error._tag).toBe("OAuthError")
      if (error._tag !== "OAuthError") return
      expect(error.status).toBe(401)
      expect(error.error).toBe("invalid_client")
      expect(error.errorDescription).toBe("Client authentication failed")
      expect(error.message).toContain("Client authentication failed")
      expect(`${error.message} ${String(error)} ${JSON.stringify(error)}`).not.toContain("wrong-secret")
      expect(tokenRequests(fake.requests)).toHaveLength(1)
      expect(dataRequests(fake.requests)).toHaveLength(0)
    }).pipe(Effect.provide(layerInProcess(fake, { clientSecret: "wrong-secret" })))
  })

  it.effect("a transient token endpoint failure is retried", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isToken, [
      { status: 503, body: "{}", headers: { "retry-after": "0" } },
      { status: 500, body: "{}", headers: { "retry-after": "0" } }
    ])
    return Effect.gen(function* () {
      const scan = yield* (yield* Scans).get(firstScan(fake))
      expect(scan.uuid).toBe(firstScan(fake))
      expect(script.answered()).toBe(2)
      expect(tokenRequests(fake.requests)).toHaveLength(1)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("a token endpoint failing for good ends in an OAuthError after the configured retries", () => {
    const fake = FakeAirs.make()
    const script = scripted(
      fake.handler,
      isToken,
      [{ status: 502, body: "<html>bad gateway</html>", headers: { "retry-after": "0" } }],
      {
        repeat: true
      }
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).get(firstScan(fake)))
      expect(error._tag).toBe("OAuthError")
      expect(error).toMatchObject({ status: 502 })
      expect(script.answered()).toBe(3)
    }).pipe(Effect.provide(over(fake, script.handler, { maxRetries: 2 })))
  })

  it.effect.each([0, -60, "0", "-60", " -60 "])(
    "a token with expires_in %j serves the callers of its fetch and is not cached (TestClock)",
    (expiresIn) => {
      const fake = FakeAirs.make()
      let issued = 0
      /** The token endpoint issues t1, t2, … with `expiresIn`; the rest is the fake's. */
      const handler: Handler = async (request) =>
        isToken(request)
          ? Response.json({ access_token: `t${++issued}`, token_type: "Bearer", expires_in: expiresIn })
          : fake.handler(request)
      return Effect.gen(function* () {
        const token = yield* AccessToken
        const cold = yield* Effect.all(
          Array.from({ length: 1000 }, () => token.get),
          { concurrency: "unbounded" }
        )
        expect(new Set(cold.map(Redacted.value))).toEqual(new Set(["t1"]))
        expect(issued).toBe(1)
        // No time passes, and still each call in turn fetches its own.
        expect(Redacted.value(yield* token.get)).toBe("t2")
        expect(Redacted.value(yield* token.get)).toBe("t3")
        expect(issued).toBe(3)
      }).pipe(Effect.provide(over(fake, handler)))
    }
  )
})
