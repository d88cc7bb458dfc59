import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { ModelSecurity } from "../src/index.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"

const fake = FakeAirs.make()
const SCAN = "9b2f6c1e-3d4a-4b5c-8d7e-0f1a2b3c4d5e"
const UPPER = "9B2F6C1E-3D4A-4B5C-8D7E-0F1A2B3C4D5E"
const manyLabels = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))

type Case = readonly [string, (airs: ModelSecurity.Service) => Effect.Effect<unknown, unknown>, string]

const cases: ReadonlyArray<Case> = [
  ["get: not a UUID", (a) => a.scans.get("not-a-uuid"), "uuid"],
  ["get: empty", (a) => a.scans.get(""), "uuid"],
  ["get: path traversal", (a) => a.scans.get(`../${SCAN}`), "uuid"],
  ["get: trailing newline", (a) => a.scans.get(`${SCAN}\n`), "uuid"],
  ["getEvaluation: short", (a) => a.scans.getEvaluation("1234"), "uuid"],
  ["getViolation: encoded slash", (a) => a.scans.getViolation("a%2Fb"), "uuid"],
  ["getEvaluations: bad scan", (a) => a.scans.getEvaluations("x"), "scan_uuid"],
  [
    "getEvaluations: bad rule_instance_uuid",
    (a) => a.scans.getEvaluations(SCAN, { rule_instance_uuid: "x" }),
    "rule_instance_uuid"
  ],
  [
    "getEvaluations: unknown result",
    (a) => a.scans.getEvaluations(SCAN, { result: "MAYBE" as "PASSED" }),
    "result"
  ],
  ["list: limit 0", (a) => a.scans.list({ limit: 0 }), "limit"],
  ["list: limit 101", (a) => a.scans.list({ limit: 101 }), "limit"],
  ["list: limit 1.5", (a) => a.scans.list({ limit: 1.5 }), "limit"],
  ["list: limit NaN", (a) => a.scans.list({ limit: Number.NaN }), "limit"],
  ["list: skip -1", (a) => a.scans.list({ skip: -1 }), "skip"],
  [
    "list: bad security_group_uuid",
    (a) => a.scans.list({ security_group_uuid: "group-1" }),
    "security_group_uuid"
  ],
  [
    "list: unknown source type",
    (a) => a.scans.list({ source_types: ["DROPBOX" as "S3"] }),
    "source_types[0]"
  ],
  ["list: bad date", (a) => a.scans.list({ start_time: "yesterday" }), "start_time"],
  ["list: unknown parameter", (a) => a.scans.list({ sortBy: "created_at" } as never), "sortBy"],
  ["getFiles: limit 1001", (a) => a.scans.getFiles(SCAN, { limit: 1001 }), "limit"],
  ["getViolations: limit 0", (a) => a.scans.getViolations(SCAN, { limit: 0 }), "limit"],
  [
    "create: seed payload without model_uri",
    (a) => a.scans.create({ name: "x", source_type: "huggingface", source_uri: "u" } as never),
    "model_uri"
  ],
  [
    "create: bad security_group_uuid",
    (a) => a.scans.create({ model_uri: "m", security_group_uuid: "nope" }),
    "security_group_uuid"
  ],
  [
    "create: 51 labels",
    (a) => a.scans.create({ model_uri: "m", security_group_uuid: SCAN, labels: manyLabels }),
    "labels"
  ],
  ["addLabels: empty record", (a) => a.scans.addLabels(SCAN, { labels: {} }), "labels"],
  ["addLabels: 51 labels", (a) => a.scans.addLabels(SCAN, { labels: manyLabels }), "labels"],
  [
    "addLabels: key with a space",
    (a) => a.scans.addLabels(SCAN, { labels: { "my team": "a" } }),
    "labels.my team"
  ],
  [
    "setLabels: value with =",
    (a) => a.scans.setLabels(SCAN, { labels: [{ key: "team", value: "a=b" }] }),
    "labels[0].value"
  ],
  [
    "setLabels: key over 128",
    (a) => a.scans.setLabels(SCAN, { labels: [{ key: "k".repeat(129), value: "v" }] }),
    "labels[0].key"
  ],
  ["setLabels: bad scan", (a) => a.scans.setLabels("nope", { labels: { a: "b" } }), "scan_uuid"],
  ["deleteLabels: no keys", (a) => a.scans.deleteLabels(SCAN, []), "keys"],
  ["deleteLabels: key with &", (a) => a.scans.deleteLabels(SCAN, ["a&b"]), "keys[0]"],
  ["getLabelKeys: search with unicode", (a) => a.scans.getLabelKeys({ search: "tëam" }), "search"],
  ["getLabelValues: key with a slash", (a) => a.scans.getLabelValues("a/b"), "key"],
  ["stream: pageSize 0", (a) => Stream.runDrain(a.scans.stream({}, { pageSize: 0 })), "pageSize"],
  ["stream: concurrency 0", (a) => Stream.runDrain(a.scans.stream({}, { concurrency: 0 })), "concurrency"],
  ["streamFiles: bad scan", (a) => Stream.runDrain(a.scans.streamFiles("x")), "scan_uuid"],
  ["watch: bad scan", (a) => Stream.runDrain(a.scans.watch("x")), "uuid"],
  [
    "groups.create: seed payload without source_type",
    (a) => a.securityGroups.create({ name: "production-models", description: "d" } as never),
    "source_type"
  ],
  ["groups.create: empty name", (a) => a.securityGroups.create({ name: "", source_type: "S3" }), "name"],
  [
    "groups.create: name over 255",
    (a) => a.securityGroups.create({ name: "n".repeat(256), source_type: "S3" }),
    "name"
  ],
  [
    "groups.create: lowercase source type",
    (a) => a.securityGroups.create({ name: "g", source_type: "huggingface" as "S3" }),
    "source_type"
  ],
  [
    "groups.create: rule configuration keyed by a non-UUID",
    (a) => a.securityGroups.create({ name: "g", source_type: "S3", rule_configurations: { pickle: {} } }),
    "rule_configurations.pickle"
  ],
  [
    "groups.create: unknown field_values key",
    (a) =>
      a.securityGroups.create({
        name: "g",
        source_type: "S3",
        rule_configurations: { [SCAN]: { field_values: { colours: ["red"] } as never } }
      }),
    `rule_configurations.${SCAN}.field_values.colours`
  ],
  ["groups.list: limit 101", (a) => a.securityGroups.list({ limit: 101 }), "limit"],
  [
    "groups.list: search_query too short",
    (a) => a.securityGroups.list({ search_query: "ab" }),
    "search_query"
  ],
  [
    "groups.list: enabled_rules not UUIDs",
    (a) => a.securityGroups.list({ enabled_rules: ["rule-uuid-1"] }),
    "enabled_rules[0]"
  ],
  ["groups.get: bad uuid", (a) => a.securityGroups.get("group-uuid"), "uuid"],
  ["groups.update: bad uuid", (a) => a.securityGroups.update("x", { name: "n" }), "uuid"],
  [
    "groups.update: extra field",
    (a) => a.securityGroups.update(SCAN, { name: "n", source_type: "S3" } as never),
    "source_type"
  ],
  ["groups.delete: bad uuid", (a) => a.securityGroups.delete("../x"), "uuid"],
  [
    "groups.listRuleInstances: bad group",
    (a) => a.securityGroups.listRuleInstances("x"),
    "security_group_uuid"
  ],
  [
    "groups.listRuleInstances: bad state",
    (a) => a.securityGroups.listRuleInstances(SCAN, { state: "ON" as "BLOCKING" }),
    "state"
  ],
  [
    "groups.listRuleInstances: bad security_rule_uuid",
    (a) => a.securityGroups.listRuleInstances(SCAN, { security_rule_uuid: "r" }),
    "security_rule_uuid"
  ],
  [
    "groups.getRuleInstance: bad instance",
    (a) => a.securityGroups.getRuleInstance(SCAN, "i"),
    "rule_instance_uuid"
  ],
  [
    "groups.updateRuleInstance: bad state",
    (a) => a.securityGroups.updateRuleInstance(SCAN, SCAN, { state: "OFF" as "BLOCKING" }),
    "state"
  ],
  [
    "groups.updateRuleInstance: other group in body",
    (a) =>
      a.securityGroups.updateRuleInstance(SCAN, SCAN, { security_group_uuid: UPPER.replace("9B", "1B") }),
    "security_group_uuid"
  ],
  [
    "groups.updateRuleInstance: body group not a UUID",
    (a) => a.securityGroups.updateRuleInstance(SCAN, SCAN, { security_group_uuid: "group-uuid" }),
    "security_group_uuid"
  ],
  ["rules.list: bad source type", (a) => a.securityRules.list({ source_type: "FTP" as "S3" }), "source_type"],
  ["rules.list: limit 0", (a) => a.securityRules.list({ limit: 0 }), "limit"],
  ["rules.get: bad uuid", (a) => a.securityRules.get("rule-uuid"), "uuid"],
  [
    "rules.stream: pageSize 101",
    (a) => Stream.runDrain(a.securityRules.stream({}, { pageSize: 101 })),
    "pageSize"
  ]
]

describe("bad input is a PayloadError naming the field, and nothing is sent", () => {
  it.layer(layerInProcess(fake))((it) => {
    it.effect.each(cases)("%s", ([, run, field]) =>
      Effect.gen(function* () {
        fake.clearRequests()
        const error = yield* Effect.flip(run(yield* ModelSecurity))
        const { _tag, field: named, message } = error as { _tag: string; field: string; message: string }
        expect({ _tag, field: named }).toEqual({ _tag: "PayloadError", field })
        expect(message).toContain(field)
        expect(fake.requests).toHaveLength(0)
      })
    )

    it.effect("an upper-case UUID is valid", () =>
      Effect.gen(function* () {
        fake.clearRequests()
        const error = yield* Effect.flip((yield* ModelSecurity).scans.get(UPPER))
        expect(error).toMatchObject({ _tag: "ClientError", status: 404 })
      })
    )

    it.effect("every issue is reported at once", () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          (yield* ModelSecurity).scans.create({
            name: "my-model-scan",
            source_type: "huggingface",
            source_uri: "u"
          } as never)
        )
        expect(error._tag).toBe("PayloadError")
        if (error._tag !== "PayloadError") return
        expect(error.issues.map((issue) => issue.field).sort()).toEqual(
          ["model_uri", "name", "security_group_uuid", "source_type", "source_uri"].sort()
        )
        expect(error.message).toContain("model_uri: is missing")
      })
    )
  })
})
