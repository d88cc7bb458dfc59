/**
 * Profiles one contestant's loop — scenario 1 (sequential `scans.get`, zero latency) by default — against
 * a fake in another process, and prints self time by package and the top functions (frames of the
 * bundled src mapped back to src files and lines). With `--vs <contestant>` (e.g. `floor-undici`) it
 * profiles that one too and prints the per-call difference by package: what the SDK adds.
 *
 *   tsx bench/profile.ts [--contestant effect-node] [--vs floor-undici] [--calls 20000] [--scenario get|stream]
 *     [--in-flight 1] [--server precomputed|fake] [--top 30]
 *
 * The server is the one of precomputed bodies by default (the client's own cost), or the fake AIRS.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs, promisify } from "node:util"
import { BUILT_DIR_VARIABLE, builtPackage } from "./built.js"
import { compiled } from "./compile.js"
import { aggregate, formatTop, type SelfTime } from "./cpuprofile-top.js"
import { type FakeServer, withFakeServer } from "./server.js"

const { values } = parseArgs({
  options: {
    contestant: { type: "string", default: "effect-node" },
    vs: { type: "string" },
    calls: { type: "string", default: "20000" },
    scenario: { type: "string", default: "get" },
    "in-flight": { type: "string", default: "1" },
    server: { type: "string", default: "precomputed" },
    top: { type: "string", default: "30" }
  }
})
const dir = mkdtempSync(join(tmpdir(), "airs-profile-"))
// The compat contestant loads the built package, as users do.
process.env[BUILT_DIR_VARIABLE] = builtPackage({
  force: false,
  stale: false,
  log: (line) => process.stderr.write(`${line}\n`)
}).dir

const profile = async (server: FakeServer, contestant: string) => {
  const out = join(dir, `${contestant}-${values.scenario}.cpuprofile`)
  const { stderr } = await promisify(execFile)(process.execPath, [
    await compiled("profile-child"),
    "--contestant",
    contestant,
    "--server",
    JSON.stringify(server),
    "--calls",
    values.calls,
    "--scenario",
    values.scenario,
    "--in-flight",
    values["in-flight"],
    "--out",
    out
  ])
  process.stdout.write(stderr)
  process.stdout.write(`profile: ${out}\n`)
  return JSON.parse(readFileSync(out, "utf8"))
}

const kind = values.server === "fake" ? "fake" : "precomputed"
await withFakeServer({ kind, scans: kind === "fake" ? 10_000 : 5_000, latencyMs: 0 }, async (server) => {
  const main = await profile(server, values.contestant)
  process.stdout.write(`\n${formatTop(main, Number(values.top))}\n`)
  if (values.vs === undefined) return
  const base = await profile(server, values.vs)
  const perCall = (micros: number) => micros / Number(values.calls)
  const diff = (
    title: string,
    pick: (a: ReturnType<typeof aggregate>) => ReadonlyArray<SelfTime>,
    top: number
  ) => {
    const ours = new Map(pick(aggregate(main)).map((p) => [p.name, p.micros]))
    const theirs = new Map(pick(aggregate(base)).map((p) => [p.name, p.micros]))
    const rows = [...new Set([...ours.keys(), ...theirs.keys()])]
      .map((name) => ({ name, a: perCall(ours.get(name) ?? 0), b: perCall(theirs.get(name) ?? 0) }))
      .sort((x, y) => y.a - y.b - (x.a - x.b))
    process.stdout.write(
      `\n${title}, ${values.contestant} vs ${values.vs} (µs per call: difference (ours vs theirs)):\n`
    )
    for (const { name, a, b } of rows.slice(0, top)) {
      process.stdout.write(
        `${(a - b).toFixed(1).padStart(8)}  (${a.toFixed(1).padStart(7)} vs ${b.toFixed(1).padStart(7)})  ${name}\n`
      )
    }
  }
  diff("self time by package", (a) => a.packages, 20)
  diff("self time by function", (a) => a.functions, Number(values.top))
})
