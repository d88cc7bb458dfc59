/**
 * The built bin as CI runs it: a real process (no terminal, stdin a pipe) against a fake AIRS served on
 * 127.0.0.1, exiting with each code of the gate (0 ALLOWED, 1 BLOCKED, 2 usage, 3 API failure, 4 timed
 * out) and reading stdin. The other cases run the same command tree in process (gate.test.ts,
 * output.test.ts, config.test.ts); pack.test.ts runs `--fake` from the installed tarballs, all.test.ts
 * streams 100,000 scans through the bin.
 */
import { afterAll, beforeAll, describe, it } from "vitest"
import { requireBuild, runBin, serveFake } from "./support.js"

const SAFE = "https://huggingface.co/acme/sentiment-model"
const UNSAFE = "https://huggingface.co/acme/unsafe-model"
const FAST = ["--interval", "50ms"]

let served: Awaited<ReturnType<typeof serveFake>>
let slow: Awaited<ReturnType<typeof serveFake>>
beforeAll(async () => {
  requireBuild()
  ;[served, slow] = await Promise.all([
    serveFake({ scans: 20, scanPolls: 1 }),
    serveFake({ scans: 0, scanPolls: 1_000_000 })
  ])
})
afterAll(async () => {
  await Promise.all([served.server.close(), slow.server.close()])
})

describe.concurrent("the built bin's exit code and output", () => {
  it("0 when the verdict is ALLOWED, the JSON report on stdout", async ({ expect }) => {
    const r = await runBin(["scan", SAFE, "--wait", ...FAST, "--label", "origin=ci", "-o", "json"], {
      env: served.env
    })
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ verdict: "ALLOWED", exit_code: 0, model_uri: SAFE, violations: [] })
    expect(report.scan.labels).toEqual([{ key: "origin", value: "ci" }])
  })

  it("1 when the verdict is BLOCKED, the report in words", async ({ expect }) => {
    const r = await runBin(["scan", UNSAFE, "--wait", ...FAST, "--output", "table"], { env: served.env })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`Scanning ${UNSAFE}`)
    expect(r.stdout).toMatch(/Verdict: BLOCKED \(\d+ of \d+ rules failed\)/)
    expect(r.stdout).toMatch(/file: \S+ {3}threat: \S+/)
  })

  it("2 for a usage mistake, the message naming the flag on stderr", async ({ expect }) => {
    const r = await runBin(["scans", "list", "--bogus"], { env: served.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--bogus")
    expect(r.stdout).toBe("")
  })

  it("3 when the API refuses the credentials, the secret not printed", async ({ expect }) => {
    const secret = "not-the-secret-4f1c"
    const r = await runBin(["scan", SAFE, "--wait", "--client-secret", secret], { env: served.env })
    expect(r.code).toBe(3)
    expect(r.stderr).toContain("OAuthError")
    expect(r.stderr).not.toContain(secret)
    expect(r.stdout).not.toContain(secret)
  })

  it("4 when no verdict comes within --timeout", async ({ expect }) => {
    const r = await runBin(["scan", SAFE, "--wait", "--timeout", "1s", "--interval", "100ms", "-o", "json"], {
      env: slow.env
    })
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/no verdict for scan [0-9a-f-]{36} within 1s \(still PENDING\)/)
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "TIMED_OUT", exit_code: 4 })
  })

  it("reads a condition from stdin (--condition -)", async ({ expect }) => {
    const condition = JSON.stringify({ type: "label", key: "owner", operator: "not_exists" })
    const r = await runBin(
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
        "no owner label"
      ],
      { env: served.env, stdin: condition }
    )
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).condition).toMatchObject({ key: "owner", operator: "not_exists" })
  })
})
