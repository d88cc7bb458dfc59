/** `Models` over the Effect API and `client.models` over the compat client, against the fake AIRS. */

import { describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType } from "@effect-airs/model-security/compat"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import { type CallError, Models, PayloadError, Scans, SecurityGroups, SecurityRules } from "../src/index.js"
import { FakeAirs, Fault, layerInProcess, type ModelRecord } from "../src/testing.js"
import { compatClientFor } from "./support/compat-client.js"
import { eventually } from "./support/eventually.js"
import { dataRequests } from "./support/handlers.js"
import { rejection } from "./support/outcome.js"

const NOT_A_UUID = "not-a-uuid"
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
// Matched from the start: the rule of an optional field currently ends in ", or Expected undefined".
const INT_1_100 = expect.stringMatching(/^must be an integer from 1 to 100/)

/** The fake's order of `GET /v1/models`: by a date field, ties by UUID. */
const sortedBy = (
  models: ReadonlyArray<ModelRecord>,
  field: "created_at" | "updated_at",
  order: "asc" | "desc"
) => {
  const sign = order === "asc" ? 1 : -1
  return [...models].sort(
    (a, b) =>
      sign * (Date.parse(a[field]) - Date.parse(b[field]) || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0))
  )
}

/** A model with more than one version. */
const multiVersion = (fake: FakeAirs) => fake.models.find((m) => fake.modelVersions(m.uuid).length > 1)!

// 150 seeded scans make 102 models (more than one page of 100), 8 of them with two versions.
const fake = FakeAirs.make({ scans: 150 })
const lastData = () => dataRequests(fake.requests).at(-1)!

describe("Models (Effect API)", () => {
  it.layer(layerInProcess(fake))((it) => {
    it.effect("list sends the filters with the spec's names, arrays as repeated keys, and filters", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const page = yield* models.list({
          latest_version_outcomes: ["BLOCKED", "ALLOWED"],
          latest_version_source_types: ["HUGGING_FACE", "S3"],
          latest_version_formats: ["pickle", "pytorch", "safetensors"],
          sort_field: "created_at",
          sort_order: "asc",
          skip: 0,
          limit: 100
        })
        expect(lastData()).toMatchObject({ method: "GET", path: "/v1/models", route: "Models.list" })
        expect(lastData().query).toEqual({
          latest_version_outcomes: ["BLOCKED", "ALLOWED"],
          latest_version_source_types: ["HUGGING_FACE", "S3"],
          latest_version_formats: ["pickle", "pytorch", "safetensors"],
          sort_field: ["created_at"],
          sort_order: ["asc"],
          skip: ["0"],
          limit: ["100"]
        })
        const expected = sortedBy(
          fake.models.filter(
            (m) =>
              ["BLOCKED", "ALLOWED"].includes(m.latest_version_outcome ?? "") &&
              (m.latest_version_source_types ?? []).some((s) => s === "HUGGING_FACE" || s === "S3") &&
              (m.latest_version_formats ?? []).some((f) => ["pickle", "pytorch", "safetensors"].includes(f))
          ),
          "created_at",
          "asc"
        )
        expect(expected.length).toBeGreaterThan(10)
        expect(page).toEqual({ pagination: { total_items: expected.length }, models: expected })
      })
    )

    it.effect("list by name, by time (Dates sent as ISO 8601), newest update first by default", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const byName = yield* models.list({ search_query: "LLAMA" })
        expect(lastData().query).toEqual({ search_query: ["LLAMA"] })
        const llamas = sortedBy(
          fake.models.filter((m) => m.name.toLowerCase().includes("llama")),
          "updated_at",
          "desc"
        )
        expect(llamas.length).toBeGreaterThan(1)
        expect(byName).toEqual({ pagination: { total_items: llamas.length }, models: llamas.slice(0, 10) })

        const before = new Date(Date.UTC(2026, 0, 1, 1))
        const start = new Date(Date.UTC(2026, 0, 1, 0, 10))
        const byTime = yield* models.list({
          latest_version_scan_time_before: before,
          start_time: start,
          end_time: "2026-01-01T03:00:00Z",
          limit: 100
        })
        expect(lastData().query).toEqual({
          latest_version_scan_time_before: ["2026-01-01T01:00:00.000Z"],
          start_time: ["2026-01-01T00:10:00.000Z"],
          end_time: ["2026-01-01T03:00:00Z"],
          limit: ["100"]
        })
        const inWindow = fake.models.filter(
          (m) =>
            m.latest_version_scan_time !== null &&
            Date.parse(m.latest_version_scan_time) < before.getTime() &&
            Date.parse(m.created_at) >= start.getTime() &&
            Date.parse(m.created_at) <= Date.parse("2026-01-01T03:00:00Z")
        )
        expect(inWindow.length).toBeGreaterThan(0)
        expect(byTime.models).toEqual(sortedBy(inWindow, "updated_at", "desc"))
      })
    )

    it.effect("get, listVersions, getVersion and listVersionFiles answer the fake's records", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const model = multiVersion(fake)
        const versions = fake.modelVersions(model.uuid)
        expect(versions).toHaveLength(2)

        expect(yield* models.get(model.uuid)).toEqual(model)
        expect(lastData()).toMatchObject({ path: `/v1/models/${model.uuid}`, route: "Models.get" })

        expect(yield* models.listVersions(model.uuid)).toEqual({
          pagination: { total_items: 2 },
          model_versions: versions
        })
        expect(lastData().path).toBe(`/v1/models/${model.uuid}/model-versions`)
        expect(
          (yield* models.listVersions(model.uuid, { sort_order: "asc", limit: 1, skip: 1 })).model_versions
        ).toEqual([versions[0]])
        expect(lastData().query).toEqual({ sort_order: ["asc"], limit: ["1"], skip: ["1"] })

        const latest = yield* models.getVersion(model.latest_version_uuid!)
        expect(latest).toEqual(versions.find((v) => v.uuid === model.latest_version_uuid))
        expect(latest.model_uuid).toBe(model.uuid)
        expect(lastData().path).toBe(`/v1/model-versions/${model.latest_version_uuid}`)

        const files = yield* models.listVersionFiles(latest.uuid, { limit: 100 })
        expect(lastData()).toMatchObject({
          path: `/v1/model-versions/${latest.uuid}/files`,
          query: { limit: ["100"] }
        })
        expect(files.pagination.total_items).toBe(latest.file_count)
        expect(files.files).toHaveLength(latest.file_count!)
        expect(files.files.map((f) => f.type)).toEqual(files.files.map(() => "FILE"))
        const paths = files.files.map((f) => f.path)
        expect(paths).toEqual([...paths].sort())
        expect((yield* models.listVersionFiles(latest.uuid, { skip: 1, limit: 2 })).files).toEqual(
          files.files.slice(1, 3)
        )
      })
    )

    it.effect("an unknown model or version is a 404 ClientError", () =>
      Effect.gen(function* () {
        const models = yield* Models
        expect(yield* Effect.flip(models.get(UNKNOWN_UUID))).toMatchObject({
          _tag: "ClientError",
          status: 404,
          reason: "Status",
          message: expect.stringContaining("Model not found")
        })
        expect(yield* Effect.flip(models.getVersion(UNKNOWN_UUID))).toMatchObject({
          _tag: "ClientError",
          status: 404,
          message: expect.stringContaining("Model version not found")
        })
      })
    )

    it.effect("stream yields every model once, in order, over several pages fetched ahead", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const before = dataRequests(fake.requests).length
        const all = yield* Stream.runCollect(
          models.stream({ sort_field: "created_at", sort_order: "asc" }, { pageSize: 25, concurrency: 3 })
        )
        expect(fake.models).toHaveLength(102)
        expect(Chunk.toReadonlyArray(all)).toEqual(sortedBy(fake.models, "created_at", "asc"))
        const pages = dataRequests(fake.requests).slice(before)
        expect(pages.map((r) => r.query.skip)).toEqual([["0"], ["25"], ["50"], ["75"], ["100"]])
        expect(pages.map((r) => r.query.limit)).toEqual([["25"], ["25"], ["25"], ["25"], ["25"]])
      })
    )

    it.effect("streamVersions and streamVersionFiles yield every item once, in order", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const model = multiVersion(fake)
        const versions = yield* Stream.runCollect(models.streamVersions(model.uuid, {}, { pageSize: 1 }))
        expect(Chunk.toReadonlyArray(versions)).toEqual(fake.modelVersions(model.uuid))
        const ascending = yield* Stream.runCollect(
          models.streamVersions(model.uuid, { sort_order: "asc" }, { pageSize: 1 })
        )
        expect(Chunk.toReadonlyArray(ascending)).toEqual([...fake.modelVersions(model.uuid)].reverse())

        const version = fake.modelVersions(model.uuid)[0]!
        const page = yield* models.listVersionFiles(version.uuid, { limit: 100 })
        const before = dataRequests(fake.requests).length
        const files = yield* Stream.runCollect(models.streamVersionFiles(version.uuid, { pageSize: 2 }))
        expect(Chunk.toReadonlyArray(files)).toEqual(page.files)
        expect(dataRequests(fake.requests).length - before).toBe(Math.ceil(page.files.length / 2))
      })
    )

    it.effect("bad UUIDs and parameters are PayloadErrors naming the field, and nothing is sent", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const before = fake.requests.length
        const refused: ReadonlyArray<
          readonly [Effect.Effect<unknown, PayloadError | CallError>, string, unknown]
        > = [
          [models.get(NOT_A_UUID), "uuid", "must be a UUID (8-4-4-4-12 hexadecimal digits)"],
          [models.listVersions(NOT_A_UUID), "uuid", "must be a UUID (8-4-4-4-12 hexadecimal digits)"],
          [models.getVersion(""), "uuid", "must be a UUID (8-4-4-4-12 hexadecimal digits)"],
          [models.listVersionFiles(NOT_A_UUID), "uuid", "must be a UUID (8-4-4-4-12 hexadecimal digits)"],
          [models.list({ limit: 0 }), "limit", INT_1_100],
          [models.list({ limit: 101 }), "limit", INT_1_100],
          [models.list({ skip: -1 }), "skip", expect.stringMatching(/^must be an integer ≥ 0/)],
          [models.list({ sort_order: "up" as "asc" }), "sort_order", "must be one of asc, desc"],
          [
            models.list({ latest_version_outcomes: ["BLOCKED", "MAYBE" as "BLOCKED"] }),
            "latest_version_outcomes[1]",
            expect.stringContaining("must be one of")
          ],
          [
            models.list({ search_query: "x".repeat(257) }),
            "search_query",
            expect.stringMatching(/^must be at most 256 characters/)
          ],
          [models.list({ start_time: "yesterday" }), "start_time", expect.stringContaining("ISO 8601")],
          [
            models.listVersions(UNKNOWN_UUID, { sort_order: "newest" as "asc" }),
            "sort_order",
            "must be one of asc, desc"
          ],
          [models.listVersionFiles(UNKNOWN_UUID, { limit: 1.5 }), "limit", INT_1_100]
        ]
        for (const [effect, field, rule] of refused) {
          const error = yield* Effect.flip(effect)
          expect(error).toBeInstanceOf(PayloadError)
          expect(error).toMatchObject({ _tag: "PayloadError", field, rule })
        }
        const streamed: ReadonlyArray<Stream.Stream<unknown, PayloadError | CallError>> = [
          models.stream({ latest_version_source_types: ["FTP" as "S3"] }),
          models.streamVersions(NOT_A_UUID),
          models.streamVersionFiles(NOT_A_UUID),
          models.stream({}, { pageSize: 0 })
        ]
        for (const stream of streamed) {
          const error = yield* Effect.flip(Stream.runCollect(stream))
          expect(error._tag).toBe("PayloadError")
        }
        expect(fake.requests.length).toBe(before)
      })
    )
  })
})

describe("Models follow new scans (Effect API)", () => {
  it.effect("a scan creates or joins its model and version; latest_version_* follow the newest scan", () => {
    const local = FakeAirs.make({ scans: 20, scanPolls: 2 })
    const uri = "https://huggingface.co/acme/unsafe-model"
    return Effect.gen(function* () {
      const scans = yield* Scans
      const models = yield* Models
      const hf = local.securityGroups.find((g) => g.source_type === "HUGGING_FACE")!.uuid
      // A group whose threat rules only alert: the same model is ALLOWED there.
      const catalogue = yield* (yield* SecurityRules).list({ source_type: "HUGGING_FACE", limit: 100 })
      const lenient = yield* (yield* SecurityGroups).create({
        name: "Lenient",
        source_type: "HUGGING_FACE",
        rule_configurations: Object.fromEntries(
          catalogue.rules.map((rule) => [rule.uuid, { state: "ALLOWING" }])
        )
      })
      /** Creates a scan and waits for it (TestClock drives the polling). */
      const scanned = (group: string, model_version: string) =>
        Effect.gen(function* () {
          const created = yield* scans.create({ model_uri: uri, security_group_uuid: group, model_version })
          const gets = () => dataRequests(local.requests).filter((r) => r.route === "Scans.get").length
          const start = gets()
          const fiber = yield* Effect.fork(scans.waitForCompletion(created.uuid, { interval: "2 seconds" }))
          for (let poll = 1; poll <= 2; poll++) {
            yield* eventually(() => gets() === start + poll, `poll ${poll}`)
            yield* TestClock.adjust("2 seconds")
          }
          return yield* Fiber.join(fiber)
        })

      expect(yield* models.list({ search_query: "acme/unsafe-model" })).toEqual({
        pagination: { total_items: 0 },
        models: []
      })

      const first = yield* scanned(hf, "v1")
      expect(first.eval_outcome).toBe("BLOCKED")
      const created = yield* models.list({ search_query: "acme/unsafe-model" })
      expect(created.models).toHaveLength(1)
      const model = created.models[0]!
      expect(model).toMatchObject({
        name: "acme/unsafe-model",
        created_at: first.created_at,
        latest_version_uuid: first.model_version_uuid,
        latest_version_revision: "v1",
        latest_version_outcome: "BLOCKED",
        latest_version_scan_time: first.created_at,
        latest_version_source_types: ["HUGGING_FACE"]
      })
      expect(yield* models.get(model.uuid)).toEqual(model)

      const second = yield* scanned(lenient.uuid, "v2")
      expect(second.eval_outcome).toBe("ALLOWED")
      expect(second.model_version_uuid).not.toBe(first.model_version_uuid)
      expect(yield* models.get(model.uuid)).toMatchObject({
        uuid: model.uuid,
        created_at: first.created_at,
        latest_version_uuid: second.model_version_uuid,
        latest_version_revision: "v2",
        latest_version_outcome: "ALLOWED",
        latest_version_scan_time: second.created_at
      })
      const versions = yield* models.listVersions(model.uuid)
      expect(versions.model_versions.map((v) => [v.uuid, v.revision, v.last_eval_outcome])).toEqual([
        [second.model_version_uuid, "v2", "ALLOWED"],
        [first.model_version_uuid, "v1", "BLOCKED"]
      ])

      // Scanning v1 again joins its version, which becomes the latest again.
      const third = yield* scanned(hf, "v1")
      expect(third.model_version_uuid).toBe(first.model_version_uuid)
      expect(yield* models.get(model.uuid)).toMatchObject({
        latest_version_uuid: first.model_version_uuid,
        latest_version_revision: "v1",
        latest_version_outcome: "BLOCKED",
        latest_version_scan_time: third.created_at
      })
      expect((yield* models.listVersions(model.uuid)).pagination.total_items).toBe(2)
      expect((yield* models.list({ search_query: "acme/unsafe-model" })).models.map((m) => m.uuid)).toEqual([
        model.uuid
      ])

      // scans.list filters by model version.
      const ofV1 = yield* scans.list({ model_version_uuid: first.model_version_uuid! })
      expect(dataRequests(local.requests).at(-1)!.query).toEqual({
        model_version_uuid: [first.model_version_uuid]
      })
      expect(ofV1.scans.map((s) => s.uuid)).toEqual([third.uuid, first.uuid])
      expect(ofV1.pagination.total_items).toBe(2)
      const ofV2 = yield* scans.list({ model_version_uuid: second.model_version_uuid! })
      expect(ofV2.scans.map((s) => s.uuid)).toEqual([second.uuid])
      const before = local.requests.length
      expect(yield* Effect.flip(scans.list({ model_version_uuid: "v1" }))).toMatchObject({
        _tag: "PayloadError",
        field: "model_version_uuid"
      })
      expect(local.requests.length).toBe(before)
    }).pipe(Effect.provide(layerInProcess(local)))
  })
})

describe("client.models (compat)", () => {
  const served = FakeAirs.make({ scans: 150 })
  const client = compatClientFor(served)
  const lastServed = () => dataRequests(served.requests).at(-1)!

  it("listModels sends the filters (isBackgroundRefresh dropped) and answers the page", async () => {
    const page = await client().models.listModels({
      latest_version_outcomes: ["BLOCKED"],
      sort_field: "created_at",
      sort_order: "desc",
      limit: 50,
      isBackgroundRefresh: true
    })
    expect(lastServed().query).toEqual({
      latest_version_outcomes: ["BLOCKED"],
      sort_field: ["created_at"],
      sort_order: ["desc"],
      limit: ["50"]
    })
    const blocked = sortedBy(
      served.models.filter((m) => m.latest_version_outcome === "BLOCKED"),
      "created_at",
      "desc"
    )
    expect(blocked.length).toBeGreaterThan(1)
    expect(page).toEqual({ pagination: { total_items: blocked.length }, models: blocked })
  })

  it("getModel, listModelVersions, getModelVersion and listModelVersionFiles", async () => {
    const model = multiVersion(served)
    const versions = served.modelVersions(model.uuid)
    expect(await client().models.getModel(model.uuid)).toEqual(model)
    expect(await client().models.listModelVersions(model.uuid, { sort_order: "asc" })).toEqual({
      pagination: { total_items: versions.length },
      model_versions: [...versions].reverse()
    })
    expect(lastServed().query).toEqual({ sort_order: ["asc"] })
    expect(await client().models.getModelVersion(versions[1]!.uuid)).toEqual(versions[1])
    const files = await client().models.listModelVersionFiles(versions[0]!.uuid, { limit: 3 })
    expect(lastServed()).toMatchObject({
      path: `/v1/model-versions/${versions[0]!.uuid}/files`,
      query: { limit: ["3"] }
    })
    expect(files.pagination.total_items).toBe(versions[0]!.file_count)
    expect(files.files).toHaveLength(3)
  })

  it("iterate… and listAll… yield every item once, in order", async () => {
    const expected = sortedBy(served.models, "updated_at", "desc")
    const iterated: Array<string> = []
    for await (const model of client().models.iterateModels({}, { pageSize: 30, concurrency: 2 })) {
      iterated.push(model.uuid)
    }
    expect(iterated).toEqual(expected.map((m) => m.uuid))
    expect(await client().models.listAllModels({ sort_order: "desc" }, { pageSize: 40 })).toEqual(expected)

    const model = multiVersion(served)
    expect(await client().models.listAllModelVersions(model.uuid, {}, { pageSize: 1 })).toEqual(
      served.modelVersions(model.uuid)
    )
    const versions: Array<string> = []
    for await (const version of client().models.iterateModelVersions(model.uuid, { sort_order: "asc" })) {
      versions.push(version.uuid)
    }
    expect(versions).toEqual([...served.modelVersions(model.uuid)].reverse().map((v) => v.uuid))

    const version = served.modelVersions(model.uuid)[0]!
    const page = await client().models.listModelVersionFiles(version.uuid, { limit: 100 })
    expect(await client().models.listAllModelVersionFiles(version.uuid, { pageSize: 2 })).toEqual(page.files)
    const paths: Array<string> = []
    for await (const file of client().models.iterateModelVersionFiles(version.uuid, { pageSize: 3 })) {
      paths.push(file.path)
    }
    expect(paths).toEqual(page.files.map((f) => f.path))
  })

  it("bad UUIDs and parameters reject with a payload error before anything is sent", async () => {
    await client().models.listModels({ limit: 1 })
    const before = served.requests.length
    const calls: ReadonlyArray<readonly [Promise<unknown>, string]> = [
      [client().models.getModel(NOT_A_UUID), "uuid"],
      [client().models.listModelVersions(NOT_A_UUID), "uuid"],
      [client().models.getModelVersion("123"), "uuid"],
      [client().models.listModelVersionFiles(NOT_A_UUID), "uuid"],
      [client().models.listModels({ latest_version_outcomes: ["NOPE"] }), "latest_version_outcomes[0]"],
      [client().models.listModels({ limit: 500 }), "limit"],
      [client().models.listAllModelVersions(NOT_A_UUID), "uuid"],
      [client().models.listAllModelVersionFiles(NOT_A_UUID), "uuid"]
    ]
    for (const [pending, field] of calls) {
      const error = (await rejection(pending)) as AISecSDKException
      expect(error).toBeInstanceOf(AISecSDKException)
      expect(error.errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
      expect((error.cause as PayloadError).field).toBe(field)
    }
    expect(served.requests.length).toBe(before)
  })

  it("an aborted signal rejects with its reason; timeoutMs rejects with a client-side error", async () => {
    const model = served.models[0]!
    const controller = new AbortController()
    const reason = new Error("stop")
    controller.abort(reason)
    const before = served.requests.length
    expect(await rejection(client().models.getModel(model.uuid, { signal: controller.signal }))).toBe(reason)
    expect(
      await rejection(client().models.listAllModels({}, { signal: controller.signal, pageSize: 10 }))
    ).toBe(reason)
    expect(served.requests.length).toBe(before)

    const stuck = served.inject({ route: "Models.get", first: 1, fault: Fault.hang })
    const timedOut = (await rejection(
      client().models.getModel(model.uuid, { timeoutMs: 50 })
    )) as AISecSDKException
    stuck.remove()
    expect(timedOut.errorType).toBe(ErrorType.CLIENT_SIDE_ERROR)
    expect(timedOut.message).toBe("The call did not finish within 50 ms")
  })
})
