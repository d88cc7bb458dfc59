/** `CustomRules` over the Effect API and `client.customRules` over the compat client, against the fake AIRS. */

import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType } from "@effect-airs/model-security/compat"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import {
  AssignmentError,
  Condition,
  type CustomRuleCreateRequest,
  CustomRules,
  PayloadError,
  Scans,
  SecurityGroups
} from "../src/index.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"
import { compatClientFor } from "./support/compat-client.js"
import { eventually } from "./support/eventually.js"
import { rejection } from "./support/outcome.js"

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const mgmtRequests = (fake: FakeAirs) => fake.requests.filter((r) => r.plane === "mgmt")
const lastMgmt = (fake: FakeAirs) => mgmtRequests(fake).at(-1)!
const groupOf = (fake: FakeAirs, source: string) => fake.securityGroups.find((g) => g.source_type === source)!
const ruleUuid = (fake: FakeAirs, name: string) => fake.securityRules.find((r) => r.name === name)!.uuid

/** Runs `effect` against `fake`, in process. */
const against =
  (fake: FakeAirs) =>
  <A, E>(effect: Effect.Effect<A, E, CustomRules | Scans | SecurityGroups>) =>
    effect.pipe(Effect.provide(layerInProcess(fake)))

const ownerRule = {
  name: "Models must carry an owner label",
  description: "Every model names the team that owns it",
  compatible_sources: ["ALL"],
  condition: Condition.label("owner", "exists"),
  rule_action: "PASS",
  violation_message: "The model has no owner label",
  remediation_message: "Add an owner label naming the owning team, then scan again"
} satisfies CustomRuleCreateRequest

/** Condition trees the API refuses, the field a PayloadError names first, its rule, and any other issues. */
const badTrees = (fake: FakeAirs) => {
  const runtime = ruleUuid(fake, "Runtime Code Execution Check")
  return [
    [
      Condition.and(Condition.label("owner", "exists"), Condition.ruleResult("not-a-uuid", "FAILED")),
      "condition.conditions[1].rule_uuid",
      "must be a UUID (8-4-4-4-12 hexadecimal digits)"
    ],
    [Condition.or(Condition.label("owner", "exists")), "condition.conditions", "must hold at least 2 items"],
    [
      Condition.or(
        Condition.ruleResult(runtime, "PASSED"),
        Condition.and(Condition.label("team", "exists"), Condition.label("k".repeat(256), "exists"))
      ),
      "condition.conditions[1].conditions[1].key",
      "must be 1 to 255 characters"
    ],
    [Condition.label("k".repeat(256), "exists"), "condition.key", "must be 1 to 255 characters"],
    [
      Condition.label("team", "equals", "v".repeat(1025)),
      "condition.value",
      expect.stringMatching(/^must be at most 1024 characters/)
    ],
    [Condition.label("", "exists"), "condition.key", "must be 1 to 255 characters"],
    [
      { type: "label", key: "owner", operator: "is" },
      "condition.operator",
      "must be one of equals, not_equals, exists, not_exists"
    ],
    [
      { type: "rule_result", rule_uuid: runtime, operator: "equals", value: "MAYBE" },
      "condition.value",
      "must be one of PASSED, FAILED"
    ],
    [{ type: "regex", key: "owner" }, "condition.type", "must be one of label, rule_result"],
    [
      { operator: "xor", conditions: [] },
      "condition.conditions",
      "must hold at least 2 items",
      [{ field: "condition.operator", rule: "must be one of and, or" }]
    ]
  ] as ReadonlyArray<
    readonly [unknown, string, unknown, ReadonlyArray<{ readonly field: string; readonly rule: string }>?]
  >
}

describe("CustomRules (Effect API)", () => {
  it.effect("create with Condition constructors sends the tree as JSON and answers the rule", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const runtime = ruleUuid(fake, "Runtime Code Execution Check")
        const condition = Condition.and(
          Condition.label("env", "equals", "production"),
          Condition.or(Condition.ruleResult(runtime, "FAILED"), Condition.label("owner", "not_exists"))
        )
        const created = yield* rules.create({
          name: "Production models are owned and safe",
          compatible_sources: ["HUGGING_FACE", "S3"],
          condition,
          violation_message: "Unsafe or unowned production model"
        })
        expect(lastMgmt(fake)).toMatchObject({
          method: "POST",
          path: "/v1/custom-rules",
          route: "CustomRules.create"
        })
        expect(lastMgmt(fake).body).toEqual({
          name: "Production models are owned and safe",
          compatible_sources: ["HUGGING_FACE", "S3"],
          condition: {
            operator: "and",
            conditions: [
              { type: "label", key: "env", operator: "equals", value: "production" },
              {
                operator: "or",
                conditions: [
                  { type: "rule_result", rule_uuid: runtime, operator: "equals", value: "FAILED" },
                  { type: "label", key: "owner", operator: "not_exists" }
                ]
              }
            ]
          },
          violation_message: "Unsafe or unowned production model"
        })
        expect(created).toEqual({
          uuid: expect.stringMatching(UUID),
          tsg_id: "1234567890",
          name: "Production models are owned and safe",
          description: "",
          compatible_sources: ["HUGGING_FACE", "S3"],
          condition: {
            operator: "and",
            conditions: [
              { type: "label", key: "env", operator: "equals", value: "production" },
              {
                operator: "or",
                conditions: [
                  { type: "rule_result", rule_uuid: runtime, operator: "equals", value: "FAILED" },
                  { type: "label", key: "owner", operator: "not_exists", value: null }
                ]
              }
            ]
          },
          rule_action: "FAIL",
          violation_message: "Unsafe or unowned production model",
          remediation_message: null,
          is_archived: false,
          created_at: expect.any(String),
          updated_at: created.created_at,
          created_by: null,
          updated_by: null
        })
        expect(fake.customRules.at(-1)).toEqual(created)
        expect(yield* rules.get(created.uuid)).toEqual(created)
        expect(lastMgmt(fake).path).toBe(`/v1/custom-rules/${created.uuid}`)
      })
    )
  })

  it.effect("create with a condition written as raw JSON", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const created = yield* rules.create({
          name: "Approved teams",
          compatible_sources: ["LOCAL"],
          condition: {
            operator: "or",
            conditions: [
              { type: "label", key: "team", operator: "equals", value: "research" },
              { type: "label", key: "team", operator: "equals", value: "security" }
            ]
          },
          rule_action: "PASS",
          violation_message: "The model comes from no approved team",
          remediation_message: null
        })
        expect(created).toMatchObject({
          name: "Approved teams",
          compatible_sources: ["LOCAL"],
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
        expect(yield* rules.get(created.uuid)).toEqual(created)
      })
    )
  })

  it.effect("list filters by archive state, source types and search, and sorts", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const s3 = yield* rules.create({
          name: "S3 only",
          compatible_sources: ["S3"],
          condition: Condition.label("bucket", "exists"),
          violation_message: "No bucket label"
        })
        const live = fake.customRules.filter((r) => !r.is_archived).map((r) => r.name)
        const names = (page: { readonly custom_rules: ReadonlyArray<{ readonly name: string }> }) =>
          page.custom_rules.map((r) => r.name)

        expect(names(yield* rules.list({ sort_field: "created_at", sort_dir: "asc", limit: 100 }))).toEqual(
          live
        )
        expect(lastMgmt(fake).query).toEqual({
          sort_field: ["created_at"],
          sort_dir: ["asc"],
          limit: ["100"]
        })
        expect(names(yield* rules.list())).toEqual([...live].reverse())
        expect(live.at(-1)).toBe("S3 only")

        const archived = yield* rules.list({ is_archived: true })
        expect(lastMgmt(fake).query).toEqual({ is_archived: ["true"] })
        expect(names(archived)).toEqual(["Reviewed models only"])

        expect(
          names(yield* rules.list({ source_types: ["ARTIFACTORY", "GITLAB"], sort_dir: "asc" }))
        ).toEqual(["Models must carry an owner label", "Models come from an approved team"])
        expect(lastMgmt(fake).query).toEqual({ source_types: ["ARTIFACTORY", "GITLAB"], sort_dir: ["asc"] })

        expect(names(yield* rules.list({ search_query: "OWNER" }))).toEqual([
          "Models must carry an owner label"
        ])
        expect(lastMgmt(fake).query).toEqual({ search_query: ["OWNER"] })
        const byUuid = yield* rules.list({ search_query: s3.uuid.slice(0, 8) })
        expect(byUuid).toEqual({
          pagination: { total_items: 1 },
          custom_rules: [{ ...s3, enabled_security_group_count: 0 }]
        })

        const streamed = yield* Stream.runCollect(
          rules.stream({ sort_dir: "asc" }, { pageSize: 1, concurrency: 2 })
        )
        expect(Chunk.toReadonlyArray(streamed).map((r) => r.name)).toEqual(live)
      })
    )
  })

  it.effect("update changes the fields given; archive and unarchive toggle is_archived", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const rule = yield* rules.create({ ...ownerRule, name: "Owner" })
        const updated = yield* rules.update(rule.uuid, {
          name: "Owner present",
          condition: Condition.or(Condition.label("owner", "exists"), Condition.label("team", "exists")),
          remediation_message: "Add an owner or a team label"
        })
        expect(lastMgmt(fake)).toMatchObject({ method: "PUT", path: `/v1/custom-rules/${rule.uuid}` })
        expect(lastMgmt(fake).body).toEqual({
          name: "Owner present",
          condition: {
            operator: "or",
            conditions: [
              { type: "label", key: "owner", operator: "exists" },
              { type: "label", key: "team", operator: "exists" }
            ]
          },
          remediation_message: "Add an owner or a team label"
        })
        expect(updated).toEqual({
          ...rule,
          name: "Owner present",
          condition: {
            operator: "or",
            conditions: [
              { type: "label", key: "owner", operator: "exists", value: null },
              { type: "label", key: "team", operator: "exists", value: null }
            ]
          },
          remediation_message: "Add an owner or a team label",
          updated_at: updated.updated_at
        })

        expect(yield* rules.archive(rule.uuid)).toBeUndefined()
        expect(lastMgmt(fake)).toMatchObject({
          method: "POST",
          path: `/v1/custom-rules/${rule.uuid}/archive`
        })
        expect((yield* rules.get(rule.uuid)).is_archived).toBe(true)
        expect((yield* rules.list({ is_archived: true })).custom_rules.map((r) => r.uuid)).toContain(
          rule.uuid
        )
        expect(yield* rules.unarchive(rule.uuid)).toBeUndefined()
        expect(lastMgmt(fake)).toMatchObject({
          method: "POST",
          path: `/v1/custom-rules/${rule.uuid}/unarchive`
        })
        expect((yield* rules.get(rule.uuid)).is_archived).toBe(false)

        expect(yield* Effect.flip(rules.get(UNKNOWN_UUID))).toMatchObject({
          _tag: "ClientError",
          status: 404,
          message: expect.stringContaining("Custom rule not found")
        })
      })
    )
  })

  it.effect(
    "assignSecurityGroups answers each item as data; listSecurityGroups and its stream follow",
    () => {
      const fake = FakeAirs.make({ scans: 0 })
      return against(fake)(
        Effect.gen(function* () {
          const rules = yield* CustomRules
          const rule = yield* rules.create({
            ...ownerRule,
            compatible_sources: ["HUGGING_FACE", "LOCAL"]
          })
          const [hf, local, s3] = ["HUGGING_FACE", "LOCAL", "S3"].map((source) => groupOf(fake, source))
          const first = yield* rules.assignSecurityGroups(rule.uuid, {
            assignments: [{ security_group_uuid: local!.uuid, state: "ALLOWING" }]
          })
          expect(first.results.map((r) => [r.security_group_uuid, r.status])).toEqual([
            [local!.uuid, "created"]
          ])

          const batch = yield* rules.assignSecurityGroups(rule.uuid, {
            assignments: [
              { security_group_uuid: hf!.uuid, state: "BLOCKING" },
              { security_group_uuid: local!.uuid, state: "DISABLED" },
              { security_group_uuid: s3!.uuid, state: "BLOCKING" },
              { security_group_uuid: UNKNOWN_UUID, state: "BLOCKING" }
            ]
          })
          expect(lastMgmt(fake)).toMatchObject({
            method: "POST",
            path: `/v1/custom-rules/${rule.uuid}/security-groups`
          })
          const instance = (group: string) =>
            fake.ruleInstances(group).find((i) => i.custom_rule_uuid === rule.uuid)!.uuid
          expect(batch).toEqual({
            results: [
              {
                security_group_uuid: hf!.uuid,
                status: "created",
                rule_instance_uuid: instance(hf!.uuid),
                error: null
              },
              {
                security_group_uuid: local!.uuid,
                status: "updated",
                rule_instance_uuid: instance(local!.uuid),
                error: null
              },
              {
                security_group_uuid: s3!.uuid,
                status: "error",
                rule_instance_uuid: null,
                error: "Custom rule does not apply to source type S3"
              },
              {
                security_group_uuid: UNKNOWN_UUID,
                status: "error",
                rule_instance_uuid: null,
                error: "Security group not found"
              }
            ]
          })

          const expected = [
            { uuid: local!.uuid, name: local!.name, source_type: "LOCAL", rule_state: "DISABLED" },
            { uuid: hf!.uuid, name: hf!.name, source_type: "HUGGING_FACE", rule_state: "BLOCKING" }
          ]
          expect(yield* rules.listSecurityGroups(rule.uuid)).toEqual({
            pagination: { total_items: 2 },
            security_groups: expected
          })
          expect(yield* rules.listSecurityGroups(rule.uuid, { skip: 1, limit: 1 })).toEqual({
            pagination: { total_items: 2 },
            security_groups: expected.slice(1)
          })
          expect(lastMgmt(fake).query).toEqual({ skip: ["1"], limit: ["1"] })
          const before = mgmtRequests(fake).length
          const streamed = yield* Stream.runCollect(rules.streamSecurityGroups(rule.uuid, { pageSize: 1 }))
          expect(Chunk.toReadonlyArray(streamed)).toEqual(expected)
          expect(
            mgmtRequests(fake)
              .slice(before)
              .map((r) => r.query.skip)
          ).toEqual([["0"], ["1"]])
        })
      )
    }
  )

  it.effect(
    "assignSecurityGroupsOrFail succeeds when every item does, else fails with an AssignmentError",
    () => {
      const fake = FakeAirs.make({ scans: 0 })
      return against(fake)(
        Effect.gen(function* () {
          const rules = yield* CustomRules
          const rule = yield* rules.create({ ...ownerRule, compatible_sources: ["HUGGING_FACE"] })
          const hf = groupOf(fake, "HUGGING_FACE").uuid
          const local = groupOf(fake, "LOCAL").uuid
          const ok = yield* rules.assignSecurityGroupsOrFail(rule.uuid, {
            assignments: [{ security_group_uuid: hf, state: "ALLOWING" }]
          })
          expect(ok.results.map((r) => r.status)).toEqual(["created"])

          const error = yield* Effect.flip(
            rules.assignSecurityGroupsOrFail(rule.uuid, {
              assignments: [
                { security_group_uuid: hf, state: "BLOCKING" },
                { security_group_uuid: local, state: "BLOCKING" },
                { security_group_uuid: UNKNOWN_UUID, state: "ALLOWING" }
              ]
            })
          )
          expect(error).toBeInstanceOf(AssignmentError)
          if (error._tag !== "AssignmentError") throw error
          expect(error.failures).toEqual([
            { security_group_uuid: local, error: "Custom rule does not apply to source type LOCAL" },
            { security_group_uuid: UNKNOWN_UUID, error: "Security group not found" }
          ])
          expect(error.results.map((r) => [r.security_group_uuid, r.status])).toEqual([
            [hf, "updated"],
            [local, "error"],
            [UNKNOWN_UUID, "error"]
          ])
          expect(error.message).toBe(
            `2 of 3 assignments failed: ${local}: Custom rule does not apply to source type LOCAL; ${UNKNOWN_UUID}: Security group not found`
          )
          // The item that succeeded was applied.
          expect(
            (yield* rules.listSecurityGroups(rule.uuid)).security_groups.map((g) => g.rule_state)
          ).toEqual(["BLOCKING"])
        })
      )
    }
  )

  it.effect("removeAssignment removes one assignment; removing it again is a 404", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const rule = yield* rules.create(ownerRule)
        const [hf, s3] = ["HUGGING_FACE", "S3"].map((source) => groupOf(fake, source).uuid)
        yield* rules.assignSecurityGroupsOrFail(rule.uuid, {
          assignments: [
            { security_group_uuid: hf!, state: "BLOCKING" },
            { security_group_uuid: s3!, state: "ALLOWING" }
          ]
        })
        expect(yield* rules.removeAssignment(rule.uuid, hf!)).toBeUndefined()
        expect(lastMgmt(fake)).toMatchObject({
          method: "DELETE",
          path: `/v1/custom-rules/${rule.uuid}/security-groups/${hf}`
        })
        expect((yield* rules.listSecurityGroups(rule.uuid)).security_groups.map((g) => g.uuid)).toEqual([s3])
        expect(fake.ruleInstances(hf!).map((i) => i.custom_rule_uuid)).not.toContain(rule.uuid)
        expect(yield* Effect.flip(rules.removeAssignment(rule.uuid, hf!))).toMatchObject({
          _tag: "ClientError",
          status: 404,
          message: expect.stringContaining("Custom rule is not assigned to this security group")
        })
      })
    )
  })

  it.effect("a bad condition tree is a PayloadError naming the path, and nothing is sent", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const before = fake.requests.length
        for (const [condition, field, rule, others = []] of badTrees(fake)) {
          const body = { ...ownerRule, condition } as CustomRuleCreateRequest
          const created = yield* Effect.flip(rules.create(body))
          expect(created).toBeInstanceOf(PayloadError)
          expect(created).toMatchObject({ _tag: "PayloadError", field, rule })
          expect((created as PayloadError).issues).toEqual([{ field, rule }, ...others])
          const updated = yield* Effect.flip(rules.update(UNKNOWN_UUID, { condition } as never))
          expect(updated).toMatchObject({ _tag: "PayloadError", field, rule })
        }
        // Every broken field of the body is named, the condition's at its path.
        const several = yield* Effect.flip(
          rules.create({
            ...ownerRule,
            name: "",
            compatible_sources: [],
            condition: Condition.and(Condition.label("a", "exists"), Condition.ruleResult("x", "PASSED"))
          })
        )
        expect((several as PayloadError).issues).toEqual([
          { field: "compatible_sources", rule: "must hold at least 1 item" },
          {
            field: "condition.conditions[1].rule_uuid",
            rule: "must be a UUID (8-4-4-4-12 hexadecimal digits)"
          },
          { field: "name", rule: "must be 1 to 255 characters" }
        ])
        expect(fake.requests.length).toBe(before)
      })
    )
  })

  it.effect("1 to 50 assignments are enforced locally; bad UUIDs and states are refused", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const rule = yield* rules.create(ownerRule)
        const assignments = (n: number) =>
          Array.from({ length: n }, (_, i) => ({
            security_group_uuid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            state: "BLOCKING" as const
          }))
        const before = fake.requests.length
        for (const n of [0, 51]) {
          expect(
            yield* Effect.flip(rules.assignSecurityGroups(rule.uuid, { assignments: assignments(n) }))
          ).toMatchObject({
            _tag: "PayloadError",
            field: "assignments",
            rule: "must hold 1 to 50 items"
          })
          expect(
            yield* Effect.flip(rules.assignSecurityGroupsOrFail(rule.uuid, { assignments: assignments(n) }))
          ).toMatchObject({ _tag: "PayloadError", field: "assignments" })
        }
        expect(
          yield* Effect.flip(
            rules.assignSecurityGroups(rule.uuid, {
              assignments: [{ security_group_uuid: "group", state: "ON" as "BLOCKING" }]
            })
          )
        ).toMatchObject({
          issues: [
            {
              field: "assignments[0].security_group_uuid",
              rule: "must be a UUID (8-4-4-4-12 hexadecimal digits)"
            },
            { field: "assignments[0].state", rule: "must be one of DISABLED, ALLOWING, BLOCKING" }
          ]
        })
        expect(
          yield* Effect.flip(rules.assignSecurityGroups("rule", { assignments: assignments(1) }))
        ).toMatchObject({
          field: "custom_rule_uuid"
        })
        expect(yield* Effect.flip(rules.removeAssignment(rule.uuid, "group"))).toMatchObject({
          field: "sg_uuid"
        })
        expect(yield* Effect.flip(rules.archive("rule"))).toMatchObject({ field: "custom_rule_uuid" })
        expect(yield* Effect.flip(Stream.runCollect(rules.streamSecurityGroups("rule")))).toMatchObject({
          field: "custom_rule_uuid"
        })
        expect(fake.requests.length).toBe(before)

        // 50 are sent, and answered item by item.
        const fifty = yield* rules.assignSecurityGroups(rule.uuid, { assignments: assignments(50) })
        expect(fifty.results).toHaveLength(50)
        expect(new Set(fifty.results.map((r) => r.error))).toEqual(new Set(["Security group not found"]))
      })
    )
  })
})

describe("a custom rule blocks scans (Effect API)", () => {
  it.effect("a model without the owner label is BLOCKED by the rule, with its messages; with it, not", () => {
    const fake = FakeAirs.make({ scans: 10, scanPolls: 2 })
    return against(fake)(
      Effect.gen(function* () {
        const rules = yield* CustomRules
        const groups = yield* SecurityGroups
        const scans = yield* Scans
        const group = yield* groups.create({ name: "Owned models", source_type: "HUGGING_FACE" })
        const rule = yield* rules.create(ownerRule)
        const [assigned] = (yield* rules.assignSecurityGroupsOrFail(rule.uuid, {
          assignments: [{ security_group_uuid: group.uuid, state: "BLOCKING" }]
        })).results
        const instance = assigned!.rule_instance_uuid!

        /** Scans a harmless model and waits for its verdict, TestClock driving the polls. */
        const scanned = (labels: Record<string, string>) =>
          Effect.gen(function* () {
            const created = yield* scans.create({
              model_uri: "https://huggingface.co/google-bert/bert-base-uncased",
              security_group_uuid: group.uuid,
              labels
            })
            const polls = () => fake.requests.filter((r) => r.route === "Scans.get").length
            const start = polls()
            const fiber = yield* Effect.fork(scans.waitForCompletion(created.uuid, { interval: "3 seconds" }))
            for (let poll = 1; poll <= 2; poll++) {
              yield* eventually(() => polls() === start + poll, `poll ${poll}`)
              yield* TestClock.adjust("3 seconds")
            }
            const done = yield* Fiber.join(fiber)
            const evaluations = yield* Stream.runCollect(scans.streamEvaluations(done.uuid))
            const violations = yield* Stream.runCollect(scans.streamViolations(done.uuid))
            return {
              scan: done,
              custom: Chunk.toReadonlyArray(evaluations).filter((e) => e.rule_instance_uuid === instance),
              failed: Chunk.toReadonlyArray(evaluations).filter((e) => e.result === "FAILED"),
              violations: Chunk.toReadonlyArray(violations)
            }
          })

        const unlabelled = yield* scanned({ origin: "test" })
        expect(unlabelled.scan.eval_outcome).toBe("BLOCKED")
        expect(unlabelled.custom).toHaveLength(1)
        expect(unlabelled.custom[0]).toMatchObject({
          result: "FAILED",
          rule_origin: "CUSTOM",
          rule_name: "Models must carry an owner label",
          rule_description: "Every model names the team that owns it",
          rule_instance_state: "BLOCKING",
          violation_count: 1
        })
        // The custom rule is what blocked it: it is the only failed evaluation.
        expect(unlabelled.failed.map((e) => e.rule_instance_uuid)).toEqual([instance])
        expect(unlabelled.violations).toHaveLength(1)
        expect(unlabelled.violations[0]).toMatchObject({
          rule_instance_uuid: instance,
          rule_name: "Models must carry an owner label",
          rule_origin: "CUSTOM",
          rule_instance_state: "BLOCKING",
          description: "The model has no owner label",
          remediation: { steps: ["Add an owner label naming the owning team, then scan again"], url: null },
          file: null,
          threat: null
        })

        const labelled = yield* scanned({ owner: "ml-platform" })
        expect(labelled.scan.eval_outcome).toBe("ALLOWED")
        expect(labelled.custom.map((e) => [e.result, e.rule_origin])).toEqual([["PASSED", "CUSTOM"]])
        expect(labelled.violations).toEqual([])
      })
    )
  })
})

describe("client.customRules (compat)", () => {
  const fake = FakeAirs.make({ scans: 0 })
  const client = compatClientFor(fake)

  it("create, get, update, archive, unarchive and list", async () => {
    const rule = await client().customRules.create({
      name: "Owner",
      compatible_sources: ["ALL"],
      condition: { type: "label", key: "owner", operator: "exists" },
      rule_action: "PASS",
      violation_message: "No owner label"
    })
    expect(rule).toMatchObject({
      name: "Owner",
      condition: { type: "label", key: "owner", operator: "exists", value: null },
      rule_action: "PASS",
      is_archived: false
    })
    expect(await client().customRules.get(rule.uuid)).toEqual(rule)
    const updated = await client().customRules.update(rule.uuid, { violation_message: "Add an owner label" })
    expect(updated).toEqual({
      ...rule,
      violation_message: "Add an owner label",
      updated_at: updated.updated_at
    })
    expect(await client().customRules.archive(rule.uuid)).toBeUndefined()
    const archived = await client().customRules.list({ is_archived: true, limit: 100 })
    expect(archived.custom_rules.map((r) => r.name)).toEqual(["Owner", "Reviewed models only"])
    expect(await client().customRules.unarchive(rule.uuid)).toBeUndefined()
    expect((await client().customRules.get(rule.uuid)).is_archived).toBe(false)

    const live = fake.customRules.filter((r) => !r.is_archived).map((r) => r.uuid)
    expect(
      (await client().customRules.listAll({ sort_dir: "asc" }, { pageSize: 2 })).map((r) => r.uuid)
    ).toEqual(live)
    const iterated: Array<string> = []
    for await (const r of client().customRules.iterate({ sort_dir: "asc" }, { pageSize: 3 }))
      iterated.push(r.uuid)
    expect(iterated).toEqual(live)
  })

  it("assignSecurityGroups resolves with every item's result, failed ones included", async () => {
    const rule = await client().customRules.create({
      name: "Hugging Face owner",
      compatible_sources: ["HUGGING_FACE"],
      condition: { type: "label", key: "owner", operator: "not_exists" },
      violation_message: "No owner label"
    })
    const hf = groupOf(fake, "HUGGING_FACE").uuid
    const s3 = groupOf(fake, "S3").uuid
    const answer = await client().customRules.assignSecurityGroups(rule.uuid, {
      assignments: [
        { security_group_uuid: hf, state: "BLOCKING" },
        { security_group_uuid: s3, state: "BLOCKING" }
      ]
    })
    expect(answer).toEqual({
      results: [
        {
          security_group_uuid: hf,
          status: "created",
          rule_instance_uuid: fake.ruleInstances(hf).find((i) => i.custom_rule_uuid === rule.uuid)!.uuid,
          error: null
        },
        {
          security_group_uuid: s3,
          status: "error",
          rule_instance_uuid: null,
          error: "Custom rule does not apply to source type S3"
        }
      ]
    })
    const groups = [
      {
        uuid: hf,
        name: groupOf(fake, "HUGGING_FACE").name,
        source_type: "HUGGING_FACE",
        rule_state: "BLOCKING"
      }
    ]
    expect(await client().customRules.listSecurityGroups(rule.uuid)).toEqual({
      pagination: { total_items: 1 },
      security_groups: groups
    })
    expect(await client().customRules.listAllSecurityGroups(rule.uuid, { pageSize: 1 })).toEqual(groups)
    const iterated = []
    for await (const g of client().customRules.iterateSecurityGroups(rule.uuid)) iterated.push(g)
    expect(iterated).toEqual(groups)
    expect(await client().customRules.removeAssignment(rule.uuid, hf)).toBeUndefined()
    expect(await client().customRules.listAllSecurityGroups(rule.uuid)).toEqual([])
  })

  it("a bad condition tree or 0 or 51 assignments reject with a payload error before anything is sent", async () => {
    const rule = await client().customRules.create({
      name: "Any",
      compatible_sources: ["ALL"],
      condition: { type: "label", key: "owner", operator: "exists" },
      violation_message: "V"
    })
    const before = fake.requests.length
    for (const [condition, field, ruleText] of badTrees(fake)) {
      const body = { name: "R", compatible_sources: ["ALL"], violation_message: "V", condition }
      for (const pending of [
        client().customRules.create(body as never),
        client().customRules.update(rule.uuid, { condition } as never)
      ]) {
        const error = await rejection(pending)
        expect(error).toBeInstanceOf(AISecSDKException)
        expect(error.errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
        expect(error.cause).toMatchObject({ _tag: "PayloadError", field, rule: ruleText })
      }
    }
    for (const n of [0, 51]) {
      const assignments = Array.from({ length: n }, () => ({
        security_group_uuid: UNKNOWN_UUID,
        state: "BLOCKING"
      }))
      const error = await rejection(client().customRules.assignSecurityGroups(rule.uuid, { assignments }))
      expect(error.errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
      expect(error.cause).toMatchObject({ field: "assignments", rule: "must hold 1 to 50 items" })
    }
    const state = await rejection(
      client().customRules.assignSecurityGroups(rule.uuid, {
        assignments: [{ security_group_uuid: UNKNOWN_UUID, state: "ON" }]
      })
    )
    expect(state.cause).toMatchObject({ field: "assignments[0].state" })
    expect((await rejection(client().customRules.get("nope"))).cause).toMatchObject({
      field: "custom_rule_uuid"
    })
    expect((await rejection(client().customRules.removeAssignment(rule.uuid, "nope"))).cause).toMatchObject({
      field: "sg_uuid"
    })
    expect(fake.requests.length).toBe(before)
  })

  it("every method takes { signal }: an aborted one rejects with its reason and sends nothing", async () => {
    const controller = new AbortController()
    const reason = new Error("cancelled")
    controller.abort(reason)
    const { signal } = controller
    const before = fake.requests.length
    const rule = fake.customRules[0]!.uuid
    const group = groupOf(fake, "HUGGING_FACE").uuid
    const calls = [
      client().customRules.list({}, { signal }),
      client().customRules.listAll({}, { signal }),
      client().customRules.get(rule, { signal }),
      client().customRules.create(
        {
          name: "x",
          compatible_sources: ["ALL"],
          condition: { type: "label", key: "k", operator: "exists" },
          violation_message: "v"
        },
        { signal }
      ),
      client().customRules.update(rule, { name: "y" }, { signal }),
      client().customRules.archive(rule, { signal }),
      client().customRules.unarchive(rule, { signal }),
      client().customRules.listSecurityGroups(rule, {}, { signal }),
      client().customRules.listAllSecurityGroups(rule, { signal }),
      client().customRules.assignSecurityGroups(
        rule,
        { assignments: [{ security_group_uuid: group, state: "BLOCKING" }] },
        { signal }
      ),
      client().customRules.removeAssignment(rule, group, { signal }),
      client().customRules.listVersions({}, { signal }),
      client().customRules.listAllVersions({}, { signal })
    ]
    for (const pending of calls) expect(await rejection(pending)).toBe(reason)
    expect(fake.requests.length).toBe(before)
  })
})
