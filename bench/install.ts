/**
 * What an `npm install` leaves behind, measured the same way for every contestant: the packages under a
 * `node_modules` (nested ones included), their files and bytes, and npm's warnings.
 */
import { execFile } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"

export const exec = promisify(execFile)
export const npm = process.platform === "win32" ? "npm.cmd" : "npm"

/** Files and bytes (their sizes added up) under `path`. */
export const sizeOf = (path: string): { files: number; bytes: number } => {
  const stat = statSync(path)
  if (!stat.isDirectory()) return { files: 1, bytes: stat.size }
  return readdirSync(path)
    .map((name) => sizeOf(join(path, name)))
    .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 })
}

/** The packages in a `node_modules` (scoped ones counted one by one), and those nested in theirs. */
export const packagesIn = (modules: string): ReadonlyArray<string> =>
  readdirSync(modules)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]
    )
    .flatMap((name) => {
      const nested = join(modules, name, "node_modules")
      return [name, ...(existsSync(nested) ? packagesIn(nested) : [])]
    })

/** npm's warnings in what it printed on stderr. */
export const npmWarnings = (stderr: string): ReadonlyArray<string> =>
  stderr.split("\n").filter((line) => /^npm warn/i.test(line.trim()))

/** What an install left under a `node_modules`. */
export interface Installed {
  readonly packages: ReadonlyArray<string>
  readonly files: number
  readonly bytes: number
  readonly warnings: ReadonlyArray<string>
}

/** The packages, files and bytes under `modules`, with the warnings npm printed installing them. */
export const installedIn = (modules: string, stderr: string): Installed => ({
  packages: packagesIn(modules),
  ...sizeOf(modules),
  warnings: npmWarnings(stderr)
})
