/** Scenario 1: `scans.get` one after another, zero server latency — the per-call overhead of each client. */
import { CONTESTANTS, scanIds } from "../contestants.js"
import { closeIsolatedSessions, openIsolatedSessions } from "../isolated.js"
import { runRounds, withServerCpu } from "../measure.js"
import { ms, num, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import { type BenchConfig, cpu, fastServer, samplesOf, serverCpu, summaryOf, wall } from "./shared.js"

/** Targets of the issue: ours over the undici floor, and faster than the existing SDK. */
const LIMITS: Readonly<Record<string, number>> = { "effect-node": 1.15, compat: 1.25 }

export const sequentialGet = async (config: BenchConfig): Promise<ScenarioResult> => {
  const count = config.quick ? 50 : 2_000
  const server = await fastServer(config)
  {
    const ids = await scanIds(server, count)
    const sessions = await openIsolatedSessions(CONTESTANTS, server, ids)
    try {
      const samples = await runRounds(
        CONTESTANTS.map((c) => ({
          key: c.id,
          run: () => withServerCpu(server, () => sessions.get(c.id)!.getAll(count, 1)),
          warm: () => sessions.get(c.id)!.getAll(500, 1)
        })),
        // At least one warm-up: it fetches the token and warms the JIT.
        { rounds: config.rounds, warmup: Math.max(1, config.warmup) },
        config.log
      )
      const median = (id: string) => summaryOf(samplesOf(samples, id), wall).median
      const undiciFloor = median("floor-undici")
      const fetchFloor = median("floor-fetch")
      const existing = median("existing")
      const targets = Object.entries(LIMITS).flatMap(([id, limit]) => {
        const label = CONTESTANTS.find((c) => c.id === id)!.label
        const vsFloor = median(id) / undiciFloor
        const vsExisting = median(id) / existing
        return [
          {
            target: `${label} ≤ ${limit}× the undici floor`,
            measured: ratio(vsFloor),
            met: vsFloor <= limit
          },
          {
            target: `${label} faster than the existing SDK`,
            measured: `${ratio(vsExisting)} the existing SDK's time`,
            met: vsExisting < 1
          }
        ]
      })
      const rows = CONTESTANTS.map((c) => {
        const s = samplesOf(samples, c.id)
        const w = summaryOf(s, wall)
        const limit = LIMITS[c.id]
        const target =
          limit === undefined
            ? c.id === "effect-fetch"
              ? "(reported; the undici one is the main)"
              : ""
            : `≤ ${limit}× undici floor, < existing: ${verdict(w.median / undiciFloor <= limit && w.median < existing)}`
        return [
          c.label,
          ms(w.median),
          spread(w, ms),
          `${num((w.median / count) * 1000)} µs`,
          `${num((summaryOf(s, cpu).median / count) * 1000)} µs`,
          `${num((summaryOf(s, serverCpu).median / count) * 1000)} µs`,
          ratio(w.median / undiciFloor),
          ratio(w.median / fetchFloor),
          ratio(w.median / existing),
          target
        ]
      })
      return {
        id: "1",
        title: `${count.toLocaleString("en-US")} sequential scans.get, zero latency`,
        setup:
          `One \`scans.get\` after another over ${count.toLocaleString("en-US")} distinct scans (fake with ${server.options.scans.toLocaleString("en-US")} scans, ` +
          `no added latency, validation off). Each client runs in a process of its own (\`bench/session-child.ts\`), ` +
          `as in a program that uses one client, so that no contestant's compiled code or garbage slows another; it is ` +
          `created once and warmed up (token fetched, 500 calls) before the measured rounds. The Effect API runs the ` +
          `loop as \`Effect.forEach(ids, scans.get)\` in one \`runPromise\`, the Promise clients as an \`await\` loop.`,
        tables: [
          {
            columns: [
              "contestant",
              "median",
              "spread (min–max)",
              "per call",
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
          "`layerFetch` runs over the global `fetch`: its cost over the fetch floor is the SDK's, the rest is fetch's over `undici.request`. The compat client goes through undici here (`@effect/platform-node` is installed), through `fetch` where it is not.",
          "Wall times on this shared 2-core machine vary from round to round (see the spreads); client CPU per call is the steadier comparison."
        ],
        raw: Object.fromEntries(samples)
      }
    } finally {
      await closeIsolatedSessions(sessions)
    }
  }
}
