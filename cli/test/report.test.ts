/**
 * The reports of `scan --wait` read back as their consumers read them: a manifest of a clean and an
 * unsafe model scanned once against a served fake AIRS, writing every format in the same run with
 * `--report`; SARIF validated against the official 2.1.0 schemas, JUnit through an XML parser, JSON,
 * NDJSON, CSV and YAML parsed, Markdown by its lines.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parse as parseYaml } from "yaml"
import pkg from "../package.json" with { type: "json" }
import { readJUnit, sarifErrors, workspace } from "./report-support.js"
import { parseCsv, runInProcess as run, serveFake } from "./support.js"

const SAFE = "https://huggingface.co/acme/sentiment-model"
const UNSAFE = "https://huggingface.co/acme/unsafe-model"
const FAST = ["--interval", "50ms"]

/** The manifest: the clean model on line 2, the unsafe one named on line 3. */
const MANIFEST = `# The models of the release
- ${SAFE}
- model_uri: ${UNSAFE}
  labels:
    team: ml
`
const FORMATS = ["sarif", "junit", "markdown", "json", "ndjson", "csv", "yaml", "table"] as const

let served: Awaited<ReturnType<typeof serveFake>>
let ws: string
let gate: Awaited<ReturnType<typeof run>>
const report = (format: string) => readFileSync(join(ws, "reports", `report.${format}`), "utf8")

beforeAll(async () => {
  served = await serveFake({ scans: 0, scanPolls: 1 })
  ws = workspace({ "models.yaml": MANIFEST })
  gate = await run(
    [
      "scan",
      "--from",
      join(ws, "models.yaml"),
      "--wait",
      ...FAST,
      "-o",
      "sarif",
      ...FORMATS.flatMap((format) => ["--report", `${format}=${join(ws, "reports", `report.${format}`)}`])
    ],
    { env: { ...served.env, GITHUB_WORKSPACE: ws } }
  )
})
afterAll(async () => {
  await served.server.close()
})

/** The JSON report of the run: each model's verdict, source, failed rules and violations. */
const json = () => JSON.parse(report("json"))
const unsafe = () => json().models[1]

describe("one run, every format", () => {
  it("exits 1 (one model BLOCKED), SARIF on stdout, every --report file written", () => {
    expect(gate.code).toBe(1)
    expect(gate.stderr).toBe("")
    expect(JSON.parse(gate.stdout)).toEqual(JSON.parse(report("sarif")))
    const parsed = json()
    expect(parsed).toMatchObject({ verdict: "BLOCKED", exit_code: 1 })
    expect(
      parsed.models.map((m: any) => [m.model_uri, m.verdict, m.exit_code, m.source, m.security_group.name])
    ).toEqual([
      [SAFE, "ALLOWED", 0, { file: "models.yaml", line: 2 }, "Default HUGGING_FACE group"],
      [UNSAFE, "BLOCKED", 1, { file: "models.yaml", line: 3 }, "Default HUGGING_FACE group"]
    ])
    expect(parsed.models[1].scan.labels).toEqual([{ key: "team", value: "ml" }])
    expect(parsed.models[1].violations.length).toBeGreaterThan(0)
  })

  it("NDJSON: a line per model; YAML: the JSON report; CSV: a row per model", () => {
    expect(
      report("ndjson")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line))
    ).toEqual(json().models)
    expect(parseYaml(report("yaml"))).toEqual(json())
    const [header, ...rows] = parseCsv(report("csv"))
    expect(header).toEqual([
      "model_uri",
      "verdict",
      "exit_code",
      "source",
      "security_group",
      "scan_uuid",
      "rules_failed",
      "total_rules",
      "violations",
      "error"
    ])
    expect(rows.map((row) => [row[0], row[1], row[2], row[3], row[8]])).toEqual([
      [SAFE, "ALLOWED", "0", "models.yaml:2", "0"],
      [UNSAFE, "BLOCKED", "1", "models.yaml:3", String(unsafe().violations.length)]
    ])
  })

  it("table: each model in words, then the verdicts counted", () => {
    const text = report("table")
    expect(text).toContain(`${UNSAFE}  (models.yaml:3)\n`)
    expect(text).toMatch(/Verdict: BLOCKED \(1 of 11 rules failed\)/)
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 models: 1 BLOCKED, 1 ALLOWED → BLOCKED (exit 1)")
  })
})

describe("SARIF", () => {
  const log = () => JSON.parse(report("sarif"))

  it("is valid against the SARIF 2.1.0 schema and its errata 01", () => {
    expect(sarifErrors(log())).toEqual([])
  })

  it("one run of airs-ms at this version, a rule per security rule evaluated", () => {
    const [only, ...others] = log().runs
    expect(others).toEqual([])
    expect(only.tool.driver).toMatchObject({ name: "airs-ms", version: pkg.version })
    const junit = readJUnit(report("junit"))
    const evaluated = junit.suites[1]!.cases.map((c) => c.name)
    const rules = only.tool.driver.rules
    expect(rules.map((rule: any) => rule.shortDescription.text)).toEqual(evaluated)
    expect(new Set(rules.map((rule: any) => rule.id)).size).toBe(rules.length)
    expect(rules.map((rule: any) => rule.id)).toContain("airs/suspicious-model-components-check")
    expect(only.invocations).toMatchObject([{ executionSuccessful: true, exitCode: 1 }])
  })

  it("a result per violation, at the manifest's line naming the model, the model file a logical location", () => {
    const sarif = log().runs[0]
    const violations = unsafe().violations
    expect(sarif.results).toHaveLength(violations.length)
    sarif.results.forEach((result: any, i: number) => {
      const violation = violations[i]
      const rule = sarif.tool.driver.rules[result.ruleIndex]
      expect(rule.id).toBe(result.ruleId)
      expect(rule.shortDescription.text).toBe(violation.rule)
      expect(result.level).toBe(violation.state === "BLOCKING" ? "error" : "warning")
      expect(result.message.text).toContain(`${violation.threat}: ${violation.description}`)
      expect(result.message.text).toContain(UNSAFE)
      expect(result.locations).toEqual([
        {
          physicalLocation: { artifactLocation: { uri: "models.yaml" }, region: { startLine: 3 } },
          logicalLocations: [
            {
              name: violation.file,
              fullyQualifiedName: `${UNSAFE}${violation.file}`,
              kind: "resource"
            }
          ]
        }
      ])
    })
  })

  it("the failed rule links its page and gives its remediation steps", () => {
    const sarif = log().runs[0]
    const failed = sarif.tool.driver.rules[sarif.results[0].ruleIndex]
    expect(failed.helpUri).toMatch(/^https:\/\/docs\.paloaltonetworks\.com\//)
    expect(failed.help.text.length).toBeGreaterThan(0)
  })

  it("fingerprints stay when the model moves to another line (the fake finds the same each run)", async () => {
    const moved = workspace({ "models.yaml": `# moved down\n\n${MANIFEST}` })
    const scan = (dir: string) =>
      run(
        ["--fake", "scan", "--from", join(dir, "models.yaml"), "--wait", "--concurrency", "1", "-o", "sarif"],
        {
          env: { GITHUB_WORKSPACE: dir }
        }
      ).then((r) => JSON.parse(r.stdout).runs[0].results as ReadonlyArray<any>)
    const [before, after] = await Promise.all([scan(ws), scan(moved)])
    const lines = (results: ReadonlyArray<any>) =>
      results.map((result) => result.locations[0].physicalLocation.region.startLine)
    expect(lines(before)).toEqual(before.map(() => 3))
    expect(lines(after)).toEqual(after.map(() => 5))
    const fingerprints = (results: ReadonlyArray<any>) =>
      results.map((result) => result.partialFingerprints["airsModelSecurity/v1"])
    expect(fingerprints(before)[0]).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprints(after)).toEqual(fingerprints(before))
  })
})

describe("JUnit XML", () => {
  it("a testsuite per model, a testcase per rule evaluation, counts that add up", () => {
    const junit = readJUnit(report("junit"))
    expect(junit.name).toBe("testsuites")
    expect(junit.suites.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
      [SAFE, 11, 0, 0, 0],
      [UNSAFE, 11, 1, 0, 0]
    ])
    expect([junit.tests, junit.failures, junit.errors]).toEqual([22, 1, 0])
    for (const suite of junit.suites) {
      expect(suite.time).toMatch(/^\d+\.\d{3}$/)
      expect(suite.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
      expect(new Set(suite.cases.map((c) => c.classname))).toEqual(new Set(["Default HUGGING_FACE group"]))
    }
    expect(junit.suites[1]!.properties).toMatchObject({ verdict: "BLOCKED", source: "models.yaml:3" })
  })

  it("the failed rule is a failure naming its state, with each violation in its text", () => {
    const junit = readJUnit(report("junit"))
    const failed = junit.suites[1]!.cases.filter((c) => c.failure !== undefined)
    const violations = unsafe().violations
    expect(failed.map((c) => [c.name, c.file, c.line, c.failure!.type])).toEqual([
      [violations[0].rule, "models.yaml", "3", "BLOCKING"]
    ])
    expect(failed[0]!.failure!.message).toBe(`BLOCKING rule failed: ${violations.length} violations`)
    for (const violation of violations) {
      expect(failed[0]!.failure!.text).toContain(`file: ${violation.file}  threat: ${violation.threat}`)
    }
  })
})

describe("Markdown", () => {
  it("the verdict, a row per model, the failed rules and violations of the blocked one", () => {
    const lines = report("markdown").split("\n")
    expect(lines.slice(0, 7)).toEqual([
      "## ❌ AIRS model security: BLOCKED",
      "",
      "2 models: 1 BLOCKED, 1 ALLOWED.",
      "",
      "| | model | verdict | failed rules | violations |",
      "|---|---|---|---|---|",
      `| ✅ | \`${SAFE}\` (\`models.yaml:2\`) | ALLOWED | 0 of 11 | 0 |`
    ])
    const violations = unsafe().violations
    expect(lines[7]).toBe(
      `| ❌ | \`${UNSAFE}\` (\`models.yaml:3\`) | BLOCKED | 1 of 11 | ${violations.length} |`
    )
    expect(lines).toContain(`### ❌ BLOCKED: \`${UNSAFE}\``)
    const rows = lines.filter((line) => line.startsWith(`| ${violations[0].rule} (BLOCKING) | \``))
    expect(rows).toHaveLength(violations.length)
    expect(rows[0]).toContain(
      `[\`${violations[0].threat}\`](https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security/threats/${violations[0].threat.toLowerCase()})`
    )
  })

  it("short when every rule passed", async () => {
    const r = await run(["scan", SAFE, "--wait", ...FAST, "-o", "markdown"], { env: served.env })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`## ✅ AIRS model security: ALLOWED\n\n1 model, every rule passed: \`${SAFE}\`.\n`)
  })
})
