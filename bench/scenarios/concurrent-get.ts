/**
 * Scenario 2: `scans.get` with 64 in flight, zero server latency — throughput and client CPU per call
 * under concurrency, against the server of precomputed bodies (the targets) and the fake AIRS.
 */
import { CONTESTANTS } from "../contestants.js"
import type { Sample } from "../measure.js"
import { num, ratio, type ScenarioResult, spread, type Table, type TargetCheck, verdict } from "../report.js"
import { summarize } from "../stats.js"
import {
  type BenchConfig,
  cpu,
  label,
  measureGets,
  perCallServers,
  samplesOf,
  serverCpu,
  summaryOf
} from "./shared.js"

const MIN_SHARE = 0.8
const TARGETED = ["effect-node", "compat"]
const IN_FLIGHT = 64

/** Calls per second of each sample. */
const throughputOf = (samples: Map<string, ReadonlyArray<Sample>>, id: string, count: number) =>
  summarize(samplesOf(samples, id).map((s) => count / (s.ms / 1000)))

/** Client CPU per call, in µs. */
const cpuPerCall = (samples: Map<string, ReadonlyArray<Sample>>, id: string, count: number) =>
  (summaryOf(samplesOf(samples, id), cpu).median / count) * 1000

const table = (
  caption: string,
  samples: Map<string, ReadonlyArray<Sample>>,
  count: number,
  targeted: boolean
): Table => {
  const of = (id: string) => throughputOf(samples, id, count).median
  const undiciFloor = of("floor-undici")
  return {
    caption,
    columns: [
      "contestant",
      "median throughput",
      "spread (min–max, req/s)",
      "client CPU per call",
      "server CPU per call",
      "× undici floor",
      "× fetch floor",
      "× existing",
      "target met?"
    ],
    rows: CONTESTANTS.map((c) => {
      const t = throughputOf(samples, c.id, count)
      const target =
        targeted && TARGETED.includes(c.id)
          ? `≥ ${MIN_SHARE}× undici floor: ${verdict(t.median / undiciFloor >= MIN_SHARE)}`
          : ""
      return [
        c.label,
        `${num(t.median)} req/s`,
        spread(t, (v) => num(v)),
        `${num(cpuPerCall(samples, c.id, count))} µs`,
        `${num((summaryOf(samplesOf(samples, c.id), serverCpu).median / count) * 1000)} µs`,
        ratio(t.median / undiciFloor),
        ratio(t.median / of("floor-fetch")),
        ratio(t.median / of("existing")),
        target
      ]
    })
  }
}

export const concurrentGet = async (config: BenchConfig): Promise<ScenarioResult> => {
  const count = config.quick ? IN_FLIGHT : 5_000
  const servers = await perCallServers(config)
  const results = new Map<string, Map<string, ReadonlyArray<Sample>>>()
  for (const { key, server } of servers) {
    config.log(`  against ${key}`)
    results.set(key, await measureGets(config, server, { count, inFlight: IN_FLIGHT, warmCount: 1_000 }))
  }
  const fast = results.get("precomputed")!
  const floor = throughputOf(fast, "floor-undici", count).median
  const floorCpu = cpuPerCall(fast, "floor-undici", count)
  const targets: Array<TargetCheck> = TARGETED.map((id) => {
    const share = throughputOf(fast, id, count).median / floor
    return {
      target: `${label(id)}: throughput ≥ ${MIN_SHARE}× the undici floor at ${IN_FLIGHT} in flight (precomputed server)`,
      measured: `${ratio(share)}; client CPU ${num(cpuPerCall(fast, id, count))} µs per call vs ${num(floorCpu)} µs for raw \`undici.request\` + \`JSON.parse\``,
      met: share >= MIN_SHARE
    }
  })
  const n = (value: number) => value.toLocaleString("en-US")
  return {
    id: "2",
    title: `${n(count)} scans.get at ${IN_FLIGHT} in flight, zero latency`,
    setup:
      `${n(count)} \`scans.get\` with at most ${IN_FLIGHT} in flight (Effect API: ` +
      `\`Effect.forEach(ids, scans.get, { concurrency: ${IN_FLIGHT} })\`; Promise clients: ${IN_FLIGHT} ` +
      "workers over a shared queue), each client in a process of its own, against the same two servers as " +
      "scenario 1 (the targets on precomputed bodies). Throughput = calls / wall time; ratios are of throughput " +
      "(higher is better). *Client CPU per call* is what each client spends on a call: the floor's is raw " +
      "`undici.request` + `JSON.parse`.",
    tables: servers.map(({ key, label }) =>
      table(`**Against ${label}**`, results.get(key)!, count, key === "precomputed")
    ),
    targets,
    notes: [
      "With 2 cores, client and server share the machine: against the fake, the single-threaded server saturates first and every client looks close to the floor; against precomputed bodies the client's own cost decides."
    ],
    raw: Object.fromEntries([...results].map(([key, samples]) => [key, Object.fromEntries(samples)]))
  }
}
