import { describe, expect, it } from "@effect/vitest"
import { Chunk, Deferred, Effect, Fiber, Stream } from "effect"
import { type Page, paginate } from "../src/internal/pagination.js"

const PAGE_SIZE = 10
const PAGES = 10
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

/** Pages of 10 numbers out of 100, each held until its gate opens; records the pages asked for and in flight. */
const gatedPages = Effect.gen(function* () {
  const gates = yield* Effect.forEach(range(0, PAGES), () => Deferred.make<void>())
  const started: Array<number> = []
  let inFlight = 0
  let mostInFlight = 0
  const fetchPage = (
    { skip, limit }: { readonly skip: number; readonly limit: number },
    arrived: Effect.Effect<void>
  ): Effect.Effect<Page<number>> =>
    Effect.gen(function* () {
      const index = skip / limit
      started.push(index)
      if (index > 0) mostInFlight = Math.max(mostInFlight, ++inFlight)
      yield* Deferred.await(gates[index]!)
      if (index > 0) inFlight--
      yield* arrived
      return { items: range(skip, skip + limit), pagination: { total_items: PAGES * PAGE_SIZE } }
    })
  const open = (index: number) =>
    Effect.zipRight(Deferred.succeed(gates[index]!, undefined), Effect.repeatN(Effect.yieldNow(), 100))
  return { started, fetchPage, open, mostInFlight: () => mostInFlight }
})

describe("the window of pages fetched ahead", () => {
  it.effect("starts the next page when any page in flight arrives, never past the consumer's page + 4", () =>
    Effect.gen(function* () {
      const pages = yield* gatedPages
      const all = yield* Effect.fork(
        Stream.runCollect(paginate(pages.fetchPage, { pageSize: PAGE_SIZE, concurrency: 4 }))
      )
      yield* pages.open(0)
      expect(pages.started).toEqual([0, 1, 2, 3, 4])
      // Page 3 arrives before page 1: its place goes to page 5 at once.
      yield* pages.open(3)
      expect(pages.started).toEqual([0, 1, 2, 3, 4, 5])
      // Page 2 arrives too, but the consumer still waits for page 1: nothing past page 1 + 4.
      yield* pages.open(2)
      expect(pages.started).toEqual([0, 1, 2, 3, 4, 5])
      // Page 1 arrives: the consumer takes pages 1 to 3 and waits for page 4, with 4 to 7 in flight.
      yield* pages.open(1)
      expect(pages.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
      for (const index of [7, 5, 4, 6, 9, 8]) yield* pages.open(index)
      const items = yield* Fiber.join(all)
      expect(Chunk.toReadonlyArray(items)).toEqual(range(0, PAGES * PAGE_SIZE))
      expect(pages.started).toEqual(range(0, PAGES))
      expect(pages.mostInFlight()).toBe(4)
    })
  )

  it.effect("at concurrency 1, starts a page only when the consumer asks for it", () =>
    Effect.gen(function* () {
      const pages = yield* gatedPages
      const firstTwelve = yield* Effect.fork(
        Stream.runCollect(Stream.take(paginate(pages.fetchPage, { pageSize: PAGE_SIZE, concurrency: 1 }), 12))
      )
      yield* pages.open(0)
      expect(pages.started).toEqual([0, 1])
      yield* pages.open(1)
      expect(Chunk.toReadonlyArray(yield* Fiber.join(firstTwelve))).toEqual(range(0, 12))
      expect(pages.started).toEqual([0, 1])
    })
  )
})
