/**
 * The GitHub Action (action.yml at the repository root) run as the runner runs a composite step: its
 * `env` mapping evaluated from the inputs (the README workflow's `with`, over the action's defaults),
 * its `run` script through `bash --noprofile --norc -eo pipefail`, with made-up `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY` and workspace; `fake: true`, and the built bin in place of the npx line
 * (`AIRS_MS_COMMAND`). Then the action's outputs, its SARIF, JUnit and step summary are checked.
 */
import { spawn } from "node:child_process"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { parse } from "yaml"
import pkg from "../package.json" with { type: "json" }
import { parseWorkflowCommand, readJUnit, sarifErrors, workspace } from "./report-support.js"
import { BIN, freshConfigDir, requireBuild } from "./support.js"

const ROOT = fileURLToPath(new URL("../../", import.meta.url))
const SAFE = "https://huggingface.co/acme/sentiment-model"
const UNSAFE = "https://huggingface.co/acme/unsafe-model"

interface ActionStep {
  readonly id?: string
  readonly shell: string
  readonly env: Record<string, string>
  readonly run: string
}
interface Action {
  readonly inputs: Record<string, { readonly default?: string }>
  readonly outputs: Record<string, { readonly value: string }>
  readonly runs: { readonly using: string; readonly steps: ReadonlyArray<ActionStep> }
}

const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action

/** The README's workflow: the YAML block that uploads SARIF. */
const readmeWorkflow = () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8")
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .find((text) => text.includes("github/codeql-action/upload-sarif"))
  if (block === undefined) throw new Error("README.md has no workflow uploading SARIF")
  const workflow = parse(block)
  const [job] = Object.values(workflow.jobs as Record<string, { steps: Array<Record<string, any>> }>)
  return job!.steps
}

/** `${{ inputs.name }}` and `${{ steps.id.outputs.name }}`, the only expressions the action uses. */
const evaluate = (
  text: string,
  inputs: Readonly<Record<string, string>>,
  steps: Readonly<Record<string, Record<string, string>>> = {}
): string =>
  text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression)
    if (input !== null && input[1]! in inputs) return inputs[input[1]!]!
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression)
    if (output !== null) return steps[output[1]!]?.[output[2]!] ?? ""
    throw new Error(`an expression the test does not evaluate: ${expression}`)
  })

/** `name=value` lines of a `$GITHUB_OUTPUT` file. */
const outputsOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
  )

/** Runs the action's steps in `ws` with `with` over its defaults; its outputs, exit code and output. */
const runAction = async (ws: string, given: Readonly<Record<string, string>>) => {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default ?? ""])
  )
  const files = { output: join(ws, ".github-output"), summary: join(ws, ".step-summary.md") }
  writeFileSync(files.output, "")
  writeFileSync(files.summary, "")
  const steps: Record<string, Record<string, string>> = {}
  let code: number | null = 0
  let stdout = ""
  let stderr = ""
  for (const [n, step] of action.runs.steps.entries()) {
    expect(step.shell).toBe("bash")
    const script = join(ws, `.step-${n}.sh`)
    writeFileSync(script, step.run)
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(String(value), inputs)])
    )
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
          cwd: ws,
          env: {
            PATH: process.env.PATH ?? "",
            HOME: ws,
            AIRS_MS_CONFIG_DIR: freshConfigDir(),
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_WORKSPACE: ws,
            GITHUB_OUTPUT: files.output,
            GITHUB_STEP_SUMMARY: files.summary,
            GITHUB_REPOSITORY: "acme/models",
            GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
            GITHUB_RUN_ID: "8123456789",
            GITHUB_REF_NAME: "main",
            AIRS_MS_COMMAND: `${process.execPath} ${BIN}`,
            ...env
          },
          stdio: ["ignore", "pipe", "pipe"]
        })
        let out = ""
        let err = ""
        child.stdout.on("data", (chunk) => {
          out += chunk
        })
        child.stderr.on("data", (chunk) => {
          err += chunk
        })
        child.on("error", reject)
        child.on("close", (exit) => resolve({ code: exit, stdout: out, stderr: err }))
      }
    )
    stdout += result.stdout
    stderr += result.stderr
    if (step.id !== undefined) steps[step.id] = outputsOf(readFileSync(files.output, "utf8"))
    code = result.code
    if (code !== 0) break
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value, inputs, steps)])
  )
  return { code, stdout, stderr, outputs, summary: readFileSync(files.summary, "utf8") }
}

beforeAll(() => {
  requireBuild()
})

describe("action.yml", () => {
  it("a composite action with the inputs and outputs of its interface, running this version of the CLI", () => {
    expect(action.runs.using).toBe("composite")
    expect(Object.keys(action.inputs).sort()).toEqual([
      "fake",
      "junit-file",
      "models",
      "models-file",
      "report-only",
      "sarif-file",
      "security-group",
      "timeout"
    ])
    expect(Object.keys(action.outputs).sort()).toEqual(["sarif-file", "verdict"])
    const [step] = action.runs.steps
    expect(step!.env.AIRS_MS_VERSION).toBe(pkg.version)
    expect(step!.run).toContain('npx --yes "@effect-airs/model-security-cli@$AIRS_MS_VERSION"')
  })

  it("the README's workflow uploads the SARIF file and keeps the JUnit file the action writes", () => {
    const steps = readmeWorkflow()
    const scan = steps.find((step) => String(step.uses).endsWith("/model-security@v1"))!
    const upload = steps.find((step) => String(step.uses).startsWith("github/codeql-action/upload-sarif@"))!
    const keep = steps.find((step) => String(step.uses).startsWith("actions/upload-artifact@"))!
    expect(Object.keys(scan.with).every((name) => name in action.inputs)).toBe(true)
    expect(upload.with.sarif_file).toBe(scan.with["sarif-file"])
    expect(keep.with.path).toBe(scan.with["junit-file"])
    expect(Object.keys(scan.env).sort()).toEqual([
      "PANW_MODEL_SEC_CLIENT_ID",
      "PANW_MODEL_SEC_CLIENT_SECRET",
      "PANW_MODEL_SEC_TSG_ID"
    ])
  })

  // The two runs wait on their processes: side by side.
  it.concurrent("run as the README's workflow runs it: gates on the unsafe model, writes SARIF at the manifest's line, JUnit and a step summary", {
    timeout: 60_000
  }, async () => {
    const scan = readmeWorkflow().find((step) => String(step.uses).endsWith("/model-security@v1"))!
    const given = Object.fromEntries(
      Object.entries(scan.with as Record<string, unknown>).map(([k, v]) => [k, String(v)])
    )
    const manifest = `# The models this repository ships\n- ${SAFE}\n- model_uri: ${UNSAFE}\n  labels:\n    team: ml\n`
    const ws = workspace({ [given["models-file"]!]: manifest })
    const ran = await runAction(ws, { ...given, fake: "true" })

    expect(ran.code).toBe(1)
    expect(ran.outputs).toEqual({ verdict: "BLOCKED", "sarif-file": given["sarif-file"] })
    expect(ran.stdout).toContain("2 models: 1 BLOCKED, 1 ALLOWED → BLOCKED (exit 1)")

    const sarif = JSON.parse(readFileSync(join(ws, given["sarif-file"]!), "utf8"))
    expect(sarifErrors(sarif)).toEqual([])
    const results = sarif.runs[0].results
    expect(results.length).toBeGreaterThan(0)
    expect(results.map((r: any) => r.locations[0].physicalLocation)).toEqual(
      results.map(() => ({ artifactLocation: { uri: given["models-file"] }, region: { startLine: 3 } }))
    )

    const junit = readJUnit(readFileSync(join(ws, given["junit-file"]!), "utf8"))
    expect(junit.suites.map((s) => [s.name, s.failures, s.errors])).toEqual([
      [SAFE, 0, 0],
      [UNSAFE, 1, 0]
    ])

    expect(ran.summary.split("\n").slice(0, 3)).toEqual([
      "## ❌ AIRS model security: BLOCKED",
      "",
      "2 models: 1 BLOCKED, 1 ALLOWED."
    ])
    const annotations = ran.stderr
      .split("\n")
      .filter((line) => line.startsWith("::"))
      .map((line) => parseWorkflowCommand(line))
    expect(annotations.map((a) => [a?.command, a?.properties.file, a?.properties.line])).toEqual(
      results.map(() => ["error", given["models-file"], "3"])
    )
  })

  it.concurrent("models listed inline, report-only: the step passes, the verdict output still BLOCKED", {
    timeout: 60_000
  }, async () => {
    const ws = workspace()
    const ran = await runAction(ws, {
      models: `  ${SAFE}  \n# not this one\n\n${UNSAFE}\n`,
      "report-only": "true",
      fake: "true"
    })
    expect(ran.code).toBe(0)
    expect(ran.outputs).toEqual({ verdict: "BLOCKED", "sarif-file": "airs-model-security.sarif" })
    const sarif = JSON.parse(readFileSync(join(ws, "airs-model-security.sarif"), "utf8"))
    expect(sarifErrors(sarif)).toEqual([])
    expect(
      new Set(sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri))
    ).toEqual(new Set([UNSAFE]))
    // No junit-file: no JUnit report.
    expect(readdirSync(ws).filter((name) => name.endsWith(".xml"))).toEqual([])
  })
})
