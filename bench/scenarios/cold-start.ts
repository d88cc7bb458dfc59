/**
 * Scenario 6: cold start — a fresh `node` process imports the BUILT compat entry (`dist/compat.js`),
 * creates a client and awaits its first `scans.list()`, against the same with the existing SDK, and the
 * Effect entry (`layerNode`) beside them; and which modules each entry loads.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { type Built, privateDist } from "../built.js"
import { ms, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import type { FakeServer } from "../server.js"
import { roundOrder, summarize } from "../stats.js"
import { type BenchConfig, precomputedServer } from "./shared.js"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../", import.meta.url))
const child = fileURLToPath(new URL("../cold-start-child.mjs", import.meta.url))
const moduleLog = fileURLToPath(new URL("../module-log.mjs", import.meta.url))

const TARGETS = [
  { key: "raw", label: "floor: raw fetch, nothing imported" },
  { key: "compat", label: "ours: compat entry (built `compat.js`)" },
  { key: "effect", label: "ours: Effect entry (built `index.js` + `node.js`, `layerNode`)" },
  { key: "existing", label: "existing: @cdot65/prisma-airs-sdk 0.34.0" }
] as const

/** The compat entry's time to first result, as a fraction of the existing SDK's, at most. */
const TARGET_RATIO = 0.8

interface ChildResult {
  readonly scriptAt: number
  readonly importMs: number
  readonly firstCallMs: number
  readonly totalMs: number
  readonly cpuMs: number
  readonly modules?: ReadonlyArray<string>
}

const spawnChild = async (
  dist: string,
  server: FakeServer,
  args: ReadonlyArray<string>,
  nodeArgs: ReadonlyArray<string> = [],
  env: Record<string, string> = {}
): Promise<ChildResult> => {
  const { stdout } = await run(process.execPath, [...nodeArgs, child, ...args], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      BENCH_SERVER: JSON.stringify(server),
      BENCH_DIST: dist
    },
    maxBuffer: 16 << 20
  })
  return JSON.parse(stdout.trim().split("\n").pop()!) as ChildResult
}

/** The package a loaded file belongs to: the last `node_modules/<name>` in its path, or the repo's dist. */
const packageOf = (file: string): string | undefined => {
  const path = file.startsWith("file:") ? fileURLToPath(file) : file
  if (!path.startsWith(sep)) return undefined // node: built-ins
  const inRepo = relative(root, path)
  if (inRepo.startsWith(`dist${sep}`) || path.startsWith(privateDist)) return "(this package's dist)"
  if (inRepo.startsWith(`bench${sep}`)) return undefined // the harness itself
  const parts = path.split(sep)
  const at = parts.lastIndexOf("node_modules")
  if (at >= 0) {
    const name = parts[at + 1] ?? "?"
    return name.startsWith("@") ? `${name}/${parts[at + 2] ?? "?"}` : name
  }
  return "(other)"
}

const countByPackage = (files: ReadonlyArray<string>): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const file of new Set(files)) {
    const name = packageOf(file)
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  return counts
}

export const coldStart = async (config: BenchConfig, built: Built): Promise<ScenarioResult> => {
  const rounds = config.quick ? 1 : Math.max(config.rounds, 7)
  const server = await precomputedServer(config)
  {
    const results = new Map<string, Array<ChildResult>>(TARGETS.map((t) => [t.key, []]))
    // One unrecorded run each to warm the OS file cache.
    if (!config.quick) for (const t of TARGETS) await spawnChild(built.dir, server, [t.key])
    for (let round = 0; round < rounds; round++) {
      for (const t of roundOrder(TARGETS, round))
        results.get(t.key)!.push(await spawnChild(built.dir, server, [t.key]))
    }
    config.log(`  ${rounds} cold starts each`)

    // Which modules: ESM through a load hook, CommonJS through require.cache.
    const loaded = new Map<string, Map<string, number>>()
    const tmp = mkdtempSync(join(tmpdir(), "bench-modules-"))
    try {
      for (const key of ["compat", "effect", "existing"] as const) {
        const file = join(tmp, `${key}.log`)
        await spawnChild(built.dir, server, [key], ["--import", moduleLog], { BENCH_MODULE_LOG: file })
        loaded.set(`${key} esm`, countByPackage(readFileSync(file, "utf8").split("\n").filter(Boolean)))
        const cjs = await spawnChild(built.dir, server, [key, "cjs"])
        loaded.set(`${key} cjs`, countByPackage(cjs.modules ?? []))
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }

    const of = (key: string, pick: (r: ChildResult) => number) => summarize(results.get(key)!.map(pick))
    const existingTotal = of("existing", (r) => r.totalMs).median
    const timingRows = TARGETS.map((t) => {
      const total = of(t.key, (r) => r.totalMs)
      return [
        t.label,
        ms(of(t.key, (r) => r.importMs).median),
        ms(of(t.key, (r) => r.firstCallMs).median),
        ms(total.median),
        spread(total, ms),
        ms(of(t.key, (r) => r.cpuMs).median),
        ratio(total.median / of("raw", (r) => r.totalMs).median),
        ratio(total.median / existingTotal)
      ]
    })
    const packages = [...new Set([...loaded.values()].flatMap((counts) => [...counts.keys()]))].sort(
      (a, b) =>
        Math.max(...[...loaded.values()].map((c) => c.get(b) ?? 0)) -
        Math.max(...[...loaded.values()].map((c) => c.get(a) ?? 0))
    )
    const moduleRows = [...loaded].map(([key, counts]) => {
      const [target, format] = key.split(" ")
      const label = TARGETS.find((t) => t.key === target)!.label
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      return [
        `${label}, ${format === "esm" ? "ESM `import`" : "CommonJS `require`"}`,
        String(total),
        ...packages.map((name) => String(counts.get(name) ?? 0))
      ]
    })
    const compatTotal = of("compat", (r) => r.totalMs).median
    const met = compatTotal <= TARGET_RATIO * existingTotal
    return {
      id: "6",
      title: "Cold start: import, create a client, first result",
      setup:
        `A fresh \`node\` process per run (${rounds} runs each, in alternating order` +
        `${config.quick ? "" : ", after one unrecorded run each"}): ` +
        "it imports the client (ours: the built, self-contained `compat.js` entry, as a Promise user installs it), " +
        "creates it and awaits its first `scans.list()` (token request included) against the server of precomputed " +
        "bodies. Times are medians; *time to first result* is from process start (`performance.now()`), so it " +
        "includes Node's own start-up, the same for everyone.",
      tables: [
        {
          columns: [
            "contestant",
            "import",
            "first call (token + list)",
            "time to first result (since process start)",
            "spread (min–max)",
            "process CPU (user + system)",
            "× raw",
            "× existing",
            "target met?"
          ],
          rows: timingRows.map((row, index) => [
            ...row,
            TARGETS[index]!.key === "compat" ? `≤ ${TARGET_RATIO}× existing: ${verdict(met)}` : ""
          ])
        },
        {
          caption:
            "**Files loaded, by package** (ESM: every module URL through a `load` hook, `bench/module-log.mjs`; CommonJS: `require.cache`; Node built-ins and the harness excluded)",
          columns: ["entry", "files", ...packages.map((name) => `\`${name}\``)],
          rows: moduleRows
        }
      ],
      targets: [
        {
          target: `ours: compat entry, time to first \`scans.list()\` in a fresh process ≤ ${TARGET_RATIO}× the existing SDK's`,
          measured: `${ms(compatTotal)} vs ${ms(existingTotal)} (${ratio(compatTotal / existingTotal)}); the Effect entry ${ms(
            of("effect", (r) => r.totalMs).median
          )}`,
          met
        }
      ],
      notes: [
        "Our entry loads undici's dispatchers (bundled apart, `undici-agent.cjs`) with its first call, by `require` (an `import()` of a CommonJS file makes Node scan it for its exports first, which for undici's bundle cost about as much again as loading it): it is in the first call's time; the existing SDK's first `fetch` loads Node's own undici likewise.",
        "The Effect entry is the package as an Effect user installs it: `dist/index.js` and `dist/node.js` import `effect`, `@effect/platform-node` and undici from `node_modules`, a few hundred files (see below), where the Promise entry is one bundle; the program imports `effect/Effect`.",
        "*Process CPU* is the CPU time of the whole process (every thread) up to the first result: on a loaded machine it moves less than the wall time.",
        `Measured build: ${built.how}.`
      ],
      figures: {
        "compat.coldStart": compatTotal,
        "compat.existingColdStart": existingTotal,
        "effect.coldStart": of("effect", (r) => r.totalMs).median
      },
      raw: {
        timings: Object.fromEntries(results),
        modules: Object.fromEntries([...loaded].map(([k, v]) => [k, Object.fromEntries(v)]))
      }
    }
  }
}
