/**
 * `npm run bench`: every scenario, side by side, into `bench/RESULTS.md`; with `--json <file>`, every raw
 * sample too (not by default: a generated JSON file in the repo would have to match the formatter).
 *
 *   node --expose-gc --import tsx bench/run.ts [--quick] [--only 1,3] [--rounds 5] [--out bench/RESULTS.md]
 *     [--json /tmp/bench.json] [--build]
 *
 * `--build` rebuilds the package (into a private directory) even when the repo's `dist` is fresh; it is
 * rebuilt there anyway when `dist` is older than `src`.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { BUILT_DIR_VARIABLE, type Built, builtPackage } from "./built.js"
import { type Before, type RunInfo, renderMarkdown, type ScenarioResult } from "./report.js"
import { cliScenario } from "./scenarios/cli.js"
import { coldStart } from "./scenarios/cold-start.js"
import { concurrentGet } from "./scenarios/concurrent-get.js"
import { footprint } from "./scenarios/footprint.js"
import { listAll } from "./scenarios/list-all.js"
import { memory } from "./scenarios/memory.js"
import { sequentialGet } from "./scenarios/sequential-get.js"
import { type BenchConfig, closeQuickSessions } from "./scenarios/shared.js"
import { token } from "./scenarios/token.js"
import { FakeServerPool } from "./server.js"

/** Every scenario, by id. */
export const SCENARIOS: ReadonlyArray<{
  readonly id: string
  readonly run: (config: BenchConfig, built: Built) => Promise<ScenarioResult>
}> = [
  { id: "1", run: sequentialGet },
  { id: "2", run: concurrentGet },
  { id: "3", run: listAll },
  { id: "4", run: memory },
  { id: "5", run: token },
  { id: "6", run: coldStart },
  { id: "7", run: footprint },
  { id: "8", run: cliScenario }
]

const root = fileURLToPath(new URL("..", import.meta.url))

const gitCommit = (): string => {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim()
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "bench"], {
      cwd: root,
      encoding: "utf8"
    })
    return dirty.trim() === "" ? head : `${head} (+ uncommitted changes)`
  } catch {
    return "unknown"
  }
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      rounds: { type: "string" },
      warmup: { type: "string" },
      out: { type: "string" },
      json: { type: "string" },
      build: { type: "boolean", default: false }
    }
  })
  const quick = values.quick
  const rounds = values.rounds === undefined ? (quick ? 1 : 5) : Number(values.rounds)
  const warmup = values.warmup === undefined ? (quick ? 0 : 1) : Number(values.warmup)
  const only = values.only?.split(",").map((id) => id.trim())
  const out = values.out ?? fileURLToPath(new URL("./RESULTS.md", import.meta.url))
  const log = (line: string) => process.stderr.write(`${line}\n`)
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    log("note: run with --expose-gc (npm run bench does) to collect garbage between runs")
  }

  // The built package the Promise client and the cold start load (and every child process, by its variable).
  const built = builtPackage({ force: values.build, stale: quick, log })
  process.env[BUILT_DIR_VARIABLE] = built.dir
  const servers = new FakeServerPool()
  const config: BenchConfig = { quick, rounds, warmup, log, servers, build: values.build }
  const started = performance.now()
  const loadAtStart = loadavg()[0]!
  const results: Array<ScenarioResult> = []
  try {
    for (const scenario of SCENARIOS) {
      if (only !== undefined && !only.includes(scenario.id)) continue
      log(`scenario ${scenario.id}…`)
      const t0 = performance.now()
      results.push(await scenario.run(config, built))
      log(`scenario ${scenario.id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
  } finally {
    await closeQuickSessions()
    await servers.closeAll()
  }

  const info: RunInfo = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: availableParallelism(),
    platform: `${platform()} ${release()}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    commit: gitCommit(),
    quick,
    rounds,
    durationS: (performance.now() - started) / 1000,
    command: `bench/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
    load: [loadAtStart, loadavg()[0]!]
  }
  mkdirSync(dirname(out), { recursive: true })
  const beforeFile = fileURLToPath(new URL("./before.json", import.meta.url))
  const before = existsSync(beforeFile) ? (JSON.parse(readFileSync(beforeFile, "utf8")) as Before) : undefined
  writeFileSync(out, renderMarkdown(info, results, before))
  log(`wrote ${out}`)
  if (values.json !== undefined) {
    const scenarios = results.map(({ id, title, targets, raw }) => ({ id, title, targets, raw }))
    mkdirSync(dirname(values.json), { recursive: true })
    writeFileSync(values.json, `${JSON.stringify({ info, scenarios }, null, 2)}\n`)
    log(`wrote ${values.json}`)
  }
}

await main()
