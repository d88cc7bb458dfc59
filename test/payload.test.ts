import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Scans } from "../src/index.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"

const fake = FakeAirs.make()
const SCAN = "9b2f6c1e-3d4a-4b5c-8d7e-0f1a2b3c4d5e"
const UPPER = "9B2F6C1E-3D4A-4B5C-8D7E-0F1A2B3C4D5E"
const manyLabels = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))

type Case = readonly [string, (scans: Scans) => Effect.Effect<unknown, unknown>, string]

const cases: ReadonlyArray<Case> = [
  ["get: not a UUID", (s) => s.get("not-a-uuid"), "uuid"],
  ["get: empty", (s) => s.get(""), "uuid"],
  ["get: path traversal", (s) => s.get(`../${SCAN}`), "uuid"],
  ["get: trailing newline", (s) => s.get(`${SCAN}\n`), "uuid"],
  ["getEvaluation: short", (s) => s.getEvaluation("1234"), "uuid"],
  ["getViolation: encoded slash", (s) => s.getViolation("a%2Fb"), "uuid"],
  ["getEvaluations: bad scan", (s) => s.getEvaluations("x"), "scan_uuid"],
  [
    "getEvaluations: bad rule_instance_uuid",
    (s) => s.getEvaluations(SCAN, { rule_instance_uuid: "x" }),
    "rule_instance_uuid"
  ],
  [
    "getEvaluations: unknown result",
    (s) => s.getEvaluations(SCAN, { result: "MAYBE" as "PASSED" }),
    "result"
  ],
  ["list: limit 0", (s) => s.list({ limit: 0 }), "limit"],
  ["list: limit 101", (s) => s.list({ limit: 101 }), "limit"],
  ["list: limit 1.5", (s) => s.list({ limit: 1.5 }), "limit"],
  ["list: limit NaN", (s) => s.list({ limit: Number.NaN }), "limit"],
  ["list: skip -1", (s) => s.list({ skip: -1 }), "skip"],
  ["list: bad security_group_uuid", (s) => s.list({ security_group_uuid: "group-1" }), "security_group_uuid"],
  ["list: unknown source type", (s) => s.list({ source_types: ["DROPBOX" as "S3"] }), "source_types.0"],
  ["list: bad date", (s) => s.list({ start_time: "yesterday" }), "start_time"],
  ["list: unknown parameter", (s) => s.list({ sortBy: "created_at" } as never), "sortBy"],
  ["getFiles: limit 101", (s) => s.getFiles(SCAN, { limit: 101 }), "limit"],
  ["getViolations: limit 0", (s) => s.getViolations(SCAN, { limit: 0 }), "limit"],
  [
    "create: seed payload without model_uri",
    (s) => s.create({ name: "x", source_type: "huggingface", source_uri: "u" } as never),
    "model_uri"
  ],
  [
    "create: bad security_group_uuid",
    (s) => s.create({ model_uri: "m", security_group_uuid: "nope" }),
    "security_group_uuid"
  ],
  [
    "create: 51 labels",
    (s) => s.create({ model_uri: "m", security_group_uuid: SCAN, labels: manyLabels }),
    "labels"
  ],
  ["addLabels: empty record", (s) => s.addLabels(SCAN, { labels: {} }), "labels"],
  ["addLabels: 51 labels", (s) => s.addLabels(SCAN, { labels: manyLabels }), "labels"],
  ["addLabels: key with a space", (s) => s.addLabels(SCAN, { labels: { "my team": "a" } }), "labels"],
  [
    "setLabels: value with =",
    (s) => s.setLabels(SCAN, { labels: [{ key: "team", value: "a=b" }] }),
    "labels.0.value"
  ],
  [
    "setLabels: key over 128",
    (s) => s.setLabels(SCAN, { labels: [{ key: "k".repeat(129), value: "v" }] }),
    "labels.0.key"
  ],
  ["setLabels: bad scan", (s) => s.setLabels("nope", { labels: { a: "b" } }), "scan_uuid"],
  ["deleteLabels: no keys", (s) => s.deleteLabels(SCAN, []), "keys"],
  ["deleteLabels: key with &", (s) => s.deleteLabels(SCAN, ["a&b"]), "keys.0"],
  ["getLabelKeys: search with unicode", (s) => s.getLabelKeys({ search: "tëam" }), "search"],
  ["getLabelValues: key with a slash", (s) => s.getLabelValues("a/b"), "key"],
  ["stream: pageSize 0", (s) => Stream.runDrain(s.stream({}, { pageSize: 0 })), "pageSize"],
  ["stream: concurrency 0", (s) => Stream.runDrain(s.stream({}, { concurrency: 0 })), "concurrency"],
  ["streamFiles: bad scan", (s) => Stream.runDrain(s.streamFiles("x")), "scan_uuid"],
  ["watch: bad scan", (s) => Stream.runDrain(s.watch("x")), "uuid"]
]

describe("bad input is a PayloadError naming the field, and nothing is sent", () => {
  it.layer(layerInProcess(fake))((it) => {
    it.effect.each(cases)("%s", ([, run, field]) =>
      Effect.gen(function* () {
        fake.clearRequests()
        const error = yield* Effect.flip(run(yield* Scans))
        expect(error).toMatchObject({ _tag: "PayloadError", field })
        expect((error as { message: string }).message).toContain(field)
        expect(fake.requests).toHaveLength(0)
      })
    )

    it.effect("an upper-case UUID is valid", () =>
      Effect.gen(function* () {
        fake.clearRequests()
        const error = yield* Effect.flip((yield* Scans).get(UPPER))
        expect(error).toMatchObject({ _tag: "ClientError", status: 404 })
      })
    )

    it.effect("every issue is reported at once", () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          (yield* Scans).create({
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
