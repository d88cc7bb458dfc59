import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { Scans } from "../src/index.js"
import { FakeAirs, layerInProcess, layerServed } from "../src/testing.js"
import { eventually } from "./support/eventually.js"
import { dataRequests } from "./support/handlers.js"

const fake = FakeAirs.make({ scans: 40 })
const blocked = () => fake.scans.find((scan) => scan.eval_outcome === "BLOCKED")!
const allowed = () => fake.scans.find((scan) => scan.eval_outcome === "ALLOWED")!
const lastData = () => dataRequests(fake.requests).at(-1)!
const huggingFaceGroup = () => fake.securityGroups.find((group) => group.source_type === "HUGGING_FACE")!

describe("Scans over HTTP", () => {
  it.layer(layerServed(fake))((it) => {
    it.effect("list returns a page with total_items, newest first", () =>
      Effect.gen(function* () {
        const page = yield* (yield* Scans).list()
        expect(page.pagination.total_items).toBe(40)
        expect(page.scans).toHaveLength(10)
        const times = page.scans.map((scan) => scan.created_at)
        expect([...times].sort().reverse()).toEqual(times)
      })
    )

    it.effect("list sends filters with the spec's names, arrays as repeated keys", () =>
      Effect.gen(function* () {
        const page = yield* (yield* Scans).list({
          skip: 0,
          limit: 10,
          sort_order: "desc",
          eval_outcomes: ["BLOCKED", "ALLOWED"],
          source_types: ["HUGGING_FACE", "S3"]
        })
        expect(lastData().query).toEqual({
          skip: ["0"],
          limit: ["10"],
          sort_order: ["desc"],
          eval_outcomes: ["BLOCKED", "ALLOWED"],
          source_types: ["HUGGING_FACE", "S3"]
        })
        for (const scan of page.scans) {
          expect(["BLOCKED", "ALLOWED"]).toContain(scan.eval_outcome)
          expect(["HUGGING_FACE", "S3"]).toContain(scan.source_type)
        }
      })
    )

    it.effect("list accepts a Date for start_time and sends ISO 8601", () =>
      Effect.gen(function* () {
        yield* (yield* Scans).list({ start_time: new Date(Date.UTC(2026, 0, 1)) })
        expect(lastData().query.start_time).toEqual(["2026-01-01T00:00:00.000Z"])
      })
    )

    it.effect("get returns one scan", () =>
      Effect.gen(function* () {
        const scan = yield* (yield* Scans).get(blocked().uuid)
        expect(scan).toMatchObject({ uuid: blocked().uuid, eval_outcome: "BLOCKED" })
        expect(lastData().path).toBe(`/v1/scans/${blocked().uuid}`)
      })
    )

    it.effect("a blocked scan has failed evaluations and violations, each retrievable by UUID", () =>
      Effect.gen(function* () {
        const scans = yield* Scans
        const evaluations = yield* scans.getEvaluations(blocked().uuid, { result: "FAILED", limit: 50 })
        expect(evaluations.evaluations.length).toBeGreaterThan(0)
        expect(
          evaluations.evaluations.filter((e) => e.result !== "FAILED" || e.scan_uuid !== blocked().uuid)
        ).toEqual([])
        const one = yield* scans.getEvaluation(evaluations.evaluations[0]!.uuid)
        expect(one.uuid).toBe(evaluations.evaluations[0]!.uuid)

        const violations = yield* scans.getViolations(blocked().uuid, { limit: 20 })
        expect(violations.violations.length).toBeGreaterThan(0)
        expect(lastData()).toMatchObject({
          path: `/v1/scans/${blocked().uuid}/rule-violations`,
          query: { limit: ["20"] }
        })
        const violation = yield* scans.getViolation(violations.violations[0]!.uuid)
        expect(violation.rule_name).toBe(violations.violations[0]!.rule_name)
      })
    )

    it.effect("an allowed scan's evaluations all passed", () =>
      Effect.gen(function* () {
        const evaluations = yield* (yield* Scans).getEvaluations(allowed().uuid, {
          sort_field: "created_at",
          sort_order: "desc"
        })
        expect(evaluations.evaluations.length).toBeGreaterThan(0)
        expect(evaluations.evaluations.filter((e) => e.result !== "PASSED")).toEqual([])
      })
    )

    it.effect("getFiles refuses a type other than FILE or DIRECTORY, naming the allowed values", () =>
      Effect.gen(function* () {
        const before = fake.requests.length
        const error = yield* Effect.flip(
          (yield* Scans).getFiles(allowed().uuid, { type: "model" as "FILE", limit: 50 })
        )
        expect(error).toMatchObject({
          _tag: "PayloadError",
          field: "type",
          rule: "must be one of DIRECTORY, FILE"
        })
        expect(fake.requests.length).toBe(before)
      })
    )

    it.effect("getFiles pages the files under query_path, only files or only directories with type", () =>
      Effect.gen(function* () {
        const onlyFiles = yield* (yield* Scans).getFiles(allowed().uuid, { type: "FILE", recursive: true })
        expect(lastData().query).toEqual({ type: ["FILE"], recursive: ["true"] })
        expect(onlyFiles.files.map((file) => file.type)).toEqual(onlyFiles.files.map(() => "FILE"))
        const files = yield* (yield* Scans).getFiles(allowed().uuid, { limit: 50 })
        expect(lastData().query).toEqual({ limit: ["50"] })
        expect(files.files.length).toBeGreaterThan(0)
        expect(files.files.filter((file) => file.parent_path !== "/")).toEqual([])
        const directory = files.files.find((file) => file.type === "DIRECTORY")
        if (directory !== undefined) {
          const nested = yield* (yield* Scans).getFiles(allowed().uuid, { query_path: directory.path })
          expect(nested.files.filter((file) => file.parent_path !== directory.path)).toEqual([])
        }
      })
    )

    it.effect("labels: add merges, set replaces, delete removes, keys and values follow", () =>
      Effect.gen(function* () {
        const scans = yield* Scans
        const id = allowed().uuid
        yield* scans.setLabels(id, { labels: [{ key: "stage", value: "dev" }] })
        expect((yield* scans.get(id)).labels).toEqual([{ key: "stage", value: "dev" }])

        yield* scans.addLabels(id, { labels: { squad: "vision", stage: "prod" } })
        const merged = (yield* scans.get(id)).labels ?? []
        expect([...merged].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
          { key: "squad", value: "vision" },
          { key: "stage", value: "prod" }
        ])
        expect((yield* scans.getLabelKeys({ search: "squ" })).keys).toEqual(["squad"])
        expect((yield* scans.getLabelValues("squad")).values).toEqual(["vision"])

        yield* scans.deleteLabels(id, ["squad", "stage"])
        expect(lastData()).toMatchObject({ method: "DELETE", query: { keys: ["squad", "stage"] } })
        expect((yield* scans.get(id)).labels ?? []).toEqual([])
        expect((yield* scans.getLabelKeys({ search: "squ" })).keys).toEqual([])
      })
    )

    it.effect("create starts a PENDING scan with scan_origin defaulted and labels from a record", () =>
      Effect.gen(function* () {
        const scan = yield* (yield* Scans).create({
          model_uri: "https://huggingface.co/acme/sentiment",
          security_group_uuid: huggingFaceGroup().uuid,
          labels: { team: "ml-platform" }
        })
        expect(scan).toMatchObject({ eval_outcome: "PENDING", source_type: "HUGGING_FACE" })
        expect(lastData().body).toEqual({
          model_uri: "https://huggingface.co/acme/sentiment",
          security_group_uuid: huggingFaceGroup().uuid,
          scan_origin: "MODEL_SECURITY_SDK",
          labels: [{ key: "team", value: "ml-platform" }]
        })
      })
    )
  })
})

describe("Scans.waitForCompletion (TestClock)", () => {
  it.effect("polls on a Schedule until the outcome leaves PENDING", () => {
    const local = FakeAirs.make({ scanPolls: 2 })
    return Effect.gen(function* () {
      const scans = yield* Scans
      const group = local.securityGroups.find((g) => g.source_type === "HUGGING_FACE")!
      const created = yield* scans.create({
        model_uri: "https://huggingface.co/evil/unsafe-model",
        security_group_uuid: group.uuid
      })
      const gets = () => dataRequests(local.requests).filter((r) => r.method === "GET").length
      const fiber = yield* Effect.fork(scans.waitForCompletion(created.uuid, { interval: "5 seconds" }))
      yield* eventually(() => gets() === 1)
      yield* TestClock.adjust("5 seconds")
      yield* eventually(() => gets() === 2)
      yield* TestClock.adjust("5 seconds")
      const done = yield* Fiber.join(fiber)
      expect(done.eval_outcome).toBe("BLOCKED")
      expect(gets()).toBe(3)
    }).pipe(Effect.provide(layerInProcess(local)))
  })

  it.effect("fails with a Timeout ClientError when the scan stays PENDING", () => {
    const local = FakeAirs.make({ scanPolls: 1_000_000 })
    return Effect.gen(function* () {
      const scans = yield* Scans
      const group = local.securityGroups[0]!
      const created = yield* scans.create({ model_uri: "/models/local.pt", security_group_uuid: group.uuid })
      const fiber = yield* Effect.fork(
        Effect.flip(scans.waitForCompletion(created.uuid, { interval: "10 seconds", timeout: "1 minute" }))
      )
      for (let i = 1; i <= 6; i++) {
        yield* eventually(() => dataRequests(local.requests).length === i + 1)
        yield* TestClock.adjust("10 seconds")
      }
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
      expect(error.message).toContain("still PENDING after 1m")
    }).pipe(Effect.provide(layerInProcess(local)))
  })
})
