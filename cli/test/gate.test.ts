/**
 * `airs-ms scan --wait` as a CI gate, the command tree run in process against a served fake AIRS: every
 * exit code `run` ends with (0 ALLOWED, 1 BLOCKED, 2 usage or bad input, 3 ERROR verdict or API failure,
 * 4 timed out), for one model and for several (the highest of theirs, none hiding the others).
 * bin.test.ts proves that the built bin's process exits with them.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readJUnit, sarifErrors, serveTroubledFake, workspace } from "./report-support.js"
import { runInProcess as run, serveFake } from "./support.js"

const SAFE = "https://huggingface.co/acme/sentiment-model"
const UNSAFE = "https://huggingface.co/acme/unsafe-model"
const FAST = ["--interval", "50ms"]

let served: Awaited<ReturnType<typeof serveFake>>
beforeAll(async () => {
  served = await serveFake({ scans: 20, scanPolls: 1 })
})
afterAll(async () => {
  await served.server.close()
})

describe("scan --wait exit codes", () => {
  it("0 when the verdict is ALLOWED", async () => {
    const r = await run(["scan", SAFE, "--wait", ...FAST, "--label", "origin=ci", "-o", "json"], {
      env: served.env
    })
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ verdict: "ALLOWED", exit_code: 0, model_uri: SAFE, violations: [] })
    expect(report.security_group.name).toContain("HUGGING_FACE")
    expect(report.scan.labels).toEqual([{ key: "origin", value: "ci" }])
  })

  it("1 when the verdict is BLOCKED, with the failed rules and each violation's rule, file, threat, remediation", async () => {
    const r = await run(["scan", UNSAFE, "--wait", ...FAST, "-o", "json"], { env: served.env })
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.verdict).toBe("BLOCKED")
    expect(report.exit_code).toBe(1)
    expect(report.failed_rules.length).toBeGreaterThan(0)
    expect(report.violations.length).toBeGreaterThan(0)
    for (const v of report.violations) {
      expect(v.rule).toEqual(expect.any(String))
      expect(v).toHaveProperty("file")
      expect(v).toHaveProperty("threat")
      expect(v).toHaveProperty("remediation")
    }
  })

  it("1 in the table format too, with the verdict and the violations in words", async () => {
    const r = await run(["scan", UNSAFE, "--wait", ...FAST, "--output", "table"], { env: served.env })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`Scanning ${UNSAFE}`)
    expect(r.stdout).toMatch(/Verdict: BLOCKED \(\d+ of \d+ rules failed\)/)
    expect(r.stdout).toMatch(/Violations \(\d+\):/)
    expect(r.stdout).toMatch(/file: \S+ {3}threat: \S+/)
  })

  it("0 without --wait: the scan is started and printed", async () => {
    const r = await run(["scan", UNSAFE, "-o", "json"], { env: served.env })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ model_uri: UNSAFE, eval_outcome: "PENDING" })
  })

  it("takes the group by name or UUID", async () => {
    const groups = JSON.parse(
      (await run(["groups", "list", "--source-type", "S3"], { env: served.env })).stdout
    )
    const group = groups[0]
    const byName = await run(["scan", "s3://bucket/model", "--group", group.name, "--wait", ...FAST], {
      env: served.env
    })
    expect(byName.code).toBe(0)
    expect(JSON.parse(byName.stdout).security_group.uuid).toBe(group.uuid)
    const byUuid = await run(["scan", "s3://bucket/model", "-g", group.uuid], { env: served.env })
    expect(JSON.parse(byUuid.stdout).security_group_uuid).toBe(group.uuid)
  })

  it("3 when the verdict is ERROR", async () => {
    const troubled = await serveTroubledFake()
    try {
      const json = await run(
        ["scan", "https://huggingface.co/acme/broken-model", "--wait", ...FAST, "-o", "json"],
        { env: troubled.env }
      )
      expect(json.code).toBe(3)
      expect(JSON.parse(json.stdout)).toMatchObject({ verdict: "ERROR", exit_code: 3 })
      const table = await run(
        ["scan", "https://huggingface.co/acme/broken-model", "--wait", ...FAST, "-o", "table"],
        { env: troubled.env }
      )
      expect(table.code).toBe(3)
      expect(table.stdout).toContain("Verdict: ERROR")
      expect(table.stdout).toContain("MODEL_LOAD_FAILED: the model could not be downloaded")
    } finally {
      await troubled.close()
    }
  })

  it("3 when the API fails: refused credentials (the secret is not printed)", async () => {
    const secret = "not-the-secret-4f1c"
    const r = await run(["scan", SAFE, "--wait", "--client-secret", secret], { env: served.env })
    expect(r.code).toBe(3)
    expect(r.stderr).toContain("OAuthError")
    expect(r.stderr).not.toContain(secret)
    expect(r.stdout).not.toContain(secret)
  })

  it("3 when the API fails: an unknown scan", async () => {
    const r = await run(["scans", "get", "00000000-0000-4000-8000-000000000000"], { env: served.env })
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/ClientError 404: GET \/v1\/scans\/\{uuid\} failed \(404\)/)
  })

  it("4 when no verdict comes within --timeout", async () => {
    const slow = await serveFake({ scans: 0, scanPolls: 1_000_000 })
    try {
      const r = await run(["scan", SAFE, "--wait", "--timeout", "1s", "--interval", "100ms", "-o", "json"], {
        env: slow.env
      })
      expect(r.code).toBe(4)
      expect(r.stderr).toMatch(/no verdict for scan [0-9a-f-]{36} within 1s \(still PENDING\)/)
      expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "TIMED_OUT", exit_code: 4 })
    } finally {
      await slow.server.close()
    }
  })
})

describe("several models: the highest of their codes, none hiding the others", () => {
  const verdicts = (stdout: string) =>
    JSON.parse(stdout).models.map((m: any) => [m.model_uri, m.verdict, m.exit_code])

  it("clean + unsafe → 1", async () => {
    const r = await run(["scan", SAFE, UNSAFE, "--wait", ...FAST, "-o", "json"], { env: served.env })
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "BLOCKED", exit_code: 1 })
    expect(verdicts(r.stdout)).toEqual([
      [SAFE, "ALLOWED", 0],
      [UNSAFE, "BLOCKED", 1]
    ])
  })

  it("clean + unsafe + a scan in ERROR → 3; the ERROR is a SARIF result and a JUnit error of its own", async () => {
    const troubled = await serveTroubledFake()
    const BROKEN = "https://huggingface.co/acme/broken-model"
    const ws = workspace({ "models.txt": `${SAFE}\n${UNSAFE}\n${BROKEN}\n` })
    try {
      const r = await run(
        [
          "scan",
          "--from",
          join(ws, "models.txt"),
          "--wait",
          ...FAST,
          "-o",
          "json",
          "--report",
          `sarif=${join(ws, "out.sarif")}`,
          "--report",
          `junit=${join(ws, "junit.xml")}`
        ],
        { env: { ...troubled.env, GITHUB_WORKSPACE: ws } }
      )
      expect(r.code).toBe(3)
      expect(verdicts(r.stdout)).toEqual([
        [SAFE, "ALLOWED", 0],
        [UNSAFE, "BLOCKED", 1],
        [BROKEN, "ERROR", 3]
      ])
      const report = JSON.parse(r.stdout)
      expect(report.models[1].violations.length).toBeGreaterThan(0)
      expect(report.models[2].error).toEqual({
        code: "MODEL_LOAD_FAILED",
        message: "the model could not be downloaded"
      })
      expect(r.stderr).toBe(`airs-ms: ${BROKEN}: MODEL_LOAD_FAILED: the model could not be downloaded\n`)

      const sarif = JSON.parse(readFileSync(join(ws, "out.sarif"), "utf8"))
      expect(sarifErrors(sarif)).toEqual([])
      const errors = sarif.runs[0].results.filter((result: any) => result.ruleId === "airs-ms/scan-error")
      expect(
        errors.map((result: any) => [result.level, result.message.text, result.locations[0].physicalLocation])
      ).toEqual([
        [
          "error",
          `MODEL_LOAD_FAILED: the model could not be downloaded (${BROKEN})`,
          { artifactLocation: { uri: "models.txt" }, region: { startLine: 3 } }
        ]
      ])
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 3 })

      const junit = readJUnit(readFileSync(join(ws, "junit.xml"), "utf8"))
      expect(junit.suites.map((s) => [s.name, s.failures, s.errors])).toEqual([
        [SAFE, 0, 0],
        [UNSAFE, 1, 0],
        [BROKEN, 0, 1]
      ])
      expect(junit.suites[2]!.cases.map((c) => [c.name, c.error?.type, c.error?.message])).toEqual([
        ["scan", "MODEL_LOAD_FAILED", "the model could not be downloaded"]
      ])
    } finally {
      await troubled.close()
    }
  })

  it("an API failure for one model (a group that does not exist) → 3, the others scanned", async () => {
    const OTHER = "https://huggingface.co/acme/other-model"
    const ws = workspace({
      "models.yaml": `- ${SAFE}\n- ${UNSAFE}\n- model_uri: ${OTHER}\n  security_group_uuid: 00000000-0000-4000-8000-000000000000\n`
    })
    const r = await run(["scan", "--from", join(ws, "models.yaml"), "--wait", ...FAST, "-o", "json"], {
      env: served.env
    })
    expect(r.code).toBe(3)
    expect(verdicts(r.stdout)).toEqual([
      [SAFE, "ALLOWED", 0],
      [UNSAFE, "BLOCKED", 1],
      [OTHER, "ERROR", 3]
    ])
    expect(JSON.parse(r.stdout).models[2].error.code).toBe("ClientError 404")
    expect(r.stderr).toMatch(
      new RegExp(`^airs-ms: ${OTHER}: ClientError 404: POST /v1/scans failed \\(404\\)`)
    )
  })

  it("a model without a verdict in time → 4, the highest; the others' verdicts kept", async () => {
    const troubled = await serveTroubledFake()
    const SLOW = "https://huggingface.co/acme/slow-model"
    const BROKEN = "https://huggingface.co/acme/broken-model"
    try {
      const r = await run(
        [
          "scan",
          SAFE,
          UNSAFE,
          BROKEN,
          SLOW,
          "--wait",
          "--timeout",
          "1s",
          "--interval",
          "100ms",
          "-o",
          "json"
        ],
        { env: troubled.env }
      )
      expect(r.code).toBe(4)
      expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "TIMED_OUT", exit_code: 4 })
      expect(verdicts(r.stdout)).toEqual([
        [SAFE, "ALLOWED", 0],
        [UNSAFE, "BLOCKED", 1],
        [BROKEN, "ERROR", 3],
        [SLOW, "TIMED_OUT", 4]
      ])
      expect(r.stderr).toMatch(
        new RegExp(`airs-ms: ${SLOW}: no verdict for scan [0-9a-f-]{36} within 1s \\(still PENDING\\)`)
      )
    } finally {
      await troubled.close()
    }
  })

  it("--report-only → 0, the report still BLOCKED", async () => {
    const r = await run(["scan", SAFE, UNSAFE, "--wait", ...FAST, "--report-only", "-o", "json"], {
      env: served.env
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "BLOCKED", exit_code: 1 })
  })

  it("--from - reads the models from stdin (no file, so no lines to point at)", async () => {
    const r = await run(["scan", "--from", "-", "--wait", ...FAST, "-o", "json"], {
      env: served.env,
      stdin: `# from a pipe\n${SAFE}\n${UNSAFE}\n`
    })
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).models.map((m: any) => [m.model_uri, m.verdict, m.source])).toEqual([
      [SAFE, "ALLOWED", undefined],
      [UNSAFE, "BLOCKED", undefined]
    ])
  })

  it("progress on stderr when it is a terminal, each model's report on stdout as it ends", async () => {
    const r = await run(["scan", SAFE, UNSAFE, "--wait", ...FAST], { env: served.env, tty: true })
    expect(r.code).toBe(1)
    // Each progress line clears the one before it: CR, then ESC [2K.
    const lines = r.stderr.split("\r\u001b[2K").filter((line) => line !== "")
    expect(lines[0]).toMatch(
      /^\[0\/2 done\] https:\/\/huggingface\.co\/acme\/\S+: waiting for scan [0-9a-f-]{36}: PENDING \(poll 1, \d+s\)$/
    )
    expect(r.stdout).toMatch(
      /Verdict: ALLOWED[\s\S]*Verdict: BLOCKED|Verdict: BLOCKED[\s\S]*Verdict: ALLOWED/
    )
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("2 models: 1 BLOCKED, 1 ALLOWED → BLOCKED (exit 1)")
  })

  it("--concurrency 1 scans one model after the other; by default they overlap", async () => {
    const creates = () =>
      served.fake.requests.filter((req) => req.method === "POST" && req.path.endsWith("/v1/scans"))
    const order = async (extra: ReadonlyArray<string>) => {
      served.fake.clearRequests()
      const r = await run(["scan", SAFE, UNSAFE, "--wait", ...FAST, ...extra, "-o", "json"], {
        env: served.env
      })
      expect(r.code).toBe(1)
      const requests = served.fake.requests
      const firstDone = requests.findIndex((req) => req.path.endsWith("/evaluations"))
      const secondStarted = requests.indexOf(creates()[1]!)
      return secondStarted > firstDone ? "one after the other" : "overlapping"
    }
    expect(await order(["--concurrency", "1"])).toBe("one after the other")
    expect(await order([])).toBe("overlapping")
  })
})

describe("exit code 2: usage and bad input, the message naming the flag", () => {
  const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
    [["scans", "list", "--bogus"], "--bogus"],
    [["scans", "list", "--output", "xml"], "--output"],
    [["--output", "xml", "scans", "list"], "--output"],
    [["scans", "list", "--limit", "500"], "--limit"],
    [["scans", "list", "--limit", "ten"], "--limit"],
    [["scans", "list", "--outcome", "MAYBE"], "--outcome"],
    [["scan", SAFE, "--wait", "--timeout", "soon"], "--timeout"],
    [["scan", SAFE, "--interval", "-1s"], "--interval"],
    [["scan", SAFE, "--label", "no-equals-sign"], "--label"],
    [["scans", "list", "--all", "--skip", "5"], "--skip"],
    [["scan"], "<model-uri>"],
    [["scan", "--from", "/nowhere/models.txt"], "--from"],
    [["scan", SAFE, "-o", "sarif"], "--output sarif"],
    [["scan", SAFE, "--report", "sarif=out.sarif"], "--report"],
    [["scan", SAFE, "--report-only"], "--report-only"],
    [["scan", SAFE, "--wait", "--report", "xml=out.xml"], "--report"],
    [["scan", SAFE, "--wait", "--report", "sarif"], "--report"],
    [["scan", SAFE, "--wait", "--concurrency", "0"], "--concurrency"],
    [["scan", SAFE, "--label", "team=ml/ops"], "--label"],
    [["scans", "list", "-o", "sarif"], "--output"],
    [["scans", "list", "--profile", "nowhere"], "--profile"],
    [["scan", SAFE, "--group", "No Such Group"], "--group"]
  ]
  for (const [args, flag] of cases) {
    it(`${args.join(" ")} → 2, naming ${flag}`, async () => {
      const r = await run(args, { env: served.env })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(flag)
      expect(r.stdout).toBe("")
    })
  }

  it("a --from mistake names the file and its line; nothing is sent", async () => {
    const ws = workspace({ "models.yaml": `- ${SAFE}\n- model_uri: ${UNSAFE}\n  group: prod\n` })
    served.fake.clearRequests()
    const r = await run(["scan", "--from", join(ws, "models.yaml"), "--wait"], {
      env: { ...served.env, GITHUB_WORKSPACE: ws }
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      "airs-ms: --from models.yaml:3: unknown key 'group' (expected model_uri, security_group_uuid, labels)\n"
    )
    expect(served.fake.requests).toEqual([])
  })

  it("a value the API would refuse is refused before sending (PayloadError)", async () => {
    const r = await run(["scans", "get", "not-a-uuid"], { env: served.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("PayloadError")
    expect(served.fake.requests.filter((req) => req.path.includes("not-a-uuid"))).toEqual([])
  })

  it("missing credentials name the variables, the flags, configure and --fake", async () => {
    const r = await run(["scans", "list"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("PANW_MODEL_SEC_CLIENT_ID")
    expect(r.stderr).toContain("--client-id")
    expect(r.stderr).toContain("airs-ms configure")
  })

  it("a command without its subcommand", async () => {
    const r = await run(["scans"], { env: served.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("airs-ms scans --help")
  })
})

describe("--fake", () => {
  it("shows the whole flow with no credentials and no environment: BLOCKED exits 1", async () => {
    const r = await run(["--fake", "scan", UNSAFE, "--wait", "-o", "table"])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("Verdict: BLOCKED")
    expect(r.stdout).toContain("Violations")
  })

  it("ALLOWED exits 0; the flag also goes after the command", async () => {
    const r = await run(["scan", SAFE, "--wait", "--fake", "-o", "json"])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).verdict).toBe("ALLOWED")
  })

  it("keeps nothing between invocations: every run starts from the same seeded fake", async () => {
    const started = JSON.parse((await run(["--fake", "scan", UNSAFE, "-o", "json"])).stdout)
    const lookup = await run(["--fake", "scans", "get", started.uuid])
    expect(lookup.code).toBe(3)
    const first = await run(["--fake", "scans", "list", "--limit", "3"])
    const second = await run(["--fake", "scans", "list", "--limit", "3"])
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(second.stdout))
  })
})
