/**
 * `airs-ms scan --wait` as a CI gate, the command tree run in process against a served fake AIRS: every
 * exit code `run` ends with (0 ALLOWED, 1 BLOCKED, 2 usage or bad input, 3 ERROR verdict or API failure,
 * 4 timed out). bin.test.ts proves that the built bin's process exits with them.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { FakeAirs } from "@effect-airs/model-security/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { envFor, runInProcess as run, serveFake } from "./support.js"

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
    // A proxy in front of a fake that turns finished scans of a "broken" model into ERROR.
    const fake = FakeAirs.make({ scans: 0, scanPolls: 1 })
    const proxy = Http.createServer(async (req, res) => {
      const chunks: Array<Buffer> = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const body = Buffer.concat(chunks)
      const headers = new Headers()
      for (const [key, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(key, value)
      const answer = await fake.handler(
        new Request(`http://127.0.0.1${req.url}`, {
          method: req.method!,
          headers,
          ...(body.length > 0 ? { body } : {})
        })
      )
      let text = await answer.text()
      if (req.method === "GET" && /\/v1\/scans\/[0-9a-f-]{36}$/.test(req.url ?? "")) {
        const scan = JSON.parse(text)
        if (scan.model_uri.includes("broken") && scan.eval_outcome !== "PENDING") {
          text = JSON.stringify({
            ...scan,
            eval_outcome: "ERROR",
            error_code: "MODEL_LOAD_FAILED",
            error_message: "the model could not be downloaded"
          })
        }
      }
      res.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "application/json"
      })
      res.end(text)
    })
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    try {
      const env = envFor(fake.credentials, url)
      const json = await run(
        ["scan", "https://huggingface.co/acme/broken-model", "--wait", ...FAST, "-o", "json"],
        {
          env
        }
      )
      expect(json.code).toBe(3)
      expect(JSON.parse(json.stdout)).toMatchObject({ verdict: "ERROR", exit_code: 3 })
      const table = await run(
        ["scan", "https://huggingface.co/acme/broken-model", "--wait", ...FAST, "-o", "table"],
        {
          env
        }
      )
      expect(table.code).toBe(3)
      expect(table.stdout).toContain("Verdict: ERROR")
      expect(table.stdout).toContain("MODEL_LOAD_FAILED: the model could not be downloaded")
    } finally {
      await new Promise((resolve) => proxy.close(resolve))
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
