/** Tests of the fake AIRS models and model versions, derived from its scans. */
import { describe, expect, it } from "@effect/vitest"
import { FakeAirs, type FakeAirsOptions, type ModelRecord, type ScanRecord } from "../src/testing.js"
import { connect as connectFake } from "./support/fake-client.js"

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A data-plane client of a fake, in process, holding a fresh token. */
const connect = async (fake: FakeAirs) => (await connectFake(fake)).data

const setup = async (options: FakeAirsOptions = {}) => {
  const fake = FakeAirs.make(options)
  return { fake, api: await connect(fake) }
}

type Api = Awaited<ReturnType<typeof connect>>

const groupOf = (fake: FakeAirs, source: string) =>
  fake.securityGroups.find((g) => g.source_type === source)!.uuid

/** The model URI of a seeded model: its name, or for Hugging Face models the URL of `organization/name`. */
const uriOf = (model: ModelRecord) =>
  /^[a-z0-9]+:\/\/|^\//i.test(model.name) ? model.name : `https://huggingface.co/${model.name}`

/** Creates a scan and polls it until it is finished (`scanPolls: 0` finishes it on the first poll). */
const finished = async (api: Api, body: Record<string, unknown>): Promise<ScanRecord> => {
  const created = await api.post("/v1/scans", { labels: [{ key: "owner", value: "ml" }], ...body })
  expect(created.status).toBe(201)
  return (await api.get(`/v1/scans/${created.body.uuid}`)).body
}

describe("models derived from the seeded scans", () => {
  it("have one model per model URI and one version per revision scanned", async () => {
    const { fake, api } = await setup({ scans: 400 })
    const models = fake.models
    expect(models.map((model) => model.uuid).filter((uuid) => !UUID.test(uuid))).toEqual([])
    expect(new Set(models.map(uriOf))).toEqual(new Set(fake.scans.map((scan) => scan.model_uri)))
    expect(models).toHaveLength(new Set(fake.scans.map((scan) => scan.model_uri)).size)
    for (const model of models) {
      const versions = fake.modelVersions(model.uuid)
      const scanned = fake.scans.filter(
        (scan) => scan.model_uri === uriOf(model) && scan.model_version_uuid !== null
      )
      expect(new Set(versions.map((version) => version.uuid))).toEqual(
        new Set(scanned.map((scan) => scan.model_version_uuid))
      )
      expect(versions.filter((version) => version.model_uuid !== model.uuid)).toEqual([])
      const created = versions.map((version) => Date.parse(version.created_at))
      expect(created).toEqual([...created].sort((a, b) => b - a))
    }
    expect(Math.max(...models.map((model) => fake.modelVersions(model.uuid).length))).toBeGreaterThan(1)
    const listed = (await api.get("/v1/models?limit=100&sort_field=created_at&sort_order=asc")).body
    expect(listed.pagination.total_items).toBe(models.length)
    expect(listed.models).toEqual(models.slice(0, 100))
  })

  it("follow the newest scan with a version in their latest_version fields", async () => {
    const { fake, api } = await setup({ scans: 400 })
    for (const model of fake.models.slice(0, 80)) {
      const scans = fake.scans.filter((scan) => scan.model_uri === uriOf(model))
      const newest = scans.find((scan) => scan.model_version_uuid !== null)
      expect([model.created_at, model.updated_at]).toEqual([scans.at(-1)!.created_at, scans[0]!.updated_at])
      expect((await api.get(`/v1/models/${model.uuid}`)).body).toEqual(model)
      if (newest === undefined) {
        expect(model).toMatchObject({
          latest_version_uuid: null,
          latest_version_revision: null,
          latest_version_outcome: null,
          latest_version_scan_time: null
        })
        continue
      }
      const version = (await api.get(`/v1/model-versions/${newest.model_version_uuid}`)).body
      expect(model).toMatchObject({
        latest_version_uuid: newest.model_version_uuid,
        latest_version_revision: version.revision,
        latest_version_outcome: newest.eval_outcome,
        latest_version_scan_time: newest.created_at,
        latest_version_source_types: [newest.source_type],
        latest_version_formats: version.model_formats,
        latest_version_fingerprint: version.fingerprint,
        latest_version_hf_commit_sha: version.hf_commit_sha
      })
    }
    // ERROR scans that read no file have no version: a model with only those has no latest version.
    const unread = fake.models.filter((model) => model.latest_version_uuid === null)
    expect(unread.length).toBeGreaterThan(0)
    for (const model of unread) {
      const scans = fake.scans.filter((scan) => scan.model_uri === uriOf(model))
      expect(
        scans.filter((scan) => scan.eval_outcome !== "ERROR" || scan.model_version_uuid !== null)
      ).toEqual([])
    }
  })

  it("describe each version: Hugging Face commit, formats, outcome and files of its newest scan", async () => {
    const { fake, api } = await setup({ scans: 200 })
    const hf = fake.models.find(
      (model) =>
        uriOf(model).startsWith("https://huggingface.co/") && model.latest_version_outcome === "ALLOWED"
    )!
    const [organization, name] = hf.name.split("/")
    const version = (await api.get(`/v1/model-versions/${hf.latest_version_uuid}`)).body
    const scans = fake.scans.filter((scan) => scan.model_version_uuid === version.uuid)
    const newest = scans[0]!
    expect(version).toEqual({
      uuid: hf.latest_version_uuid,
      tsg_id: "1234567890",
      created_at: scans.at(-1)!.created_at,
      updated_at: newest.updated_at,
      model_uuid: hf.uuid,
      revision: expect.stringMatching(/^[0-9a-f]{40}$/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      hf_commit_sha: version.revision,
      hf_commit_title: expect.any(String),
      hf_commit_authors: expect.arrayContaining([organization]),
      hf_model_name: name,
      hf_organization: organization,
      license: expect.any(String),
      file_count: newest.total_files_scanned! + newest.total_files_skipped!,
      last_eval_outcome: newest.eval_outcome,
      last_eval_summary: newest.eval_summary,
      latest_scan_time: newest.created_at,
      model_formats: newest.model_formats,
      source_types: ["HUGGING_FACE"]
    })
    const files = (await api.get(`/v1/model-versions/${version.uuid}/files?limit=100`)).body
    const scanned = (await api.get(`/v1/scans/${newest.uuid}/files?recursive=true&type=FILE&limit=1000`)).body
    expect(files).toEqual({
      pagination: { total_items: version.file_count },
      files: scanned.files
    })
    expect((await api.get(`/v1/model-versions/${version.uuid}/files?limit=2&skip=1`)).body.files).toEqual(
      scanned.files.slice(1, 3)
    )
    const other = fake.models.find(
      (model) => uriOf(model).startsWith("s3://") && model.latest_version_uuid !== null
    )!
    expect((await api.get(`/v1/model-versions/${other.latest_version_uuid}`)).body).toMatchObject({
      revision: expect.stringMatching(/^[0-9a-f]{32}$/),
      hf_commit_sha: null,
      hf_commit_title: null,
      hf_commit_authors: null,
      hf_model_name: null,
      hf_organization: null,
      license: null,
      source_types: ["S3"]
    })
  })
})

describe("models follow new scans", () => {
  it("a scan joins its model and version, or creates them; the latest fields follow the newest scan", async () => {
    const { fake, api } = await setup({ scans: 20, scanPolls: 0 })
    const uri = "https://huggingface.co/acme/unsafe-model"
    const group = groupOf(fake, "HUGGING_FACE")
    const first = await finished(api, { model_uri: uri, security_group_uuid: group, model_version: "v1" })
    const model = fake.models.find((candidate) => candidate.name === "acme/unsafe-model")!
    expect(model).toEqual({
      uuid: expect.stringMatching(UUID),
      tsg_id: "1234567890",
      created_at: first.created_at,
      updated_at: first.updated_at,
      name: "acme/unsafe-model",
      latest_version_uuid: first.model_version_uuid,
      latest_version_revision: "v1",
      latest_version_outcome: "BLOCKED",
      latest_version_scan_time: first.created_at,
      latest_version_formats: ["pytorch", "pickle"],
      latest_version_source_types: ["HUGGING_FACE"],
      latest_version_fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      latest_version_hf_commit_sha: null
    } satisfies ModelRecord)

    const second = await finished(api, { model_uri: uri, security_group_uuid: group, model_version: "v2" })
    const again = await finished(api, { model_uri: uri, security_group_uuid: group, model_version: "v1" })
    expect(again.model_version_uuid).toBe(first.model_version_uuid)
    const versions = (await api.get(`/v1/models/${model.uuid}/model-versions`)).body
    expect(versions.pagination.total_items).toBe(2)
    expect(versions.model_versions.map((version: any) => [version.revision, version.uuid])).toEqual([
      ["v2", second.model_version_uuid],
      ["v1", first.model_version_uuid]
    ])
    const ascending = (await api.get(`/v1/models/${model.uuid}/model-versions?sort_order=asc`)).body
    expect(ascending.model_versions.map((version: any) => version.revision)).toEqual(["v1", "v2"])
    const latest = (await api.get(`/v1/models/${model.uuid}`)).body
    expect(latest).toMatchObject({
      latest_version_uuid: first.model_version_uuid,
      latest_version_revision: "v1",
      latest_version_scan_time: again.created_at,
      updated_at: again.updated_at
    })
    expect((await api.get(`/v1/model-versions/${first.model_version_uuid}`)).body).toMatchObject({
      created_at: first.created_at,
      latest_scan_time: again.created_at,
      last_eval_outcome: "BLOCKED"
    })

    // A scan that could not read the model has no version, and leaves the latest version as it was.
    const denied = await finished(api, {
      model_uri: uri,
      security_group_uuid: group,
      scan_details: {
        error_code: "ACCESS_DENIED",
        error_message: "denied",
        files: [],
        model_formats: [],
        model_size_bytes: 0,
        scan_duration_ms: 1,
        scanner_version: "1.6.0",
        time_started: "2026-01-01T00:00:00Z",
        total_files_scanned: 0,
        total_files_skipped: 0
      }
    })
    expect([denied.eval_outcome, denied.model_version_uuid]).toEqual(["ERROR", null])
    expect((await api.get(`/v1/models/${model.uuid}`)).body).toEqual({
      ...latest,
      updated_at: denied.updated_at
    })

    // A new URI makes a new model; a scan without a revision joins the model's current one.
    const plain = await finished(api, {
      model_uri: "s3://bucket/fresh/model",
      security_group_uuid: groupOf(fake, "S3")
    })
    const next = await finished(api, {
      model_uri: "s3://bucket/fresh/model",
      security_group_uuid: groupOf(fake, "S3")
    })
    expect(next.model_version_uuid).toBe(plain.model_version_uuid)
    const fresh = fake.models.find((candidate) => candidate.name === "s3://bucket/fresh/model")!
    expect(fake.modelVersions(fresh.uuid).map((version) => version.uuid)).toEqual([plain.model_version_uuid])
    expect((await api.get(`/v1/scans?model_version_uuid=${first.model_version_uuid}`)).body.scans).toEqual(
      [again, first].map((scan) => fake.scans.find((candidate) => candidate.uuid === scan.uuid))
    )
  })

  it("a created model takes the model_name of its first scan", async () => {
    const { fake, api } = await setup({ scans: 0, scanPolls: 0 })
    await finished(api, {
      model_uri: "/opt/models/classifier",
      security_group_uuid: groupOf(fake, "LOCAL"),
      model_name: "Fraud classifier",
      model_author: "risk-team"
    })
    expect(fake.models.map((model) => model.name)).toEqual(["Fraud classifier"])
  })
})

describe("the list of models", () => {
  it("filters by latest outcome, format, source type, scan time, creation time and search", async () => {
    const { fake, api } = await setup({ scans: 400 })
    const models = fake.models
    const names = async (query: string) =>
      (await api.get(`/v1/models?limit=100&sort_field=created_at&sort_order=asc&${query}`)).body.models.map(
        (model: ModelRecord) => model.name
      )
    const expected = (predicate: (model: ModelRecord) => boolean) =>
      models
        .filter(predicate)
        .map((model) => model.name)
        .slice(0, 100)
    expect(await names("latest_version_outcomes=BLOCKED&latest_version_outcomes=ERROR")).toEqual(
      expected((model) => ["BLOCKED", "ERROR"].includes(model.latest_version_outcome ?? ""))
    )
    expect(await names("latest_version_formats=gguf&latest_version_formats=onnx")).toEqual(
      expected((model) =>
        (model.latest_version_formats ?? []).some((format) => ["gguf", "onnx"].includes(format))
      )
    )
    expect(await names("latest_version_source_types=S3")).toEqual(
      expected((model) => model.latest_version_source_types?.includes("S3") === true)
    )
    expect(await names("latest_version_source_types=ALL")).toEqual(expected(() => true))
    const cut = models[50]!.latest_version_scan_time!
    expect(await names(`latest_version_scan_time_before=${cut}`)).toEqual(
      expected((model) => model.latest_version_scan_time !== null && model.latest_version_scan_time < cut)
    )
    const [start, end] = [models[10]!.created_at, models[20]!.created_at]
    expect(await names(`start_time=${start}&end_time=${end}`)).toEqual(
      models.slice(10, 21).map((m) => m.name)
    )
    expect(await names("search_query=LLAMA")).toEqual(
      expected((model) => model.name.toLowerCase().includes("llama"))
    )
    expect(await names(`search_query=${models[3]!.uuid}`)).toEqual([models[3]!.name])
  })

  it("sorts by update time, newest first by default, and pages", async () => {
    const { fake, api } = await setup({ scans: 100 })
    // Newest first; models updated at the same time in descending uuid order.
    const byUpdate = [...fake.models].sort(
      (a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || (a.uuid < b.uuid ? 1 : -1)
    )
    const first = (await api.get("/v1/models")).body
    expect(first).toEqual({ pagination: { total_items: fake.models.length }, models: byUpdate.slice(0, 10) })
    expect((await api.get("/v1/models?skip=10&limit=5")).body.models).toEqual(byUpdate.slice(10, 15))
  })

  it("answers 404 for unknown models and versions, and 422 for bad input", async () => {
    const { api } = await setup()
    for (const [path, detail] of [
      [`/v1/models/${UNKNOWN_UUID}`, "Model not found"],
      [`/v1/models/${UNKNOWN_UUID}/model-versions`, "Model not found"],
      [`/v1/model-versions/${UNKNOWN_UUID}`, "Model version not found"],
      [`/v1/model-versions/${UNKNOWN_UUID}/files`, "Model version not found"]
    ]) {
      expect(await api.get(path!)).toEqual({ status: 404, body: { detail } })
    }
    const bad = await api.get(
      "/v1/models?latest_version_outcomes=DONE&latest_version_scan_time_before=soon&limit=0"
    )
    expect(bad.body.detail.map((issue: any) => [issue.type, issue.loc])).toEqual([
      ["greater_than_equal", ["query", "limit"]],
      ["enum", ["query", "latest_version_outcomes", 0]],
      ["datetime_from_date_parsing", ["query", "latest_version_scan_time_before"]]
    ])
    expect((await api.get("/v1/model-versions/v1")).body.detail[0]).toMatchObject({
      type: "uuid_parsing",
      loc: ["path", "uuid"]
    })
  })
})
