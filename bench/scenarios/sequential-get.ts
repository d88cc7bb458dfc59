/**
 * Scenario 1: `scans.get` one after another, zero server latency — the per-call overhead of each client,
 * against the server of precomputed bodies (the targets) and against the fake AIRS (the realistic case).
 */
import { CONTESTANTS } from "../contestants.js"
import type { Sample } from "../measure.js"
import {
  ms,
  num,
  ratio,
  type ScenarioResult,
  spread,
  type Table,
  type TargetCheck,
  verdict
} from "../report.js"
import {
  type BenchConfig,
  cpu,
  label,
  measureGets,
  perCallServers,
  samplesOf,
  serverCpu,
  summaryOf,
  wall
} from "./shared.js"

/** Targets of the issue, on the precomputed server: ours over the undici floor. */
const LIMITS: Readonly<Record<string, number>> = { "effect-node": 1.15, compat: 1.15 }

const table = (
  caption: string,
  samples: Map<string, ReadonlyArray<Sample>>,
  count: number,
  targeted: boolean
): Table => {
  const median = (id: string) => summaryOf(samplesOf(samples, id), wall).median
  const undiciFloor = median("floor-undici")
  return {
    caption,
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
    rows: CONTESTANTS.map((c) => {
      const s = samplesOf(samples, c.id)
      const w = summaryOf(s, wall)
      const limit = LIMITS[c.id]
      const target =
        !targeted || limit === undefined
          ? ""
          : `≤ ${limit}× undici floor: ${verdict(w.median / undiciFloor <= limit)}`
      return [
        c.label,
        ms(w.median),
        spread(w, ms),
        `${num((w.median / count) * 1000)} µs`,
        `${num((summaryOf(s, cpu).median / count) * 1000)} µs`,
        `${num((summaryOf(s, serverCpu).median / count) * 1000)} µs`,
        ratio(w.median / undiciFloor),
        ratio(w.median / median("floor-fetch")),
        ratio(w.median / median("existing")),
        target
      ]
    })
  }
}

export const sequentialGet = async (config: BenchConfig): Promise<ScenarioResult> => {
  const count = config.quick ? 10 : 2_000
  const servers = await perCallServers(config)
  const results = new Map<string, Map<string, ReadonlyArray<Sample>>>()
  for (const { key, server } of servers) {
    config.log(`  against ${key}`)
    results.set(key, await measureGets(config, server, { count, inFlight: 1, warmCount: 500 }))
  }
  const fast = results.get("precomputed")!
  const median = (id: string) => summaryOf(samplesOf(fast, id), wall).median
  const targets: Array<TargetCheck> = Object.entries(LIMITS).flatMap(([id, limit]) => {
    const vsFloor = median(id) / median("floor-undici")
    const vsExisting = median(id) / median("existing")
    return [
      {
        target: `${label(id)} ≤ ${limit}× the undici floor (precomputed server)`,
        measured: ratio(vsFloor),
        met: vsFloor <= limit
      },
      {
        target: `${label(id)} faster than the existing SDK (precomputed server)`,
        measured: `${ratio(vsExisting)} the existing SDK's time`,
        met: vsExisting < 1
      }
    ]
  })
  const n = (value: number) => value.toLocaleString("en-US")
  return {
    id: "1",
    title: `${n(count)} sequential scans.get, zero latency`,
    setup:
      `One \`scans.get\` after another over ${n(count)} distinct scans, no added latency, against two servers: ` +
      `precomputed bodies (\`bench/fast-server.ts\`, ${n(servers[0]!.server.options.scans)} scans: every answer ` +
      "computed once by the fake at start, then written as bytes, so that the server costs little and the client's own " +
      `cost shows; the targets are measured here) and the fake AIRS (${n(servers[1]!.server.options.scans)} scans, ` +
      "validation off: the realistic case, where the server builds every answer). Each client runs in a process of its " +
      "own (`bench/session-child.ts`), as in a program that uses one client, so that no contestant's compiled code or " +
      "garbage slows another; it is created once and warmed up (token fetched, 500 calls) before the measured rounds. " +
      "The Effect API runs the loop as `Effect.forEach(ids, scans.get)` in one `runPromise`, the Promise clients as an " +
      "`await` loop; ours as users install it (the compat client is the built, self-contained `dist/compat.js`).",
    tables: servers.map(({ key, label }) =>
      table(`**Against ${label}**`, results.get(key)!, count, key === "precomputed")
    ),
    targets,
    notes: [
      "`layerFetch` runs over the global `fetch`: its cost over the fetch floor is the SDK's, the rest is fetch's over `undici.request`. The compat client and `layerNode` run over undici's `Agent`.",
      "Wall times on this shared 2-core machine vary from round to round (see the spreads); client CPU per call is the steadier comparison."
    ],
    raw: Object.fromEntries([...results].map(([key, samples]) => [key, Object.fromEntries(samples)]))
  }
}
