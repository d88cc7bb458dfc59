/**
 * Every example runs as a user would run it (`tsx` for TypeScript, plain `node` for JavaScript), all
 * in parallel, against the fake AIRS: exit code and key lines of output, so that none can rot.
 * `examples/testing-with-fake.test.ts` is a vitest file of its own, run by vitest itself.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FakeAirs } from "../src/testing.js"

const root = fileURLToPath(new URL("..", import.meta.url))
// About 20 s on two idle cores; the margin is for a machine busy with other work.
const PROCESS_TIMEOUT = 90_000
const TEST_TIMEOUT = 100_000

interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * The environment of every run: no colour settings, and PANW_* variables that would fail every call
 * (wrong credentials, an endpoint nobody listens on) if an example read them without `--live`.
 */
const environment = (live: "credentials" | "none" = "credentials"): NodeJS.ProcessEnv => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PANW_|NO_COLOR$|FORCE_COLOR$)/.test(name))
  )
  return live === "none"
    ? env
    : {
        ...env,
        PANW_MODEL_SEC_CLIENT_ID: "not-the-fake",
        PANW_MODEL_SEC_CLIENT_SECRET: "not-the-fake",
        PANW_MODEL_SEC_TSG_ID: "1",
        PANW_MODEL_SEC_DATA_ENDPOINT: "http://127.0.0.1:9/aims/data",
        PANW_MODEL_SEC_MGMT_ENDPOINT: "http://127.0.0.1:9/aims/mgmt",
        PANW_MODEL_SEC_TOKEN_ENDPOINT: "http://127.0.0.1:9/oauth2/access_token"
      }
}

/** Runs an example from the repository root; `.ts` files through tsx, as `npx tsx` would. */
const run = (file: string, args: ReadonlyArray<string> = [], env = environment()): Promise<Run> =>
  new Promise((resolve) => {
    const loader = file.endsWith(".ts") ? ["--import", "tsx"] : []
    const child = execFile(
      process.execPath,
      [...loader, file, ...args],
      { cwd: root, env, timeout: PROCESS_TIMEOUT, maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr })
    )
  })

const BLOCKED_MODEL = "https://huggingface.co/hacker-lab/malicious-bert-pickle"
const ALLOWED_MODEL = "https://huggingface.co/google-bert/bert-base-uncased"
const built = ["compat.js", "compat.cjs", "testing.js", "testing.cjs"].every((file) =>
  existsSync(`${root}dist/${file}`)
)
const outDir = mkdtempSync(join(tmpdir(), "examples-"))
const ndjson = join(outDir, "scans.ndjson")

/**
 * "Live": a fake AIRS in this process stands in for the real API, found through PANW_* variables
 * only (the management-plane names for the credentials, to check the fallback too).
 */
const liveEnvironment = async (fake: FakeAirs) => {
  const server = await fake.listen()
  servers.push(server)
  const { dataEndpoint, mgmtEndpoint, tokenEndpoint } = fake.endpoints(server.url)
  return {
    ...environment("none"),
    PANW_MGMT_CLIENT_ID: fake.credentials.clientId,
    PANW_MGMT_CLIENT_SECRET: fake.credentials.clientSecret,
    PANW_MGMT_TSG_ID: fake.credentials.tsgId,
    PANW_MODEL_SEC_DATA_ENDPOINT: dataEndpoint,
    PANW_MODEL_SEC_MGMT_ENDPOINT: mgmtEndpoint,
    PANW_MGMT_TOKEN_ENDPOINT: tokenEndpoint
  }
}
const servers: Array<{ close(): Promise<void> }> = []
const liveOptions = { clientId: "live-id", clientSecret: "live-secret", tsgId: "42", scans: 700 }
const liveReadOnly = FakeAirs.make(liveOptions)
// Finishes scans on the first poll: live, the demo polls every 5 seconds.
const liveWritable = FakeAirs.make({ ...liveOptions, scanPolls: 0 })

/** Started together before the tests, awaited by each. */
let runs: Record<string, Promise<Run>> = {}

beforeAll(async () => {
  const [readOnlyEnv, writableEnv] = await Promise.all([
    liveEnvironment(liveReadOnly),
    liveEnvironment(liveWritable)
  ])
  runs = {
    demo: run("examples/demo/main.ts"),
    demoLiveWithoutCredentials: run("examples/demo/main.ts", ["--live"], environment("none")),
    demoLiveReadOnly: run("examples/demo/main.ts", ["--live"], readOnlyEnv),
    demoLiveWrites: run(
      "examples/demo/main.ts",
      ["--live", "--allow-writes", "--model", "https://huggingface.co/acme/unsafe-model"],
      writableEnv
    ),
    backend: run("examples/effect-backend.ts"),
    streamToFile: run("examples/stream-all-scans.ts", [ndjson]),
    gateBlocked: run("examples/ci-gate.ts", [BLOCKED_MODEL]),
    gateAllowed: run("examples/ci-gate.ts", [ALLOWED_MODEL]),
    ...(built ? { mjs: run("examples/promise-client.mjs"), cjs: run("examples/promise-client.cjs") } : {})
  }
})

afterAll(async () => {
  await Promise.all(Object.values(runs))
  await Promise.all(servers.map((server) => server.close()))
  rmSync(outDir, { recursive: true, force: true })
}, PROCESS_TIMEOUT + 5_000)

/** The run's outcome, once it has exited with `code`. */
const result = async (name: string, code: number): Promise<Run> => {
  const done = await runs[name]!
  const output = `\n--- stdout (end) ---\n${done.stdout.slice(-2000)}\n--- stderr ---\n${done.stderr}`
  expect(done.signal, `${name} did not exit by itself within ${PROCESS_TIMEOUT} ms${output}`).toBeNull()
  expect(done.code, `${name} exited with ${done.code}${output}`).toBe(code)
  return done
}

describe("npm start (examples/demo/main.ts)", () => {
  it("is what npm start runs", () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"))
    expect(pkg.scripts.start).toBe("tsx examples/demo/main.ts")
  })

  it(
    "walks through rules, a group, a blocked scan, labels, every scan, a custom rule and a model, and exits 0",
    async () => {
      const { stdout, stderr } = await result("demo", 0)
      expect(stderr).toBe("")
      expect(stdout).toContain("target: fake AIRS at http://127.0.0.1:")
      expect(stdout).toMatch(/13 security rules in the catalogue/)
      expect(stdout).toMatch(/Load Time Code Execution Check\s+ARTIFACT\s+BLOCKING/)
      expect(stdout).toMatch(/Created security group sdk-walkthrough-\S+ [0-9a-f-]{36}/)
      expect(stdout).toMatch(/polling \.+\n\s+✗ BLOCKED after \d+ polls/)
      expect(stdout).toMatch(/\d+ violations:/)
      expect(stdout).toMatch(/\d+ failed evaluations?:/)
      expect(stdout).toMatch(/delete ticket\s+→ env=production\n/)
      expect(stdout).toMatch(/page 31\/31 {2}3,001 \/ 3,001 scans/)
      expect(stdout).toMatch(/TOTAL\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+3,001/)
      // 7. A custom rule, assigned BLOCKING to the group, blocks a model without an owner label.
      expect(stdout).toMatch(
        /7\. A custom rule: models must carry an owner label\n {2}Created custom rule Models must carry an owner label [0-9a-f-]{36}\n/
      )
      expect(stdout).toContain(`condition {"type":"label","key":"owner","operator":"exists"}, action PASS`)
      expect(stdout).toContain("Assigned BLOCKING to the security group: created")
      expect(stdout).toMatch(
        /bert-base-uncased \(labels: origin=walkthrough, no owner\)\n {2}scan [0-9a-f-]{36} created: PENDING\n {2}polling \.+\n {2}✗ BLOCKED after \d+ polls/
      )
      expect(stdout).toMatch(
        /1 failed evaluation:\n {2}RULE\s+ORIGIN\s+STATE\s+VIOLATIONS\n {2}Models must carry an owner label\s+CUSTOM\s+BLOCKING\s+1\n/
      )
      expect(stdout).toContain(
        [
          "  ✗ Models must carry an owner label (origin CUSTOM, BLOCKING)",
          "    violation:   The model has no owner label",
          "    remediation: Add an owner label naming the team that owns the model, then scan it again"
        ].join("\n")
      )
      // 8. The model of that scan, its latest outcome and newest versions.
      expect(stdout).toMatch(
        /8\. The model and its versions\n {2}google-bert\/bert-base-uncased [0-9a-f-]{36}\n {2}latest version [0-9a-f]{40}: BLOCKED, scanned \S+Z\n/
      )
      expect(stdout).toMatch(
        /\d+ versions, the newest 5:\n {2}REVISION\s+FORMATS\s+FILES\s+LAST OUTCOME\s+LATEST SCAN\n {2}[0-9a-f]{40}\s+.*BLOCKED/
      )
      expect(stdout).toMatch(/Done\.\n$/)
      // Not a terminal: no colour, no carriage returns.
      expect(stdout.includes("\u001b[") || stdout.includes("\r")).toBe(false)
    },
    TEST_TIMEOUT
  )

  it(
    "with --live and no credentials, names the variables it looked for and exits 1",
    async () => {
      const { stdout, stderr } = await result("demoLiveWithoutCredentials", 1)
      expect(stdout).toBe("")
      expect(stderr).toMatch(/^MissingVariableError: .*PANW_MODEL_SEC_CLIENT_ID or PANW_MGMT_CLIENT_ID/)
    },
    TEST_TIMEOUT
  )

  it(
    "with --live, reads the environment and only reads: rules, the latest blocked scan, every scan",
    async () => {
      const { stdout, stderr } = await result("demoLiveReadOnly", 0)
      expect(stderr).toBe("")
      expect(stdout).toMatch(/target: Prisma AIRS at http:\/\/127\.0\.0\.1:\d+\/aims\/data \(read-only/)
      expect(stdout).toContain("read-only: not creating a security group")
      expect(stdout).toMatch(/4\. Outcome\n.*: BLOCKED/)
      expect(stdout).toContain("read-only: not changing labels")
      expect(stdout).toMatch(/✔ 700 scans in 7 pages/)
      expect(stdout).toContain("read-only: not creating a custom rule")
      expect(stdout).toMatch(/3 custom rules:\n {2}RULE\s+ACTION\s+SOURCES\s+GROUPS\n/)
      expect(stdout).toMatch(/\n {2}Models must carry an owner label\s+FAIL\s+ALL\s+1\n/)
      expect(stdout).toMatch(
        /8\. The model and its versions\n {2}\S+ [0-9a-f-]{36}\n {2}latest version \S+: [A-Z]+, scanned /
      )
      const writes = liveReadOnly.requests.filter((r) => r.plane !== "token" && r.method !== "GET")
      expect(writes).toEqual([])
    },
    TEST_TIMEOUT
  )

  it(
    "with --live --allow-writes, creates, scans, labels and deletes its group again",
    async () => {
      const { stdout, stderr } = await result("demoLiveWrites", 0)
      expect(stderr).toBe("")
      expect(stdout).toMatch(/✗ BLOCKED after 1 poll/)
      expect(stdout).toMatch(/delete ticket\s+→ env=production\n/)
      expect(stdout).toContain("✗ Models must carry an owner label (origin CUSTOM, BLOCKING)")
      expect(stdout).toMatch(/8\. The model and its versions\n {2}acme\/unsafe-model [0-9a-f-]{36}\n/)
      expect(stdout).toMatch(/archived custom rule [0-9a-f-]{36}\n {2}deleted security group [0-9a-f-]{36}/)
      const created = liveWritable.securityGroups.filter((group) => group.name.startsWith("sdk-walkthrough-"))
      expect(created.map((group) => group.is_tombstone)).toEqual([true])
      const rules = liveWritable.customRules.filter(
        (rule) => rule.description === "Created by the @effect-airs/model-security walk-through"
      )
      expect(rules.map((rule) => [rule.name, rule.is_archived])).toEqual([
        ["Models must carry an owner label", true]
      ])
    },
    TEST_TIMEOUT
  )
})

describe("examples/", () => {
  it(
    "effect-backend.ts maps each outcome and error to a status",
    async () => {
      const { stdout, stderr } = await result("backend", 0)
      expect(stderr).toBe("")
      expect(stdout).toMatch(/bert-base-uncased"}\n {2}→ 201 .*"outcome":"ALLOWED"/)
      expect(stdout).toMatch(/unsafe-llama-lora"}\n {2}→ 403 \{"error":"model blocked"/)
      expect(stdout).toMatch(/POST \/deployments \{"modelUri":""}\n {2}→ 400 .*model_uri/)
      expect(stdout).toMatch(/GET \/scans\/not-a-uuid\n {2}→ 400/)
      expect(stdout).toMatch(/GET \/scans\/00000000-0000-4000-8000-000000000000\n {2}→ 404/)
      expect(stdout).toMatch(/GET \/blocked\n {2}→ 200 \[\{"model":/)
    },
    TEST_TIMEOUT
  )

  it(
    "stream-all-scans.ts writes every scan as NDJSON, newest first, into a file",
    async () => {
      const { stdout, stderr } = await result("streamToFile", 0)
      expect(stdout).toBe("")
      expect(stderr).toMatch(/^wrote 2500 scans \(25 pages of 100\) to .*scans\.ndjson/)
      const scans = readFileSync(ndjson, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line))
      expect(scans).toHaveLength(2500)
      expect(new Set(scans.map((scan) => scan.uuid)).size).toBe(2500)
      const times = scans.map((scan) => Date.parse(scan.created_at))
      expect(times).toEqual([...times].sort((a, b) => b - a))
    },
    TEST_TIMEOUT
  )

  it(
    "ci-gate.ts fails the build for a blocked model and prints the violations",
    async () => {
      const { stdout, stderr } = await result("gateBlocked", 1)
      expect(stderr).toBe("")
      expect(stdout).toContain(`Scanning ${BLOCKED_MODEL}`)
      expect(stdout).toMatch(/Verdict: BLOCKED \(\d+ of \d+ rules failed\)/)
      expect(stdout).toMatch(/Violations \(\d+\):\n {2}✗ .+ \[BLOCKING\]\n\s+file: \S+\s+threat: PAIT-/)
    },
    TEST_TIMEOUT
  )

  it(
    "ci-gate.ts passes an allowed model",
    async () => {
      const { stdout, stderr } = await result("gateAllowed", 0)
      expect(stderr).toBe("")
      expect(stdout).toMatch(/Verdict: ALLOWED/)
      expect(stdout).not.toContain("Violations")
    },
    TEST_TIMEOUT
  )

  describe.each(["mjs", "cjs"])("promise-client.%s", (format) => {
    it(
      "uses the compat client from plain JavaScript against the fake",
      async () => {
        expect(built, "the package must be built first (npm run build): dist/ is missing").toBe(true)
        const { stdout, stderr } = await result(format, 0)
        expect(stderr).toBe("")
        expect(stdout).toMatch(/^target: fake AIRS at http:\/\/127\.0\.0\.1:\d+\n500 scans; the latest 3:/)
        expect(stdout).toMatch(/blocked scans, (iterated|collected): \d+/)
        expect(stdout).toMatch(/scanned https:\/\/huggingface\.co\/\S+: (BLOCKED|ALLOWED)/)
        expect(stdout).toContain("refused: AISEC_USER_REQUEST_PAYLOAD_ERROR")
      },
      TEST_TIMEOUT
    )
  })
})
