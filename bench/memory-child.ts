/**
 * One memory measurement in a fresh process (`node --expose-gc`): reads every scan of the fake with one
 * contestant, streaming or collecting, and prints one JSON line:
 *   `{ items, held, ms, baselineMb, peakLiveMb, endLiveMb, peakUsedMb, codeGrowthMb, series }`
 * Live heap is heap used after forced full GCs (with a pause for finalizers between them): at the
 * baseline (after a warm-up read), every `expected / samples` items while a stream runs, and at the end
 * with the result still held.
 * `peakUsedMb` is the highest heap used seen every 20 ms without forcing a GC (garbage included);
 * `codeGrowthMb` how much V8's code spaces (compiled code, not data) grew from the baseline to the end.
 *
 *   node --expose-gc memory-child.mjs --contestant effect-node --mode stream --server '<json>' --expected 50000
 */
import { setTimeout } from "node:timers/promises"
import { parseArgs } from "node:util"
import { getHeapSpaceStatistics } from "node:v8"
import { contestant } from "./contestants.js"
import type { FakeServerInfo } from "./server.js"

const { values } = parseArgs({
  options: {
    contestant: { type: "string" },
    mode: { type: "string", default: "stream" },
    server: { type: "string" },
    expected: { type: "string" },
    "page-size": { type: "string", default: "100" },
    concurrency: { type: "string", default: "1" },
    samples: { type: "string", default: "20" }
  }
})

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with --expose-gc")
const MB = 2 ** 20
const used = () => process.memoryUsage().heapUsed / MB
/** Compiled machine code (V8's code spaces), part of heap used. */
const code = () =>
  getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith("code"))
    .reduce((sum, space) => sum + space.space_used_size, 0) / MB
/**
 * Heap used after a full GC. The pause between two GCs lets FinalizationRegistry callbacks run: fetch
 * removes its abort listeners in one, and until it has run they (and what they hold) look alive.
 */
const live = async () => {
  gc()
  await setTimeout(20)
  gc()
  return used()
}

const server = JSON.parse(values.server!) as FakeServerInfo
const session = await contestant(values.contestant!).open(server)
const options = { pageSize: Number(values["page-size"]), concurrency: Number(values.concurrency) }
const sampleEvery = Math.max(1, Math.ceil(Number(values.expected) / Number(values.samples)))
// Warm up the code path to be measured, so that the baseline includes its one-time costs (compiled
// code, caches): stream the first WARMUP scans, or, for a client without a lazy form, list pages.
const WARMUP = Math.min(5_000, Number(values.expected) / 10)
if (session.stream === undefined) {
  for (let read = 0; read < WARMUP; read += options.pageSize) await session.listPage(options.pageSize)
} else {
  await session.stream({ ...options, take: WARMUP }, () => {})
}

const baselineMb = await live()
const baselineCodeMb = code()
/** Live heap at each sample during a stream, in MB. */
const series: Array<number> = []
let sampling: Promise<void> | undefined
const sample = () => {
  sampling ??= live().then((mb) => {
    series.push(mb)
    sampling = undefined
  })
}
let peakUsedMb = used()
const watcher = setInterval(() => {
  peakUsedMb = Math.max(peakUsedMb, used())
}, 20)

const start = performance.now()
let items: number
let held: ReadonlyArray<unknown> | undefined
if (values.mode === "collect" || session.stream === undefined) {
  held = await session.collect(options)
  items = held.length
} else {
  let count = 0
  // The stream goes on while a sample waits for finalizers; the sample still sees its working set.
  items = await session.stream(options, () => {
    if (++count % sampleEvery === 0) sample()
  })
}
const ms = performance.now() - start
clearInterval(watcher)
await sampling
peakUsedMb = Math.max(peakUsedMb, used())
const endLiveMb = await live()
const codeGrowthMb = code() - baselineCodeMb
const peakLiveMb = Math.max(baselineMb, endLiveMb, ...series)

process.stdout.write(
  `${JSON.stringify({ items, held: held?.length ?? 0, ms, baselineMb, peakLiveMb, endLiveMb, peakUsedMb, codeGrowthMb, series })}\n`
)
await session.close()
process.exit(0)
