/**
 * The tarballs of this run, as npm would publish them: `npm pack` of the built repository (and of the
 * CLI's workspace), made once per run by the first test file that asks, into the folder of the global
 * setup, and shared by every other file asking (in this worker or another).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { inject } from "vitest"
import { exec, npm, ROOT } from "./pack.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run's tarballs go (global-setup.ts). */
    readonly packDir: string
  }
}

/** The packages of the repository: the SDK (the root) and the CLI (its workspace). */
export type Packed = "sdk" | "cli"

/** The built files each tarball must hold. */
const BUILT: Record<Packed, ReadonlyArray<string>> = {
  sdk: ["dist/index.js", "dist/compat.js", "dist/undici-agent.cjs"],
  cli: ["cli/dist/bin.js"]
}

const WAIT_MS = 240_000

const folder = (): string => {
  const provided = inject("packDir")
  return provided ?? mkdtempSync(join(tmpdir(), "airs-packs-"))
}

/** Waits for another file's `npm pack` to write what it made. */
const awaitPacked = async (record: string): Promise<string> => {
  const deadline = Date.now() + WAIT_MS
  while (!existsSync(record)) {
    if (Date.now() > deadline) throw new Error(`${record} was not written within ${WAIT_MS} ms`)
    await sleep(100)
  }
  const written = JSON.parse(readFileSync(record, "utf8")) as { path?: string; error?: string }
  if (written.path === undefined) throw new Error(`npm pack failed in another test file: ${written.error}`)
  return written.path
}

const pack = async (which: Packed): Promise<string> => {
  for (const file of BUILT[which]) {
    if (!existsSync(join(ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build\` before these tests`)
  }
  const dir = folder()
  const record = join(dir, `${which}.json`)
  try {
    // The first to create the lock packs; the others wait for its record.
    mkdirSync(join(dir, `${which}.lock`))
  } catch {
    return awaitPacked(record)
  }
  try {
    const into = join(dir, which)
    mkdirSync(into)
    const workspace = which === "cli" ? ["-w", "cli"] : []
    const { stdout } = await exec(npm, ["pack", ...workspace, "--json", "--pack-destination", into], {
      cwd: ROOT
    })
    const [packed] = JSON.parse(stdout) as Array<{ readonly filename: string }>
    const path = join(into, packed!.filename)
    writeFileSync(record, JSON.stringify({ path }))
    return path
  } catch (error) {
    writeFileSync(record, JSON.stringify({ error: String(error) }))
    throw error
  }
}

const made = new Map<Packed, Promise<string>>()

/** The path of the package's tarball, packed at most once per run. */
export const packed = (which: Packed): Promise<string> => {
  let tarball = made.get(which)
  if (tarball === undefined) {
    tarball = pack(which)
    made.set(which, tarball)
  }
  return tarball
}
