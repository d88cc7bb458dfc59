/**
 * Every snippet of the existing SDK's usage document, verbatim but for the import path, against the
 * fake AIRS. Snippets with placeholder UUIDs ('scan-uuid', …) are rejected before any request, as the
 * document says; each is also run with real UUIDs in place of the placeholders.
 */
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { FakeAirs } from "@effect-airs/model-security/testing"
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest"

const fake = FakeAirs.make()
let server: Awaited<ReturnType<FakeAirs["listen"]>>
let client: ModelSecurityClient

beforeAll(async () => {
  server = await fake.listen()
})
afterAll(() => server.close())
beforeEach(() => {
  vi.unstubAllEnvs()
  vi.stubEnv("PANW_MODEL_SEC_CLIENT_ID", fake.credentials.clientId)
  vi.stubEnv("PANW_MODEL_SEC_CLIENT_SECRET", fake.credentials.clientSecret)
  vi.stubEnv("PANW_MODEL_SEC_TSG_ID", fake.credentials.tsgId)
  vi.stubEnv("PANW_MODEL_SEC_DATA_ENDPOINT", server.dataEndpoint)
  vi.stubEnv("PANW_MODEL_SEC_MGMT_ENDPOINT", server.mgmtEndpoint)
  vi.stubEnv("PANW_MODEL_SEC_TOKEN_ENDPOINT", server.tokenEndpoint)
  client = new ModelSecurityClient()
  fake.clearRequests()
})

/** Runs `snippet`, expecting the documented payload error naming `field`, with nothing sent. */
const rejectsPayload = async (snippet: () => Promise<unknown>, field: string) => {
  const error = await snippet().then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AISecSDKException)
  expect((error as AISecSDKException).errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
  expect((error as AISecSDKException).message).toContain(field)
  expect(fake.requests).toHaveLength(0)
}

describe("seed: client initialization", () => {
  it("from env vars", async () => {
    // From env vars (recommended)
    const client = new ModelSecurityClient()
    expect((await client.scans.list()).scans.length).toBeGreaterThan(0)
  })

  it("from PANW_MGMT_* env vars", async () => {
    vi.unstubAllEnvs()
    vi.stubEnv("PANW_MGMT_CLIENT_ID", fake.credentials.clientId)
    vi.stubEnv("PANW_MGMT_CLIENT_SECRET", fake.credentials.clientSecret)
    vi.stubEnv("PANW_MGMT_TSG_ID", fake.credentials.tsgId)
    vi.stubEnv("PANW_MGMT_TOKEN_ENDPOINT", server.tokenEndpoint)
    vi.stubEnv("PANW_MODEL_SEC_DATA_ENDPOINT", server.dataEndpoint)
    const client = new ModelSecurityClient()
    expect((await client.scans.list()).scans.length).toBeGreaterThan(0)
  })

  it("explicit", async () => {
    vi.unstubAllEnvs()
    vi.stubEnv("PANW_MODEL_SEC_DATA_ENDPOINT", server.dataEndpoint)
    vi.stubEnv("PANW_MODEL_SEC_TOKEN_ENDPOINT", server.tokenEndpoint)
    // Explicit
    const client = new ModelSecurityClient({
      clientId: "your-client-id",
      clientSecret: "your-client-secret",
      tsgId: "1234567890"
    })
    const error = await client.scans.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AISecSDKException)
    expect((error as AISecSDKException).errorType).toBe(ErrorType.OAUTH_ERROR)
    expect((error as AISecSDKException).message).toContain("Client authentication failed")
  })

  it("custom endpoints", () => {
    // Custom endpoints
    const client = new ModelSecurityClient({
      clientId: "your-client-id",
      clientSecret: "your-client-secret",
      tsgId: "1234567890",
      dataEndpoint: "https://api.eu.sase.paloaltonetworks.com/aims/data",
      mgmtEndpoint: "https://api.eu.sase.paloaltonetworks.com/aims/mgmt"
    })
    expect(client.scans).toBeDefined()
  })

  it("missing credentials throw MISSING_VARIABLE before any network I/O", () => {
    vi.unstubAllEnvs()
    vi.stubEnv("PANW_MODEL_SEC_CLIENT_ID", "")
    vi.stubEnv("PANW_MGMT_CLIENT_ID", "")
    vi.stubEnv("PANW_MODEL_SEC_CLIENT_SECRET", "")
    vi.stubEnv("PANW_MGMT_CLIENT_SECRET", "")
    vi.stubEnv("PANW_MODEL_SEC_TSG_ID", "")
    vi.stubEnv("PANW_MGMT_TSG_ID", "")
    let error: unknown
    try {
      new ModelSecurityClient()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AISecSDKException)
    expect((error as AISecSDKException).errorType).toBe(ErrorType.MISSING_VARIABLE)
    expect((error as AISecSDKException).message).toContain("PANW_MODEL_SEC_CLIENT_ID or PANW_MGMT_CLIENT_ID")
    expect(fake.requests).toHaveLength(0)
  })
})

describe("seed: scans", () => {
  it("create a scan: the documented payload lacks model_uri and security_group_uuid", () =>
    rejectsPayload(async () => {
      const scan = await client.scans.create({
        // @ts-expect-error the API requires model_uri and security_group_uuid, and knows no name/source_type/source_uri
        name: "my-model-scan",
        source_type: "huggingface",
        source_uri: "https://huggingface.co/my-org/my-model"
      })

      console.log(scan.uuid)
    }, "model_uri"))

  it("list scans", async () => {
    // All scans
    const result = await client.scans.list()

    // With filters and pagination
    const page = await client.scans.list({
      skip: 0,
      limit: 10,
      sort_by: "created_at",
      sort_order: "desc",
      eval_outcomes: ["BLOCKED"],
      source_types: ["HUGGING_FACE"]
    })
    expect(result.pagination.total_items).toBe(30)
    expect(
      page.scans.filter((s) => s.eval_outcome !== "BLOCKED" || s.source_type !== "HUGGING_FACE")
    ).toEqual([])
  })

  it("get a scan", () =>
    rejectsPayload(async () => {
      const scan = await client.scans.get("scan-uuid")
      return scan
    }, "uuid"))

  it("get evaluations", () =>
    rejectsPayload(async () => {
      const evaluations = await client.scans.getEvaluations("scan-uuid", {
        skip: 0,
        limit: 20
      })

      // With sorting
      const sorted = await client.scans.getEvaluations("scan-uuid", {
        sort_field: "created_at",
        sort_order: "desc"
      })

      // Get a single evaluation by UUID
      const evaluation = await client.scans.getEvaluation("evaluation-uuid")
      return [evaluations, sorted, evaluation]
    }, "scan_uuid"))

  it("get files", () =>
    rejectsPayload(async () => {
      const files = await client.scans.getFiles("scan-uuid", {
        type: "model",
        result: "malicious",
        limit: 50
      })
      return files
    }, "scan_uuid"))

  it("get violations", () =>
    rejectsPayload(async () => {
      const violations = await client.scans.getViolations("scan-uuid", {
        limit: 20
      })

      // Get a single violation by UUID
      const violation = await client.scans.getViolation("violation-uuid")
      return [violations, violation]
    }, "scan_uuid"))

  it("labels", () =>
    rejectsPayload(async () => {
      // Add labels (merge with existing)
      await client.scans.addLabels("scan-uuid", {
        labels: { team: "ml-platform", env: "production" }
      })
    }, "scan_uuid"))

  it("label keys and values", async () => {
    // Get all distinct label keys across scans
    const keys = await client.scans.getLabelKeys()

    // Get distinct values for a label key
    const values = await client.scans.getLabelValues("team")
    expect(keys.keys).toContain("team")
    expect(values.values.length).toBeGreaterThan(0)
  })
})

describe("seed: security groups, rule instances, security rules, PyPI", () => {
  it("create: the documented payload lacks source_type", () =>
    rejectsPayload(async () => {
      // @ts-expect-error the API requires source_type
      const group = await client.securityGroups.create({
        name: "production-models",
        description: "Security group for production ML models"
      })

      console.log(group.uuid)
    }, "source_type"))

  it("list", async () => {
    // Basic pagination
    const result = await client.securityGroups.list({
      skip: 0,
      limit: 10,
      sort_field: "created_at",
      sort_dir: "desc"
    })

    // Filter by source types and search
    const filtered = await client.securityGroups.list({
      source_types: ["HUGGING_FACE", "S3"],
      search_query: "production"
    })
    expect(result.security_groups.length).toBeGreaterThan(0)
    expect(filtered.security_groups.filter((g) => !["HUGGING_FACE", "S3"].includes(g.source_type))).toEqual(
      []
    )
  })

  it("list with enabled_rules placeholders", () =>
    rejectsPayload(async () => {
      // Filter by groups with specific rules enabled
      const withRules = await client.securityGroups.list({
        enabled_rules: ["rule-uuid-1", "rule-uuid-2"]
      })
      return withRules
    }, "enabled_rules[0]"))

  it("get, update, delete", () =>
    rejectsPayload(async () => {
      const group = await client.securityGroups.get("group-uuid")
      const updated = await client.securityGroups.update("group-uuid", {
        name: "production-models-v2",
        description: "Updated description"
      })
      await client.securityGroups.delete("group-uuid")
      return [group, updated]
    }, "uuid"))

  it("rule instances", () =>
    rejectsPayload(async () => {
      // List rule instances for a group
      const instances = await client.securityGroups.listRuleInstances("group-uuid", {
        limit: 20
      })
      return instances
    }, "security_group_uuid"))

  it("security rules", async () => {
    const rules = await client.securityRules.list({
      skip: 0,
      limit: 20
    })

    // Filter by source type
    const hfRules = await client.securityRules.list({
      source_type: "HUGGING_FACE"
    })

    // Search by name or UUID
    const found = await client.securityRules.list({
      search_query: "pickle"
    })
    expect(rules.rules.length).toBeGreaterThan(0)
    expect(hfRules.rules.filter((r) => !r.compatible_sources.includes("HUGGING_FACE"))).toEqual([])
    expect(fake.requests.at(-1)?.query).toEqual({ search_query: ["pickle"] })
    for (const rule of found.rules) expect(`${rule.name} ${rule.uuid}`.toLowerCase()).toContain("pickle")
  })

  it("get a rule", () =>
    rejectsPayload(async () => {
      const rule = await client.securityRules.get("rule-uuid")
      return rule
    }, "uuid"))

  it("PyPI authentication", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    const auth = await client.getPyPIAuth()
    console.log(auth.url)
    console.log(auth.expiration)
    expect(log.mock.calls).toEqual([[auth.url], [auth.expires_at]])
    log.mockRestore()
  })

  it("error handling", async () => {
    vi.stubEnv("PANW_MODEL_SEC_CLIENT_SECRET", "not-the-secret")
    const client = new ModelSecurityClient()
    const seen: Array<string> = []
    const error = vi.spyOn(console, "error").mockImplementation((...args) => void seen.push(String(args[0])))
    try {
      await client.scans.list()
    } catch (err) {
      if (err instanceof AISecSDKException) {
        switch (err.errorType) {
          case ErrorType.OAUTH_ERROR:
            console.error("Auth failed:", err.message)
            break
          case ErrorType.CLIENT_SIDE_ERROR:
            console.error("Bad request:", err.message)
            break
          case ErrorType.SERVER_SIDE_ERROR:
            console.error("Server error:", err.message)
            break
          case ErrorType.MISSING_VARIABLE:
            console.error("Missing config:", err.message)
            break
          case ErrorType.USER_REQUEST_PAYLOAD_ERROR:
            console.error("Invalid input:", err.message)
            break
        }
      }
    }
    error.mockRestore()
    expect(seen).toEqual(["Auth failed:"])
  })
})

describe("seed snippets with real UUIDs in place of the placeholders", () => {
  it("scans: get, evaluations, files, violations, labels", async () => {
    const blocked = fake.scans.find((s) => s.eval_outcome === "BLOCKED")!.uuid
    const scan = await client.scans.get(blocked)
    expect(scan.uuid).toBe(blocked)
    const evaluations = await client.scans.getEvaluations(blocked, { skip: 0, limit: 20 })
    const sorted = await client.scans.getEvaluations(blocked, {
      sort_field: "created_at",
      sort_order: "desc"
    })
    expect(sorted.evaluations.length).toBe(Math.min(10, evaluations.pagination.total_items ?? 0))
    const evaluation = await client.scans.getEvaluation(evaluations.evaluations[0]!.uuid)
    expect(evaluation.scan_uuid).toBe(blocked)
    // The seed's file filter: `type` is FILE or DIRECTORY in the API, so "model" is refused before sending.
    const sent = fake.requests.length
    await expect(
      client.scans.getFiles(blocked, { type: "model", result: "malicious", limit: 50 })
    ).rejects.toMatchObject({
      errorType: ErrorType.USER_REQUEST_PAYLOAD_ERROR,
      message: "Invalid input: type: must be one of DIRECTORY, FILE"
    })
    expect(fake.requests.length).toBe(sent)
    const files = await client.scans.getFiles(blocked, { type: "FILE", result: "malicious", limit: 50 })
    expect(fake.requests.at(-1)?.query).toEqual({ type: ["FILE"], limit: ["50"] })
    expect(files.files.length).toBeGreaterThan(0)
    const violations = await client.scans.getViolations(blocked, { limit: 20 })
    const violation = await client.scans.getViolation(violations.violations[0]!.uuid)
    expect(violation.uuid).toBe(violations.violations[0]!.uuid)
    await client.scans.addLabels(blocked, { labels: { team: "ml-platform", env: "production" } })
    await client.scans.setLabels(blocked, { labels: { team: "ml-platform" } })
    expect((await client.scans.get(blocked)).labels).toEqual([{ key: "team", value: "ml-platform" }])
    await client.scans.deleteLabels(blocked, ["team", "env"])
    expect((await client.scans.get(blocked)).labels).toEqual([])
  })

  it("security groups and rule instances", async () => {
    const group = await client.securityGroups.create({
      name: "production-models",
      description: "Security group for production ML models",
      source_type: "HUGGING_FACE"
    })
    expect((await client.securityGroups.get(group.uuid)).name).toBe("production-models")
    const instances = await client.securityGroups.listRuleInstances(group.uuid, { limit: 20 })
    const rule = instances.rule_instances[0]!
    const filtered = await client.securityGroups.listRuleInstances(group.uuid, {
      security_rule_uuid: rule.security_rule_uuid!
    })
    expect(filtered.rule_instances.map((i) => i.uuid)).toEqual([rule.uuid])
    const updated = await client.securityGroups.updateRuleInstance(group.uuid, rule.uuid, {
      security_group_uuid: group.uuid,
      state: "ALLOWING"
    })
    expect(updated.state).toBe("ALLOWING")
    const blocking = await client.securityGroups.listRuleInstances(group.uuid, { state: "BLOCKING" })
    expect(blocking.rule_instances.filter((i) => i.state !== "BLOCKING")).toEqual([])
    const instance = await client.securityGroups.getRuleInstance(group.uuid, rule.uuid)
    expect(instance.state).toBe("ALLOWING")
    const withRules = await client.securityGroups.list({ enabled_rules: [rule.security_rule_uuid!] })
    expect(withRules.security_groups.map((g) => g.uuid)).toContain(group.uuid)
    const renamed = await client.securityGroups.update(group.uuid, {
      name: "production-models-v2",
      description: "Updated description"
    })
    expect(renamed.name).toBe("production-models-v2")
    await client.securityGroups.delete(group.uuid)
    expect((await client.securityGroups.get(group.uuid)).is_tombstone).toBe(true)
    const rules = await client.securityRules.list({ limit: 1 })
    expect((await client.securityRules.get(rules.rules[0]!.uuid)).uuid).toBe(rules.rules[0]!.uuid)
  })
})
