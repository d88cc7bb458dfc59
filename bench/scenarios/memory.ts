/**
 * Scenario 4: memory over a long stream — 1,000,000 scans read item by item in a fresh process, the live
 * heap sampled after a full GC every 100,000 items. A stream that holds nothing it has passed plateaus.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { compiled } from "../compile.js"
import { type Contestant, compat, effectNode, floorUndici } from "../contestants.js"
import { num, type ScenarioResult, verdict } from "../report.js"
import { type FakeServer, withFakeServer } from "../server.js"
import { summarize } from "../stats.js"
import type { BenchConfig } from "./shared.js"

const run = promisify(execFile)
/** The last samples that must agree, and how closely: each within this share of their mean. */
const PLATEAU_SAMPLES = 5
const PLATEAU_SHARE = 0.1

interface MemoryRun {
  readonly key: string
  readonly contestant: Contestant
  readonly label: string
  /** Held to the plateau. */
  readonly targeted: boolean
}

const RUNS: ReadonlyArray<MemoryRun> = [
  { key: "floor", contestant: floorUndici, label: "floor: raw undici, page by page", targeted: false },
  {
    key: "effect-stream",
    contestant: effectNode,
    label: "ours: Effect `scans.stream()` + `Stream.runForEach` (layerNode, default options)",
    targeted: true
  },
  {
    key: "compat-iterate",
    contestant: compat,
    label: "ours: compat `for await (… of scans.iterate())` (default options)",
    targeted: true
  }
]

interface ChildResult {
  readonly items: number
  readonly ms: number
  readonly baselineMb: number
  readonly peakUsedMb: number
  /** Live heap after a full GC, every `total / samples` items. */
  readonly series: ReadonlyArray<number>
}

const measure = async (server: FakeServer, entry: MemoryRun, total: number, samples: number) => {
  const { stdout } = await run(
    process.execPath,
    [
      "--expose-gc",
      await compiled("memory-child"),
      "--contestant",
      entry.contestant.id,
      "--mode",
      "stream",
      "--server",
      JSON.stringify(server),
      "--expected",
      String(total),
      "--samples",
      String(samples)
    ],
    { maxBuffer: 16 << 20 }
  )
  const result = JSON.parse(stdout.trim().split("\n").pop()!) as ChildResult
  if (result.items !== total) throw new Error(`${entry.key} read ${result.items} of ${total} scans`)
  if (result.series.length !== samples) throw new Error(`${entry.key} took ${result.series.length} samples`)
  return result
}

/** How far the last samples stray from their mean, as a share of it (the largest of them). */
const strayOf = (series: ReadonlyArray<number>) => {
  const last = series.slice(-PLATEAU_SAMPLES)
  const mean = last.reduce((sum, value) => sum + value, 0) / last.length
  return Math.max(...last.map((value) => Math.abs(value - mean) / mean))
}

export const memory = async (config: BenchConfig): Promise<ScenarioResult> => {
  const total = config.quick ? 2_000 : 1_000_000
  const samples = 10
  const every = total / samples
  const results = new Map<string, ChildResult>()
  await withFakeServer(
    { kind: "precomputed", scans: config.quick ? 200 : 10_000, total, latencyMs: 0 },
    async (server) => {
      for (const entry of RUNS) {
        const result = await measure(server, entry, total, samples)
        results.set(entry.key, result)
        config.log(
          `  ${entry.key}: ${(result.ms / 1000).toFixed(1)} s, live heap ${result.series.map((mb) => mb.toFixed(1)).join(" ")} MB`
        )
      }
    }
  )
  const n = (value: number) => value.toLocaleString("en-US")
  const pct = (share: number) => `±${(share * 100).toFixed(1)}%`
  const rows = RUNS.map((entry) => {
    const result = results.get(entry.key)!
    const stray = strayOf(result.series)
    const last = summarize(result.series.slice(-PLATEAU_SAMPLES))
    return [
      entry.label,
      result.series.map((mb) => num(mb)).join(" · "),
      `${num(last.min)}–${num(last.max)} MB (${pct(stray)})`,
      `${num(result.baselineMb)} MB`,
      `${num(result.peakUsedMb)} MB`,
      `${num(result.ms / 1000)} s`,
      entry.targeted ? `within ${pct(PLATEAU_SHARE)}: ${verdict(stray <= PLATEAU_SHARE)}` : ""
    ]
  })
  return {
    id: "4",
    title: `Memory over a ${n(total)}-item stream`,
    setup:
      `Each client reads ${n(total)} scans item by item in a fresh \`node --expose-gc\` process, from the server of ` +
      `precomputed bodies (pages of 100; the list claims ${n(total)} scans and cycles through its real pages), after a ` +
      "warm-up read of the first 5,000 through the same path. The live heap (heap used after two forced full GCs, " +
      `the stream waiting) is sampled every ${n(every)} items. *Plateau*: the ` +
      `last ${PLATEAU_SAMPLES} samples each within ${pct(PLATEAU_SHARE)} of their mean.`,
    tables: [
      {
        columns: [
          "contestant",
          `live heap every ${n(every)} items (MB)`,
          `last ${PLATEAU_SAMPLES} samples (largest stray from their mean)`,
          "live heap after the warm-up",
          "peak heap used (garbage included)",
          "time",
          "plateau?"
        ],
        rows
      }
    ],
    targets: RUNS.filter((entry) => entry.targeted).map((entry) => {
      const result = results.get(entry.key)!
      const stray = strayOf(result.series)
      return {
        target: `${entry.label}: live heap over ${n(total)} items plateaus (last ${PLATEAU_SAMPLES} of ${samples} samples within ${pct(PLATEAU_SHARE)} of their mean)`,
        measured: `${result.series
          .slice(-PLATEAU_SAMPLES)
          .map((mb) => num(mb))
          .join(", ")} MB (${pct(stray)})`,
        met: stray <= PLATEAU_SHARE
      }
    }),
    notes: [
      "The first samples include what the process compiles and caches as it warms up; a stream that kept what it passed would grow by about a kilobyte per scan, some 100 MB between two samples."
    ],
    raw: Object.fromEntries(results)
  }
}
