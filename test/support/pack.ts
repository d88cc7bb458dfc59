/** The package as npm would publish it: the built repository, packed into a temporary folder. */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

export const exec = promisify(execFile)
export const ROOT = fileURLToPath(new URL("../..", import.meta.url))
export const npm = process.platform === "win32" ? "npm.cmd" : "npm"

/** `npm pack` of the repository (which must be built) into a new temporary folder; the tarball's path. */
export const packPackage = async (): Promise<string> => {
  for (const file of ["dist/index.js", "dist/compat.js", "dist/undici-agent.cjs"]) {
    if (!existsSync(join(ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build\` before these tests`)
  }
  const into = mkdtempSync(join(tmpdir(), "airs-pack-"))
  const { stdout } = await exec(npm, ["pack", "--json", "--pack-destination", into], { cwd: ROOT })
  const [packed] = JSON.parse(stdout) as Array<{ readonly filename: string }>
  return join(into, packed!.filename)
}
