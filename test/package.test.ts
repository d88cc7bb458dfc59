/**
 * The packed tarball, checked offline as a publisher would: every entry's types resolve in all four
 * TypeScript modes (`@arethetypeswrong/cli`), `publint --strict` finds nothing, and the Promise entry
 * is self-contained (copied alone into an empty folder it works, over undici; its declarations import
 * nothing).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FakeAirs } from "../src/testing.js"
import { exec, packPackage, ROOT } from "./support/pack.js"

const bin = (name: string) => join(ROOT, "node_modules", ".bin", name)
const ENTRIES = [".", "./compat", "./node", "./testing"]
const MODES = ["node10", "node16-cjs", "node16-esm", "bundler"]

interface AttwReport {
  readonly analysis: {
    readonly entrypoints: Record<
      string,
      { readonly resolutions: Record<string, { readonly resolution?: { readonly fileName: string } }> }
    >
    readonly problems: ReadonlyArray<unknown>
  }
}

let tarball = ""
beforeAll(async () => {
  tarball = await packPackage()
}, 120_000)

describe("the packed package", () => {
  it("has types for every entry in node10, node16 (CJS and ESM) and bundler resolution, with no problem", async () => {
    const run = await exec(bin("attw"), [tarball, "--no-definitely-typed", "--format", "json"]).catch(
      (error: { stdout: string }) => error
    )
    const report = JSON.parse(run.stdout) as AttwReport
    expect(report.analysis.problems).toEqual([])
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([...ENTRIES, "./package.json"].sort())
    for (const entry of ENTRIES) {
      const name = entry === "." ? "index" : entry.slice(2)
      const resolved = Object.fromEntries(
        MODES.map((mode) => [
          mode,
          report.analysis.entrypoints[entry]!.resolutions[mode]?.resolution?.fileName
        ])
      )
      const dist = `/node_modules/@effect-airs/model-security/dist/${name}`
      expect(resolved, entry).toEqual({
        node10: `${dist}.d.cts`,
        "node16-cjs": `${dist}.d.cts`,
        "node16-esm": `${dist}.d.ts`,
        bundler: `${dist}.d.ts`
      })
    }
  }, 120_000)

  it("passes publint --strict", async () => {
    const run = await exec(bin("publint"), ["run", tarball, "--strict"]).catch(
      (error: { stdout: string; stderr: string; code: number }) => error
    )
    expect(`${run.stdout}${run.stderr}`).toContain("All good!")
  }, 60_000)
})

describe("the Promise entry", () => {
  let fake: FakeAirs
  let server: Awaited<ReturnType<FakeAirs["listen"]>>
  beforeAll(async () => {
    fake = FakeAirs.make({ scans: 5 })
    server = await fake.listen()
  })
  afterAll(() => server.close())

  it.each(["compat.js", "compat.cjs"])(
    "%s, copied alone into an empty folder, lists scans through undici in Node",
    async (entry) => {
      const folder = mkdtempSync(join(tmpdir(), "airs-compat-alone-"))
      for (const file of [entry, "undici-agent.cjs"])
        copyFileSync(join(ROOT, "dist", file), join(folder, file))
      const script = join(folder, entry.endsWith(".cjs") ? "first-call.cjs" : "first-call.mjs")
      writeFileSync(
        script,
        `${entry.endsWith(".cjs") ? `const { ModelSecurityClient } = require("./${entry}")` : `import { ModelSecurityClient } from "./${entry}"`}
let fetches = 0
const fetch = globalThis.fetch
globalThis.fetch = (...args) => (fetches++, fetch(...args))
new ModelSecurityClient(JSON.parse(process.env.AIRS_OPTIONS)).scans
  .list({ limit: 3 })
  .then((page) => console.log(JSON.stringify({ scans: page.scans.length, fetches })))
`
      )
      const options = { ...fake.credentials, ...fake.endpoints(server.url) }
      const run = await exec(process.execPath, [script], {
        cwd: folder,
        env: { PATH: process.env.PATH ?? "", AIRS_OPTIONS: JSON.stringify(options) }
      })
      expect(run.stderr).toBe("")
      expect(JSON.parse(run.stdout)).toEqual({ scans: 3, fetches: 0 })
    },
    30_000
  )

  it.each(["compat.d.ts", "compat.d.cts"])("%s imports nothing", (file) => {
    const declarations = readFileSync(join(ROOT, "dist", file), "utf8")
    expect(declarations).not.toMatch(/\bfrom\s*["']|\bimport\s*\(|\brequire\s*\(/)
  })
})
