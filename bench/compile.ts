/**
 * Bundles the child-process entries (`fake-server.ts`, `fast-server.ts`, `memory-child.ts`, `profile-child.ts`,
 * `session-child.ts`, and the `src` they import) into plain ES modules, so that children start under
 * plain `node`: under tsx,
 * loading Effect's hundreds of modules through the loader hooks costs about two seconds per process.
 * Packages stay external and resolve from the repo's node_modules.
 */
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const here = fileURLToPath(new URL(".", import.meta.url))
const outdir = fileURLToPath(new URL("../node_modules/.cache/airs-bench/", import.meta.url))
const ENTRIES = ["fake-server", "fast-server", "memory-child", "profile-child", "session-child"] as const

let built: Promise<unknown> | undefined

/** The path of the bundled `entry`, built (once per process) from the current sources. */
export const compiled = async (entry: (typeof ENTRIES)[number]): Promise<string> => {
  built ??= build({
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, join(here, `${name}.ts`)])),
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    // Separate .map files: `cpuprofile-top.ts` maps profiled frames back to src with them.
    sourcemap: "linked",
    logLevel: "warning"
  })
  await built
  return join(outdir, `${entry}.mjs`)
}
