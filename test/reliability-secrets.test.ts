/**
 * Secrets: the client secret (and its Basic encoding) and every token the fake issued never show in an
 * error however it is printed, in a log line, a span, the config, the services, the layers or the
 * compat client, across representative succeeding and failing calls of both APIs.
 */
import { inspect } from "node:util"
import { afterAll, beforeAll, describe, expect, it, vi } from "@effect/vitest"
import { ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Cause, Chunk, ConfigProvider, Effect, Exit, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import {
  AccessToken,
  ModelSecurity,
  ModelSecurityConfig,
  type ModelSecurityOptions,
  type ModelSecurityServices,
  Scans
} from "../src/index.js"
import { layerNode } from "../src/node.js"
import { fakeOptions } from "../src/testing/sdk-layers.js"
import { FakeAirs, Fault, layerInProcess } from "../src/testing.js"
import { leaksOf, makeRecorder } from "./support/printed.js"

const SECRET = "s3cr3t-9f2c7e1a-never-to-be-shown"
const WRONG_SECRET = "wr0ng-5e7d1c3b-also-never-shown"
const fake = FakeAirs.make({ scans: 120, clientSecret: SECRET })
const UNKNOWN = "00000000-0000-4000-8000-000000000000"

/** Every string that must never be printed. */
const secrets = () => [
  SECRET,
  WRONG_SECRET,
  btoa(`${fake.credentials.clientId}:${SECRET}`),
  btoa(`${fake.credentials.clientId}:${WRONG_SECRET}`),
  encodeURIComponent(SECRET),
  ...fake.issuedTokens
]

/** Everything printed during the suite: kept forms, log lines and spans. */
const recorder = makeRecorder()
const { keep, keepError } = recorder

let server: Awaited<ReturnType<FakeAirs["listen"]>>
const inProcess = (options: ModelSecurityOptions = {}) => layerInProcess(fake, { maxRetries: 1, ...options })

beforeAll(async () => {
  server = await fake.listen()
})
afterAll(() => server.close())

describe("secrets never show", () => {
  it("in errors, logs and spans of succeeding and failing Effect calls", async () => {
    const cases: ReadonlyArray<
      readonly [string, Effect.Effect<unknown, unknown, ModelSecurityServices>, "ok" | string, () => void]
    > = [
      ["list", Effect.flatMap(Scans, (s) => s.list({ limit: 5 })), "ok", () => {}],
      [
        "stream",
        Effect.flatMap(Scans, (s) => Stream.runCollect(s.stream({}, { pageSize: 50 }))).pipe(
          Effect.map(Chunk.size)
        ),
        "ok",
        () => {}
      ],
      ["groups", Effect.flatMap(ModelSecurity, (m) => m.securityGroups.list()), "ok", () => {}],
      ["pypi", Effect.flatMap(ModelSecurity, (m) => m.getPyPIAuth()), "ok", () => {}],
      ["not found", Effect.flatMap(Scans, (s) => s.get(UNKNOWN)), "ClientError", () => {}],
      ["bad input", Effect.flatMap(Scans, (s) => s.get(`${UNKNOWN}\r\n`)), "PayloadError", () => {}],
      [
        "revoked on every request (401 twice)",
        Effect.flatMap(Scans, (s) => s.list()),
        "ClientError",
        () => fake.inject({ plane: "data", fault: Fault.revokeTokens })
      ],
      [
        "503 for good",
        Effect.flatMap(Scans, (s) => s.list()),
        "ServerError",
        () => fake.inject({ plane: "data", fault: Fault.status(503, { retryAfter: 0 }) })
      ],
      [
        "a reset",
        Effect.flatMap(Scans, (s) => s.get(fake.scans[0]!.uuid)),
        "ClientError",
        () => fake.inject({ plane: "data", fault: Fault.reset })
      ],
      [
        "a malformed body",
        Effect.flatMap(Scans, (s) => s.list()),
        "ServerError",
        () => fake.inject({ plane: "data", fault: Fault.malformed("missingField") })
      ],
      [
        "a token endpoint down for good",
        Effect.flatMap(Scans, (s) => s.list()),
        "OAuthError",
        () => fake.inject({ route: "token.issue", fault: Fault.status(503, { retryAfter: 0 }) })
      ]
    ]
    for (const [name, effect, expected, arm] of cases) {
      fake.clearFaults()
      arm()
      const exit = await recorder.run(name, effect, inProcess())
      expect(Exit.isSuccess(exit) ? "ok" : (Cause.squash(exit.cause) as { _tag?: string })._tag, name).toBe(
        expected
      )
    }
    fake.clearFaults()
    // A timeout, over real HTTP with the Node layer.
    fake.inject({ route: "Scans.list", fault: Fault.hang })
    const timeout = await recorder.run(
      "timeout",
      Effect.flatMap(Scans, (s) => s.list()),
      layerNode(fakeOptions(fake, server.url, { timeout: "150 millis", maxRetries: 0 }))
    )
    expect(Exit.isFailure(timeout) && Cause.squash(timeout.cause)).toMatchObject({
      _tag: "ClientError",
      reason: "Timeout"
    })
    fake.clearFaults()
    // Refused credentials: the wrong secret must not show either.
    const refused = await recorder.run(
      "wrong secret",
      Effect.flatMap(Scans, (s) => s.list()),
      inProcess({ clientSecret: WRONG_SECRET })
    )
    expect(Exit.isFailure(refused) && Cause.squash(refused.cause)).toMatchObject({
      _tag: "OAuthError",
      status: 401
    })
    // Missing tenant: the secret given must not show in the MissingVariableError.
    const missing = await recorder.run(
      "missing tsg",
      Effect.flatMap(Scans, (s) => s.list()),
      ModelSecurity.layerFetch({ clientId: "id", clientSecret: SECRET, tsgId: "" }).pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))
      )
    )
    expect(Exit.isFailure(missing) && Cause.squash(missing.cause)).toMatchObject({
      _tag: "MissingVariableError"
    })
    expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(3)
    expect(recorder.lines.length).toBeGreaterThan(10)
    expect(recorder.spans.length).toBeGreaterThan(10)
  })

  it("in the config, the services and the layers", async () => {
    const layer = inProcess()
    const runtime = ManagedRuntime.make(layer)
    try {
      await runtime.runPromise(Effect.flatMap(Scans, (s) => s.list()))
      const services = await runtime.runPromise(
        Effect.all({
          config: ModelSecurityConfig,
          token: AccessToken,
          scans: Scans,
          airs: ModelSecurity
        })
      )
      const bearer = await runtime.runPromise(services.token.get)
      for (const [name, value] of Object.entries(services)) {
        keep(`${name}: inspect`, inspect(value, { depth: 10, showHidden: true }))
        keep(`${name}: JSON`, safeJson(value))
        keep(`${name}: String`, String(value))
      }
      keep("bearer: inspect", inspect(bearer, { depth: 10 }))
      keep("bearer: JSON", JSON.stringify(bearer))
      keep("bearer: String", String(bearer))
      keep("layer: inspect", inspect(layer, { depth: 10, showHidden: true }))
      keep("layerNode: inspect", inspect(layerNode(fakeOptions(fake, server.url)), { depth: 10 }))
      keep("runtime: inspect", inspect(runtime, { depth: 6 }))
      keep("context: inspect", inspect(await runtime.runtime().then((r) => r.context), { depth: 10 }))
      // The secret is there to be found, redacted.
      expect(Redacted.value(services.config.clientSecret)).toBe(SECRET)
    } finally {
      await runtime.dispose()
    }
  })

  it("in the compat client, its errors and the console", async () => {
    const consoleLines: Array<string> = []
    const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: Array<unknown>) => {
        consoleLines.push(args.map((arg) => inspect(arg, { depth: 10 })).join(" "))
      })
    )
    try {
      const client = new ModelSecurityClient({
        ...fake.credentials,
        ...fake.endpoints(server.url),
        numRetries: 1
      })
      await client.scans.list()
      const { CLIENT_SIDE_ERROR, SERVER_SIDE_ERROR, USER_REQUEST_PAYLOAD_ERROR } = ErrorType
      const failures: Array<readonly [string, () => Promise<unknown>, () => void, expected: object]> = [
        [
          "compat not found",
          () => client.scans.get(UNKNOWN),
          () => {},
          { errorType: CLIENT_SIDE_ERROR, statusCode: 404, cause: { _tag: "ClientError", reason: "Status" } }
        ],
        [
          "compat bad input",
          () => client.scans.get("../x"),
          () => {},
          { errorType: USER_REQUEST_PAYLOAD_ERROR, cause: { _tag: "PayloadError", field: "uuid" } }
        ],
        [
          "compat 401 twice",
          () => client.scans.list(),
          () => fake.inject({ plane: "data", fault: Fault.revokeTokens }),
          { errorType: CLIENT_SIDE_ERROR, statusCode: 401, cause: { _tag: "ClientError", reason: "Status" } }
        ],
        [
          "compat 502 page",
          () => client.scans.list(),
          () => fake.inject({ plane: "data", fault: Fault.malformed("html502") }),
          { errorType: SERVER_SIDE_ERROR, statusCode: 502, cause: { _tag: "ServerError", reason: "Status" } }
        ],
        [
          "compat reset",
          () => client.securityGroups.list(),
          () => fake.inject({ plane: "mgmt", fault: Fault.reset }),
          { errorType: CLIENT_SIDE_ERROR, cause: { _tag: "ClientError", reason: "Transport" } }
        ],
        [
          "compat timeout",
          () => client.scans.list({}, { timeoutMs: 100 }),
          () => fake.inject({ plane: "data", fault: Fault.hang }),
          { errorType: CLIENT_SIDE_ERROR, cause: { _tag: "ClientError", reason: "Timeout" } }
        ],
        [
          "compat iterate failing",
          async () => {
            for await (const _ of client.scans.iterate({}, { pageSize: 10 })) {
            }
          },
          () => fake.inject({ plane: "data", after: 1, fault: Fault.malformed("truncatedJson") }),
          { errorType: SERVER_SIDE_ERROR, cause: { _tag: "ServerError", reason: "Decode" } }
        ]
      ]
      for (const [name, call, arm, expected] of failures) {
        fake.clearFaults()
        arm()
        const error = await call().then(
          () => "resolved",
          (e: unknown) => e
        )
        expect(error, name).toMatchObject(expected)
        keepError(name, error)
      }
      fake.clearFaults()
      keep("compat client: inspect", inspect(client, { depth: 10, showHidden: true }))
      keep("compat client: JSON", safeJson(client))
      await client.close()
      const wrong = new ModelSecurityClient({
        ...fake.credentials,
        clientSecret: WRONG_SECRET,
        ...fake.endpoints(server.url)
      })
      keepError(
        "compat wrong secret",
        await wrong.scans.list().then(
          () => undefined,
          (e: unknown) => e
        )
      )
      keep("compat wrong client: inspect", inspect(wrong, { depth: 10, showHidden: true }))
      await wrong.close()
      let missing: unknown
      try {
        new ModelSecurityClient({ clientId: "id", clientSecret: SECRET, tsgId: "", dataEndpoint: "nope" })
      } catch (error) {
        missing = error
      }
      keepError("compat construction error", missing)
    } finally {
      for (const spy of spies) spy.mockRestore()
    }
    for (const line of consoleLines) keep("console", line)
  })

  it("the captures are real: failures were logged and traced, and a planted secret would be found", () => {
    const logged = (failed: string) => recorder.lines.filter((line) => line.includes(`${failed} failed`))
    expect(logged("503 for good")).toContainEqual(expect.stringContaining("(503)"))
    expect(logged("not found")).toContainEqual(expect.stringContaining("(404)"))
    expect(recorder.spans).toContain("span Scans.list")
    expect(recorder.spans).toContainEqual(expect.stringContaining("Scans.list attribute airs.attempts="))
    expect(recorder.printed.map(([where]) => where)).toContain("config: inspect")
    const token = fake.issuedTokens.at(-1)!
    expect(leaksOf([["planted", `x ${token} y`]], secrets())).toEqual([`planted: ${token.slice(0, 12)}…`])
  })

  // The README promises that no message contains the secret or a token. A server (or a proxy) that
  // echoes them in an error body defeats that: the SDK copies the server's words into the message as they are.
  it("a token echoed in an error body is scrubbed from the ClientError message", async () => {
    const local = FakeAirs.make({ clientSecret: SECRET })
    const error = await Effect.runPromise(
      Effect.gen(function* () {
        const scans = yield* Scans
        yield* scans.list()
        const token = local.issuedTokens[0]!
        local.inject({
          plane: "data",
          fault: Fault.status(400, { body: JSON.stringify({ detail: `invalid token ${token}` }) })
        })
        return yield* Effect.flip(scans.list())
      }).pipe(Effect.provide(layerInProcess(local)))
    )
    expect(error.message).toContain("invalid token")
    expect(error.message).not.toContain(local.issuedTokens[0]!)
  })

  it("a secret echoed by the token endpoint is scrubbed from the OAuthError message", async () => {
    const local = FakeAirs.make({ clientSecret: SECRET })
    local.inject({
      route: "token.issue",
      fault: Fault.status(400, {
        body: JSON.stringify({ error: "invalid_client", error_description: `unknown secret ${SECRET}` })
      })
    })
    const error = await Effect.runPromise(
      Effect.flip(Effect.flatMap(Scans, (s) => s.list())).pipe(Effect.provide(layerInProcess(local)))
    )
    expect(error.message).toContain("unknown secret")
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET)
  })

  it("anywhere at all", () => {
    const all = recorder.all()
    expect(all.length).toBeGreaterThan(100)
    expect(leaksOf(all, secrets())).toEqual([])
  })
})

/** `JSON.stringify` that survives cycles and BigInts, for printing services as a careless app would. */
const safeJson = (value: unknown) => {
  const seen = new WeakSet<object>()
  try {
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner === "bigint") return inner.toString()
      if (typeof inner === "object" && inner !== null) {
        if (seen.has(inner)) return "[cycle]"
        seen.add(inner)
      }
      return inner
    })
  } catch (error) {
    return `unprintable: ${String(error)}`
  }
}
