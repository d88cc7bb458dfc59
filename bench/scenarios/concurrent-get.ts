/** Scenario 2: `scans.get` with 64 in flight, zero server latency — throughput under concurrency. */
import { CONTESTANTS, scanIds } from "../contestants.js"
import { closeIsolatedSessions, openIsolatedSessions } from "../isolated.js"
import { runRounds, withServerCpu } from "../measure.js"
import { num, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import { summarize } from "../stats.js"
import { type BenchConfig, cpu, fastServer, samplesOf, serverCpu, summaryOf } from "./shared.js"

const MIN_SHARE = 0.85
const TARGETED = ["effect-node", "compat"]
const IN_FLIGHT = 64

export const concurrentGet = async (config: BenchConfig): Promise<ScenarioResult> => {
  const count = config.quick ? 200 : 5_000
  const server = await fastServer(config)
  {
    const ids = await scanIds(server, count)
    const sessions = await openIsolatedSessions(CONTESTANTS, server, ids)
    try {
      const samples = await runRounds(
        CONTESTANTS.map((c) => ({
          key: c.id,
          run: () => withServerCpu(server, () => sessions.get(c.id)!.getAll(count, IN_FLIGHT)),
          warm: () => sessions.get(c.id)!.getAll(1_000, IN_FLIGHT)
        })),
        { rounds: config.rounds, warmup: Math.max(1, config.warmup) },
        config.log
      )
      const throughput = (id: string) => summarize(samplesOf(samples, id).map((s) => count / (s.ms / 1000)))
      const undiciFloor = throughput("floor-undici").median
      const fetchFloor = throughput("floor-fetch").median
      const existing = throughput("existing").median
      const targets = TARGETED.map((id) => {
        const share = throughput(id).median / undiciFloor
        return {
          target: `${CONTESTANTS.find((c) => c.id === id)!.label}: throughput ≥ ${MIN_SHARE}× the undici floor at ${IN_FLIGHT} in flight`,
          measured: ratio(share),
          met: share >= MIN_SHARE
        }
      })
      const rows = CONTESTANTS.map((c) => {
        const t = throughput(c.id)
        const target = TARGETED.includes(c.id)
          ? `≥ ${MIN_SHARE}× undici floor: ${verdict(t.median / undiciFloor >= MIN_SHARE)}`
          : c.id === "effect-fetch"
            ? "(reported; the undici one is the main)"
            : ""
        return [
          c.label,
          `${num(t.median)} req/s`,
          spread(t, (v) => num(v)),
          `${num((summaryOf(samplesOf(samples, c.id), cpu).median / count) * 1000)} µs`,
          `${num((summaryOf(samplesOf(samples, c.id), serverCpu).median / count) * 1000)} µs`,
          ratio(t.median / undiciFloor),
          ratio(t.median / fetchFloor),
          ratio(t.median / existing),
          target
        ]
      })
      return {
        id: "2",
        title: `${count.toLocaleString("en-US")} scans.get at ${IN_FLIGHT} in flight, zero latency`,
        setup:
          `${count.toLocaleString("en-US")} \`scans.get\` with at most ${IN_FLIGHT} in flight (Effect API: ` +
          `\`Effect.forEach(ids, scans.get, { concurrency: ${IN_FLIGHT} })\`; Promise clients: ${IN_FLIGHT} ` +
          "workers over a shared queue), each client in a process of its own, as in scenario 1. Throughput = calls / " +
          "wall time; ratios are of throughput (higher is better).",
        tables: [
          {
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
            rows
          }
        ],
        targets,
        notes: [
          "With 2 cores the single-threaded fake server saturates first; when a ratio is near 1 the server, not the client, is the limit — compare client CPU per call."
        ],
        raw: Object.fromEntries(samples)
      }
    } finally {
      await closeIsolatedSessions(sessions)
    }
  }
}
