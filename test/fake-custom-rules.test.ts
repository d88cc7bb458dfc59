/** Tests of the fake AIRS custom rules: CRUD, assignments, and their evaluation on scans. */
import { afterEach, beforeEach, describe, expect, it, vi } from "@effect/vitest"
import { FakeAirs, type FakeAirsOptions, type RuleInstanceRecord } from "../src/testing.js"
import { connect as connectFake } from "./support/fake-client.js"

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
const NOW = Date.UTC(2026, 2, 1, 10)

/** A client of both planes of a fake, in process, holding a fresh token. */
const connect = async (fake: FakeAirs) => {
  const { data, mgmt } = await connectFake(fake)
  return { data, mgmt }
}

type Api = Awaited<ReturnType<typeof connect>>

const setup = async (options: FakeAirsOptions = {}) => {
  const fake = FakeAirs.make({ scanPolls: 0, ...options })
  return { fake, api: await connect(fake) }
}

const ruleUuid = (fake: FakeAirs, name: string) => fake.securityRules.find((rule) => rule.name === name)!.uuid
const THREAT_RULES = [
  "Load Time Code Execution Check",
  "Runtime Code Execution Check",
  "Model Architecture Backdoor Check",
  "Suspicious Model Components Check"
]

/** A Hugging Face group whose threat rules only alert, so that only custom rules can block its scans. */
const lenientGroup = async (fake: FakeAirs, api: Api) => {
  const reply = await api.mgmt.post("/v1/security-groups", {
    name: "Lenient",
    source_type: "HUGGING_FACE",
    rule_configurations: Object.fromEntries(
      THREAT_RULES.map((name) => [ruleUuid(fake, name), { state: "ALLOWING" }])
    )
  })
  expect(reply.status).toBe(201)
  return reply.body.uuid as string
}

const createRule = async (api: Api, body: Record<string, unknown>) => {
  const reply = await api.mgmt.post("/v1/custom-rules", {
    name: "Rule",
    compatible_sources: ["ALL"],
    violation_message: "Violated",
    ...body
  })
  expect(reply.status).toBe(201)
  return reply.body
}

const assign = async (api: Api, rule: string, group: string, state = "BLOCKING") => {
  const reply = await api.mgmt.post(`/v1/custom-rules/${rule}/security-groups`, {
    assignments: [{ security_group_uuid: group, state }]
  })
  expect(reply.status).toBe(207)
  return reply.body.results[0]
}

/** Creates a scan (finished at once: `scanPolls: 0`) and returns it with its evaluations and violations. */
const scan = async (
  api: Api,
  group: string,
  labels: ReadonlyArray<{ key: string; value: string }>,
  uri?: string
) => {
  const created = await api.data.post("/v1/scans", {
    model_uri: uri ?? "https://huggingface.co/acme/friendly-model",
    security_group_uuid: group,
    labels
  })
  expect(created.status).toBe(201)
  const finished = (await api.data.get(`/v1/scans/${created.body.uuid}`)).body
  const evaluations = (await api.data.get(`/v1/scans/${finished.uuid}/evaluations?limit=100`)).body
    .evaluations
  const violations = (await api.data.get(`/v1/scans/${finished.uuid}/rule-violations?limit=100`)).body
    .violations
  return { scan: finished, evaluations, violations }
}

/** The result of the evaluation of a custom rule's instance, if the scan was evaluated against it. */
const resultOf = (evaluations: ReadonlyArray<any>, instance: string) =>
  evaluations.find((evaluation) => evaluation.rule_instance_uuid === instance)?.result

describe("custom rules: create, read, update, archive, list", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("creates a rule with the spec's defaults and answers it as the API does", async () => {
    const { fake, api } = await setup()
    const created = await api.mgmt.post("/v1/custom-rules", {
      name: "Owner label",
      compatible_sources: ["HUGGING_FACE", "S3"],
      condition: { type: "label", key: "owner", operator: "not_exists" },
      violation_message: "The model has no owner label"
    })
    const at = "2026-03-01T10:00:00Z"
    expect(created).toEqual({
      status: 201,
      body: {
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        tsg_id: "1234567890",
        name: "Owner label",
        description: "",
        compatible_sources: ["HUGGING_FACE", "S3"],
        condition: { type: "label", key: "owner", operator: "not_exists", value: null },
        rule_action: "FAIL",
        violation_message: "The model has no owner label",
        remediation_message: null,
        is_archived: false,
        created_at: at,
        updated_at: at,
        created_by: null,
        updated_by: null
      }
    })
    expect(await api.mgmt.get(`/v1/custom-rules/${created.body.uuid}`)).toEqual({
      status: 200,
      body: created.body
    })
    expect(fake.customRules.at(-1)).toEqual(created.body)
  })

  it("updates the fields given, keeps those absent or null, and archives and restores", async () => {
    const { api } = await setup()
    const rule = await createRule(api, {
      name: "Team",
      description: "Teams",
      condition: { type: "label", key: "team", operator: "exists" },
      remediation_message: "Add a team label"
    })
    const updated = await api.mgmt.put(`/v1/custom-rules/${rule.uuid}`, {
      name: null,
      description: "Approved teams",
      condition: {
        operator: "or",
        conditions: [
          { type: "label", key: "team", operator: "equals", value: "research" },
          { type: "label", key: "team", operator: "equals", value: "security" }
        ]
      },
      rule_action: "PASS",
      remediation_message: null
    })
    expect(updated).toEqual({
      status: 200,
      body: {
        ...rule,
        description: "Approved teams",
        condition: {
          operator: "or",
          conditions: [
            { type: "label", key: "team", operator: "equals", value: "research" },
            { type: "label", key: "team", operator: "equals", value: "security" }
          ]
        },
        rule_action: "PASS",
        updated_at: "2026-03-01T10:00:00.001000Z"
      }
    })
    expect(await api.mgmt.post(`/v1/custom-rules/${rule.uuid}/archive`)).toEqual({
      status: 204,
      body: undefined
    })
    expect((await api.mgmt.get(`/v1/custom-rules/${rule.uuid}`)).body).toEqual({
      ...updated.body,
      is_archived: true,
      updated_at: "2026-03-01T10:00:00.002000Z"
    })
    expect(await api.mgmt.post(`/v1/custom-rules/${rule.uuid}/unarchive`)).toEqual({
      status: 204,
      body: undefined
    })
    expect((await api.mgmt.get(`/v1/custom-rules/${rule.uuid}`)).body.is_archived).toBe(false)
    for (const path of ["", "/archive", "/unarchive"]) {
      const reply =
        path === ""
          ? await api.mgmt.put(`/v1/custom-rules/${UNKNOWN_UUID}`, { name: "x" })
          : await api.mgmt.post(`/v1/custom-rules/${UNKNOWN_UUID}${path}`)
      expect(reply).toEqual({ status: 404, body: { detail: "Custom rule not found" } })
    }
  })

  it("lists live or archived rules, filtered by source type and search, sorted", async () => {
    const { fake, api } = await setup()
    const seeded = fake.customRules.filter((rule) => !rule.is_archived).map((rule) => rule.name)
    const s3 = await createRule(api, {
      name: "S3 only",
      compatible_sources: ["S3"],
      condition: { type: "label", key: "a", operator: "exists" }
    })
    const names = async (query: string) =>
      (await api.mgmt.get(`/v1/custom-rules?limit=100&${query}`)).body.custom_rules.map(
        (rule: any) => rule.name
      )
    expect(await names("sort_dir=asc")).toEqual([...seeded, "S3 only"])
    expect(await names("")).toEqual(["S3 only", ...[...seeded].reverse()])
    expect(await names("is_archived=true")).toEqual(["Reviewed models only"])
    expect(await names("source_types=S3&sort_dir=asc")).toEqual([
      "Models must carry an owner label",
      "Production models pass the load-time check",
      "S3 only"
    ])
    expect(await names("source_types=ARTIFACTORY&source_types=GITLAB&sort_dir=asc")).toEqual([
      "Models must carry an owner label",
      "Models come from an approved team"
    ])
    expect(await names("search_query=OWNER")).toEqual(["Models must carry an owner label"])
    expect(await names(`search_query=${s3.uuid.slice(0, 8)}`)).toEqual(["S3 only"])
    const page = (await api.mgmt.get("/v1/custom-rules?limit=1&skip=1&sort_dir=asc")).body
    expect(page).toEqual({
      pagination: { total_items: 4 },
      custom_rules: [{ ...fake.customRules[1], enabled_security_group_count: 2 }]
    })
  })
})

describe("custom rules: assignments", () => {
  it("assigns per group and answers each item: created, updated or error", async () => {
    const { fake, api } = await setup()
    const rule = await createRule(api, {
      compatible_sources: ["HUGGING_FACE", "LOCAL"],
      condition: { type: "label", key: "owner", operator: "exists" }
    })
    const hf = fake.securityGroups.find((group) => group.source_type === "HUGGING_FACE")!
    const local = fake.securityGroups.find((group) => group.source_type === "LOCAL")!
    const s3 = fake.securityGroups.find((group) => group.source_type === "S3")!
    const doomed = (await api.mgmt.post("/v1/security-groups", { name: "Doomed", source_type: "LOCAL" })).body
    await api.mgmt.del(`/v1/security-groups/${doomed.uuid}`)
    await assign(api, rule.uuid, local.uuid, "ALLOWING")
    const reply = await api.mgmt.post(`/v1/custom-rules/${rule.uuid}/security-groups`, {
      assignments: [
        { security_group_uuid: hf.uuid, state: "BLOCKING" },
        { security_group_uuid: local.uuid, state: "DISABLED" },
        { security_group_uuid: s3.uuid, state: "BLOCKING" },
        { security_group_uuid: UNKNOWN_UUID, state: "BLOCKING" },
        { security_group_uuid: doomed.uuid, state: "BLOCKING" }
      ]
    })
    const instance = (group: string) =>
      fake.ruleInstances(group).find((candidate) => candidate.custom_rule_uuid === rule.uuid)!
    expect(reply).toEqual({
      status: 207,
      body: {
        results: [
          {
            security_group_uuid: hf.uuid,
            status: "created",
            rule_instance_uuid: instance(hf.uuid).uuid,
            error: null
          },
          {
            security_group_uuid: local.uuid,
            status: "updated",
            rule_instance_uuid: instance(local.uuid).uuid,
            error: null
          },
          {
            security_group_uuid: s3.uuid,
            status: "error",
            rule_instance_uuid: null,
            error: "Custom rule does not apply to source type S3"
          },
          {
            security_group_uuid: UNKNOWN_UUID,
            status: "error",
            rule_instance_uuid: null,
            error: "Security group not found"
          },
          {
            security_group_uuid: doomed.uuid,
            status: "error",
            rule_instance_uuid: null,
            error: "Security group not found"
          }
        ]
      }
    })
    expect(instance(hf.uuid)).toEqual({
      uuid: instance(hf.uuid).uuid,
      tsg_id: "1234567890",
      created_at: expect.any(String),
      updated_at: expect.any(String),
      created_by: null,
      updated_by: null,
      security_group_uuid: hf.uuid,
      security_rule_uuid: null,
      rule: null,
      custom_rule_uuid: rule.uuid,
      custom_rule: { uuid: rule.uuid, name: rule.name, description: rule.description },
      state: "BLOCKING",
      field_values: {}
    } satisfies RuleInstanceRecord)
    expect(
      (await api.mgmt.get(`/v1/security-groups/${hf.uuid}/rule-instances/${instance(hf.uuid).uuid}`)).body
    ).toEqual(instance(hf.uuid))
    expect((await api.mgmt.get(`/v1/custom-rules/${rule.uuid}/security-groups`)).body).toEqual({
      pagination: { total_items: 2 },
      security_groups: [
        { uuid: local.uuid, name: local.name, source_type: "LOCAL", rule_state: "DISABLED" },
        { uuid: hf.uuid, name: hf.name, source_type: "HUGGING_FACE", rule_state: "BLOCKING" }
      ]
    })
    const renamed = await api.mgmt.put(`/v1/custom-rules/${rule.uuid}`, { name: "Owner present" })
    expect(instance(hf.uuid).custom_rule).toEqual({ uuid: rule.uuid, name: "Owner present", description: "" })
    expect(renamed.body.name).toBe("Owner present")
  })

  it("removes one assignment; archiving removes them all and refuses new ones", async () => {
    const { fake, api } = await setup()
    const rule = await createRule(api, { condition: { type: "label", key: "owner", operator: "exists" } })
    const [hf, s3] = ["HUGGING_FACE", "S3"].map(
      (source) => fake.securityGroups.find((g) => g.source_type === source)!
    )
    await assign(api, rule.uuid, hf!.uuid)
    await assign(api, rule.uuid, s3!.uuid)
    const path = `/v1/custom-rules/${rule.uuid}/security-groups/${hf!.uuid}`
    expect(await api.mgmt.del(path)).toEqual({ status: 204, body: undefined })
    expect(await api.mgmt.del(path)).toEqual({
      status: 404,
      body: { detail: "Custom rule is not assigned to this security group" }
    })
    expect(await api.mgmt.del(`/v1/custom-rules/${rule.uuid}/security-groups/${UNKNOWN_UUID}`)).toEqual({
      status: 404,
      body: { detail: "Security group not found" }
    })
    expect(fake.ruleInstances(hf!.uuid).map((instance) => instance.custom_rule_uuid)).not.toContain(rule.uuid)
    expect(fake.ruleInstances(s3!.uuid).map((instance) => instance.custom_rule_uuid)).toContain(rule.uuid)
    await api.mgmt.post(`/v1/custom-rules/${rule.uuid}/archive`)
    expect(fake.ruleInstances(s3!.uuid).map((instance) => instance.custom_rule_uuid)).not.toContain(rule.uuid)
    expect(await assign(api, rule.uuid, s3!.uuid)).toEqual({
      security_group_uuid: s3!.uuid,
      status: "error",
      rule_instance_uuid: null,
      error: "Custom rule is archived"
    })
    expect((await api.mgmt.get(`/v1/custom-rules/${rule.uuid}/security-groups`)).body).toEqual({
      pagination: { total_items: 0 },
      security_groups: []
    })
  })
})

describe("custom rules are evaluated", () => {
  it("a BLOCKING rule whose condition fails blocks the scan, with its messages", async () => {
    const { fake, api } = await setup()
    const group = await lenientGroup(fake, api)
    const rule = await createRule(api, {
      name: "Models must carry an owner label",
      description: "Every model names its owning team",
      condition: { type: "label", key: "owner", operator: "not_exists" },
      violation_message: "The model has no owner label",
      remediation_message: "Add an owner label, then scan again"
    })
    const { rule_instance_uuid: instance } = await assign(api, rule.uuid, group)
    const unlabelled = await scan(api, group, [])
    expect(unlabelled.scan.eval_outcome).toBe("BLOCKED")
    expect(unlabelled.scan.eval_summary).toEqual({
      rules_passed: unlabelled.scan.enabled_rule_count_snapshot - 1,
      rules_failed: 1,
      total_rules: unlabelled.scan.enabled_rule_count_snapshot
    })
    const evaluation = unlabelled.evaluations.find((e: any) => e.rule_instance_uuid === instance)
    expect(evaluation).toMatchObject({
      result: "FAILED",
      violation_count: 1,
      rule_name: "Models must carry an owner label",
      rule_description: "Every model names its owning team",
      rule_instance_state: "BLOCKING",
      rule_origin: "CUSTOM"
    })
    expect(unlabelled.violations).toEqual([
      {
        uuid: unlabelled.violations[0].uuid,
        tsg_id: "1234567890",
        created_at: unlabelled.violations[0].created_at,
        updated_at: unlabelled.violations[0].created_at,
        description: "The model has no owner label",
        rule_instance_uuid: instance,
        rule_name: "Models must carry an owner label",
        rule_description: "Every model names its owning team",
        rule_instance_state: "BLOCKING",
        rule_origin: "CUSTOM",
        file: null,
        hash: null,
        module: null,
        operator: null,
        threat: null,
        threat_description: null,
        threat_kb_url: null,
        remediation: { steps: ["Add an owner label, then scan again"], url: null },
        insights_url: `https://stratacloudmanager.paloaltonetworks.com/insights/ai-model-security/scans/${unlabelled.scan.uuid}/violations/${unlabelled.violations[0].uuid}`
      }
    ])
    expect((await api.data.get(`/v1/violations/${unlabelled.violations[0].uuid}`)).body).toEqual(
      unlabelled.violations[0]
    )

    const labelled = await scan(api, group, [{ key: "owner", value: "ml-platform" }])
    expect(labelled.scan.eval_outcome).toBe("ALLOWED")
    expect(resultOf(labelled.evaluations, instance)).toBe("PASSED")
    expect(labelled.violations).toEqual([])
  })

  it("an ALLOWING rule that fails reports a violation without blocking; a DISABLED one is not evaluated", async () => {
    const { fake, api } = await setup()
    const group = await lenientGroup(fake, api)
    const rule = await createRule(api, { condition: { type: "label", key: "owner", operator: "not_exists" } })
    const { rule_instance_uuid: instance } = await assign(api, rule.uuid, group, "ALLOWING")
    const alerted = await scan(api, group, [])
    expect(alerted.scan.eval_outcome).toBe("ALLOWED")
    expect(alerted.violations.map((v: any) => [v.rule_instance_uuid, v.rule_instance_state])).toEqual([
      [instance, "ALLOWING"]
    ])
    await assign(api, rule.uuid, group, "DISABLED")
    const skipped = await scan(api, group, [])
    expect(resultOf(skipped.evaluations, instance)).toBeUndefined()
    expect(skipped.violations).toEqual([])
    // The earlier scan keeps the evaluation it was made with.
    const again = (await api.data.get(`/v1/scans/${alerted.scan.uuid}/evaluations?limit=100`)).body
      .evaluations
    expect(resultOf(again, instance)).toBe("FAILED")
  })

  it("label operators: equals, not_equals, exists, not_exists", async () => {
    const { fake, api } = await setup()
    const group = await lenientGroup(fake, api)
    const operators = [
      ["equals", "research"],
      ["not_equals", "research"],
      ["exists", undefined],
      ["not_exists", undefined]
    ] as const
    const instances: Array<string> = []
    for (const [operator, value] of operators) {
      const rule = await createRule(api, {
        name: `team ${operator}`,
        condition: { type: "label", key: "team", operator, ...(value === undefined ? {} : { value }) }
      })
      instances.push((await assign(api, rule.uuid, group, "ALLOWING")).rule_instance_uuid)
    }
    // With rule_action FAIL a rule fails when its condition holds.
    const results = async (labels: ReadonlyArray<{ key: string; value: string }>) => {
      const { evaluations } = await scan(api, group, labels)
      return instances.map((instance) => resultOf(evaluations, instance))
    }
    expect(await results([{ key: "team", value: "research" }])).toEqual([
      "FAILED",
      "PASSED",
      "FAILED",
      "PASSED"
    ])
    expect(await results([{ key: "team", value: "security" }])).toEqual([
      "PASSED",
      "FAILED",
      "FAILED",
      "PASSED"
    ])
    expect(await results([{ key: "env", value: "dev" }])).toEqual(["PASSED", "FAILED", "PASSED", "FAILED"])
  })

  it("rule_action PASS passes when the condition holds and fails otherwise", async () => {
    const { fake, api } = await setup()
    const group = await lenientGroup(fake, api)
    const rule = await createRule(api, {
      condition: { type: "label", key: "reviewed", operator: "equals", value: "yes" },
      rule_action: "PASS"
    })
    const { rule_instance_uuid: instance } = await assign(api, rule.uuid, group)
    const reviewed = await scan(api, group, [{ key: "reviewed", value: "yes" }])
    expect([reviewed.scan.eval_outcome, resultOf(reviewed.evaluations, instance)]).toEqual([
      "ALLOWED",
      "PASSED"
    ])
    const unreviewed = await scan(api, group, [{ key: "reviewed", value: "no" }])
    expect([unreviewed.scan.eval_outcome, resultOf(unreviewed.evaluations, instance)]).toEqual([
      "BLOCKED",
      "FAILED"
    ])
  })

  it("rule-result conditions see the results of the scan's security rules; groups nest", async () => {
    const { fake, api } = await setup()
    const group = await lenientGroup(fake, api)
    const runtime = ruleUuid(fake, "Runtime Code Execution Check")
    const rule = await createRule(api, {
      condition: {
        operator: "and",
        conditions: [
          { type: "rule_result", rule_uuid: runtime, operator: "equals", value: "FAILED" },
          {
            operator: "or",
            conditions: [
              { type: "label", key: "env", operator: "equals", value: "production" },
              { type: "label", key: "env", operator: "equals", value: "staging" }
            ]
          }
        ]
      }
    })
    const { rule_instance_uuid: instance } = await assign(api, rule.uuid, group)
    // An ONNX model with a custom operator fails the runtime check (which only alerts in this group).
    const onnx = "https://huggingface.co/shady-models/unsafe-onnx-custom-op"
    const cases = [
      [onnx, "production", "FAILED", "BLOCKED"],
      [onnx, "staging", "FAILED", "BLOCKED"],
      [onnx, "dev", "PASSED", "ALLOWED"],
      ["https://huggingface.co/acme/friendly-model", "production", "PASSED", "ALLOWED"]
    ] as const
    for (const [uri, env, result, outcome] of cases) {
      const scanned = await scan(api, group, [{ key: "env", value: env }], uri)
      const runtimeResult = scanned.evaluations.find(
        (e: any) => e.rule_name === "Runtime Code Execution Check"
      ).result
      expect([runtimeResult, resultOf(scanned.evaluations, instance), scanned.scan.eval_outcome]).toEqual([
        uri === onnx ? "FAILED" : "PASSED",
        result,
        outcome
      ])
    }
  })

  it("seeded groups carry custom rules, and seeded scans are evaluated against them", async () => {
    const { fake, api } = await setup({ scans: 200 })
    expect(fake.customRules.map((rule) => [rule.name, rule.is_archived])).toEqual([
      ["Models must carry an owner label", false],
      ["Production models pass the load-time check", false],
      ["Models come from an approved team", false],
      ["Reviewed models only", true]
    ])
    const [hf, local] = ["HUGGING_FACE", "LOCAL"].map(
      (source) => fake.securityGroups.find((group) => group.source_type === source)!
    )
    const custom = (group: string) =>
      fake.ruleInstances(group).filter((instance) => instance.custom_rule !== null)
    expect(custom(hf!.uuid).map((instance) => [instance.custom_rule!.name, instance.state])).toEqual([
      ["Models must carry an owner label", "DISABLED"]
    ])
    const owner = custom(local!.uuid)[0]!
    expect(owner).toMatchObject({
      state: "ALLOWING",
      custom_rule: { name: "Models must carry an owner label" }
    })
    const finished = fake.scans.filter(
      (scanned) => scanned.security_group_uuid === local!.uuid && scanned.eval_outcome !== "ERROR"
    )
    expect(finished.length).toBeGreaterThan(5)
    for (const scanned of finished) {
      const evaluations = (await api.data.get(`/v1/scans/${scanned.uuid}/evaluations?limit=100`)).body
        .evaluations
      const hasOwner = scanned.labels.some((label) => label.key === "owner")
      expect(resultOf(evaluations, owner.uuid)).toBe(hasOwner ? "PASSED" : "FAILED")
    }
  })
})

describe("custom rules: validation", () => {
  it("reports problems in the condition tree at their path", async () => {
    const { api } = await setup()
    const base = { name: "R", compatible_sources: ["ALL"], violation_message: "V" }
    const post = async (condition: unknown) =>
      (await api.mgmt.post("/v1/custom-rules", { ...base, condition })).body.detail.map((issue: any) => [
        issue.type,
        issue.loc
      ])
    const label = { type: "label", key: "k", operator: "exists" }
    expect(
      await post({
        operator: "and",
        conditions: [label, { type: "rule_result", rule_uuid: "nope", operator: "equals", value: "PASSED" }]
      })
    ).toEqual([["uuid_parsing", ["body", "condition", "conditions", 1, "rule_uuid"]]])
    expect(
      await post({
        operator: "or",
        conditions: [label, { operator: "and", conditions: [label, { ...label, operator: "equals" }] }]
      })
    ).toEqual([["value_error", ["body", "condition", "conditions", 1, "conditions", 1]]])
    expect(
      await post({
        operator: "or",
        conditions: [
          label,
          { type: "rule_result", rule_uuid: UNKNOWN_UUID, operator: "equals", value: "FAILED" }
        ]
      })
    ).toEqual([["value_error", ["body", "condition", "conditions", 1, "rule_uuid"]]])
    expect(await post({ operator: "and", conditions: [label] })).toEqual([
      ["too_short", ["body", "condition", "conditions"]]
    ])
    expect(await post({ type: "regex", key: "k" })).toEqual([["union_tag_invalid", ["body", "condition"]]])
    expect(await post({ type: "label", key: "", operator: "is" })).toEqual([
      ["string_too_short", ["body", "condition", "key"]],
      ["enum", ["body", "condition", "operator"]]
    ])
    const detail = (await api.mgmt.post("/v1/custom-rules", { ...base, condition: { type: "regex" } })).body
      .detail
    expect(detail).toEqual([
      {
        type: "union_tag_invalid",
        loc: ["body", "condition"],
        msg: "Input tag 'regex' found using 'type' does not match any of the expected tags: 'label', 'rule_result'",
        input: { type: "regex" },
        ctx: { discriminator: "'type'", tag: "regex", expected_tags: "'label', 'rule_result'" }
      }
    ])
  })

  it("reports missing fields, bounds and bad assignments", async () => {
    const { api } = await setup()
    const body = { name: "", compatible_sources: [], rule_action: "BLOCK" }
    expect((await api.mgmt.post("/v1/custom-rules", body)).body.detail).toEqual([
      {
        type: "too_short",
        loc: ["body", "compatible_sources"],
        msg: "List should have at least 1 item after validation, not 0",
        input: [],
        ctx: { field_type: "List", min_length: 1, actual_length: 0 }
      },
      { type: "missing", loc: ["body", "condition"], msg: "Field required", input: body },
      {
        type: "string_too_short",
        loc: ["body", "name"],
        msg: "String should have at least 1 character",
        input: "",
        ctx: { min_length: 1 }
      },
      {
        type: "enum",
        loc: ["body", "rule_action"],
        msg: "Input should be 'FAIL' or 'PASS'",
        input: "BLOCK",
        ctx: { expected: "'FAIL' or 'PASS'" }
      },
      { type: "missing", loc: ["body", "violation_message"], msg: "Field required", input: body }
    ])
    const rule = await createRule(api, { condition: { type: "label", key: "k", operator: "exists" } })
    const path = `/v1/custom-rules/${rule.uuid}/security-groups`
    expect((await api.mgmt.post(path, { assignments: [] })).body.detail[0]).toMatchObject({
      type: "too_short",
      loc: ["body", "assignments"]
    })
    const items = (await api.mgmt.post(path, { assignments: [{ security_group_uuid: "g", state: "ON" }] }))
      .body
    expect(items.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["uuid_parsing", ["body", "assignments", 0, "security_group_uuid"]],
      ["enum", ["body", "assignments", 0, "state"]]
    ])
  })
})
