/** Tests of the fake AIRS server: token endpoint, data plane routes, validation, fixtures and HTTP serving. */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { specOperations } from "../src/testing/vendor-spec.js"
import { FakeAirs, type FakeAirsOptions, type ScanRecord } from "../src/testing.js"

const BASE = "http://fake-airs.test"
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"

interface Reply {
  readonly status: number
  readonly contentType: string | null
  readonly body: any
}

const read = async (response: Response): Promise<Reply> => {
  const text = await response.text()
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: text === "" ? undefined : JSON.parse(text)
  }
}

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`

const tokenRequest = (
  base: string,
  options: { readonly authorization?: string; readonly form?: string } = {}
): Request =>
  new Request(`${base}/oauth2/access_token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(options.authorization === undefined ? {} : { authorization: options.authorization })
    },
    body: options.form ?? "grant_type=client_credentials&scope=tsg_id:1234567890"
  })

/** A data-plane client of a fake, in process, holding a fresh token. */
const connect = async (fake: FakeAirs) => {
  const issued = await read(
    await fake.handler(
      tokenRequest(BASE, {
        authorization: basic(fake.credentials.clientId, fake.credentials.clientSecret),
        form: `grant_type=client_credentials&scope=tsg_id:${fake.credentials.tsgId}`
      })
    )
  )
  const token: string = issued.body.access_token
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    read(
      await fake.handler(
        new Request(`${BASE}/aims/data${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
          ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
        })
      )
    )
  return {
    token,
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    del: (path: string) => call("DELETE", path),
    call
  }
}

const setup = async (options?: FakeAirsOptions) => {
  const fake = FakeAirs.make(options)
  return { fake, api: await connect(fake) }
}

const byOutcome = (fake: FakeAirs, outcome: string) =>
  fake.scans.find((scan) => scan.eval_outcome === outcome)!

const createBody = (fake: FakeAirs, overrides: Record<string, unknown> = {}) => ({
  model_uri: "https://huggingface.co/acme/friendly-model",
  security_group_uuid: fake.securityGroups.find((group) => group.source_type === "HUGGING_FACE")!.uuid,
  scan_origin: "MODEL_SECURITY_SDK",
  ...overrides
})

describe("token endpoint", () => {
  it("issues a bearer token for the client credentials grant", async () => {
    const fake = FakeAirs.make()
    const reply = await read(
      await fake.handler(tokenRequest(BASE, { authorization: basic("fake-client-id", "fake-client-secret") }))
    )
    expect(reply.status).toBe(200)
    expect(reply.contentType).toBe("application/json")
    expect(reply.body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 900,
      scope: "tsg_id:1234567890"
    })
    expect(fake.issuedTokens).toEqual([reply.body.access_token])
  })

  it("uses the configured credentials, tenant and lifetime", async () => {
    const fake = FakeAirs.make({ clientId: "id-1", clientSecret: "s3cret", tsgId: "42", tokenTtlSeconds: 60 })
    expect(fake.credentials).toEqual({ clientId: "id-1", clientSecret: "s3cret", tsgId: "42" })
    const reply = await read(
      await fake.handler(
        tokenRequest(BASE, {
          authorization: basic("id-1", "s3cret"),
          form: "grant_type=client_credentials&scope=tsg_id:42"
        })
      )
    )
    expect(reply.body).toMatchObject({ expires_in: 60, scope: "tsg_id:42" })
  })

  it("rejects wrong or missing client credentials with 401 invalid_client", async () => {
    const fake = FakeAirs.make()
    const invalid = { error: "invalid_client", error_description: "Client authentication failed" }
    const wrong = await read(
      await fake.handler(tokenRequest(BASE, { authorization: basic("fake-client-id", "nope") }))
    )
    const missing = await read(await fake.handler(tokenRequest(BASE)))
    expect([wrong.status, wrong.body]).toEqual([401, invalid])
    expect([missing.status, missing.body]).toEqual([401, invalid])
    expect(fake.issuedTokens).toHaveLength(0)
  })

  it("rejects other grants and scopes with 400", async () => {
    const fake = FakeAirs.make()
    const authorization = basic("fake-client-id", "fake-client-secret")
    const grant = await read(
      await fake.handler(
        tokenRequest(BASE, { authorization, form: "grant_type=password&scope=tsg_id:1234567890" })
      )
    )
    const scope = await read(
      await fake.handler(
        tokenRequest(BASE, { authorization, form: "grant_type=client_credentials&scope=tsg_id:999" })
      )
    )
    expect(grant.status).toBe(400)
    expect(grant.body.error).toBe("unsupported_grant_type")
    expect(scope.status).toBe(400)
    expect(scope.body.error).toBe("invalid_scope")
  })
})

describe("authentication", () => {
  it("answers 401 without a valid bearer token", async () => {
    const fake = FakeAirs.make()
    const none = await read(await fake.handler(new Request(`${BASE}/aims/data/v1/scans`)))
    const bogus = await read(
      await fake.handler(
        new Request(`${BASE}/aims/data/v1/scans`, { headers: { authorization: "Bearer made-up" } })
      )
    )
    expect(none).toMatchObject({ status: 401, body: { detail: "Not authenticated" } })
    expect(bogus).toMatchObject({ status: 401, body: { detail: "Not authenticated" } })
  })

  it("rejects revoked tokens and accepts new ones", async () => {
    const fake = FakeAirs.make()
    const first = await connect(fake)
    expect((await first.get("/v1/scans")).status).toBe(200)
    fake.revokeTokens()
    expect((await first.get("/v1/scans")).status).toBe(401)
    const second = await connect(fake)
    expect((await second.get("/v1/scans")).status).toBe(200)
    expect(fake.issuedTokens).toEqual([first.token, second.token])
  })

  it("rejects tokens once they expire by the wall clock", async () => {
    const { api } = await setup({ tokenTtlSeconds: 0 })
    expect(await api.get("/v1/scans")).toMatchObject({ status: 401, body: { detail: "Not authenticated" } })
  })
})

describe("scans", () => {
  it("lists the newest scans first, ten by default, with the total", async () => {
    const { fake, api } = await setup()
    const reply = await api.get("/v1/scans")
    expect(reply.status).toBe(200)
    expect(reply.contentType).toBe("application/json")
    expect(reply.body.pagination).toEqual({ total_items: 30 })
    expect(reply.body.scans).toEqual(fake.scans.slice(0, 10))
    const created = reply.body.scans.map((scan: ScanRecord) => scan.created_at)
    expect(created).toEqual([...created].sort().reverse())
  })

  it("pages with skip and limit, and sorts ascending on request", async () => {
    const { fake, api } = await setup({ scans: 25 })
    const pages = await Promise.all([0, 10, 20].map((skip) => api.get(`/v1/scans?skip=${skip}&limit=10`)))
    expect(pages.map((page) => page.body.scans.length)).toEqual([10, 10, 5])
    expect(pages.flatMap((page) => page.body.scans)).toEqual(fake.scans)
    const ascending = await api.get("/v1/scans?sort_order=asc&limit=100")
    expect(ascending.body.scans).toEqual([...fake.scans].reverse())
  })

  it("seeds realistic scans of every outcome with consistent fields", async () => {
    const { fake } = await setup({ scans: 300 })
    const outcomes = new Set(fake.scans.map((scan) => scan.eval_outcome))
    expect(outcomes).toEqual(new Set(["ALLOWED", "BLOCKED", "ERROR"]))
    expect(new Set(fake.scans.map((scan) => scan.source_type)).size).toBe(7)
    expect(new Set(fake.scans.map((scan) => scan.scan_origin))).toEqual(
      new Set(["MODEL_SECURITY_SDK", "MODEL_SECURITY_API", "MODEL_SECURITY_FRONTEND", "HUGGING_FACE"])
    )
    const unread = ["ACCESS_DENIED", "NO_SUCH_KEY", "MISSING_CREDENTIALS", "MISSING_ARTIFACTS"]
    for (const scan of fake.scans) {
      const group = fake.securityGroups.find((candidate) => candidate.uuid === scan.security_group_uuid)!
      expect(scan.source_type).toBe(group.source_type)
      expect(scan.security_group_name).toBe(group.name)
      expect(scan.sdk_version === null).toBe(scan.scan_origin !== "MODEL_SECURITY_SDK")
      if (scan.eval_outcome === "ERROR") {
        expect(scan.error_code).toEqual(expect.any(String))
        expect(scan.error_message).toEqual(expect.any(String))
        expect(scan.model_version_uuid === null).toBe(unread.includes(scan.error_code!))
      } else {
        expect(scan.model_version_uuid).toEqual(expect.any(String))
        expect(scan.eval_summary?.total_rules).toBe(scan.enabled_rule_count_snapshot)
        if (scan.eval_outcome === "BLOCKED") expect(scan.eval_summary!.rules_failed).toBeGreaterThan(0)
      }
    }
    const errors = fake.scans.filter((scan) => scan.eval_outcome === "ERROR")
    expect(new Set(errors.map((scan) => scan.model_version_uuid === null))).toEqual(new Set([true, false]))
    const uris = fake.scans.map((scan) => scan.model_uri).join(" ")
    for (const prefix of [
      "https://huggingface.co/",
      "s3://",
      "gs://",
      ".blob.core.windows.net/",
      "/models/"
    ]) {
      expect(uris).toContain(prefix)
    }
    expect(Math.max(...fake.scans.map((scan) => scan.labels.length))).toBeGreaterThan(0)
  })

  it("filters by outcome, source type, group, search, time and labels", async () => {
    const { fake, api } = await setup({ scans: 200 })
    const count = (predicate: (scan: ScanRecord) => boolean) => fake.scans.filter(predicate).length

    const outcomes = await api.get("/v1/scans?eval_outcomes=BLOCKED&eval_outcomes=ERROR&limit=100")
    expect(outcomes.body.pagination.total_items).toBe(count((s) => s.eval_outcome !== "ALLOWED"))
    expect(outcomes.body.scans.filter((s: ScanRecord) => s.eval_outcome === "ALLOWED")).toEqual([])

    const sources = await api.get("/v1/scans?source_types=S3&source_types=GCS")
    expect(sources.body.pagination.total_items).toBe(
      count((s) => s.source_type === "S3" || s.source_type === "GCS")
    )

    const group = fake.securityGroups.find((g) => g.source_type === "HUGGING_FACE")!
    const byGroup = await api.get(`/v1/scans?security_group_uuid=${group.uuid}`)
    expect(byGroup.body.pagination.total_items).toBe(count((s) => s.security_group_uuid === group.uuid))

    const search = await api.get("/v1/scans?search_query=HUGGINGFACE.CO/meta-llama")
    expect(search.body.pagination.total_items).toBe(
      count((s) => s.model_uri.includes("huggingface.co/meta-llama"))
    )
    expect(search.body.pagination.total_items).toBeGreaterThan(0)

    const target = fake.scans[5]!
    const bySearchUuid = await api.get(`/v1/scans?search_query=${target.uuid}`)
    expect(bySearchUuid.body.scans).toEqual([target])

    const window = await api.get(
      `/v1/scans?start_time=${fake.scans[9]!.created_at}&end_time=${fake.scans[5]!.created_at}&limit=100`
    )
    expect(window.body.scans).toEqual(fake.scans.slice(5, 10))

    const labelled = await api.get("/v1/scans?labels_query=env:production,team&limit=100")
    const expected = fake.scans.filter(
      (s) =>
        s.labels.some((l) => l.key === "env" && l.value === "production") &&
        s.labels.some((l) => l.key === "team")
    )
    expect(labelled.body.scans).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
  })

  it("gets a scan by uuid in any letter case, and 404s an unknown one", async () => {
    const { fake, api } = await setup()
    const scan = fake.scans[3]!
    expect(await api.get(`/v1/scans/${scan.uuid}`)).toMatchObject({ status: 200, body: scan })
    expect((await api.get(`/v1/scans/${scan.uuid.toUpperCase()}`)).body).toEqual(scan)
    expect(await api.get(`/v1/scans/${UNKNOWN_UUID}`)).toMatchObject({
      status: 404,
      body: { detail: "Scan not found" }
    })
  })

  it("creates a PENDING scan that becomes ALLOWED after the configured polls", async () => {
    const { fake, api } = await setup()
    const created = await api.post(
      "/v1/scans",
      createBody(fake, { labels: [{ key: "team", value: "ml-platform" }] })
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      eval_outcome: "PENDING",
      source_type: "HUGGING_FACE",
      scan_origin: "MODEL_SECURITY_SDK",
      model_uri: "https://huggingface.co/acme/friendly-model",
      labels: [{ key: "team", value: "ml-platform" }]
    })
    expect((await api.get("/v1/scans?limit=1")).body.scans[0].uuid).toBe(created.body.uuid)
    expect((await api.get(`/v1/scans/${created.body.uuid}/evaluations`)).body.pagination.total_items).toBe(0)
    const polls = []
    for (let i = 0; i < 3; i++)
      polls.push((await api.get(`/v1/scans/${created.body.uuid}`)).body.eval_outcome)
    expect(polls).toEqual(["PENDING", "PENDING", "ALLOWED"])
    const done = (await api.get(`/v1/scans/${created.body.uuid}`)).body
    // The group's 11 enabled security rules pass (its custom rule is DISABLED).
    expect(done.eval_summary).toEqual({ rules_passed: 11, rules_failed: 0, total_rules: 11 })
    const evaluations = await api.get(`/v1/scans/${created.body.uuid}/evaluations?limit=100&sort_order=asc`)
    const enabled = fake
      .ruleInstances(created.body.security_group_uuid)
      .filter((instance) => instance.state !== "DISABLED")
    expect(
      evaluations.body.evaluations.map((e: any) => [e.rule_instance_uuid, e.rule_origin, e.result])
    ).toEqual(enabled.map((instance) => [instance.uuid, "PANW_MANAGED", "PASSED"]))
    expect(fake.scans[0]).toEqual(done)
  })

  it("finishes scans of malicious or unsafe models as BLOCKED with violations", async () => {
    const { fake, api } = await setup({ scanPolls: 0 })
    const created = await api.post(
      "/v1/scans",
      createBody(fake, { model_uri: "s3://bucket/Unsafe-Model.pkl" })
    )
    const scan = (await api.get(`/v1/scans/${created.body.uuid}`)).body
    expect(scan.eval_outcome).toBe("BLOCKED")
    expect(scan.eval_summary.rules_failed).toBeGreaterThan(0)
    const violations = await api.get(`/v1/scans/${scan.uuid}/rule-violations?limit=100`)
    expect(violations.body.pagination.total_items).toBeGreaterThan(0)
    const threats = violations.body.violations.filter((v: any) => v.rule_origin === "PANW_MANAGED")
    expect(threats.length).toBeGreaterThan(0)
    for (const violation of threats) {
      expect(violation.threat).toMatch(/^PAIT-/)
      expect(violation.threat_kb_url).toBe(
        `https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security/threats/${violation.threat.toLowerCase()}`
      )
      expect(violation.insights_url).toBe(
        `https://stratacloudmanager.paloaltonetworks.com/insights/ai-model-security/scans/${scan.uuid}/violations/${violation.uuid}`
      )
      const rule = fake.securityRules.find((candidate) => candidate.name === violation.rule_name)!
      expect(violation.remediation).toEqual({ steps: rule.remediation.steps, url: rule.remediation.url })
    }
  })

  it("ends a scan in ERROR when the scanner reports an error code", async () => {
    const { fake, api } = await setup({ scanPolls: 0 })
    const scanDetails = {
      error_code: "ACCESS_DENIED",
      error_message: "denied",
      files: [],
      model_formats: [],
      model_size_bytes: 0,
      scan_duration_ms: 5,
      scanner_version: "1.6.0",
      time_started: "2026-01-01T00:00:00Z",
      total_files_scanned: 0,
      total_files_skipped: 0
    }
    const created = await api.post("/v1/scans", createBody(fake, { scan_details: scanDetails }))
    expect(created.status).toBe(201)
    const scan = (await api.get(`/v1/scans/${created.body.uuid}`)).body
    expect(scan).toMatchObject({
      eval_outcome: "ERROR",
      error_code: "ACCESS_DENIED",
      error_message: "denied"
    })
  })

  it("records the SDK version an SDK scan was sent with, and takes scans without origin as API scans", async () => {
    const { fake, api } = await setup({ scanPolls: 0 })
    const sdk = await api.call("POST", "/v1/scans", createBody(fake), {
      "user-agent": "@effect-airs/model-security/0.1.0 node/20"
    })
    expect(sdk.body).toMatchObject({ scan_origin: "MODEL_SECURITY_SDK", sdk_version: "0.1.0" })
    const bare = await api.call("POST", "/v1/scans", createBody(fake, { scan_origin: null }), {
      "user-agent": "curl/8.5.0"
    })
    expect(bare.body).toMatchObject({ scan_origin: "MODEL_SECURITY_API", sdk_version: null })
    const hf = await api.post("/v1/scans", createBody(fake, { scan_origin: "HUGGING_FACE" }))
    expect(hf.body).toMatchObject({ scan_origin: "HUGGING_FACE", sdk_version: null })
  })

  it("answers 404 for an unknown security group", async () => {
    const { fake, api } = await setup()
    const reply = await api.post("/v1/scans", createBody(fake, { security_group_uuid: UNKNOWN_UUID }))
    expect(reply).toMatchObject({ status: 404, body: { detail: "Security group not found" } })
  })
})

describe("evaluations and violations", () => {
  it("gives BLOCKED scans failed evaluations matched by violations", async () => {
    const { fake, api } = await setup({ scans: 100 })
    const scan = byOutcome(fake, "BLOCKED")
    const evaluations = (await api.get(`/v1/scans/${scan.uuid}/evaluations?limit=100`)).body
    expect(evaluations.pagination.total_items).toBe(scan.enabled_rule_count_snapshot)
    expect(evaluations.pagination.total_items).toBeGreaterThanOrEqual(6)
    const failed = evaluations.evaluations.filter((e: any) => e.result === "FAILED")
    expect(failed.length).toBe(scan.eval_summary!.rules_failed)
    expect(failed.filter((e: any) => e.violation_count < 1 || e.rule_instance_state !== "BLOCKING")).toEqual(
      []
    )

    const violations = (await api.get(`/v1/scans/${scan.uuid}/rule-violations?limit=100`)).body
    const total = failed.reduce((sum: number, e: any) => sum + e.violation_count, 0)
    expect(violations.pagination.total_items).toBe(total)
    const failedRules = new Set(failed.map((e: any) => e.rule_instance_uuid))
    expect(violations.violations.filter((v: any) => !failedRules.has(v.rule_instance_uuid))).toEqual([])

    const one = violations.violations[0]
    expect(await api.get(`/v1/violations/${one.uuid}`)).toMatchObject({ status: 200, body: one })
    expect(await api.get(`/v1/evaluations/${failed[0].uuid}`)).toMatchObject({ status: 200, body: failed[0] })
  })

  it("gives ALLOWED scans only passed evaluations and no violations", async () => {
    const { fake, api } = await setup()
    const scan = byOutcome(fake, "ALLOWED")
    const evaluations = (await api.get(`/v1/scans/${scan.uuid}/evaluations?limit=100`)).body.evaluations
    expect(evaluations.length).toBeGreaterThan(0)
    expect(evaluations.filter((e: any) => e.result !== "PASSED" || e.violation_count !== 0)).toEqual([])
    expect((await api.get(`/v1/scans/${scan.uuid}/rule-violations`)).body).toEqual({
      pagination: { total_items: 0 },
      violations: []
    })
  })

  it("filters and sorts evaluations", async () => {
    const { fake, api } = await setup({ scans: 100 })
    const scan = byOutcome(fake, "BLOCKED")
    const all = (await api.get(`/v1/scans/${scan.uuid}/evaluations?limit=100`)).body.evaluations
    const failed = await api.get(`/v1/scans/${scan.uuid}/evaluations?result=FAILED`)
    expect(failed.body.pagination.total_items).toBe(scan.eval_summary!.rules_failed)
    const rule = all[2].rule_instance_uuid
    const byRule = await api.get(`/v1/scans/${scan.uuid}/evaluations?rule_instance_uuid=${rule}`)
    expect(byRule.body.evaluations).toEqual([all[2]])
    const updated = (
      await api.get(`/v1/scans/${scan.uuid}/evaluations?limit=100&sort_field=updated_at&sort_order=asc`)
    ).body.evaluations
    const stamps = updated.map((e: any) => e.updated_at)
    expect(stamps).toEqual([...stamps].sort())
  })

  it("404s unknown evaluations and violations, and evaluations of unknown scans", async () => {
    const { api } = await setup()
    expect((await api.get(`/v1/evaluations/${UNKNOWN_UUID}`)).body).toEqual({
      detail: "Evaluation not found"
    })
    expect((await api.get(`/v1/violations/${UNKNOWN_UUID}`)).body).toEqual({ detail: "Violation not found" })
    expect((await api.get(`/v1/scans/${UNKNOWN_UUID}/evaluations`)).status).toBe(404)
  })
})

describe("files", () => {
  it("lists a whole subtree with recursive=true, and only files or directories with type", async () => {
    const { fake, api } = await setup()
    const scan = fake.scans.find(
      (candidate) => candidate.eval_outcome === "ALLOWED" && candidate.model_formats?.includes("pytorch")
    )!
    const list = async (query: string) =>
      (await api.get(`/v1/scans/${scan.uuid}/files?limit=1000&${query}`)).body.files.map(
        (file: any) => `${file.type} ${file.path}`
      )
    const all = await list("recursive=true")
    expect(all).toEqual([
      "FILE /README.md",
      "DIRECTORY /checkpoints",
      "DIRECTORY /checkpoints/epoch-1",
      "FILE /checkpoints/epoch-1/optimizer.pt",
      "FILE /checkpoints/epoch-1/scheduler.pt",
      "DIRECTORY /checkpoints/epoch-2",
      "FILE /checkpoints/epoch-2/optimizer.pt",
      "FILE /config.json",
      "FILE /pytorch_model.bin",
      "FILE /training_args.bin",
      "FILE /vocab.txt"
    ])
    expect(await list("recursive=true&query_path=/checkpoints&type=FILE")).toEqual([
      "FILE /checkpoints/epoch-1/optimizer.pt",
      "FILE /checkpoints/epoch-1/scheduler.pt",
      "FILE /checkpoints/epoch-2/optimizer.pt"
    ])
    expect(await list("query_path=/checkpoints&type=DIRECTORY")).toEqual([
      "DIRECTORY /checkpoints/epoch-1",
      "DIRECTORY /checkpoints/epoch-2"
    ])
    expect(await list("type=DIRECTORY")).toEqual(["DIRECTORY /checkpoints"])
    const bad = await api.get(`/v1/scans/${scan.uuid}/files?type=model&recursive=maybe`)
    expect(bad.body.detail).toEqual([
      {
        type: "bool_parsing",
        loc: ["query", "recursive"],
        msg: "Input should be a valid boolean, unable to interpret input",
        input: "maybe"
      },
      {
        type: "enum",
        loc: ["query", "type"],
        msg: "Input should be 'DIRECTORY' or 'FILE'",
        input: "model",
        ctx: { expected: "'DIRECTORY' or 'FILE'" }
      }
    ])
  })

  it("lists one directory level at a time, sorted by path", async () => {
    const { fake, api } = await setup()
    const scan = byOutcome(fake, "ALLOWED")
    const root = (await api.get(`/v1/scans/${scan.uuid}/files?limit=100`)).body
    expect(root.files.filter((file: any) => file.parent_path !== "/")).toEqual([])
    const paths = root.files.map((file: any) => file.path)
    expect(paths).toEqual([...paths].sort())
    const directory = root.files.find((file: any) => file.type === "DIRECTORY")
    expect(directory).toBeDefined()
    const inside = (
      await api.get(`/v1/scans/${scan.uuid}/files?query_path=${encodeURIComponent(directory.path)}`)
    ).body
    expect(inside.pagination.total_items).toBeGreaterThan(0)
    expect(inside.files.filter((file: any) => file.parent_path !== directory.path)).toEqual([])
    const byType = (await api.get(`/v1/scans/${scan.uuid}/files?limit=100&sort_field=type&sort_dir=desc`))
      .body.files
    expect(byType[0].type).toBe("FILE")
    expect(byType[byType.length - 1].type).toBe("DIRECTORY")
  })

  it("counts the same files the scan reports as scanned and skipped", async () => {
    const { fake, api } = await setup()
    const scan = byOutcome(fake, "ALLOWED")
    const files: Array<any> = []
    const queue = ["/"]
    while (queue.length > 0) {
      const path = queue.shift()!
      const page = (
        await api.get(`/v1/scans/${scan.uuid}/files?limit=100&query_path=${encodeURIComponent(path)}`)
      ).body
      files.push(...page.files)
      queue.push(...page.files.filter((file: any) => file.type === "DIRECTORY").map((file: any) => file.path))
    }
    const regular = files.filter((file) => file.type === "FILE")
    expect(regular.filter((file) => file.result === "SKIPPED").length).toBe(scan.total_files_skipped)
    expect(regular.filter((file) => file.result !== "SKIPPED").length).toBe(scan.total_files_scanned)
    expect(
      files.filter(
        (file) => file.scan_uuid !== scan.uuid || file.model_version_uuid !== scan.model_version_uuid
      )
    ).toEqual([])
  })
})

describe("labels", () => {
  it("merges with POST, replaces with PUT and deletes by key", async () => {
    const { fake, api } = await setup()
    const scan = fake.scans[0]!
    const labelsOf = async () => (await api.get(`/v1/scans/${scan.uuid}`)).body.labels

    await api.put(`/v1/scans/${scan.uuid}/labels`, { labels: [{ key: "team", value: "research" }] })
    const merged = await api.post(`/v1/scans/${scan.uuid}/labels`, {
      labels: [
        { key: "team", value: "security" },
        { key: "tier", value: "gold" }
      ]
    })
    expect(merged).toMatchObject({ status: 200, body: {} })
    expect(await labelsOf()).toEqual([
      { key: "team", value: "security" },
      { key: "tier", value: "gold" }
    ])

    const replaced = await api.put(`/v1/scans/${scan.uuid}/labels`, {
      labels: [{ key: "stage", value: "beta" }]
    })
    expect(replaced).toMatchObject({ status: 200, body: {} })
    expect(await labelsOf()).toEqual([{ key: "stage", value: "beta" }])

    await api.post(`/v1/scans/${scan.uuid}/labels`, { labels: [{ key: "tier", value: "gold" }] })
    const deleted = await api.del(`/v1/scans/${scan.uuid}/labels?keys=stage&keys=missing`)
    expect(deleted).toEqual({ status: 204, contentType: null, body: undefined })
    expect(await labelsOf()).toEqual([{ key: "tier", value: "gold" }])
  })

  it("lists distinct keys and values, filtered by prefix, reflecting changes", async () => {
    const { fake, api } = await setup({ scans: 100 })
    const keys = (await api.get("/v1/scans/label-keys?limit=100")).body
    const expectedKeys = [...new Set(fake.scans.flatMap((s) => s.labels.map((l) => l.key)))].sort()
    expect(keys).toEqual({ pagination: { total_items: expectedKeys.length }, keys: expectedKeys })

    const values = (await api.get("/v1/scans/label-keys/team/values?limit=100")).body.values
    const expectedValues = [
      ...new Set(fake.scans.flatMap((s) => s.labels.filter((l) => l.key === "team").map((l) => l.value)))
    ].sort()
    expect(values).toEqual(expectedValues)

    expect((await api.get("/v1/scans/label-keys?search=TE")).body.keys).toEqual(["team"])
    await api.post(`/v1/scans/${fake.scans[0]!.uuid}/labels`, {
      labels: [{ key: "team", value: "zeta-squad" }]
    })
    expect((await api.get("/v1/scans/label-keys/team/values?search=zeta")).body).toEqual({
      pagination: { total_items: 1 },
      values: ["zeta-squad"]
    })
    expect((await api.get("/v1/scans/label-keys/nothing/values")).body.values).toEqual([])
  })
})

describe("validation", () => {
  it("reports an invalid path uuid like FastAPI", async () => {
    const { api } = await setup()
    const reply = await api.get("/v1/scans/abc")
    expect(reply.status).toBe(422)
    expect(reply.body).toEqual({
      detail: [
        {
          type: "uuid_parsing",
          loc: ["path", "uuid"],
          msg: "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3",
          input: "abc",
          ctx: { error: "invalid length: expected length 32 for simple format, found 3" }
        }
      ]
    })
    const evaluations = await api.get("/v1/scans/not-a-uuid/evaluations")
    expect(evaluations.body.detail[0]).toMatchObject({ type: "uuid_parsing", loc: ["path", "scan_uuid"] })
  })

  it("reports bad query parameters together, and ignores unknown ones", async () => {
    const { api } = await setup()
    const reply = await api.get(
      "/v1/scans?limit=0&sort_order=up&eval_outcomes=ALLOWED&eval_outcomes=NOPE&security_group_uuid=x&unknown=1"
    )
    expect(reply.status).toBe(422)
    expect(reply.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["greater_than_equal", ["query", "limit"]],
      ["enum", ["query", "sort_order"]],
      ["uuid_parsing", ["query", "security_group_uuid"]],
      ["enum", ["query", "eval_outcomes", 1]]
    ])
    expect(reply.body.detail[0]).toMatchObject({ input: "0", ctx: { ge: 1 } })
    expect((await api.get("/v1/scans?limit=101")).body.detail[0]).toMatchObject({
      type: "less_than_equal",
      ctx: { le: 100 }
    })
    expect((await api.get("/v1/scans?limit=ten")).body.detail[0].type).toBe("int_parsing")
    expect((await api.get("/v1/scans?unknown=1&limit=5")).status).toBe(200)
  })

  it("applies skip minimums only where the spec has them", async () => {
    const { fake, api } = await setup()
    const scan = fake.scans[0]!
    expect((await api.get(`/v1/scans/${scan.uuid}/files?skip=-1`)).body.detail[0]).toMatchObject({
      type: "greater_than_equal",
      loc: ["query", "skip"]
    })
    expect((await api.get("/v1/scans/label-keys?skip=-1")).status).toBe(422)
    expect((await api.get("/v1/scans?skip=-1")).status).toBe(200)
  })

  it("checks label keys, values and counts", async () => {
    const { fake, api } = await setup()
    const path = `/v1/scans/${fake.scans[0]!.uuid}/labels`
    const pattern = await api.post(path, { labels: [{ key: "bad key", value: "ok" }] })
    expect(pattern.body.detail).toEqual([
      {
        type: "string_pattern_mismatch",
        loc: ["body", "labels", 0, "key"],
        msg: "String should match pattern '^[a-zA-Z0-9_-]+$'",
        input: "bad key",
        ctx: { pattern: "^[a-zA-Z0-9_-]+$" }
      }
    ])
    const tooLong = await api.post(path, { labels: [{ key: "k", value: "v".repeat(257) }] })
    expect(tooLong.body.detail[0]).toMatchObject({ type: "string_too_long", ctx: { max_length: 256 } })
    const empty = await api.put(path, { labels: [] })
    expect(empty.body.detail[0]).toMatchObject({ type: "too_short", loc: ["body", "labels"] })
    const many = Array.from({ length: 51 }, (_, n) => ({ key: `k${n}`, value: "v" }))
    expect((await api.put(path, { labels: many })).body.detail[0]).toMatchObject({ type: "too_long" })
    const noKeys = await api.del(path)
    expect(noKeys.body.detail).toEqual([
      { type: "missing", loc: ["query", "keys"], msg: "Field required", input: null }
    ])
    expect((await api.get("/v1/scans/label-keys/bad%20key/values")).body.detail[0]).toMatchObject({
      type: "string_pattern_mismatch",
      loc: ["path", "key"]
    })
  })

  it("reports missing and extra body fields, and bodies that are not JSON", async () => {
    const { api } = await setup()
    const body = { model_uri: "s3://b/m", surprise: true }
    const reply = await api.post("/v1/scans", body)
    expect(reply.status).toBe(422)
    expect(reply.body.detail).toEqual([
      { type: "missing", loc: ["body", "security_group_uuid"], msg: "Field required", input: body },
      {
        type: "extra_forbidden",
        loc: ["body", "surprise"],
        msg: "Extra inputs are not permitted",
        input: true
      }
    ])
    const broken = await api.post("/v1/scans", "{not json")
    expect(broken.body.detail[0]).toMatchObject({
      type: "json_invalid",
      loc: ["body", 1],
      msg: "JSON decode error"
    })
    const nothing = await api.call("POST", "/v1/scans")
    expect(nothing.body.detail).toEqual([
      { type: "missing", loc: ["body"], msg: "Field required", input: null }
    ])
    const labelsExtra = await api.post(`/v1/scans/${UNKNOWN_UUID}/labels`, {
      labels: [{ key: "a", value: "b" }],
      x: 1
    })
    expect(labelsExtra.body.detail).toEqual([
      { type: "extra_forbidden", loc: ["body", "x"], msg: "Extra inputs are not permitted", input: 1 }
    ])
  })

  it("is skipped when validate is false", async () => {
    const { fake, api } = await setup({ validate: false })
    expect(await api.get("/v1/scans/abc")).toMatchObject({ status: 404, body: { detail: "Scan not found" } })
    const big = await api.get("/v1/scans?limit=500")
    expect(big.status).toBe(200)
    expect(big.body.scans).toHaveLength(30)
    expect((await api.get("/v1/models?limit=500")).body.models).toHaveLength(fake.models.length)
    const lenient = await api.post(
      "/v1/scans",
      createBody(fake, { labels: [{ key: "bad key", value: "v" }], extra: 1 })
    )
    expect(lenient).toMatchObject({ status: 201, body: { labels: [{ key: "bad key", value: "v" }] } })
  })

  it("answers unknown paths with 404 and other methods with 405", async () => {
    const { api } = await setup()
    expect(await api.get("/v2/nothing")).toMatchObject({ status: 404, body: { detail: "Not Found" } })
    expect(await api.call("PATCH", "/v1/scans")).toMatchObject({
      status: 405,
      body: { detail: "Method Not Allowed" }
    })
  })
})

describe("fixtures", () => {
  it("are deterministic for a seed and differ between seeds", () => {
    const a = FakeAirs.make({ seed: 7 })
    const b = FakeAirs.make({ seed: 7 })
    const c = FakeAirs.make({ seed: 8 })
    expect(a.scans[0]!.uuid).toBe(b.scans[0]!.uuid)
    expect(a.scans).toEqual(b.scans)
    expect(a.securityGroups).toEqual(b.securityGroups)
    expect(c.scans[0]!.uuid).not.toBe(a.scans[0]!.uuid)
    expect(a.scans[0]!.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it("seed one security group per source type", () => {
    const groups = FakeAirs.make().securityGroups
    expect(groups.map((group) => group.source_type)).toEqual([
      "LOCAL",
      "HUGGING_FACE",
      "S3",
      "GCS",
      "AZURE",
      "ARTIFACTORY",
      "GITLAB"
    ])
    expect(groups[1]).toMatchObject({
      name: "Default HUGGING_FACE group",
      state: "ACTIVE",
      is_tombstone: false
    })
  })

  it("scale to ten thousand scans without building them up front", async () => {
    const { fake, api } = await setup({ scans: 10_000 })
    expect(fake.options.scans).toBe(10_000)
    const last = await api.get("/v1/scans?skip=9995&limit=10")
    expect(last.body.pagination.total_items).toBe(10_000)
    expect(last.body.scans).toHaveLength(5)
    const oldest = last.body.scans[4]
    expect(oldest.created_at).toBe("2026-01-01T00:00:00Z")
    expect((await api.get(`/v1/scans/${oldest.uuid}`)).body).toEqual(oldest)
    const blocked = await api.get("/v1/scans?eval_outcomes=BLOCKED&limit=1")
    expect(blocked.body.pagination.total_items).toBeGreaterThan(1000)
  })
})

describe("routes", () => {
  it("are the operations of the spec, named after the SDK's operations, and the token endpoint", () => {
    const routes = FakeAirs.make({ scans: 0 }).routes
    expect([...routes].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [
        ...specOperations.map(({ name, plane, method, path }) => ({ name, plane, method, path })),
        { name: "token.issue", plane: "token", method: "POST", path: "/access_token" }
      ].sort((a, b) => a.name.localeCompare(b.name))
    )
  })

  it("are recorded on each request, literal paths before parameters", async () => {
    const { fake, api } = await setup()
    fake.clearRequests()
    await api.get("/v1/scans/label-keys")
    await api.get(`/v1/scans/${fake.scans[0]!.uuid}`)
    await api.get(`/v1/models/${fake.models[0]!.uuid}/model-versions`)
    expect(fake.requests.map((request) => request.route)).toEqual([
      "Scans.getLabelKeys",
      "Scans.get",
      "Models.listVersions"
    ])
  })
})

describe("recording and options", () => {
  it("records every request of every plane", async () => {
    const { fake, api } = await setup()
    await api.get("/v1/scans?source_types=S3&source_types=GCS&limit=5")
    await api.post(`/v1/scans/${fake.scans[0]!.uuid}/labels`, { labels: [{ key: "a", value: "b" }] })
    const [token, list, labels] = fake.requests
    expect(fake.requests).toHaveLength(3)
    expect(token).toMatchObject({
      plane: "token",
      method: "POST",
      path: "/access_token",
      body: { grant_type: "client_credentials", scope: "tsg_id:1234567890" }
    })
    expect(list).toMatchObject({
      plane: "data",
      method: "GET",
      path: "/v1/scans",
      query: { source_types: ["S3", "GCS"], limit: ["5"] },
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
      body: undefined
    })
    expect(labels).toMatchObject({ method: "POST", body: { labels: [{ key: "a", value: "b" }] } })
    fake.clearRequests()
    expect(fake.requests).toEqual([])
  })

  it("keeps the raw path and records management plane requests", async () => {
    const { fake, api } = await setup()
    fake.clearRequests()
    await api.get("/v1/scans/a%20b")
    await fake.handler(
      new Request(`${BASE}/aims/mgmt/v1/security-groups`, {
        headers: { authorization: `Bearer ${api.token}` }
      })
    )
    expect(fake.requests.map((r) => [r.plane, r.path])).toEqual([
      ["data", "/v1/scans/a%20b"],
      ["mgmt", "/v1/security-groups"]
    ])
  })

  it("fills in defaults and builds endpoints", () => {
    const fake = FakeAirs.make({ scans: 5 })
    expect(fake.options).toEqual({
      clientId: "fake-client-id",
      clientSecret: "fake-client-secret",
      tsgId: "1234567890",
      tokenTtlSeconds: 900,
      scans: 5,
      seed: 1,
      scanPolls: 2,
      validate: true,
      latencyMs: 0
    })
    expect(fake.endpoints("http://h:1/")).toEqual({
      dataEndpoint: "http://h:1/aims/data",
      mgmtEndpoint: "http://h:1/aims/mgmt",
      tokenEndpoint: "http://h:1/oauth2/access_token"
    })
  })

  it("delays responses by latencyMs", async () => {
    const fake = FakeAirs.make({ latencyMs: 60 })
    const started = Date.now()
    const reply = await fake.handler(new Request(`${BASE}/aims/data/v1/scans`))
    expect(reply.status).toBe(401)
    expect(Date.now() - started).toBeGreaterThanOrEqual(50)
  })
})

describe("over HTTP", () => {
  it("serves token and data planes with listen() and stops on close()", async () => {
    const fake = FakeAirs.make()
    const server = await fake.listen()
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(server).toMatchObject(fake.endpoints(server.url))
      const issued = await fetch(server.tokenEndpoint, {
        method: "POST",
        headers: {
          authorization: basic("fake-client-id", "fake-client-secret"),
          "content-type": "application/x-www-form-urlencoded"
        },
        body: "grant_type=client_credentials&scope=tsg_id:1234567890"
      })
      const { access_token } = (await issued.json()) as { access_token: string }
      const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" }

      const list = await read(await fetch(`${server.dataEndpoint}/v1/scans?limit=3`, { headers }))
      expect(list.status).toBe(200)
      expect(list.contentType).toBe("application/json")
      expect(list.body.scans).toEqual(fake.scans.slice(0, 3))

      const created = await read(
        await fetch(`${server.dataEndpoint}/v1/scans`, {
          method: "POST",
          headers,
          body: JSON.stringify(createBody(fake, { model_uri: "https://huggingface.co/x/malicious" }))
        })
      )
      expect(created.status).toBe(201)
      const outcomes = []
      for (let i = 0; i < 3; i++) {
        const polled = await read(
          await fetch(`${server.dataEndpoint}/v1/scans/${created.body.uuid}`, { headers })
        )
        outcomes.push(polled.body.eval_outcome)
      }
      expect(outcomes).toEqual(["PENDING", "PENDING", "BLOCKED"])

      const deleted = await fetch(`${server.dataEndpoint}/v1/scans/${created.body.uuid}/labels?keys=a`, {
        method: "DELETE",
        headers
      })
      expect(deleted.status).toBe(204)
      expect(await deleted.text()).toBe("")
      expect(fake.requests.map((r) => r.plane)).toEqual([
        "token",
        "data",
        "data",
        "data",
        "data",
        "data",
        "data"
      ])
    } finally {
      await server.close()
    }
    // What fetch rejects with for any network failure; the cause is a refused or a closed connection.
    await expect(fetch(`${server.dataEndpoint}/v1/scans`)).rejects.toMatchObject({
      name: "TypeError",
      message: "fetch failed"
    })
  })

  it.scopedLive("serves within a Scope with serve()", () =>
    Effect.gen(function* () {
      const fake = FakeAirs.make()
      const server = yield* fake.serve()
      const reply = yield* Effect.promise(() => fetch(`${server.dataEndpoint}/v1/scans`))
      expect(reply.status).toBe(401)
      expect(yield* Effect.promise(() => reply.json())).toEqual({ detail: "Not authenticated" })
      expect(fake.requests).toHaveLength(1)
    })
  )
})
