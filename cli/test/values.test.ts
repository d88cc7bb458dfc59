/**
 * Integer and choice options: a choice in any case reaches the command spelled as declared, in both
 * `--flag value` and `--flag=value` forms and by alias; a bad value exits 2 with a message naming the flag.
 */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { checkValues } from "../src/options.js"
import { runInProcess } from "./support.js"

describe("choice and integer values", () => {
  it("a choice in any case is the declared value", async () => {
    const r = await runInProcess([
      "--fake",
      "scans",
      "list",
      "--outcome",
      "blocked",
      "--source-type=hugging_face",
      "--sort-order",
      "DESC",
      "--limit",
      "3",
      "-o",
      "JSON"
    ])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const scans = JSON.parse(r.stdout) as Array<{ eval_outcome: string; source_type: string }>
    expect(scans.length).toBeGreaterThan(0)
    expect(new Set(scans.map((s) => `${s.eval_outcome} ${s.source_type}`))).toEqual(
      new Set(["BLOCKED HUGGING_FACE"])
    )
  })

  it.each([
    [
      ["--fake", "scans", "list", "-o", "XML"],
      "--output: expected one of table, json, ndjson, csv, yaml, sarif, junit, markdown, got 'XML'"
    ],
    [["--fake", "scans", "list", "--limit=0"], "--limit: expected an integer from 1 to 100, got '0'"],
    [["--fake", "scans", "list", "--limit", "2.5"], "--limit: expected an integer from 1 to 100, got '2.5'"],
    [
      ["--fake", "rules", "list", "--generation", "-1"],
      "--generation: expected an integer of at least 0, got '-1'"
    ],
    [["--fake", "groups", "list", "--sort-dir", "up"], "--sort-dir: expected one of asc, desc, got 'up'"]
  ])("%j exits 2: %s", async (args, message) => {
    const r = await runInProcess(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`airs-ms: ${message}\n`)
    expect(r.stdout).toBe("")
  })

  it("leaves what follows `--` alone", () => {
    expect(checkValues(["scans", "list", "--output", "Yaml", "--", "--output", "Yaml"])).toEqual(
      Either.right(["scans", "list", "--output", "yaml", "--", "--output", "Yaml"])
    )
  })
})
