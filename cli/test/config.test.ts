/**
 * Configuration, the command tree run in process: flags > PANW_MODEL_SEC_* / PANW_MGMT_* > a profile
 * written by `airs-ms configure` (a real file in a temporary folder); secrets never printed; --debug lines
 * on stderr; --help and completions.
 */
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshConfigDir, runInProcess as run, serveFake } from "./support.js"

let served: Awaited<ReturnType<typeof serveFake>>
beforeAll(async () => {
  served = await serveFake({ scans: 5 })
})
afterAll(async () => {
  await served.server.close()
})

const endpointFlags = () => [
  "--data-endpoint",
  `${served.url}/aims/data`,
  "--mgmt-endpoint",
  `${served.url}/aims/mgmt`,
  "--token-endpoint",
  `${served.url}/oauth2/access_token`
]

describe("profiles and precedence", { timeout: 90_000 }, () => {
  it("configure writes an owner-only profile and never prints the secret; commands then use it", async () => {
    const dir = freshConfigDir()
    const { clientId, clientSecret, tsgId } = served.fake.credentials
    const configure = await run(
      [
        "configure",
        "--profile",
        "ci",
        "--client-id",
        clientId,
        "--client-secret",
        clientSecret,
        "--tsg-id",
        tsgId,
        ...endpointFlags()
      ],
      { env: { AIRS_MS_CONFIG_DIR: dir } }
    )
    expect(configure.code).toBe(0)
    expect(configure.stdout + configure.stderr).not.toContain(clientSecret)
    const file = join(dir, "config.json")
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, "utf8")).profiles.ci).toMatchObject({ clientId, tsgId })

    const listed = await run(["scans", "list", "--profile", "ci"], { env: { AIRS_MS_CONFIG_DIR: dir } })
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toHaveLength(5)
    // AIRS_MS_PROFILE selects it too.
    const byEnv = await run(["scans", "list", "--limit", "1"], {
      env: { AIRS_MS_CONFIG_DIR: dir, AIRS_MS_PROFILE: "ci" }
    })
    expect(byEnv.code).toBe(0)
  })

  it("the environment wins over the profile, and a flag over the environment", async () => {
    const dir = freshConfigDir()
    // A default profile with a wrong secret.
    await run(
      [
        "configure",
        "--client-id",
        "fake-client-id",
        "--client-secret",
        "wrong-secret",
        "--tsg-id",
        "1234567890",
        ...endpointFlags()
      ],
      { env: { AIRS_MS_CONFIG_DIR: dir } }
    )
    const profileOnly = await run(["scans", "list", "--limit", "1"], { env: { AIRS_MS_CONFIG_DIR: dir } })
    expect(profileOnly.code).toBe(3)
    expect(profileOnly.stderr).toContain("OAuthError")
    expect(profileOnly.stderr).not.toContain("wrong-secret")

    const envOverProfile = await run(["scans", "list", "--limit", "1"], {
      env: { AIRS_MS_CONFIG_DIR: dir, PANW_MGMT_CLIENT_SECRET: "fake-client-secret" }
    })
    expect(envOverProfile.code).toBe(0)

    const flagOverEnv = await run(["scans", "list", "--limit", "1", "--client-secret", "another-wrong-one"], {
      env: { ...served.env, AIRS_MS_CONFIG_DIR: dir }
    })
    expect(flagOverEnv.code).toBe(3)
    expect(flagOverEnv.stderr).not.toContain("another-wrong-one")
  })

  it("configure without the credentials and no terminal to ask on: exit 2 naming the flag", async () => {
    const r = await run(["configure", "--client-id", "x"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--client-secret")
  })
})

describe("--debug", { timeout: 60_000 }, () => {
  it("logs method, path template, status, attempts and milliseconds of each request on stderr, no token or secret", async () => {
    const r = await run(
      ["--debug", "scan", "https://huggingface.co/acme/unsafe-model", "--wait", "--interval", "50ms"],
      {
        env: served.env
      }
    )
    expect(r.code).toBe(1)
    const lines = r.stderr.trim().split("\n")
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^airs-ms debug: POST <token endpoint> \(AccessToken\.fetch\) ok \d+ms$/),
        expect.stringMatching(
          /^airs-ms debug: GET \/v1\/security-groups 200 attempts=1 \d+ms \(SecurityGroups\.list\)$/
        ),
        expect.stringMatching(/^airs-ms debug: POST \/v1\/scans 201 attempts=1 \d+ms \(Scans\.create\)$/),
        expect.stringMatching(
          /^airs-ms debug: GET \/v1\/scans\/\{uuid\} 200 attempts=1 \d+ms \(Scans\.get\)$/
        ),
        expect.stringMatching(
          /^airs-ms debug: GET \/v1\/scans\/\{scan_uuid\}\/rule-violations 200 attempts=1 \d+ms/
        )
      ])
    )
    for (const line of lines) expect(line).toMatch(/^airs-ms debug: /)
    const tokens = served.fake.requests.flatMap((req) => {
      const auth = req.headers.authorization
      return auth?.startsWith("Bearer ") ? [auth.slice(7)] : []
    })
    expect(tokens.length).toBeGreaterThan(0)
    for (const token of tokens) expect(r.stderr).not.toContain(token)
    expect(r.stderr).not.toContain(served.fake.credentials.clientSecret)
    expect(r.stderr).not.toContain("Bearer")
    // stdout holds only the report.
    expect(JSON.parse(r.stdout).verdict).toBe("BLOCKED")
  })

  it("without --debug, stderr stays empty when stdout is not a terminal", async () => {
    const r = await run(["scans", "list", "--all", "-o", "ndjson"], { env: served.env })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe("")
  })
})

describe("--help and completions (from @effect/cli)", { timeout: 60_000 }, () => {
  it("--help lists the commands; a command's --help its flags; both exit 0", async () => {
    const [top, scan] = await Promise.all([run(["--help"]), run(["scan", "--help"])])
    expect(top.code).toBe(0)
    for (const name of [
      "scan",
      "scans",
      "labels",
      "groups",
      "rule-instances",
      "rules",
      "custom-rules",
      "models",
      "pypi-auth",
      "configure"
    ]) {
      expect(top.stdout).toContain(name)
    }
    expect(scan.code).toBe(0)
    for (const flag of [
      "--wait",
      "--timeout",
      "--interval",
      "--group",
      "--label",
      "--output",
      "--fake",
      "--debug"
    ]) {
      expect(scan.stdout).toContain(flag)
    }
  })

  it("--completions bash|zsh|fish print a script", async () => {
    const results = await Promise.all(["bash", "zsh", "fish"].map((shell) => run(["--completions", shell])))
    for (const r of results) {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("airs-ms")
      expect(r.stdout).toContain("custom-rules")
    }
  })

  it("--version", async () => {
    const r = await run(["--version"])
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
