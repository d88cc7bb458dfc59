/**
 * One memory measurement in a fresh process (`node --expose-gc`): reads every scan of the fake with one
 * contestant, streaming or collecting, and prints one JSON line:
 *   `{ items, held, ms, baselineMb, peakLiveMb, endLiveMb, peakUsedMb, codeGrowthMb, series }`
 * Live heap is heap used after forced full GCs: at the baseline (after a warm-up read) and at the end
 * (with the result still held), two with a pause for finalizers between them; every `expected / samples`
 * items while a stream runs, two in a row, the stream waiting.
 * `peakUsedMb` is the highest heap used seen every 20 ms without forcing a GC (garbage included);
 * `codeGrowthMb` how much V8's code spaces (compiled code, not data) grew from the baseline to the end.
 *
 *   node --expose-gc memory-child.mjs --contestant effect-node --mode stream --server '<json>' --expected 1000000
 *     [--samples 10] [--concurrency 4]
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
    concurrency: { type: "string" },
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
// Without --concurrency, each client's default (ours: 4 pages in flight; the floor's loop: 1).
const options = {
  pageSize: Number(values["page-size"]),
  ...(values.concurrency === undefined ? {} : { concurrency: Number(values.concurrency) })
}
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
/**
 * A sample taken where the stream is, before it goes on: two full GCs in a row. Finalizers get no turn
 * in between (undici, which every streaming client here goes through, leaves nothing to them).
 */
const sample = () => {
  gc()
  gc()
  series.push(used())
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
  items = await session.stream(options, () => {
    if (++count % sampleEvery === 0) sample()
  })
}
const ms = performance.now() - start
clearInterval(watcher)
peakUsedMb = Math.max(peakUsedMb, used())
const endLiveMb = await live()
const codeGrowthMb = code() - baselineCodeMb
const peakLiveMb = Math.max(baselineMb, endLiveMb, ...series)

process.stdout.write(
  `${JSON.stringify({ items, held: held?.length ?? 0, ms, baselineMb, peakLiveMb, endLiveMb, peakUsedMb, codeGrowthMb, series })}\n`
)
await session.close()
process.exit(0)
