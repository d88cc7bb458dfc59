/**
 * Keeps the benchmark harness from rotting: runs `bench/run.ts --quick` (tiny counts, one round) in a
 * child process and checks that it wrote a report with every scenario and contestant. It measures
 * nothing and gates nothing but the harness itself.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"
import { CONTESTANTS } from "../bench/contestants.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const out = mkdtempSync(join(tmpdir(), "bench-smoke-"))
const report = join(out, "RESULTS.md")

const section = (markdown: string, id: string): string => {
  const start = markdown.indexOf(`\n## ${id}. `)
  const end = markdown.indexOf("\n## ", start + 1)
  return start < 0 ? "" : markdown.slice(start, end < 0 ? undefined : end)
}

describe("bench --quick", () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it("writes a report with every scenario and contestant", { timeout: 250_000 }, async () => {
    await promisify(execFile)(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        "bench/run.ts",
        "--quick",
        "--out",
        report,
        "--json",
        join(out, "raw.json")
      ],
      { cwd: root, timeout: 240_000, maxBuffer: 16 << 20 }
    )
    const raw = JSON.parse(readFileSync(join(out, "raw.json"), "utf8")) as {
      scenarios: Array<{ id: string }>
    }
    expect(raw.scenarios.map((s) => s.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"])
    const markdown = readFileSync(report, "utf8")
    expect(markdown).toMatch(/\*\*Machine:\*\* Node v\d+/)
    expect(markdown).toMatch(/## Targets: \d+ of \d+ met/)
    expect(markdown).not.toMatch(/NaN|undefined/)
    for (const id of ["1", "2", "3", "4", "5", "6", "7", "8"]) {
      const text = section(markdown, id)
      expect(text, `scenario ${id}`).not.toBe("")
      // A table with at least one row of data.
      expect(text, `scenario ${id}`).toMatch(/\|---.*\n\| .+ \|/)
      expect(text, `scenario ${id}`).toContain("ours:")
      // Scenario 4 compares our streams with the floor's (the existing SDK has no stream of scans).
      if (id !== "4") expect(text, `scenario ${id}`).toContain("existing:")
      // Scenarios 5 (token requests) and 7 (install) have no floor.
      if (id !== "5" && id !== "7") expect(text, `scenario ${id}`).toContain("floor:")
    }
    for (const id of ["1", "2"]) {
      for (const server of ["precomputed bodies", "the fake AIRS"])
        expect(section(markdown, id)).toContain(server)
    }
    for (const id of ["1", "2"]) {
      for (const contestant of CONTESTANTS) expect(section(markdown, id)).toContain(contestant.label)
    }
    for (const id of ["3", "5"]) {
      for (const transport of ["layerNode", "layerFetch", "compat"])
        expect(section(markdown, id)).toContain(transport)
    }
  })
})
