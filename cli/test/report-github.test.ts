/**
 * `scan --wait` in CI: with `GITHUB_ACTIONS=true`, a workflow command per violation (`::error` for a
 * BLOCKING rule, `::warning` for an ALLOWING one) at the manifest's line, the Markdown report appended
 * to `$GITHUB_STEP_SUMMARY` and the verdict to `$GITHUB_OUTPUT` (files in a temporary directory); and
 * `--ci-labels` from GitHub's and GitLab's variables.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseWorkflowCommand, type WorkflowCommand, workspace } from "./report-support.js"
import { runInProcess as run, serveFake } from "./support.js"

const SAFE = "https://huggingface.co/acme/sentiment-model"
const UNSAFE = "https://huggingface.co/acme/unsafe-model"
const FAST = ["--interval", "50ms"]
const MANIFEST = `${SAFE}\n\n# flagged upstream\n${UNSAFE}\n`

let served: Awaited<ReturnType<typeof serveFake>>
beforeAll(async () => {
  served = await serveFake({ scans: 0, scanPolls: 1 })
})
afterAll(async () => {
  await served.server.close()
})

/** The workflow commands among stderr's lines; a line starting `::` that breaks the grammar fails. */
const commandsIn = (stderr: string): Array<WorkflowCommand> =>
  stderr
    .split("\n")
    .filter((line) => line.startsWith("::"))
    .map((line) => {
      const command = parseWorkflowCommand(line)
      if (command === undefined) throw new Error(`not a workflow command: ${line}`)
      return command
    })

const github = (ws: string) => ({
  GITHUB_ACTIONS: "true",
  GITHUB_WORKSPACE: ws,
  GITHUB_OUTPUT: join(ws, "github-output"),
  GITHUB_STEP_SUMMARY: join(ws, "step-summary.md"),
  GITHUB_REPOSITORY: "acme/models",
  GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
  GITHUB_RUN_ID: "8123456789",
  GITHUB_REF_NAME: "feature/x.y"
})

describe("GITHUB_ACTIONS=true", () => {
  it("annotates each violation at the manifest's line, appends the summary and sets the outputs", async () => {
    const ws = workspace({
      "models.txt": MANIFEST,
      "github-output": "earlier=1\n",
      "step-summary.md": "# Build\n"
    })
    const r = await run(
      [
        "scan",
        "--from",
        join(ws, "models.txt"),
        "--wait",
        ...FAST,
        "--ci-labels",
        "-o",
        "json",
        "--report",
        `markdown=${join(ws, "report.md")}`
      ],
      { env: { ...served.env, ...github(ws) } }
    )
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    const violations = report.models[1].violations
    expect(violations.length).toBeGreaterThan(0)
    expect(commandsIn(r.stderr)).toEqual(
      violations.map((v: any) => ({
        command: "error",
        properties: { file: "models.txt", line: "4", title: `AIRS BLOCKING: ${v.rule}` },
        message: `${v.threat}: ${v.description} (${v.file} in ${UNSAFE})`
      }))
    )
    expect(readFileSync(join(ws, "github-output"), "utf8")).toBe("earlier=1\nverdict=BLOCKED\nexit-code=1\n")
    const markdown = readFileSync(join(ws, "report.md"), "utf8")
    expect(markdown.startsWith("## ❌ AIRS model security: BLOCKED\n")).toBe(true)
    expect(readFileSync(join(ws, "step-summary.md"), "utf8")).toBe(`# Build\n${markdown}\n`)
  })

  it("--ci-labels: the run's repository, commit, run and ref, mapped to the characters labels take", async () => {
    const ws = workspace()
    const r = await run(
      ["scan", SAFE, "--wait", ...FAST, "--ci-labels", "--label", "origin=ci", "-o", "json"],
      {
        env: { ...served.env, ...github(ws) }
      }
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).scan.labels).toEqual([
      { key: "ci_repo", value: "acme-models" },
      { key: "ci_commit", value: "0123456789abcdef0123456789abcdef01234567" },
      { key: "ci_run", value: "8123456789" },
      { key: "ci_ref", value: "feature-x-y" },
      { key: "origin", value: "ci" }
    ])
    expect(commandsIn(r.stderr)).toEqual([])
    expect(readFileSync(join(ws, "github-output"), "utf8")).toBe("verdict=ALLOWED\nexit-code=0\n")
  })

  it("an ALLOWING rule's violation is a ::warning, SARIF `warning`, and the gate passes", async () => {
    // A fake of its own: a custom rule, ALLOWING in the Hugging Face group, fails models without an owner.
    const own = await serveFake({ scans: 0, scanPolls: 1 })
    try {
      const env = own.env
      const group = own.fake.securityGroups.find((g) => g.name === "Default HUGGING_FACE group")!
      const created = await run(
        [
          "custom-rules",
          "create",
          "--name",
          "Models carry an owner",
          "--source",
          "HUGGING_FACE",
          "--condition",
          "-",
          "--violation-message",
          "no owner label, so no one answers for the model"
        ],
        { env, stdin: JSON.stringify({ type: "label", key: "owner", operator: "not_exists" }) }
      )
      expect(created.code).toBe(0)
      const rule = JSON.parse(created.stdout).uuid
      const assigned = await run(
        ["custom-rules", "assign", rule, "--group", group.uuid, "--state", "ALLOWING"],
        { env }
      )
      expect(assigned.code).toBe(0)
      const ws = workspace({ "models.txt": `${SAFE}\n` })
      const r = await run(["scan", "--from", join(ws, "models.txt"), "--wait", ...FAST, "-o", "sarif"], {
        env: { ...env, ...github(ws) }
      })
      expect(r.code).toBe(0)
      expect(commandsIn(r.stderr)).toEqual([
        {
          command: "warning",
          properties: { file: "models.txt", line: "1", title: "AIRS ALLOWING: Models carry an owner" },
          message: `no owner label, so no one answers for the model (${SAFE})`
        }
      ])
      const results = JSON.parse(r.stdout).runs[0].results
      expect(results.map((result: any) => [result.ruleId, result.level])).toEqual([
        ["airs/custom/models-carry-an-owner", "warning"]
      ])
      expect(readFileSync(join(ws, "github-output"), "utf8")).toBe("verdict=ALLOWED\nexit-code=0\n")
    } finally {
      await own.server.close()
    }
  })
})

describe("outside GitHub Actions", () => {
  it("no workflow commands and the GitHub files untouched, even when their variables are set", async () => {
    const ws = workspace({ "models.txt": MANIFEST, "github-output": "", "step-summary.md": "" })
    const { GITHUB_ACTIONS: _, ...rest } = github(ws)
    const r = await run(["scan", "--from", join(ws, "models.txt"), "--wait", ...FAST, "-o", "json"], {
      env: { ...served.env, ...rest }
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("")
    expect(readFileSync(join(ws, "github-output"), "utf8")).toBe("")
    expect(readFileSync(join(ws, "step-summary.md"), "utf8")).toBe("")
  })

  it("--ci-labels on GitLab CI: project path, commit, pipeline and ref", async () => {
    const r = await run(["scan", SAFE, "--wait", ...FAST, "--ci-labels", "-o", "json"], {
      env: {
        ...served.env,
        GITLAB_CI: "true",
        CI_PROJECT_PATH: "group/sub group/project",
        CI_COMMIT_SHA: "abc123",
        CI_PIPELINE_ID: "77",
        CI_COMMIT_REF_NAME: "release/2.0"
      }
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).scan.labels).toEqual([
      { key: "ci_repo", value: "group-sub-group-project" },
      { key: "ci_commit", value: "abc123" },
      { key: "ci_run", value: "77" },
      { key: "ci_ref", value: "release-2-0" }
    ])
  })

  it("--ci-labels elsewhere: said on stderr, no label added", async () => {
    const r = await run(["scan", SAFE, "--wait", ...FAST, "--ci-labels", "-o", "json"], { env: served.env })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(
      "airs-ms: --ci-labels: neither GitHub Actions nor GitLab CI variables found; no CI labels\n"
    )
    expect(JSON.parse(r.stdout).scan.labels).toEqual([])
  })
})
