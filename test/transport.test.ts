import { type AddressInfo, createServer } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Random, Schema, TestClock } from "effect"
import { HttpExchange, ModelSecurity, Scans } from "../src/index.js"
import { Transport } from "../src/internal/transport.js"
import { fakeOptions, IN_PROCESS_URL } from "../src/testing/sdk-layers.js"
import { FakeAirs, layerInProcess, layerInProcessHttpClient } from "../src/testing.js"
import { USER_AGENT } from "../src/version.js"
import { eventually, settle } from "./support/eventually.js"
import { type Canned, dataRequests, isData, isMethod, over, scripted } from "./support/handlers.js"
import { makeRecordingTracer } from "./support/tracer.js"

const VALID_GROUP = (fake: FakeAirs) =>
  fake.securityGroups.find((g) => g.source_type === "HUGGING_FACE")!.uuid

const unavailable = (retryAfter?: string): Canned => ({
  status: 503,
  body: '{"detail":"Service Unavailable"}',
  ...(retryAfter === undefined ? {} : { headers: { "retry-after": retryAfter } })
})

describe("transport", () => {
  it.effect("sends bearer token, JSON accept and a User-Agent naming this package", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      yield* (yield* Scans).list({ limit: 5 })
      const [request] = dataRequests(fake.requests)
      expect(request).toMatchObject({ method: "GET", path: "/v1/scans", query: { limit: ["5"] } })
      expect(request!.headers.authorization).toBe(`Bearer ${fake.issuedTokens[0]}`)
      expect(request!.headers.accept).toBe("application/json")
      expect(request!.headers["user-agent"]).toBe(USER_AGENT)
    }).pipe(Effect.provide(layerInProcess(fake)))
  })

  it.effect("honours Retry-After before retrying, stretched by up to a fifth (TestClock)", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isData, [unavailable("3"), unavailable("3")])
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork((yield* Scans).list())
      yield* eventually(() => script.answered() === 1, "first attempt")
      yield* TestClock.adjust("2999 millis")
      yield* settle
      expect(script.answered()).toBe(1)
      yield* TestClock.adjust("601 millis")
      yield* eventually(() => script.answered() === 2, "second attempt")
      yield* TestClock.adjust("4 seconds")
      const page = yield* Fiber.join(fiber)
      expect(page.scans.length).toBeGreaterThan(0)
      expect(dataRequests(fake.requests)).toHaveLength(1)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect(
    "backs off exponentially (250 ms, 500 ms, …) when the server gives no Retry-After (TestClock)",
    () => {
      const fake = FakeAirs.make()
      const script = scripted(fake.handler, isData, [
        { status: 500, body: "{}" },
        { status: 502, body: "{}" }
      ])
      return Effect.gen(function* () {
        const fiber = yield* Effect.fork((yield* Scans).list())
        yield* eventually(() => script.answered() === 1)
        yield* TestClock.adjust("249 millis")
        yield* settle
        expect(script.answered()).toBe(1)
        yield* TestClock.adjust("1 millis")
        yield* eventually(() => script.answered() === 2)
        yield* TestClock.adjust("499 millis")
        yield* settle
        expect(dataRequests(fake.requests)).toHaveLength(0)
        yield* TestClock.adjust("1 millis")
        yield* Fiber.join(fiber)
        expect(dataRequests(fake.requests)).toHaveLength(1)
      }).pipe(
        Effect.provide(over(fake, script.handler)),
        // A random draw of 0.5 puts the jitter factor (0.8–1.2) at exactly 1.
        Effect.withRandom(Random.fixed([0.5]))
      )
    }
  )

  it.effect("jitter keeps each delay within 0.8–1.2 of the base (TestClock)", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isData, [{ status: 504, body: "{}" }])
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork((yield* Scans).list())
      yield* eventually(() => script.answered() === 1)
      yield* TestClock.adjust("199 millis")
      yield* settle
      expect(dataRequests(fake.requests)).toHaveLength(0)
      yield* TestClock.adjust("101 millis")
      yield* Fiber.join(fiber)
      expect(dataRequests(fake.requests)).toHaveLength(1)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("gives up after maxRetries with the last error, carrying retryAfter", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isData, [unavailable("0")], { repeat: true })
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).list())
      expect(error).toMatchObject({ _tag: "ServerError", status: 503, retryAfterMillis: 0, reason: "Status" })
      expect(error.message).toContain("Service Unavailable")
      expect(script.answered()).toBe(3)
    }).pipe(Effect.provide(over(fake, script.handler, { maxRetries: 2 })))
  })

  it.effect("does not retry a POST the server may have acted on (500)", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isMethod("POST"), [{ status: 500, body: '{"detail":"boom"}' }], {
      repeat: true
    })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(
        (yield* Scans).create({
          model_uri: "https://huggingface.co/org/model",
          security_group_uuid: VALID_GROUP(fake)
        })
      )
      expect(error).toMatchObject({ _tag: "ServerError", status: 500 })
      expect(script.answered()).toBe(1)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("retries a POST the server certainly did not act on (429, 503)", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isMethod("POST"), [
      { status: 429, body: "{}", headers: { "retry-after": "0" } },
      unavailable("0")
    ])
    return Effect.gen(function* () {
      const scan = yield* (yield* Scans).create({
        model_uri: "https://huggingface.co/org/model",
        security_group_uuid: VALID_GROUP(fake)
      })
      expect(scan.eval_outcome).toBe("PENDING")
      expect(script.answered()).toBe(2)
      expect(dataRequests(fake.requests).filter((r) => r.method === "POST")).toHaveLength(1)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("a 4xx is a ClientError at once, with the server's message and FastAPI detail", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const { data } = yield* Transport
      const notFound = yield* Effect.flip((yield* Scans).get("00000000-0000-4000-8000-000000000000"))
      expect(notFound).toMatchObject({ _tag: "ClientError", status: 404, reason: "Status" })
      expect(notFound.message).toContain("not found")
      const invalid = yield* Effect.flip(
        data.call("GET", "/v1/scans/{uuid}", {
          span: "test",
          path: { uuid: "not-a-uuid" },
          response: Schema.Unknown
        })
      )
      expect(invalid).toMatchObject({ _tag: "ClientError", status: 422, operation: "GET /v1/scans/{uuid}" })
      if (invalid._tag !== "ClientError") return
      expect(invalid.detail?.[0]).toMatchObject({ loc: ["path", "uuid"], type: "uuid_parsing" })
      expect(dataRequests(fake.requests)).toHaveLength(2)
    }).pipe(
      Effect.provide(
        Transport.layer.pipe(
          Layer.provideMerge(layerInProcess(fake)),
          Layer.provide(
            HttpExchange.layerHttpClient.pipe(Layer.provide(layerInProcessHttpClient(fake.handler)))
          )
        )
      )
    )
  })

  it.effect("a 2xx body that is not JSON is a ServerError", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isData, [
      { status: 200, body: "<html>ok</html>", headers: { "content-type": "text/html" } }
    ])
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).list())
      expect(error).toMatchObject({ _tag: "ServerError", reason: "Decode" })
      expect(error).not.toHaveProperty("status")
      expect(error.message).toBe("GET /v1/scans returned a body that is not JSON")
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("a 2xx body that breaks the schema is a ServerError naming the field", () => {
    const fake = FakeAirs.make()
    const script = scripted(fake.handler, isData, [
      {
        status: 200,
        body: JSON.stringify({ pagination: { total_items: 1 }, scans: [{ ...fake.scans[0], uuid: 42 }] })
      }
    ])
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Scans).list())
      expect(error._tag).toBe("ServerError")
      expect(error.message).toBe(
        "GET /v1/scans returned a response that breaks the API contract at scans[0].uuid: Expected string"
      )
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("unknown enum values and extra fields decode, and extra fields are kept", () => {
    const fake = FakeAirs.make()
    const scan = { ...fake.scans[0]!, eval_outcome: "QUARANTINED", source_type: "ONEDRIVE", risk_score: 7 }
    const script = scripted(fake.handler, isData, [
      { status: 200, body: JSON.stringify({ pagination: { total_items: 1 }, scans: [scan], next: null }) }
    ])
    return Effect.gen(function* () {
      const page = yield* (yield* Scans).list()
      expect(page.scans[0]!.eval_outcome).toBe("QUARANTINED")
      expect(page.scans[0]!.source_type).toBe("ONEDRIVE")
      expect(page.scans[0]).toMatchObject({ risk_score: 7 })
      expect(page).toMatchObject({ next: null })
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect(
    "a hung request fails with a Timeout ClientError after the configured timeout (TestClock)",
    () => {
      const fake = FakeAirs.make()
      const script = scripted(fake.handler, isData, ["hang"], { repeat: true })
      return Effect.gen(function* () {
        const fiber = yield* Effect.fork(Effect.flip((yield* Scans).list()))
        yield* eventually(() => script.answered() === 1)
        yield* TestClock.adjust("10 seconds")
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
        expect(error.message).toContain("no response within 10s")
        expect(script.answered()).toBe(1)
      }).pipe(Effect.provide(over(fake, script.handler, { timeout: "10 seconds" })))
    }
  )

  it.live("a refused connection is a ClientError of reason Transport", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const port = yield* Effect.promise(closedPort)
      const error = yield* Effect.flip(Effect.flatMap(Scans, (scans) => scans.list())).pipe(
        Effect.provide(
          ModelSecurity.layer({
            ...fakeOptions(fake, IN_PROCESS_URL, { maxRetries: 0 }),
            dataEndpoint: `http://127.0.0.1:${port}/aims/data`
          }).pipe(Layer.provide(layerInProcessHttpClientFor(fake)))
        )
      )
      expect(error).toMatchObject({ _tag: "ClientError", reason: "Transport" })
      expect(error.message).toContain("ECONNREFUSED")
    })
  })

  it.effect(
    "each call runs in a span named after the operation, with method, route, status and attempts",
    () => {
      const fake = FakeAirs.make()
      const tracer = makeRecordingTracer()
      const script = scripted(fake.handler, isData, [unavailable("0")])
      return Effect.gen(function* () {
        yield* (yield* Scans).get(fake.scans[0]!.uuid)
        const span = tracer.spans.find((s) => s.name === "Scans.get")!
        expect(Object.fromEntries(span.attributes)).toMatchObject({
          "http.request.method": "GET",
          "url.template": "/v1/scans/{uuid}",
          "http.response.status_code": 200,
          "airs.attempts": 2
        })
        const everything = JSON.stringify(tracer.spans.map((s) => [s.name, [...s.attributes]]))
        for (const token of fake.issuedTokens) expect(everything).not.toContain(token)
        expect(everything).not.toContain(fake.credentials.clientSecret)
      }).pipe(Effect.provide(over(fake, script.handler)), Effect.provide(tracer.layer))
    }
  )
})

/** Real sockets for the data plane (to reach a closed port) and the fake in process for the token. */
const layerInProcessHttpClientFor = (fake: FakeAirs) =>
  layerInProcessHttpClient(async (request) => (isData(request) ? fetch(request) : fake.handler(request)))

/** A port on 127.0.0.1 that nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
