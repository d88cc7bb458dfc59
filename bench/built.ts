/**
 * The built package the benchmarks load where users would: the Promise client and the cold start run
 * the built, self-contained `compat` entry, as a Promise user installs it.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const repoDist = join(root, "dist")
/** Where a fresh build goes when the repo's `dist` is missing or older than `src`. */
export const privateDist = join(root, "node_modules", ".cache", "airs-bench", "dist")
/** The files of the Promise entry. */
const ENTRY_FILES = ["compat.js", "compat.cjs", "undici-agent.cjs"]

const newestMtime = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }, 0)

/** Where the built package is, and how it came to be there. */
export interface Built {
  readonly dir: string
  readonly how: string
}

/**
 * The built package to measure: the repo's `dist` when it is there and (unless `stale` is allowed)
 * newer than `src`; otherwise a build of the current `src` with the repo's tsup configs (types skipped)
 * into a private directory, so that the repo's `dist` is never rebuilt under another process's feet.
 */
export const builtPackage = (options: {
  readonly force: boolean
  readonly stale: boolean
  readonly log: (line: string) => void
}): Built => {
  const entries = ENTRY_FILES.map((file) => join(repoDist, file))
  const present = entries.every((file) => existsSync(file))
  const fresh =
    present && newestMtime(join(root, "src")) <= Math.min(...entries.map((f) => statSync(f).mtimeMs))
  if (!options.force && present && (fresh || options.stale)) {
    return { dir: repoDist, how: fresh ? "the repo's `dist`" : "the repo's `dist` (older than `src`)" }
  }
  options.log("  building src with the tsup configs (no types) into node_modules/.cache/airs-bench/dist…")
  const build = (config: string) =>
    `build({ config: ${JSON.stringify(config)}, outDir: ${JSON.stringify(privateDist)}, dts: false, silent: true })`
  const script = `import("tsup").then(async ({ build }) => { await ${build("tsup.config.ts")}; await ${build("tsup.compat.config.ts")} })`
  execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    stdio: ["ignore", 2, 2]
  })
  return { dir: privateDist, how: "a fresh build of `src` with the repo's tsup configs" }
}

/** The environment variable that tells child processes where the built package is. */
export const BUILT_DIR_VARIABLE = "BENCH_DIST"

/** The built package's directory, as `run.ts` or `profile.ts` chose it (`builtPackage`). */
export const builtDir = (): string => {
  const dir = process.env[BUILT_DIR_VARIABLE]
  if (dir === undefined)
    throw new Error(`${BUILT_DIR_VARIABLE} is not set: choose the build with builtPackage()`)
  return dir
}
