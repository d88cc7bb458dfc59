/** Tests of the fake AIRS management plane: security rules, security groups, rule instances and PyPI auth. */
import { describe, expect, it } from "@effect/vitest"
import {
  FakeAirs,
  type FakeAirsOptions,
  type RuleInstanceRecord,
  type SecurityGroupRecord,
  type SecurityRuleRecord
} from "../src/testing.js"

const BASE = "http://fake-airs.test"
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
const RULE_FIELD_VALUE_KEYS = [
  "approved_formats",
  "approved_locations",
  "approved_licenses",
  "deny_orgs",
  "denied_org_models",
  "approved_org_models"
]

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

const tokenRequest = (base: string, fake: FakeAirs) =>
  new Request(`${base}/oauth2/access_token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${fake.credentials.clientId}:${fake.credentials.clientSecret}`)}`,
      "content-type": "application/x-www-form-urlencoded"
    },
    body: `grant_type=client_credentials&scope=tsg_id:${fake.credentials.tsgId}`
  })

/** A client of both planes of a fake, in process, holding a fresh token. */
const connect = async (fake: FakeAirs) => {
  const token: string = (await read(await fake.handler(tokenRequest(BASE, fake)))).body.access_token
  const call = async (method: string, path: string, body?: unknown, plane = "mgmt") =>
    read(
      await fake.handler(
        new Request(`${BASE}/aims/${plane}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
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
    data: {
      get: (path: string) => call("GET", path, undefined, "data"),
      post: (path: string, body: unknown) => call("POST", path, body, "data")
    },
    call
  }
}

const setup = async (options?: FakeAirsOptions) => {
  const fake = FakeAirs.make(options)
  return { fake, api: await connect(fake) }
}

type Api = Awaited<ReturnType<typeof connect>>

const ruleNamed = (fake: FakeAirs, name: string): SecurityRuleRecord =>
  fake.securityRules.find((rule) => rule.name === name)!
const seededGroup = (fake: FakeAirs, source: string): SecurityGroupRecord =>
  fake.securityGroups.find((group) => group.source_type === source)!
/** A rule as the list of rules shows it: with the number of live groups where it is enabled. */
const listedRule = (fake: FakeAirs, rule: SecurityRuleRecord) => ({
  ...rule,
  enabled_security_group_count: fake.securityGroups.filter(
    (group) =>
      !group.is_tombstone &&
      fake
        .ruleInstances(group.uuid)
        .some((instance) => instance.security_rule_uuid === rule.uuid && instance.state !== "DISABLED")
  ).length
})
/** A group as the list of groups shows it: with the number of its enabled rule instances. */
const listedGroup = (fake: FakeAirs, group: SecurityGroupRecord) => ({
  ...group,
  enabled_rule_count: fake.ruleInstances(group.uuid).filter((instance) => instance.state !== "DISABLED")
    .length
})
const instancePath = (instance: RuleInstanceRecord) =>
  `/v1/security-groups/${instance.security_group_uuid}/rule-instances/${instance.uuid}`
const createGroup = async (api: Api, body: Record<string, unknown>): Promise<SecurityGroupRecord> => {
  const reply = await api.post("/v1/security-groups", body)
  expect(reply.status).toBe(201)
  return reply.body
}
/** Creates a scan (with an owner label, which the seeded custom rule asks for) and polls it until it is finished. */
const finishedScan = async (
  api: Api,
  groupUuid: string,
  modelUri: string,
  labels: ReadonlyArray<{ key: string; value: string }> = [{ key: "owner", value: "ml-platform" }]
) => {
  const created = await api.data.post("/v1/scans", {
    model_uri: modelUri,
    security_group_uuid: groupUuid,
    scan_origin: "MODEL_SECURITY_SDK",
    labels
  })
  expect(created.status).toBe(201)
  let scan = created.body
  while (scan.eval_outcome === "PENDING") scan = (await api.data.get(`/v1/scans/${scan.uuid}`)).body
  return scan
}

describe("authentication and routing", () => {
  it("needs a bearer token on every management route", async () => {
    const fake = FakeAirs.make()
    for (const path of ["/v1/security-rules", "/v1/security-groups", "/v1/pypi/authenticate"]) {
      const reply = await read(await fake.handler(new Request(`${BASE}/aims/mgmt${path}`)))
      expect(reply).toMatchObject({ status: 401, body: { detail: "Not authenticated" } })
    }
  })

  it("records requests with plane mgmt and answers other methods with 405", async () => {
    const { fake, api } = await setup()
    fake.clearRequests()
    await api.call("GET", "/v1/security-groups?source_types=S3&source_types=GCS&limit=5")
    await api.post("/v1/security-groups", { name: "g", source_type: "S3" })
    expect(fake.requests).toMatchObject([
      {
        plane: "mgmt",
        method: "GET",
        path: "/v1/security-groups",
        query: { source_types: ["S3", "GCS"], limit: ["5"] },
        body: undefined
      },
      { plane: "mgmt", method: "POST", path: "/v1/security-groups", body: { name: "g", source_type: "S3" } }
    ])
    const patch = await api.call("PATCH", `/v1/security-groups/${UNKNOWN_UUID}`)
    expect(patch).toMatchObject({ status: 405, body: { detail: "Method Not Allowed" } })
    expect(await api.get("/v1/nothing")).toMatchObject({ status: 404, body: { detail: "Not Found" } })
  })
})

describe("security rules", () => {
  it("lists ten rules by default, with the total, and pages", async () => {
    const { fake, api } = await setup()
    const first = await api.get("/v1/security-rules")
    expect(first.status).toBe(200)
    expect(first.contentType).toBe("application/json")
    expect(first.body.pagination).toEqual({ total_items: fake.securityRules.length })
    expect(first.body.rules).toEqual(fake.securityRules.slice(0, 10).map((rule) => listedRule(fake, rule)))
    const rest = await api.get("/v1/security-rules?skip=10&limit=10")
    expect([...first.body.rules, ...rest.body.rules]).toEqual(
      fake.securityRules.map((rule) => listedRule(fake, rule))
    )
    expect(first.body.rules[0]).toMatchObject({
      name: "Load Time Code Execution Check",
      enabled_security_group_count: 7
    })
    expect((await api.get("/v1/security-rules?limit=0")).body.rules).toEqual([])
  })

  it("filters by compatible source type and searches names and uuids", async () => {
    const { fake, api } = await setup()
    const titles = async (query: string) =>
      (await api.get(`/v1/security-rules?limit=100&${query}`)).body.rules.map(
        (r: SecurityRuleRecord) => r.name
      )
    const hf = await titles("source_type=HUGGING_FACE")
    const s3 = await titles("source_type=S3")
    const local = await titles("source_type=LOCAL")
    expect(hf).toContain("License Exists")
    expect(s3).not.toContain("License Exists")
    expect(s3).toContain("Stored In Approved Location")
    expect(local).not.toContain("Stored In Approved Location")
    expect(local).toContain("Load Time Code Execution Check")
    expect(await titles("source_type=ALL")).toHaveLength(fake.securityRules.length)
    for (const source of ["HUGGING_FACE", "S3", "LOCAL"]) {
      const rules = (await api.get(`/v1/security-rules?limit=100&source_type=${source}`)).body.rules
      expect(
        rules.filter((rule: SecurityRuleRecord) => !rule.compatible_sources.includes(source as never))
      ).toEqual([])
    }
    expect(await titles("search_query=LICENSE")).toEqual(["License Exists", "License Is Valid For Use"])
    const rule = fake.securityRules[4]!
    expect(await titles(`search_query=${rule.uuid.slice(9, 18).toUpperCase()}`)).toEqual([rule.name])
  })

  it("gets a rule by uuid, or 404", async () => {
    const { fake, api } = await setup()
    const rule = fake.securityRules[3]!
    expect(await api.get(`/v1/security-rules/${rule.uuid}`)).toMatchObject({ status: 200, body: rule })
    expect(await api.get(`/v1/security-rules/${rule.uuid.toUpperCase()}`)).toMatchObject({ status: 200 })
    expect(await api.get(`/v1/security-rules/${UNKNOWN_UUID}`)).toEqual({
      status: 404,
      contentType: "application/json",
      body: { detail: "Security rule not found" }
    })
  })

  it("form a realistic catalog", () => {
    const rules = FakeAirs.make().securityRules
    const names = rules.map((rule) => rule.name)
    for (const name of [
      "Load Time Code Execution Check",
      "Known Framework Operators Check",
      "Stored In Approved File Format",
      "Stored In Approved Location",
      "License Is Valid For Use",
      "Model Is Not From A Denied Organization",
      "Model Is Not On The Denied List",
      "Organization Verified By Hugging Face"
    ]) {
      expect(names).toContain(name)
    }
    expect(new Set(rules.map((rule) => rule.rule_type))).toEqual(new Set(["ARTIFACT", "METADATA"]))
    expect(new Set(rules.map((rule) => rule.default_state))).toEqual(
      new Set(["BLOCKING", "ALLOWING", "DISABLED"])
    )
    for (const rule of rules) {
      expect(rule.remediation.steps.length).toBeGreaterThan(0)
      expect(rule.remediation.url).toMatch(/^https:\/\/docs\.paloaltonetworks\.com\//)
      expect(Object.keys(rule.default_values).filter((key) => !RULE_FIELD_VALUE_KEYS.includes(key))).toEqual(
        []
      )
      expect(Object.keys(rule.default_values)).toEqual(
        rule.editable_fields.map((field) => field.attribute_name)
      )
      for (const field of rule.editable_fields) {
        expect(field.dropdown_values === null).toBe(field.display_type === "LIST")
      }
    }
    const formats = ruleNamed(FakeAirs.make(), "Stored In Approved File Format")
    expect(formats.editable_fields).toMatchObject([
      { attribute_name: "approved_formats", display_type: "LIST" }
    ])
    expect(formats.default_values.approved_formats).toContain("safetensors")
    expect(formats.constant_values).toEqual({ threat_categories: ["UNAPPROVED_FORMATS"] })
    const licenses = ruleNamed(FakeAirs.make(), "License Is Valid For Use")
    expect(licenses.editable_fields[0]).toMatchObject({
      attribute_name: "approved_licenses",
      display_type: "SELECT"
    })
    expect(licenses.editable_fields[0]!.dropdown_values).toContainEqual({
      value: "mit",
      label: "MIT License"
    })
    const loadTime = ruleNamed(FakeAirs.make(), "Load Time Code Execution Check")
    expect(loadTime.constant_values.threat_categories).toContain("PAIT-PKL-100")
  })
})

describe("security groups", () => {
  it("lists the seeded groups newest first, fifty by default", async () => {
    const { fake, api } = await setup()
    const reply = await api.get("/v1/security-groups")
    expect(reply.status).toBe(200)
    expect(reply.body.pagination).toEqual({ total_items: 7 })
    expect(reply.body.security_groups).toEqual(
      [...fake.securityGroups].reverse().map((group) => listedGroup(fake, group))
    )
    const ascending = await api.get("/v1/security-groups?sort_dir=asc&limit=3&skip=1")
    expect(ascending.body.security_groups).toEqual(
      fake.securityGroups.slice(1, 4).map((group) => listedGroup(fake, group))
    )
    expect(ascending.body.pagination).toEqual({ total_items: 7 })
  })

  it("filters by source types, search query and enabled rules", async () => {
    const { fake, api } = await setup()
    const sources = async (query: string) =>
      (await api.get(`/v1/security-groups?${query}`)).body.security_groups
        .map((group: SecurityGroupRecord) => group.source_type)
        .sort()
    expect(await sources("source_types=S3&source_types=GCS")).toEqual(["GCS", "S3"])
    expect(await sources("source_types=ALL")).toHaveLength(7)
    expect(await sources("search_query=hugging")).toEqual(["HUGGING_FACE"])
    const azure = seededGroup(fake, "AZURE")
    expect(await sources(`search_query=${azure.uuid.slice(0, 8).toUpperCase()}`)).toEqual(["AZURE"])

    const license = ruleNamed(fake, "License Exists")
    const location = ruleNamed(fake, "Stored In Approved Location")
    const approved = ruleNamed(fake, "Model Is On The Approved List")
    expect(await sources(`enabled_rules=${license.uuid}`)).toEqual(["HUGGING_FACE"])
    expect(await sources(`enabled_rules=${license.uuid}&enabled_rules=${location.uuid}`)).toEqual([
      "ARTIFACTORY",
      "AZURE",
      "GCS",
      "GITLAB",
      "HUGGING_FACE",
      "S3"
    ])
    expect(await sources(`enabled_rules=${approved.uuid}`)).toEqual([])
    const hf = seededGroup(fake, "HUGGING_FACE")
    const instance = fake.ruleInstances(hf.uuid).find((i) => i.security_rule_uuid === approved.uuid)!
    await api.put(instancePath(instance), { security_group_uuid: hf.uuid, state: "ALLOWING" })
    expect(await sources(`enabled_rules=${approved.uuid}`)).toEqual(["HUGGING_FACE"])
  })

  it("creates an ACTIVE group with one rule instance per compatible rule, in default states", async () => {
    const { fake, api } = await setup()
    const before = Date.now()
    const group = await createGroup(api, { name: "production-models", source_type: "S3" })
    expect(group).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      tsg_id: "1234567890",
      created_at: group.updated_at,
      updated_at: expect.any(String),
      name: "production-models",
      description: "",
      source_type: "S3",
      state: "ACTIVE",
      is_tombstone: false
    })
    expect(Date.parse(group.created_at)).toBeGreaterThanOrEqual(before - 1)
    expect(fake.securityGroups.at(-1)).toEqual(group)
    const listed = (await api.get("/v1/security-groups")).body
    expect(listed.pagination.total_items).toBe(8)
    expect(listed.security_groups[0]).toEqual({
      ...group,
      enabled_rule_count: fake.ruleInstances(group.uuid).filter((i) => i.state !== "DISABLED").length
    })

    const instances = (await api.get(`/v1/security-groups/${group.uuid}/rule-instances?limit=100`)).body
    const s3Rules = fake.securityRules.filter((rule) => rule.compatible_sources.includes("S3"))
    expect(instances.pagination.total_items).toBe(s3Rules.length)
    expect(instances.rule_instances).toEqual(fake.ruleInstances(group.uuid))
    instances.rule_instances.forEach((instance: RuleInstanceRecord, n: number) => {
      expect(instance).toMatchObject({
        security_group_uuid: group.uuid,
        security_rule_uuid: s3Rules[n]!.uuid,
        state: s3Rules[n]!.default_state,
        field_values: s3Rules[n]!.default_values,
        rule: s3Rules[n],
        created_at: group.created_at
      })
    })
    const all = await createGroup(api, { name: "everything", source_type: "ALL" })
    expect(fake.ruleInstances(all.uuid)).toHaveLength(fake.securityRules.length)
  })

  it("applies rule configurations over the rule defaults", async () => {
    const { fake, api } = await setup()
    const formats = ruleNamed(fake, "Stored In Approved File Format")
    const loadTime = ruleNamed(fake, "Load Time Code Execution Check")
    const denyOrgs = ruleNamed(fake, "Model Is Not From A Denied Organization")
    const group = await createGroup(api, {
      name: "configured",
      description: "Configured at creation",
      source_type: "HUGGING_FACE",
      rule_configurations: {
        [formats.uuid]: { field_values: { approved_formats: ["safetensors"] } },
        [loadTime.uuid.toUpperCase()]: { state: "ALLOWING" },
        [denyOrgs.uuid]: { state: null, field_values: { deny_orgs: ["evil-corp"] } }
      }
    })
    const byRule = (rule: SecurityRuleRecord) =>
      fake.ruleInstances(group.uuid).find((instance) => instance.security_rule_uuid === rule.uuid)!
    expect(byRule(formats)).toMatchObject({
      state: "BLOCKING",
      field_values: { approved_formats: ["safetensors"] }
    })
    expect(byRule(loadTime)).toMatchObject({ state: "ALLOWING", field_values: {} })
    expect(byRule(denyOrgs)).toMatchObject({ state: "BLOCKING", field_values: { deny_orgs: ["evil-corp"] } })
  })

  it("answers the seed's create without source_type with a 422 naming source_type", async () => {
    const { fake, api } = await setup()
    const body = { name: "production-models", description: "Security group for production ML models" }
    const reply = await api.post("/v1/security-groups", body)
    expect(reply).toEqual({
      status: 422,
      contentType: "application/json",
      body: {
        detail: [{ type: "missing", loc: ["body", "source_type"], msg: "Field required", input: body }]
      }
    })
    expect(fake.securityGroups).toHaveLength(7)
  })

  it("validates names, descriptions, source types, extra fields and JSON", async () => {
    const { api } = await setup()
    const issues = async (body: unknown) =>
      (await api.post("/v1/security-groups", body)).body.detail.map((issue: any) => [issue.type, issue.loc])
    expect(await issues({ name: "", source_type: "S3" })).toEqual([["string_too_short", ["body", "name"]]])
    // Issues come in the order of the spec's properties.
    expect(await issues({ name: "n".repeat(256), source_type: "S3", description: "d".repeat(1001) })).toEqual(
      [
        ["string_too_long", ["body", "description"]],
        ["string_too_long", ["body", "name"]]
      ]
    )
    expect(await issues({ name: "g", source_type: "huggingface", tier: "gold" })).toEqual([
      ["enum", ["body", "source_type"]],
      ["extra_forbidden", ["body", "tier"]]
    ])
    expect(await issues({ source_type: "S3", description: null })).toEqual([
      ["string_type", ["body", "description"]],
      ["missing", ["body", "name"]]
    ])
    expect(await issues("{oops")).toEqual([["json_invalid", ["body", 1]]])
    expect((await api.call("POST", "/v1/security-groups")).body.detail).toEqual([
      { type: "missing", loc: ["body"], msg: "Field required", input: null }
    ])
  })

  it("rejects unknown, inapplicable and malformed rule configurations with 422", async () => {
    const { fake, api } = await setup()
    const license = ruleNamed(fake, "License Exists")
    const formats = ruleNamed(fake, "Stored In Approved File Format")
    const reply = await api.post("/v1/security-groups", {
      name: "g",
      source_type: "S3",
      rule_configurations: {
        [UNKNOWN_UUID]: { state: "BLOCKING" },
        [license.uuid]: {},
        [formats.uuid]: { state: "ON", field_values: { colours: ["red"], approved_formats: ["onnx"] } }
      }
    })
    expect(reply.status).toBe(422)
    const base = ["body", "rule_configurations"]
    expect(reply.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["enum", [...base, formats.uuid, "field_values", "colours", "[key]"]],
      ["enum", [...base, formats.uuid, "state"]]
    ])
    const semantic = await api.post("/v1/security-groups", {
      name: "g",
      source_type: "S3",
      rule_configurations: { [UNKNOWN_UUID]: { state: "BLOCKING" }, [license.uuid]: {} }
    })
    expect(semantic.body.detail).toEqual([
      {
        type: "value_error",
        loc: [...base, UNKNOWN_UUID],
        msg: `Value error, Security rule ${UNKNOWN_UUID} not found`,
        input: { state: "BLOCKING" },
        ctx: { error: {} }
      },
      {
        type: "value_error",
        loc: [...base, license.uuid],
        msg: `Value error, Security rule ${license.uuid} (License Exists) does not apply to source type S3`,
        input: {},
        ctx: { error: {} }
      }
    ])
    expect(fake.securityGroups).toHaveLength(7)
  })

  it("gets, updates and soft-deletes a group", async () => {
    const { fake, api } = await setup()
    const group = await createGroup(api, {
      name: "staging",
      description: "Staging models",
      source_type: "GCS"
    })
    expect(await api.get(`/v1/security-groups/${group.uuid}`)).toMatchObject({ status: 200, body: group })

    const renamed = await api.put(`/v1/security-groups/${group.uuid}`, { name: "staging-v2" })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({
      name: "staging-v2",
      description: "Staging models",
      created_at: group.created_at
    })
    expect(Date.parse(renamed.body.updated_at)).toBeGreaterThan(Date.parse(group.updated_at))
    const kept = await api.put(`/v1/security-groups/${group.uuid}`, { name: null, description: "Updated" })
    expect(kept.body).toMatchObject({ name: "staging-v2", description: "Updated" })
    const sorted = (await api.get("/v1/security-groups?sort_field=updated_at&limit=1")).body.security_groups
    expect(sorted[0].uuid).toBe(group.uuid)

    const deleted = await api.del(`/v1/security-groups/${group.uuid}`)
    expect(deleted).toEqual({ status: 204, contentType: null, body: undefined })
    const listed = (await api.get("/v1/security-groups?limit=100")).body
    expect(listed.security_groups.map((g: SecurityGroupRecord) => g.uuid)).not.toContain(group.uuid)
    expect(listed.pagination.total_items).toBe(7)
    expect((await api.get(`/v1/security-groups/${group.uuid}`)).body).toMatchObject({
      uuid: group.uuid,
      is_tombstone: true,
      name: "staging-v2"
    })
    expect(fake.securityGroups.find((g) => g.uuid === group.uuid)?.is_tombstone).toBe(true)

    const instances = await api.get(`/v1/security-groups/${group.uuid}/rule-instances`)
    expect(instances.body).toEqual({ pagination: { total_items: 0 }, rule_instances: [] })
    const instance = fake.ruleInstances(group.uuid)[0]!
    expect(await api.get(instancePath(instance))).toMatchObject({ status: 200, body: instance })

    const gone = {
      status: 404,
      contentType: "application/json",
      body: { detail: "Security group not found" }
    }
    expect(await api.del(`/v1/security-groups/${group.uuid}`)).toEqual(gone)
    expect(await api.put(`/v1/security-groups/${group.uuid}`, { name: "x" })).toEqual(gone)
    expect(
      await api.put(instancePath(instance), { security_group_uuid: group.uuid, state: "DISABLED" })
    ).toEqual(gone)
    expect(await api.get(`/v1/security-groups/${UNKNOWN_UUID}`)).toEqual(gone)
    expect(await api.get(`/v1/security-groups/${UNKNOWN_UUID}/rule-instances`)).toEqual(gone)
    const scan = await api.data.post("/v1/scans", {
      model_uri: "gs://bucket/model",
      security_group_uuid: group.uuid,
      scan_origin: "MODEL_SECURITY_SDK"
    })
    expect(scan).toMatchObject({ status: 404, body: { detail: "Security group not found" } })
  })

  it("validates updates, paths and list parameters", async () => {
    const { fake, api } = await setup()
    const group = seededGroup(fake, "S3")
    const update = await api.put(`/v1/security-groups/${group.uuid}`, { name: "", source_type: "GCS" })
    expect(update.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["string_too_short", ["body", "name"]],
      ["extra_forbidden", ["body", "source_type"]]
    ])
    expect((await api.get("/v1/security-groups/not-a-uuid")).body.detail[0]).toMatchObject({
      type: "uuid_parsing",
      loc: ["path", "uuid"]
    })
    expect((await api.del("/v1/security-groups/nope")).status).toBe(422)
    const list = await api.get(
      "/v1/security-groups?skip=-1&limit=101&sort_field=name&sort_dir=up&source_types=S3&source_types=FTP&search_query=ab&enabled_rules=x"
    )
    expect(list.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["greater_than_equal", ["query", "skip"]],
      ["less_than_equal", ["query", "limit"]],
      ["enum", ["query", "sort_field"]],
      ["enum", ["query", "sort_dir"]],
      ["enum", ["query", "source_types", 1]],
      ["string_too_short", ["query", "search_query"]],
      ["uuid_parsing", ["query", "enabled_rules", 0]]
    ])
    expect((await api.get("/v1/security-groups?limit=0")).body.detail[0]).toMatchObject({ ctx: { ge: 1 } })
    const rules = await api.get(`/v1/security-rules?limit=x&source_type=FTP&search_query=${"q".repeat(1001)}`)
    expect(rules.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["int_parsing", ["query", "limit"]],
      ["enum", ["query", "source_type"]],
      ["string_too_long", ["query", "search_query"]]
    ])
  })
})

describe("rule instances", () => {
  it("lists ten by default, pages, and filters by rule and state", async () => {
    const { fake, api } = await setup()
    const hf = seededGroup(fake, "HUGGING_FACE")
    const all = fake.ruleInstances(hf.uuid)
    expect(all.length).toBeGreaterThan(10)
    const path = `/v1/security-groups/${hf.uuid}/rule-instances`
    const first = (await api.get(path)).body
    expect(first).toEqual({ pagination: { total_items: all.length }, rule_instances: all.slice(0, 10) })
    expect((await api.get(`${path}?skip=10`)).body.rule_instances).toEqual(all.slice(10))
    for (const state of ["BLOCKING", "ALLOWING", "DISABLED"]) {
      const filtered = (await api.get(`${path}?state=${state}&limit=100`)).body.rule_instances
      expect(filtered).toEqual(all.filter((instance) => instance.state === state))
    }
    const rule = ruleNamed(fake, "License Exists")
    expect((await api.get(`${path}?security_rule_uuid=${rule.uuid}`)).body.rule_instances).toEqual(
      all.filter((instance) => instance.security_rule_uuid === rule.uuid)
    )
    expect(
      all.filter(
        (instance) =>
          !(instance.rule === null
            ? instance.security_rule_uuid === null && instance.custom_rule?.uuid === instance.custom_rule_uuid
            : instance.rule.uuid === instance.security_rule_uuid && instance.custom_rule_uuid === null)
      )
    ).toEqual([])
    const custom = (await api.get(`${path}?is_custom=true`)).body
    expect(custom.rule_instances).toEqual(all.filter((instance) => instance.custom_rule !== null))
    expect(custom.rule_instances.map((instance: RuleInstanceRecord) => instance.custom_rule?.name)).toEqual([
      "Models must carry an owner label"
    ])
    expect((await api.get(`${path}?is_custom=false&limit=100`)).body.rule_instances).toEqual(
      all.filter((instance) => instance.custom_rule === null)
    )
  })

  it("gets one instance, or 404 when it is not in the group", async () => {
    const { fake, api } = await setup()
    const [s3, gcs] = [seededGroup(fake, "S3"), seededGroup(fake, "GCS")]
    const instance = fake.ruleInstances(s3.uuid)[2]!
    expect(await api.get(instancePath(instance))).toMatchObject({ status: 200, body: instance })
    const elsewhere = await api.get(`/v1/security-groups/${gcs.uuid}/rule-instances/${instance.uuid}`)
    expect(elsewhere).toMatchObject({ status: 404, body: { detail: "Rule instance not found" } })
    expect((await api.get(`/v1/security-groups/${s3.uuid}/rule-instances/x`)).body.detail[0]).toMatchObject({
      type: "uuid_parsing",
      loc: ["path", "rule_instance_uuid"]
    })
  })

  it("updates state and field values, visible in get, list and fake.ruleInstances", async () => {
    const { fake, api } = await setup()
    const hf = seededGroup(fake, "HUGGING_FACE")
    const formats = fake
      .ruleInstances(hf.uuid)
      .find((instance) => instance.rule?.name === "Stored In Approved File Format")!
    const reply = await api.put(instancePath(formats), {
      security_group_uuid: hf.uuid.toUpperCase(),
      state: "ALLOWING",
      field_values: { approved_formats: ["safetensors", "gguf"], deny_orgs: ["evil"] }
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      uuid: formats.uuid,
      state: "ALLOWING",
      field_values: { approved_formats: ["safetensors", "gguf"], deny_orgs: ["evil"] },
      created_at: formats.created_at,
      rule: formats.rule
    })
    expect(Date.parse(reply.body.updated_at)).toBeGreaterThan(Date.parse(formats.updated_at!))
    expect((await api.get(instancePath(formats))).body).toEqual(reply.body)
    const allowing = await api.get(`/v1/security-groups/${hf.uuid}/rule-instances?state=ALLOWING&limit=100`)
    expect(allowing.body.rule_instances).toContainEqual(reply.body)

    const merged = await api.put(instancePath(formats), {
      security_group_uuid: hf.uuid,
      state: null,
      field_values: { deny_orgs: [] }
    })
    expect(merged.body).toMatchObject({
      state: "ALLOWING",
      field_values: { approved_formats: ["safetensors", "gguf"], deny_orgs: [] }
    })
    expect(fake.ruleInstances(hf.uuid).find((instance) => instance.uuid === formats.uuid)).toEqual(
      merged.body
    )
  })

  it("requires security_group_uuid matching the path, and validates the body", async () => {
    const { fake, api } = await setup()
    const s3 = seededGroup(fake, "S3")
    const instance = fake.ruleInstances(s3.uuid)[0]!
    const gcs = seededGroup(fake, "GCS")
    const mismatch = await api.put(instancePath(instance), {
      security_group_uuid: gcs.uuid,
      state: "DISABLED"
    })
    expect(mismatch).toEqual({
      status: 422,
      contentType: "application/json",
      body: {
        detail: [
          {
            type: "value_error",
            loc: ["body", "security_group_uuid"],
            msg: "Value error, security_group_uuid must match the security group in the path",
            input: gcs.uuid,
            ctx: { error: {} }
          }
        ]
      }
    })
    const body = { state: "ON", field_values: { colours: ["red"], deny_orgs: ["evil"] }, enabled: true }
    const invalid = await api.put(instancePath(instance), body)
    expect(invalid.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["enum", ["body", "field_values", "colours", "[key]"]],
      ["missing", ["body", "security_group_uuid"]],
      ["enum", ["body", "state"]],
      ["extra_forbidden", ["body", "enabled"]]
    ])
    expect(invalid.body.detail[1]).toEqual({
      type: "missing",
      loc: ["body", "security_group_uuid"],
      msg: "Field required",
      input: body
    })
    expect(fake.ruleInstances(s3.uuid)[0]).toEqual(instance)
    const unknown = await api.put(`/v1/security-groups/${s3.uuid}/rule-instances/${UNKNOWN_UUID}`, {
      security_group_uuid: s3.uuid
    })
    expect(unknown).toMatchObject({ status: 404, body: { detail: "Rule instance not found" } })
  })

  it("skips the handler's own checks when validate is false", async () => {
    const { fake, api } = await setup({ validate: false })
    const s3 = seededGroup(fake, "S3")
    const instance = fake.ruleInstances(s3.uuid)[0]!
    const reply = await api.put(instancePath(instance), {
      security_group_uuid: UNKNOWN_UUID,
      state: "DISABLED"
    })
    expect(reply).toMatchObject({ status: 200, body: { state: "DISABLED" } })
    const group = await api.post("/v1/security-groups", {
      name: "lenient",
      source_type: "S3",
      rule_configurations: { [UNKNOWN_UUID]: { state: "DISABLED" } }
    })
    expect(group.status).toBe(201)
  })
})

describe("rule instances drive the data plane", () => {
  it("evaluates new scans against the group's enabled instances at creation", async () => {
    const { fake, api } = await setup({ scanPolls: 0 })
    const hf = seededGroup(fake, "HUGGING_FACE")
    const enabled = () => fake.ruleInstances(hf.uuid).filter((instance) => instance.state !== "DISABLED")
    const before = await finishedScan(api, hf.uuid, "https://huggingface.co/acme/friendly-model")
    expect(before.enabled_rule_count_snapshot).toBe(enabled().length)

    const license = fake.ruleInstances(hf.uuid).find((instance) => instance.rule?.name === "License Exists")!
    await api.put(instancePath(license), { security_group_uuid: hf.uuid, state: "DISABLED" })
    const after = await finishedScan(api, hf.uuid, "https://huggingface.co/acme/friendly-model")
    expect(after.enabled_rule_count_snapshot).toBe(before.enabled_rule_count_snapshot - 1)
    expect(after.eval_summary).toEqual({
      rules_passed: after.enabled_rule_count_snapshot,
      rules_failed: 0,
      total_rules: after.enabled_rule_count_snapshot
    })
    const evaluated = async (scan: any) =>
      (await api.data.get(`/v1/scans/${scan.uuid}/evaluations?limit=100`)).body.evaluations.map(
        (evaluation: any) => evaluation.rule_instance_uuid
      )
    expect(await evaluated(after)).not.toContain(license.uuid)
    expect(await evaluated(before)).toContain(license.uuid)
    expect((await api.data.get(`/v1/scans/${before.uuid}`)).body).toEqual(before)
  })

  it("lets ALLOWING rules fail without blocking, and BLOCKING ones block", async () => {
    const { fake, api } = await setup({ scanPolls: 0 })
    const threatRules = [
      "Load Time Code Execution Check",
      "Runtime Code Execution Check",
      "Model Architecture Backdoor Check",
      "Suspicious Model Components Check"
    ].map((name) => ruleNamed(fake, name))
    const lenient = await createGroup(api, {
      name: "alert only",
      source_type: "HUGGING_FACE",
      rule_configurations: Object.fromEntries(threatRules.map((rule) => [rule.uuid, { state: "ALLOWING" }]))
    })
    const uri = "https://huggingface.co/hacker-lab/malicious-bert-pickle"
    const allowed = await finishedScan(api, lenient.uuid, uri)
    expect(allowed.eval_outcome).toBe("ALLOWED")
    expect(allowed.eval_summary.rules_failed).toBeGreaterThan(0)
    const violations = (await api.data.get(`/v1/scans/${allowed.uuid}/rule-violations?limit=100`)).body
      .violations
    expect(violations.length).toBeGreaterThan(0)
    expect(violations.filter((violation: any) => violation.rule_instance_state !== "ALLOWING")).toEqual([])

    const blocked = await finishedScan(api, seededGroup(fake, "HUGGING_FACE").uuid, uri)
    expect(blocked.eval_outcome).toBe("BLOCKED")

    const off = await createGroup(api, {
      name: "threat rules off",
      source_type: "HUGGING_FACE",
      rule_configurations: Object.fromEntries(threatRules.map((rule) => [rule.uuid, { state: "DISABLED" }]))
    })
    const clean = await finishedScan(api, off.uuid, uri)
    expect(clean.eval_outcome).toBe("ALLOWED")
    expect(clean.eval_summary.rules_failed).toBe(0)
    expect((await api.data.get(`/v1/scans/${clean.uuid}/rule-violations`)).body.pagination.total_items).toBe(
      0
    )
  })

  it("names the group a scan was created in, and lists scans of created groups", async () => {
    const { api } = await setup({ scanPolls: 0 })
    const group = await createGroup(api, { name: "Artifactory prod", source_type: "ARTIFACTORY" })
    const scan = await finishedScan(api, group.uuid, "https://acme.jfrog.io/artifactory/ml/model/1.0.0")
    expect(scan).toMatchObject({ security_group_name: "Artifactory prod", source_type: "ARTIFACTORY" })
    const listed = await api.data.get(`/v1/scans?security_group_uuid=${group.uuid}`)
    expect(listed.body.scans.map((s: any) => s.uuid)).toEqual([scan.uuid])
  })
})

describe("PyPI authentication", () => {
  it("returns an Artifact Registry URL with a fresh token, valid for an hour", async () => {
    const { api } = await setup()
    const before = Date.now()
    const first = await api.get("/v1/pypi/authenticate")
    const second = await api.get("/v1/pypi/authenticate")
    expect(first.status).toBe(200)
    expect(Object.keys(first.body).sort()).toEqual(["expires_at", "url"])
    const pattern =
      /^https:\/\/oauth2accesstoken:(ya29\.[\w.-]+)@[a-z0-9-]+-python\.pkg\.dev\/[\w-]+\/[\w-]+\/simple\/$/
    const token = pattern.exec(first.body.url)?.[1]
    expect(token).toBeDefined()
    expect(pattern.exec(second.body.url)?.[1]).not.toBe(token)
    const expires = Date.parse(first.body.expires_at)
    expect(first.body.expires_at).toMatch(/Z$/)
    expect(expires - before).toBeGreaterThanOrEqual(3_600_000 - 1)
    expect(expires - Date.now()).toBeLessThanOrEqual(3_600_000)
  })
})

describe("over HTTP", () => {
  it("serves the management plane with listen()", async () => {
    const fake = FakeAirs.make()
    const server = await fake.listen()
    try {
      const issued = await fetch(server.tokenEndpoint, {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa("fake-client-id:fake-client-secret")}`,
          "content-type": "application/x-www-form-urlencoded"
        },
        body: "grant_type=client_credentials&scope=tsg_id:1234567890"
      })
      const { access_token } = (await issued.json()) as { access_token: string }
      const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" }
      const mgmt = (path: string, init: RequestInit = {}) =>
        fetch(`${server.mgmtEndpoint}${path}`, { ...init, headers }).then(read)

      const created = await mgmt("/v1/security-groups", {
        method: "POST",
        body: JSON.stringify({ name: "over-http", source_type: "LOCAL" })
      })
      expect(created).toMatchObject({
        status: 201,
        contentType: "application/json",
        body: { name: "over-http" }
      })
      const instances = await mgmt(`/v1/security-groups/${created.body.uuid}/rule-instances?limit=100`)
      expect(instances.body.rule_instances).toHaveLength(fake.ruleInstances(created.body.uuid).length)
      const first = instances.body.rule_instances[0]
      const updated = await mgmt(`/v1/security-groups/${created.body.uuid}/rule-instances/${first.uuid}`, {
        method: "PUT",
        body: JSON.stringify({ security_group_uuid: created.body.uuid, state: "DISABLED" })
      })
      expect(updated.body.state).toBe("DISABLED")
      const seedCreate = await mgmt("/v1/security-groups", {
        method: "POST",
        body: JSON.stringify({ name: "production-models", description: "no source type" })
      })
      expect(seedCreate.status).toBe(422)
      expect(seedCreate.body.detail[0].loc).toEqual(["body", "source_type"])

      const deleted = await fetch(`${server.mgmtEndpoint}/v1/security-groups/${created.body.uuid}`, {
        method: "DELETE",
        headers
      })
      expect(deleted.status).toBe(204)
      expect(await deleted.text()).toBe("")
      const pypi = await mgmt("/v1/pypi/authenticate")
      expect(pypi.body.url).toContain("-python.pkg.dev/")
      expect(fake.requests.filter((r) => r.plane === "mgmt").map((r) => r.method)).toEqual([
        "POST",
        "GET",
        "PUT",
        "POST",
        "DELETE",
        "GET"
      ])
    } finally {
      await server.close()
    }
  })
})
