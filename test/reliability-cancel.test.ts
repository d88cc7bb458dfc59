/**
 * Deadlines and cancellation over real HTTP (Node layer and Fetch layer) and in process: a hung route
 * fails within the configured timeout; interrupting a stream, or aborting a compat call, closes the
 * request under way (the fake sees it aborted) and leaves no socket open.
 */

import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, Effect, Exit, Fiber, Layer, Scope, Stream, TestClock } from "effect"
import { ModelSecurity, type ModelSecurityServices, Scans } from "../src/index.js"
import { layerNode } from "../src/node.js"
import { fakeOptions } from "../src/testing/sdk-layers.js"
import { FakeAirs, Fault, layerInProcess } from "../src/testing.js"
import { eventually } from "./support/eventually.js"

const fake = FakeAirs.make({ scans: 400 })
/** The fake served twice: the Node layer's own server, to count that layer's connections apart from fetch's pool. */
let server: Awaited<ReturnType<FakeAirs["listen"]>>
let nodeServer: Awaited<ReturnType<FakeAirs["listen"]>>
const tcpSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length
let baselineSockets = 0

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const waitFor = async (check: () => boolean, what: string, ms = 3_000) => {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await sleep(5)
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}
const hung = () => fake.requests.filter((r) => r.faults?.some((f) => f.fault.kind === "hang"))
/** Every hung request the fake received was aborted by the client, none is left open. */
const allHungAborted = () => hung().length > 0 && hung().every((r) => r.aborted === true)

/** Every hung request aborted, none left in flight, and (Node layer, once released) every connection closed. */
const noneLeft = async (kind?: "node" | "fetch") => {
  await waitFor(allHungAborted, "the fake to see every hung request aborted")
  await waitFor(
    () => server.requestsInFlight() === 0 && nodeServer.requestsInFlight() === 0,
    "no request left in flight"
  )
  if (kind === "node")
    await waitFor(() => nodeServer.connections() === 0, "the Node agent's connections to close")
}

const layers = {
  node: (options = {}) => layerNode(fakeOptions(fake, nodeServer.url, options)),
  fetch: (options = {}) => ModelSecurity.layerFetch(fakeOptions(fake, server.url, options))
} as const

/** Builds `layer` in a scope of its own, so a test can look at sockets before and after it is released. */
const withLayer = async <A>(
  layer: Layer.Layer<ModelSecurityServices, unknown>,
  body: (
    run: <B, E>(effect: Effect.Effect<B, E, ModelSecurityServices | Scope.Scope>) => Promise<B>
  ) => Promise<A>
): Promise<A> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
    return await body((effect) => Effect.runPromise(Effect.scoped(effect).pipe(Effect.provide(context))))
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

beforeAll(async () => {
  baselineSockets = tcpSockets()
  server = await fake.listen()
  nodeServer = await fake.listen()
})
afterAll(async () => {
  await server.close()
  await nodeServer.close()
  // Nothing this suite opened is left: every client socket and the server's are gone.
  await waitFor(
    () => tcpSockets() <= baselineSockets,
    `sockets back to ${baselineSockets}, now ${tcpSockets()}`
  )
})

const arm = (rule: Parameters<FakeAirs["inject"]>[0]) => {
  fake.clearFaults()
  fake.clearRequests()
  return fake.inject(rule)
}

describe("a hung route fails within the configured timeout", () => {
  it.each(["node", "fetch"] as const)(
    "Effect API over the %s layer: a Timeout, and the request is aborted",
    async (kind) => {
      arm({ route: "Scans.list", fault: Fault.hang })
      const started = Date.now()
      const error = await withLayer(layers[kind]({ timeout: "300 millis" }), (run) =>
        run(Effect.flip(Effect.flatMap(Scans, (s) => s.list())))
      )
      const elapsed = Date.now() - started
      expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
      expect(error.message).toContain("300")
      expect(elapsed).toBeGreaterThanOrEqual(290)
      expect(elapsed).toBeLessThan(2_000)
      // Timeouts are not retried: one hung request, aborted.
      expect(hung()).toHaveLength(1)
      await noneLeft(kind)
    }
  )

  it.each(["node", "fetch"] as const)("a stream over the %s layer fails at the hung page", async (kind) => {
    arm({ route: "Scans.list", when: (r) => r.query.skip?.[0] === "100", fault: Fault.hang })
    const seen: Array<string> = []
    const error = await withLayer(layers[kind]({ timeout: "250 millis" }), (run) =>
      run(
        Effect.flip(
          Effect.flatMap(Scans, (s) =>
            Stream.runForEach(s.stream({}, { pageSize: 50 }), (scan) =>
              Effect.sync(() => seen.push(scan.uuid))
            )
          )
        )
      )
    )
    expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
    expect(seen).toEqual(fake.scans.slice(0, 100).map((scan) => scan.uuid))
    await noneLeft(kind)
  })

  it.effect(
    "in process, on the TestClock: a Timeout after exactly the timeout, and the fetch is aborted",
    () =>
      Effect.gen(function* () {
        arm({ route: "Scans.get", fault: Fault.hang })
        const fiber = yield* Effect.fork(
          Effect.flip(Effect.flatMap(Scans, (s) => s.get(fake.scans[0]!.uuid)))
        )
        yield* eventually(() => hung().length === 1, "the request to arrive")
        yield* TestClock.adjust("9999 millis")
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust("1 millis")
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
        yield* eventually(allHungAborted, "the fake to see the abort")
      }).pipe(Effect.provide(layerInProcess(fake, { timeout: "10 seconds" })))
  )

  it("compat timeoutMs: a CLIENT_SIDE_ERROR within the deadline, and the request is aborted", async () => {
    arm({ route: "Scans.list", fault: Fault.hang })
    const client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
    const started = Date.now()
    const error = await client.scans.list({}, { timeoutMs: 200 }).then(
      () => undefined,
      (e: unknown) => e as AISecSDKException
    )
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(error).toBeInstanceOf(AISecSDKException)
    expect(error?.errorType).toBe(ErrorType.CLIENT_SIDE_ERROR)
    await noneLeft()
    await client.close()
  })
})

describe("interrupting a stream mid-page closes the request under way", () => {
  it.each(["node", "fetch"] as const)(
    "Fiber.interrupt over the %s layer, 4 pages in flight",
    async (kind) => {
      arm({ route: "Scans.list", after: 1, fault: Fault.hang })
      let items = 0
      await withLayer(layers[kind](), async (run) => {
        const fiber = Effect.runFork(
          Effect.provide(
            Effect.flatMap(Scans, (s) =>
              Stream.runForEach(s.stream({}, { pageSize: 50, concurrency: 4 }), () =>
                Effect.sync(() => items++)
              )
            ),
            await run(Effect.context<ModelSecurityServices>())
          )
        )
        await waitFor(() => hung().length === 4, "four page requests to hang")
        const exit = await Effect.runPromise(Fiber.interrupt(fiber))
        expect(Exit.isInterrupted(exit)).toBe(true)
        await waitFor(() => fake.abortedRequests.length === 4, "the fake to see four aborts")
        expect(hung().map((request) => request.aborted)).toEqual([true, true, true, true])
        // No connection carries a request any more; idle keep-alive ones may stay while the layer lives.
        await waitFor(
          () => server.requestsInFlight() === 0 && nodeServer.requestsInFlight() === 0,
          "no request left in flight"
        )
      })
      expect(items).toBe(50)
      await noneLeft(kind)
    }
  )

  it.each(["node", "fetch"] as const)(
    "Stream.take over the %s layer while prefetched pages hang",
    async (kind) => {
      arm({ route: "Scans.list", when: (r) => Number(r.query.skip?.[0]) >= 150, fault: Fault.hang })
      const taken = await withLayer(layers[kind](), (run) =>
        run(
          Effect.flatMap(Scans, (s) =>
            Stream.runCollect(Stream.take(s.stream({}, { pageSize: 50, concurrency: 4 }), 60))
          ).pipe(Effect.map(Chunk.toArray))
        )
      )
      expect(taken.map((scan) => scan.uuid)).toEqual(fake.scans.slice(0, 60).map((scan) => scan.uuid))
      await noneLeft(kind)
    }
  )

  it.effect("in process: Fiber.interrupt aborts the fetch of the page under way", () =>
    Effect.gen(function* () {
      arm({ route: "Scans.list", after: 1, fault: Fault.hang })
      const scans = yield* Scans
      const fiber = yield* Effect.fork(Stream.runDrain(scans.stream({}, { pageSize: 100, concurrency: 2 })))
      yield* eventually(() => hung().length === 2, "two page requests to hang")
      yield* Fiber.interrupt(fiber)
      yield* eventually(() => fake.abortedRequests.length === 2, "the fake to see the aborts")
    }).pipe(Effect.provide(layerInProcess(fake)))
  )
})

describe("compat cancellation", () => {
  const client = () => new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })

  it("an AbortSignal cancels the call: the signal's reason, and the request is aborted", async () => {
    arm({ route: "Scans.get", fault: Fault.hang })
    const c = client()
    const controller = new AbortController()
    const pending = c.scans.get(fake.scans[0]!.uuid, { signal: controller.signal })
    await waitFor(() => hung().length === 1, "the request to arrive")
    expect(server.requestsInFlight()).toBe(1)
    controller.abort(new Error("user gave up"))
    await expect(pending).rejects.toThrow("user gave up")
    await noneLeft()
    await c.close()
  })

  it("an AbortSignal ends an iteration while the next pages hang", async () => {
    arm({ route: "Scans.list", after: 1, fault: Fault.hang })
    const c = client()
    const controller = new AbortController()
    let count = 0
    const loop = (async () => {
      for await (const _ of c.scans.iterate({}, { pageSize: 50, signal: controller.signal })) count++
    })()
    // The pages after the first: four in flight by default.
    await waitFor(() => hung().length === 4, "the next pages to hang")
    controller.abort(new Error("stop"))
    await expect(loop).rejects.toThrow("stop")
    expect(count).toBe(50)
    await waitFor(allHungAborted, "the fake to see the abort")
    await c.close()
  })

  it("an AbortSignal while the loop works on a page aborts the pages fetched ahead at once", async () => {
    // Pages 1 and 2 answer; working on page 2, pages 3 to 6 are fetched ahead, and hang.
    arm({ route: "Scans.list", when: (r) => Number(r.query.skip?.[0]) >= 100, fault: Fault.hang })
    const c = client()
    const controller = new AbortController()
    let count = 0
    const loop = (async () => {
      for await (const _ of c.scans.iterate({}, { pageSize: 50, signal: controller.signal })) {
        if (++count === 60) {
          await waitFor(() => hung().length === 4, "the next pages to hang")
          controller.abort(new Error("stop"))
          // Still inside the loop's body: the fetches ahead end without waiting for the next pull.
          await waitFor(allHungAborted, "the fake to see the aborts")
        }
      }
    })()
    await expect(loop).rejects.toThrow("stop")
    expect(count).toBe(60)
    expect(fake.abortedRequests).toHaveLength(4)
    await c.close()
  })

  it("close() while the loop works on a page aborts the pages fetched ahead and ends the loop", async () => {
    // Pages 1 and 2 answer; working on page 2, pages 3 to 6 are fetched ahead, and hang.
    arm({ route: "Scans.list", when: (r) => Number(r.query.skip?.[0]) >= 100, fault: Fault.hang })
    const c = client()
    let count = 0
    const loop = (async () => {
      for await (const _ of c.scans.iterate({}, { pageSize: 50 })) {
        if (++count === 60) {
          await waitFor(() => hung().length === 4, "the next pages to hang")
          await c.close()
          await waitFor(allHungAborted, "the fake to see the aborts")
        }
      }
    })()
    await expect(loop).rejects.toMatchObject({
      errorType: ErrorType.CLIENT_SIDE_ERROR,
      message: expect.stringContaining("closed")
    })
    expect(count).toBe(60)
    expect(fake.abortedRequests).toHaveLength(4)
  })

  it("breaking out of a loop aborts the pages fetched ahead", async () => {
    // Pages 1 and 2 answer; asking for page 2 starts pages 2 to 5 and its arrival page 6 (4 in flight):
    // pages 3 to 6 hang.
    arm({ route: "Scans.list", when: (r) => Number(r.query.skip?.[0]) >= 100, fault: Fault.hang })
    const c = client()
    let count = 0
    for await (const _ of c.scans.iterate({}, { pageSize: 50, concurrency: 4 })) {
      if (++count === 60) {
        await waitFor(() => hung().length === 4, "the pages ahead to be requested")
        break
      }
    }
    await noneLeft()
    expect(fake.requests.filter((r) => r.route === "Scans.list")).toHaveLength(6)
    await c.close()
  })

  it("close() while a call hangs ends the call and closes its connection", async () => {
    arm({ route: "Scans.list", fault: Fault.hang })
    const c = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url), numRetries: 0 })
    let settled = false
    // A deadline of its own, so that the call ends within the test whatever close() does.
    const pending = c.scans.list({}, { timeoutMs: 1_200 }).then(
      () => "resolved",
      () => "rejected"
    )
    void pending.then(() => {
      settled = true
    })
    try {
      await waitFor(() => hung().length === 1, "the request to arrive")
      await c.close()
      await waitFor(() => settled, "the call to end with close()", 600)
      expect(await pending).toBe("rejected")
      await waitFor(allHungAborted, "the fake to see the abort", 500)
    } finally {
      await pending
    }
  })
})
