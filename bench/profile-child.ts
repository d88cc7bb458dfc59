/**
 * The loop to profile, in a process of its own (started by `profile.ts`): one contestant doing
 * sequential `scans.get` (scenario 1) or reading every page (scenario 3) against a fake. After a
 * warm-up, only the measured loop is profiled (V8's CPU profiler through `node:inspector`, the same
 * profiler and format as `node --cpu-prof`), and the `.cpuprofile` is written to `--out`.
 *
 *   node profile-child.mjs --contestant effect-node --server '<json>' --calls 20000 [--in-flight 1] --out file.cpuprofile
 */
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { parseArgs } from "node:util"
import { contestant, scanIds } from "./contestants.js"
import type { FakeServerInfo } from "./server.js"

const { values } = parseArgs({
  options: {
    contestant: { type: "string", default: "effect-node" },
    server: { type: "string" },
    calls: { type: "string", default: "20000" },
    scenario: { type: "string", default: "get" },
    "in-flight": { type: "string", default: "1" },
    interval: { type: "string", default: "100" },
    out: { type: "string" }
  }
})
const server = JSON.parse(values.server!) as FakeServerInfo
const session = await contestant(values.contestant).open(server)
const calls = Number(values.calls)
const ids = await scanIds(server, Math.min(calls, 2_000))
const loop = Array.from({ length: calls }, (_, i) => ids[i % ids.length]!)
const run = () =>
  values.scenario === "stream" && session.stream !== undefined
    ? session.stream({ pageSize: 100, concurrency: 1 }, () => {})
    : session.getAll(loop, Number(values["in-flight"]))

// Warm-up: token, JIT.
await session.getAll(ids.slice(0, 1_000), 1)
if (values.scenario === "stream") await run()

const inspector = new Session()
inspector.connect()
await inspector.post("Profiler.enable")
await inspector.post("Profiler.setSamplingInterval", { interval: Number(values.interval) })
await inspector.post("Profiler.start")
const start = performance.now()
await run()
const ms = performance.now() - start
const { profile } = await inspector.post("Profiler.stop")
inspector.disconnect()
writeFileSync(values.out!, JSON.stringify(profile))
process.stderr.write(`${values.contestant} ${values.scenario}: ${ms.toFixed(0)} ms\n`)
await session.close()
process.exit(0)
