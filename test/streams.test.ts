import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Scans } from "../src/index.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"
import { dataRequests, isData, over } from "./support/handlers.js"

const TOTAL = 250
const fake = FakeAirs.make({ scans: TOTAL })
const pagesFetched = () => dataRequests(fake.requests).length

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("streams", () => {
  it.layer(layerInProcess(fake))((it) => {
    it.effect.each([1, 8])("deliver every scan exactly once, in order, at concurrency %i", (concurrency) =>
      Effect.gen(function* () {
        const scans = yield* Scans
        const pages = yield* Effect.forEach([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], (index) =>
          scans.list({ skip: index * 20, limit: 20 })
        )
        const expected = pages.flatMap((page) => page.scans.map((scan) => scan.uuid))
        fake.clearRequests()
        const streamed = yield* collect(scans.stream({}, { pageSize: 20, concurrency }))
        expect(streamed.map((scan) => scan.uuid)).toEqual(expected)
        expect(new Set(expected).size).toBe(TOTAL)
        expect(pagesFetched()).toBe(Math.ceil(TOTAL / 20))
      })
    )

    it.effect("are lazy: building fetches nothing, taking 5 fetches one page", () =>
      Effect.gen(function* () {
        const scans = yield* Scans
        fake.clearRequests()
        const stream = scans.stream({}, { pageSize: 20, concurrency: 8 })
        expect(fake.requests).toHaveLength(0)
        const five = yield* collect(Stream.take(stream, 5))
        expect(five).toHaveLength(5)
        expect(pagesFetched()).toBe(1)
      })
    )

    it.effect("fetch pages on demand at concurrency 1", () =>
      Effect.gen(function* () {
        fake.clearRequests()
        const items = yield* collect(
          Stream.take((yield* Scans).stream({}, { pageSize: 20, concurrency: 1 }), 25)
        )
        expect(items).toHaveLength(25)
        expect(pagesFetched()).toBe(2)
      })
    )

    it.effect.each<readonly [taken: number, pages: number]>([
      [5, 1],
      [25, 6],
      [45, 7],
      [TOTAL, Math.ceil(TOTAL / 20)]
    ])(
      "by default keep 4 pages in flight (the next starting as one arrives): stopping after %i items has fetched %i page(s)",
      ([taken, pages]) =>
        Effect.gen(function* () {
          fake.clearRequests()
          const items = yield* collect(Stream.take((yield* Scans).stream({}, { pageSize: 20 }), taken))
          expect(items).toHaveLength(taken)
          expect(pagesFetched()).toBe(pages)
        })
    )

    it.effect("keep filters and send pageSize as limit", () =>
      Effect.gen(function* () {
        fake.clearRequests()
        const blocked = yield* collect((yield* Scans).stream({ eval_outcomes: ["BLOCKED"] }, { pageSize: 7 }))
        const expected = fake.scans.filter((scan) => scan.eval_outcome === "BLOCKED").length
        expect(blocked).toHaveLength(expected)
        expect(blocked.filter((scan) => scan.eval_outcome !== "BLOCKED")).toEqual([])
        expect(dataRequests(fake.requests)[1]?.query).toMatchObject({
          eval_outcomes: ["BLOCKED"],
          skip: ["7"],
          limit: ["7"]
        })
      })
    )

    it.effect("cover evaluations, files, violations, label keys and label values", () =>
      Effect.gen(function* () {
        const scans = yield* Scans
        const blocked = fake.scans.find((scan) => scan.eval_outcome === "BLOCKED")!.uuid
        const evaluations = yield* collect(scans.streamEvaluations(blocked, {}, { pageSize: 2 }))
        expect(evaluations.length).toBe(
          (yield* scans.getEvaluations(blocked, { limit: 100 })).pagination.total_items
        )
        const violations = yield* collect(scans.streamViolations(blocked, { pageSize: 1 }))
        expect(violations.length).toBe(
          (yield* scans.getViolations(blocked, { limit: 100 })).pagination.total_items
        )
        const files = yield* collect(scans.streamFiles(blocked, {}, { pageSize: 1 }))
        expect(files.length).toBe((yield* scans.getFiles(blocked, { limit: 100 })).pagination.total_items)
        const keys = yield* collect(scans.streamLabelKeys({}, { pageSize: 1 }))
        expect(keys).toEqual((yield* scans.getLabelKeys({ limit: 100 })).keys)
        const key = keys[0]!
        const values = yield* collect(scans.streamLabelValues(key, {}, { pageSize: 1 }))
        expect(values).toEqual((yield* scans.getLabelValues(key, { limit: 100 })).values)
        expect(values.length).toBeGreaterThan(0)
      })
    )
  })

  it.effect("stop at a short page when the server gives no total_items", () => {
    const local = FakeAirs.make({ scans: 45 })
    let served = 0
    const withoutTotals = async (request: Request) => {
      const response = await local.handler(request)
      if (!isData(request)) return response
      served++
      const body = (await response.json()) as { pagination: { total_items?: number | null } }
      body.pagination.total_items = null
      return Response.json(body, { status: response.status })
    }
    return Effect.gen(function* () {
      const all = yield* collect((yield* Scans).stream({}, { pageSize: 10, concurrency: 4 }))
      expect(new Set(all.map((scan) => scan.uuid)).size).toBe(45)
      expect(served).toBe(5)
    }).pipe(Effect.provide(over(local, withoutTotals)))
  })
})
