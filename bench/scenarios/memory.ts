/**
 * Scenario 4: heap growth reading 50,000 vs 200,000 scans, each in a fresh process. Streaming should
 * stay flat; collecting everything grows with the count.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { compiled } from "../compile.js"
import { type Contestant, compat, effectNode, existing, floorUndici } from "../contestants.js"
import { num, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import { type FakeServer, withFakeServer } from "../server.js"
import { roundOrder, summarize } from "../stats.js"
import type { BenchConfig } from "./shared.js"

const run = promisify(execFile)
const MAX_FLAT_RATIO = 1.2
const CONCURRENCY = 4
/** Live-heap samples (forced full GCs) per streamed read. */
const SAMPLES = 20

interface MemoryRun {
  readonly key: string
  readonly contestant: Contestant
  readonly mode: "stream" | "collect"
  readonly label: string
  /** Streams must stay flat. */
  readonly flat: boolean
}

const RUNS: ReadonlyArray<MemoryRun> = [
  {
    key: "floor-stream",
    contestant: floorUndici,
    mode: "stream",
    label: "floor: raw undici, page by page",
    flat: false
  },
  {
    key: "effect-stream",
    contestant: effectNode,
    mode: "stream",
    label: "ours: Effect `scans.stream` + `Stream.runForEach` (layerNode)",
    flat: true
  },
  {
    key: "compat-iterate",
    contestant: compat,
    mode: "stream",
    label: "ours: compat `for await (… of scans.iterate())`",
    flat: true
  },
  {
    key: "effect-collect",
    contestant: effectNode,
    mode: "collect",
    label: "ours: Effect `Stream.runCollect(scans.stream())` (layerNode)",
    flat: false
  },
  {
    key: "compat-listAll",
    contestant: compat,
    mode: "collect",
    label: "ours: compat `scans.listAll()`",
    flat: false
  },
  {
    key: "existing-listAll",
    contestant: existing,
    mode: "collect",
    label: "existing: `scans.listAll({ limit: 100, max: 0 })`",
    flat: false
  }
]

interface ChildResult {
  readonly items: number
  readonly ms: number
  readonly baselineMb: number
  readonly peakLiveMb: number
  readonly endLiveMb: number
  readonly peakUsedMb: number
  readonly codeGrowthMb: number
}

const measure = async (server: FakeServer, entry: MemoryRun, samples: number): Promise<ChildResult> => {
  const { stdout } = await run(process.execPath, [
    "--expose-gc",
    await compiled("memory-child"),
    "--contestant",
    entry.contestant.id,
    "--mode",
    entry.mode,
    "--server",
    JSON.stringify(server),
    "--expected",
    String(server.options.scans),
    "--concurrency",
    String(CONCURRENCY),
    "--samples",
    String(samples)
  ])
  const result = JSON.parse(stdout.trim().split("\n").pop()!) as ChildResult
  if (result.items !== server.options.scans) {
    throw new Error(`${entry.key} read ${result.items} of ${server.options.scans} scans`)
  }
  return result
}

const growth = (r: ChildResult) => r.peakLiveMb - r.baselineMb

/** Runs `f` over `items` with at most `parallel` at a time, in order of start. */
const parallelMap = async <A, B>(items: ReadonlyArray<A>, parallel: number, f: (item: A) => Promise<B>) => {
  const results: Array<B> = []
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await f(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  return results
}

export const memory = async (config: BenchConfig): Promise<ScenarioResult> => {
  const sizes = config.quick ? [300, 600] : [50_000, 200_000]
  // Live heap after a full GC barely varies between processes: two rounds for the streams (the
  // targets), one for collect-all (which holds hundreds of MB and takes the longest).
  const rounds = config.quick ? 1 : Math.min(config.rounds, 2)
  const runsIn = (round: number) =>
    roundOrder(round === 0 ? RUNS : RUNS.filter((entry) => entry.mode === "stream"), round)
  // Quick mode only checks that the harness runs: its children may share the cores.
  const parallel = config.quick ? 4 : 1
  const samples = config.quick ? 3 : SAMPLES
  const results = new Map<string, Array<ChildResult>>()
  for (const size of sizes) {
    await withFakeServer({ scans: size, latencyMs: 0 }, async (server) => {
      for (let round = 0; round < rounds; round++) {
        const order = runsIn(round)
        const measured = await parallelMap(order, parallel, (entry) => measure(server, entry, samples))
        order.forEach((entry, index) => {
          const key = `${entry.key}@${size}`
          results.set(key, [...(results.get(key) ?? []), measured[index]!])
        })
        config.log(
          `  ${size} scans, round ${round + 1}/${rounds}: ` +
            order.map((entry, index) => `${entry.key} +${growth(measured[index]!).toFixed(1)}MB`).join(", ")
        )
      }
    })
  }
  const [small, large] = sizes as [number, number]
  const of = (key: string, size: number) => results.get(`${key}@${size}`) ?? []
  const growthOf = (key: string, size: number) => summarize(of(key, size).map(growth))
  const ratioOf = (key: string) => growthOf(key, large).median / growthOf(key, small).median
  const mb = (value: number) => `${num(value)} MB`
  const n = (value: number) => value.toLocaleString("en-US")
  const rows = RUNS.map((entry) => {
    const a = growthOf(entry.key, small)
    const b = growthOf(entry.key, large)
    const r = ratioOf(entry.key)
    return [
      entry.label,
      `${mb(a.median)} (${spread(a)})`,
      `${mb(b.median)} (${spread(b)})`,
      ratio(r),
      `${num(((b.median - a.median) * 2 ** 20) / (large - small))} B`,
      mb(summarize(of(entry.key, large).map((r) => r.codeGrowthMb)).median),
      mb(summarize(of(entry.key, large).map((r) => r.peakUsedMb - r.baselineMb)).median),
      `${num(summarize(of(entry.key, large).map((r) => r.ms)).median / 1000)} s`,
      entry.flat
        ? `≤ ${MAX_FLAT_RATIO}× (flat): ${verdict(r <= MAX_FLAT_RATIO)}`
        : entry.mode === "collect"
          ? "(grows: reported)"
          : ""
    ]
  })
  return {
    id: "4",
    title: `Memory: ${n(small)} vs ${n(large)} scans`,
    setup:
      `Each read runs in a fresh \`node --expose-gc\` process against a fake holding exactly that many scans ` +
      `(zero latency, page size 100, ${CONCURRENCY} pages ahead where the client can), after a warm-up read of ` +
      `the first ${n(Math.min(5_000, large / 10))} scans through the same path (a client without a lazy form ` +
      "lists pages instead). *Live growth* is the live heap (heap used after forced full " +
      "GCs, with a pause between them for finalizers) at its highest minus the same after the warm-up: " +
      `sampled ${samples} times evenly during a stream, and at the end with the result still held. *Of which ` +
      "compiled code*: growth of V8's code spaces (machine code, not data) over the read. *Peak heap used*: " +
      `the highest heap used without forcing GC (garbage included). ${rounds} fresh process(es) per streaming ` +
      "cell, 1 per collect-all cell; median (min–max).",
    tables: [
      {
        columns: [
          "contestant",
          `live growth @ ${n(small)}`,
          `live growth @ ${n(large)}`,
          "ratio",
          "slope per extra scan",
          `of which compiled code @ ${n(large)}`,
          `peak heap used @ ${n(large)}`,
          `time @ ${n(large)}`,
          "target met?"
        ],
        rows
      }
    ],
    targets: RUNS.filter((entry) => entry.flat).map((entry) => ({
      target: `${entry.label}: live heap growth at ${n(large)} ≤ ${MAX_FLAT_RATIO}× that at ${n(small)}`,
      measured: `${mb(growthOf(entry.key, small).median)} → ${mb(growthOf(entry.key, large).median)} (${ratio(ratioOf(entry.key))})`,
      met: ratioOf(entry.key) <= MAX_FLAT_RATIO
    })),
    notes: [
      "A collected array holds every scan, so collect-all grows linearly by design; the streaming forms must not.",
      "When growth is a fraction of a MB the ratio is noisy; the slope column shows the trend directly."
    ],
    raw: Object.fromEntries(results)
  }
}
