/**
 * Reliability under injected faults: all 10,000 scans streamed while 20% of data-plane responses fail
 * transiently (500/502/503/429 with a zero or small Retry-After, and connection resets) and the tokens
 * are revoked twice mid-stream; the token endpoint failing for a while, and for good.
 */

import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, Effect, type Layer, Stream } from "effect"
import { type ModelSecurityServices, Scans } from "../src/index.js"
import { layerNode } from "../src/node.js"
import { fakeOptions } from "../src/testing/sdk-layers.js"
import { FakeAirs, Fault, type FaultRule, layerInProcess } from "../src/testing.js"

const TOTAL = 10_000
const PAGE_SIZE = 100
const fake = FakeAirs.make({ scans: TOTAL })
let server: Awaited<ReturnType<FakeAirs["listen"]>>
let expected: ReadonlyArray<string> = []

/** Transient failures of 20% of data-plane responses; each page's k-th attempt fails or not, whatever the order. */
const transient = (seed: number): FaultRule => ({
  name: "transient",
  plane: "data",
  rate: 0.2,
  seed,
  draw: "request",
  fault: [
    Fault.status(500, { retryAfter: 0 }),
    Fault.status(502, { retryAfter: 0 }),
    Fault.status(503, { retryAfter: 0 }),
    Fault.status(429, { retryAfter: 0 }),
    Fault.status(503, { retryAfter: "0" }),
    Fault.status(429, { retryAfter: "00" }),
    Fault.reset
  ]
})
/** Every token revoked at the 25th and the 70th data-plane request. */
const revocations: FaultRule = { name: "revoke", plane: "data", at: [25, 70], fault: Fault.revokeTokens }

interface Tally {
  readonly run: string
  readonly requests: number
  readonly faults: number
  readonly resets: number
  readonly revocations: number
  readonly tokens: number
  readonly survived: boolean
}
const tallies: Array<Tally> = []

/** Arms the faults for one run and returns what to check and count afterwards. */
const arm = (run: string, seed: number) => {
  fake.clearFaults()
  fake.clearRequests()
  const tokensBefore = fake.issuedTokens.length
  const failing = fake.inject(transient(seed))
  const revoking = fake.inject(revocations)
  return (uuids: ReadonlyArray<string>) => {
    const injected = fake.injectedFaults
    const tally: Tally = {
      run,
      requests: fake.requests.filter((r) => r.plane === "data").length,
      faults: failing.fired,
      resets: injected.filter((f) => f.fault.kind === "reset").length,
      revocations: revoking.fired,
      tokens: fake.issuedTokens.length - tokensBefore,
      survived: uuids.length === expected.length
    }
    tallies.push(tally)
    // Every uuid exactly once, in the fault-free order.
    expect(uuids.length).toBe(TOTAL)
    expect(uuids).toEqual(expected)
    // The faults happened: about 20% of responses, resets among them, and both revocations.
    expect(tally.faults / tally.requests).toBeGreaterThan(0.1)
    expect(tally.faults / tally.requests).toBeLessThan(0.3)
    expect(tally.resets).toBeGreaterThan(0)
    expect(tally.revocations).toBe(2)
    expect(tally.tokens).toBeGreaterThanOrEqual(3)
    expect(fake.requests.filter((r) => r.plane === "data" && r.faults === undefined).length).toBeGreaterThan(
      TOTAL / PAGE_SIZE - 1
    )
    fake.clearFaults()
  }
}

const collectUuids = (concurrency: number) =>
  Effect.flatMap(Scans, (scans) =>
    Stream.runCollect(
      scans.stream({}, { pageSize: PAGE_SIZE, concurrency }).pipe(Stream.map((scan) => scan.uuid))
    )
  ).pipe(Effect.map(Chunk.toReadonlyArray))

const run = <E>(layer: Layer.Layer<ModelSecurityServices, E>, concurrency: number) =>
  Effect.runPromise(Effect.provide(collectUuids(concurrency), layer))

const compatClient = () =>
  new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url), numRetries: 5 })

beforeAll(async () => {
  server = await fake.listen()
  expected = await run(layerInProcess(fake), 1)
})
afterAll(async () => {
  await server.close()
  console.info(
    `reliability-faults: ${tallies
      .map(
        (t) =>
          `${t.run}: ${t.faults} transient faults (${t.resets} resets) + ${t.revocations} revocations in ${t.requests} data requests, ${t.tokens} tokens, survived ${t.survived}`
      )
      .join("; ")}`
  )
})

describe("streaming 10,000 scans through transient faults and token revocations", () => {
  it("the fault-free order is the API's order: newest first, each scan once", () => {
    expect(expected).toEqual(fake.scans.map((scan) => scan.uuid))
    expect(new Set(expected).size).toBe(TOTAL)
  })

  it.each([1, 8])("Effect API in process, concurrency %i", async (concurrency) => {
    const check = arm(`effect/in-process/c${concurrency}`, 11)
    check(await run(layerInProcess(fake), concurrency))
  })

  it("Effect API over real HTTP (Node layer), concurrency 8: resets are real socket resets", async () => {
    const check = arm("effect/node/c8", 12)
    check(await run(layerNode(fakeOptions(fake, server.url)), 8))
  })

  it.each([1, 8])("compat async iterator over real HTTP, concurrency %i", async (concurrency) => {
    const check = arm(`compat/c${concurrency}`, 13)
    const client = compatClient()
    const uuids: Array<string> = []
    for await (const scan of client.scans.iterate({}, { pageSize: PAGE_SIZE, concurrency }))
      uuids.push(scan.uuid)
    await client.close()
    check(uuids)
  })
})

describe("the token endpoint", () => {
  const small = () => FakeAirs.make({ scans: 250 })
  const streamAll = (local: FakeAirs, options: Parameters<typeof layerInProcess>[1] = {}) =>
    run(layerInProcess(local, options), 4)

  it("failing transiently at first (503, 500, 429, a reset) is recovered", async () => {
    const local = small()
    const refusing = local.inject({
      route: "token.issue",
      first: 4,
      fault: [
        Fault.status(503, { retryAfter: 0 }),
        Fault.status(500, { retryAfter: 0 }),
        Fault.status(429, { retryAfter: 0 }),
        Fault.reset
      ],
      seed: 5
    })
    expect(await streamAll(local)).toHaveLength(250)
    expect(refusing.fired).toBe(4)
    expect(local.requests.filter((r) => r.plane === "token")).toHaveLength(5)
    expect(local.issuedTokens).toHaveLength(1)
  })

  it("failing transiently when a revoked token is refreshed mid-stream is recovered", async () => {
    const local = small()
    local.inject({ plane: "data", at: [2], fault: Fault.revokeTokens })
    const refusing = local.inject({
      route: "token.issue",
      after: 1,
      first: 3,
      fault: Fault.status(503, { retryAfter: 0 })
    })
    const uuids = await run(layerInProcess(local), 1)
    expect(uuids).toEqual(local.scans.map((scan) => scan.uuid))
    expect(refusing.fired).toBe(2)
    expect(local.issuedTokens).toHaveLength(2)
  })

  it("failing for good is an OAuthError after the configured retries, and no data request is sent", async () => {
    const local = small()
    local.inject({ route: "token.issue", fault: Fault.status(503, { retryAfter: 0 }) })
    const error = await Effect.runPromise(
      Effect.flip(collectUuids(1)).pipe(Effect.provide(layerInProcess(local, { maxRetries: 3 })))
    )
    expect(error).toMatchObject({ _tag: "OAuthError", status: 503, retryAfterMillis: 0 })
    expect(local.requests.filter((r) => r.plane === "token")).toHaveLength(4)
    expect(local.requests.filter((r) => r.plane === "data")).toHaveLength(0)
  })

  it("unreachable for good (connection resets) is an OAuthError naming the network error", async () => {
    const local = small()
    local.inject({ route: "token.issue", fault: Fault.reset })
    const error = await Effect.runPromise(
      Effect.flip(collectUuids(1)).pipe(Effect.provide(layerInProcess(local, { maxRetries: 1 })))
    )
    expect(error._tag).toBe("OAuthError")
    expect(error.message).toContain("ECONNRESET")
    expect(local.requests.filter((r) => r.plane === "token")).toHaveLength(2)
  })

  it("failing for good through the compat client rejects with OAUTH_ERROR", async () => {
    const local = small()
    const served = await local.listen()
    try {
      local.inject({ route: "token.issue", fault: Fault.status(502, { retryAfter: 0 }) })
      const client = new ModelSecurityClient({
        ...local.credentials,
        ...local.endpoints(served.url),
        numRetries: 2
      })
      const error = await client.scans.listAll().then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(AISecSDKException)
      expect((error as AISecSDKException).errorType).toBe(ErrorType.OAUTH_ERROR)
      expect((error as AISecSDKException).statusCode).toBe(502)
      expect(local.requests.filter((r) => r.plane === "token")).toHaveLength(3)
      await client.close()
    } finally {
      await served.close()
    }
  })
})
