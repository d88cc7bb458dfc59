/**
 * Bad input, table-driven, through the Effect API and the compat client: each bad value is a
 * `PayloadError` (compat: `USER_REQUEST_PAYLOAD_ERROR`) naming the field, and the fake sees no request;
 * each valid edge value succeeds.
 */

import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { AISecSDKException, ErrorType, type ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Chunk, Effect, ManagedRuntime, Stream } from "effect"
import { ModelSecurity, PayloadError } from "../src/index.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"
import { compatClientFor } from "./support/compat-client.js"
import { outcome, promiseOn } from "./support/outcome.js"

const fake = FakeAirs.make({ scans: 40 })
const SCAN = fake.scans[0]!.uuid
const GROUP = fake.securityGroups[0]!.uuid
const UPPER = SCAN.toUpperCase()
const labels = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]))

/** The operations the cases use, with the same meaning in both APIs. */
interface Surface {
  get(id: string): Promise<unknown>
  getEvaluation(id: string): Promise<unknown>
  getViolation(id: string): Promise<unknown>
  getEvaluations(id: string, params?: object): Promise<unknown>
  getFiles(id: string, params?: object): Promise<unknown>
  list(params: object): Promise<unknown>
  create(body: object): Promise<unknown>
  addLabels(id: string, body: object): Promise<unknown>
  setLabels(id: string, body: object): Promise<unknown>
  deleteLabels(id: string, keys: ReadonlyArray<string>): Promise<unknown>
  getLabelKeys(params: object): Promise<unknown>
  getLabelValues(key: string, params?: object): Promise<unknown>
  listAll(params: object, pages: object): Promise<ReadonlyArray<unknown>>
  groupGet(id: string): Promise<unknown>
  groupList(params: object): Promise<unknown>
  ruleInstances(group: string, params?: object): Promise<unknown>
}

type Case = readonly [
  name: string,
  run: (api: Surface) => Promise<unknown>,
  /** The field the PayloadError names, or `ok` when the input is valid. */
  expected: string | "ok",
  /** For valid input: what the fake must have received, checked on the last data-plane request. */
  sent?: { readonly path?: string; readonly query?: Record<string, ReadonlyArray<string>> } | undefined,
  /** A known SDK bug makes this case fail: it runs as `it.fails` until the SDK is fixed. */
  sdkBug?: string
]

const uuidCases: ReadonlyArray<Case> = [
  ["uuid: empty", (a) => a.get(""), "uuid"],
  ["uuid: short", (a) => a.get("1234"), "uuid"],
  ["uuid: one digit short", (a) => a.get(SCAN.slice(0, -1)), "uuid"],
  ["uuid: one digit long", (a) => a.get(`${SCAN}0`), "uuid"],
  ["uuid: no hyphens", (a) => a.get(SCAN.replaceAll("-", "")), "uuid"],
  ["uuid: braces", (a) => a.get(`{${SCAN}}`), "uuid"],
  ["uuid: urn prefix", (a) => a.get(`urn:uuid:${SCAN}`), "uuid"],
  ["uuid: leading space", (a) => a.get(` ${SCAN}`), "uuid"],
  ["uuid: trailing space", (a) => a.get(`${SCAN} `), "uuid"],
  ["uuid: trailing newline", (a) => a.get(`${SCAN}\n`), "uuid"],
  ["uuid: tab inside", (a) => a.get(SCAN.replace("-", "\t")), "uuid"],
  ["uuid: path traversal", (a) => a.get(`../${SCAN}`), "uuid"],
  ["uuid: traversal after", (a) => a.get(`${SCAN}/../../v1/scans`), "uuid"],
  ["uuid: encoded slash", (a) => a.get(`${SCAN}%2F..`), "uuid"],
  ["uuid: encoded traversal", (a) => a.get("..%2F..%2Fv1%2Fscans"), "uuid"],
  ["uuid: query injection", (a) => a.get(`${SCAN}?limit=100`), "uuid"],
  ["uuid: fragment", (a) => a.get(`${SCAN}#x`), "uuid"],
  ["uuid: CRLF header injection", (a) => a.get(`${SCAN}\r\nX-Injected: 1`), "uuid"],
  ["uuid: NUL", (a) => a.get(`${SCAN}\u0000`), "uuid"],
  ["uuid: 10k characters", (a) => a.get("a".repeat(10_000)), "uuid"],
  ["uuid: Cyrillic look-alike", (a) => a.get(SCAN.replace(/[a-f]/, "а")), "uuid"],
  [
    "uuid: full-width digits",
    (a) => a.get(SCAN.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
    "uuid"
  ],
  ["uuid: emoji", (a) => a.get(`${SCAN.slice(0, -2)}😀`), "uuid"],
  ["uuid: not hexadecimal", (a) => a.get(SCAN.replace(/^./, "g")), "uuid"],
  ["uuid: upper-case hex is valid", (a) => a.get(UPPER), "ok", { path: `/v1/scans/${UPPER}` }],
  ["getEvaluation: traversal", (a) => a.getEvaluation(`../../scans/${SCAN}`), "uuid"],
  ["getViolation: CRLF", (a) => a.getViolation("\r\n"), "uuid"],
  ["getEvaluations: bad scan", (a) => a.getEvaluations(`${SCAN}/x`), "scan_uuid"],
  ["getFiles: bad scan", (a) => a.getFiles(" "), "scan_uuid"],
  ["groups.get: traversal", (a) => a.groupGet(`../security-rules/${GROUP}`), "uuid"],
  ["ruleInstances: bad group", (a) => a.ruleInstances("%2e%2e"), "security_group_uuid"]
]

const limitCases: ReadonlyArray<Case> = [
  ["limit 0", (a) => a.list({ limit: 0 }), "limit"],
  ["limit 101", (a) => a.list({ limit: 101 }), "limit"],
  ["limit -1", (a) => a.list({ limit: -1 }), "limit"],
  ["limit NaN", (a) => a.list({ limit: Number.NaN }), "limit"],
  ["limit 1.5", (a) => a.list({ limit: 1.5 }), "limit"],
  ["limit Infinity", (a) => a.list({ limit: Number.POSITIVE_INFINITY }), "limit"],
  ["limit as a string", (a) => a.list({ limit: "10" }), "limit"],
  ["limit 1 is valid", (a) => a.list({ limit: 1 }), "ok", { query: { limit: ["1"] } }],
  ["limit 100 is valid", (a) => a.list({ limit: 100 }), "ok", { query: { limit: ["100"] } }],
  ["skip -1", (a) => a.list({ skip: -1 }), "skip"],
  ["skip 0.5", (a) => a.list({ skip: 0.5 }), "skip"],
  ["skip 2^53", (a) => a.list({ skip: 2 ** 53 }), "skip"],
  ["getFiles: limit 0", (a) => a.getFiles(SCAN, { limit: 0 }), "limit"],
  ["getEvaluations: limit NaN", (a) => a.getEvaluations(SCAN, { limit: Number.NaN }), "limit"],
  ["groups.list: limit 101", (a) => a.groupList({ limit: 101 }), "limit"],
  ["label keys: limit -1", (a) => a.getLabelKeys({ limit: -1 }), "limit"],
  ["stream: pageSize 0", (a) => a.listAll({}, { pageSize: 0 }), "pageSize"],
  ["stream: pageSize 101", (a) => a.listAll({}, { pageSize: 101 }), "pageSize"],
  ["stream: pageSize 1.5", (a) => a.listAll({}, { pageSize: 1.5 }), "pageSize"],
  ["stream: concurrency 0", (a) => a.listAll({}, { concurrency: 0 }), "concurrency"],
  ["stream: concurrency 17", (a) => a.listAll({}, { concurrency: 17 }), "concurrency"],
  ["stream: a filter of the wrong type", (a) => a.listAll({ eval_outcomes: "BLOCKED" }, {}), "eval_outcomes"],
  ["list: search_query over 256", (a) => a.list({ search_query: "s".repeat(257) }), "search_query"],
  ["list: labels_query over 4096", (a) => a.list({ labels_query: "q".repeat(4097) }), "labels_query"],
  ["list: invalid Date", (a) => a.list({ start_time: new Date(Number.NaN) }), "start_time"]
]

const labelCases: ReadonlyArray<Case> = [
  ["label key with a space", (a) => a.addLabels(SCAN, { labels: { "my team": "a" } }), "labels.my team"],
  ["label key with =", (a) => a.addLabels(SCAN, { labels: [{ key: "a=b", value: "v" }] }), "labels[0].key"],
  ["label key with &", (a) => a.setLabels(SCAN, { labels: [{ key: "a&b", value: "v" }] }), "labels[0].key"],
  [
    "label key with unicode",
    (a) => a.addLabels(SCAN, { labels: [{ key: "tëam", value: "v" }] }),
    "labels[0].key"
  ],
  ["label key with an emoji", (a) => a.addLabels(SCAN, { labels: { "team😀": "v" } }), "labels.team😀"],
  [
    "label key over 128",
    (a) => a.addLabels(SCAN, { labels: [{ key: "k".repeat(129), value: "v" }] }),
    "labels[0].key"
  ],
  ["label key empty", (a) => a.addLabels(SCAN, { labels: [{ key: "", value: "v" }] }), "labels[0].key"],
  [
    "label value with /",
    (a) => a.addLabels(SCAN, { labels: [{ key: "k", value: "a/b" }] }),
    "labels[0].value"
  ],
  [
    "label value over 256",
    (a) => a.addLabels(SCAN, { labels: [{ key: "k", value: "v".repeat(257) }] }),
    "labels[0].value"
  ],
  ["label value not a string", (a) => a.addLabels(SCAN, { labels: { team: 7 } }), "labels.team"],
  [
    "label with an extra field",
    (a) => a.addLabels(SCAN, { labels: [{ key: "k", value: "v", extra: 1 }] }),
    "labels[0].extra"
  ],
  ["empty label record", (a) => a.addLabels(SCAN, { labels: {} }), "labels"],
  ["empty label array", (a) => a.setLabels(SCAN, { labels: [] }), "labels"],
  ["51 labels", (a) => a.setLabels(SCAN, { labels: labels(51) }), "labels"],
  [
    "51 labels at creation",
    (a) => a.create({ model_uri: "m", security_group_uuid: GROUP, labels: labels(51) }),
    "labels"
  ],
  ["labels on a bad scan", (a) => a.addLabels("x", { labels: { a: "b" } }), "scan_uuid"],
  [
    "50 labels are valid",
    (a) => a.setLabels(SCAN, { labels: labels(50) }),
    "ok",
    { path: `/v1/scans/${SCAN}/labels` }
  ],
  [
    "a 128-character key and 256-character value are valid",
    (a) => a.addLabels(SCAN, { labels: { ["k".repeat(128)]: "v".repeat(256) } }),
    "ok"
  ],
  ["deleteLabels: no keys", (a) => a.deleteLabels(SCAN, []), "keys"],
  ["deleteLabels: key with &", (a) => a.deleteLabels(SCAN, ["a&b=c"]), "keys[0]"],
  ["deleteLabels: 51 keys", (a) => a.deleteLabels(SCAN, Object.keys(labels(51))), "keys"],
  [
    "deleteLabels: valid keys are sent as repeated query keys",
    (a) => a.deleteLabels(SCAN, ["team", "env-1"]),
    "ok",
    { query: { keys: ["team", "env-1"] } }
  ],
  ["getLabelKeys: search with unicode", (a) => a.getLabelKeys({ search: "tëam" }), "search"],
  ["getLabelValues: key with /", (a) => a.getLabelValues("a/b"), "key"],
  ["getLabelValues: key ../", (a) => a.getLabelValues("../../scans"), "key"],
  ["getLabelValues: encoded slash", (a) => a.getLabelValues("a%2Fb"), "key"],
  ["getLabelValues: key with a space", (a) => a.getLabelValues("a b"), "key"],
  ["getLabelValues: key with ?", (a) => a.getLabelValues("a?limit=1"), "key"],
  ["getLabelValues: key with #", (a) => a.getLabelValues("a#b"), "key"],
  ["getLabelValues: key with CRLF", (a) => a.getLabelValues("a\r\nb"), "key"],
  ["getLabelValues: key with unicode", (a) => a.getLabelValues("tëam"), "key"],
  ["getLabelValues: empty key", (a) => a.getLabelValues(""), "key"],
  ["getLabelValues: key over 128", (a) => a.getLabelValues("k".repeat(129)), "key"],
  ["getLabelValues: search with /", (a) => a.getLabelValues("team", { search: "a/b" }), "search"],
  [
    "getLabelValues: a valid key is sent as a single path segment",
    (a) => a.getLabelValues("Team_1-x"),
    "ok",
    { path: "/v1/scans/label-keys/Team_1-x/values" }
  ]
]

const details = (numbers: Partial<Record<"total_files_scanned" | "model_size_bytes", number>>) => ({
  scanner_version: "1.0.0",
  time_started: "2025-01-01T00:00:00Z",
  files: [],
  total_files_scanned: 1,
  total_files_skipped: 0,
  model_formats: ["pickle"],
  model_size_bytes: 10,
  scan_duration_ms: 5,
  ...numbers
})
const createCases: ReadonlyArray<Case> = [
  ["create: empty model_uri", (a) => a.create({ model_uri: "", security_group_uuid: GROUP }), "model_uri"],
  [
    "create: labels as a record are valid",
    (a) =>
      a.create({
        model_uri: "https://huggingface.co/a/b",
        security_group_uuid: GROUP,
        labels: { team: "a" }
      }),
    "ok",
    { path: "/v1/scans" }
  ],
  [
    "create: labels: undefined is valid (the field is optional)",
    (a) =>
      a.create({ model_uri: "https://huggingface.co/a/b", security_group_uuid: GROUP, labels: undefined }),
    "ok",
    { path: "/v1/scans" }
  ],
  [
    "create: labels: null is valid (the field is nullable)",
    (a) => a.create({ model_uri: "https://huggingface.co/a/b", security_group_uuid: GROUP, labels: null }),
    "ok",
    { path: "/v1/scans" }
  ],
  [
    "create: scan_details with a NaN count",
    (a) =>
      a.create({
        model_uri: "https://huggingface.co/a/b",
        security_group_uuid: GROUP,
        scan_details: details({ total_files_scanned: Number.NaN })
      }),
    "scan_details.total_files_scanned"
  ],
  [
    "create: scan_details with an infinite size",
    (a) =>
      a.create({
        model_uri: "https://huggingface.co/a/b",
        security_group_uuid: GROUP,
        scan_details: details({ model_size_bytes: Number.POSITIVE_INFINITY })
      }),
    "scan_details.model_size_bytes"
  ]
]

const cases: ReadonlyArray<Case> = [...uuidCases, ...limitCases, ...labelCases, ...createCases]

const effectRuntime = ManagedRuntime.make(layerInProcess(fake))
/** The Effect API as a `Surface`: a failure rejects with the tagged error, a defect fails the test. */
const effectSurface = (airs: ModelSecurity.Service): Surface => {
  const run = promiseOn(effectRuntime)
  const s = airs.scans
  const g = airs.securityGroups
  return {
    get: (id) => run(s.get(id)),
    getEvaluation: (id) => run(s.getEvaluation(id)),
    getViolation: (id) => run(s.getViolation(id)),
    getEvaluations: (id, params) => run(s.getEvaluations(id, params as never)),
    getFiles: (id, params) => run(s.getFiles(id, params as never)),
    list: (params) => run(s.list(params as never)),
    create: (body) => run(s.create(body as never)),
    addLabels: (id, body) => run(s.addLabels(id, body as never)),
    setLabels: (id, body) => run(s.setLabels(id, body as never)),
    deleteLabels: (id, keys) => run(s.deleteLabels(id, keys)),
    getLabelKeys: (params) => run(s.getLabelKeys(params as never)),
    getLabelValues: (key, params) => run(s.getLabelValues(key, params as never)),
    listAll: (params, pages) =>
      run(Effect.map(Stream.runCollect(s.stream(params as never, pages)), Chunk.toArray)),
    groupGet: (id) => run(g.get(id)),
    groupList: (params) => run(g.list(params as never)),
    ruleInstances: (group, params) => run(g.listRuleInstances(group, params as never))
  }
}

const compatSurface = (client: ModelSecurityClient): Surface => {
  const s = client.scans
  const g = client.securityGroups
  return {
    get: (id) => s.get(id),
    getEvaluation: (id) => s.getEvaluation(id),
    getViolation: (id) => s.getViolation(id),
    getEvaluations: (id, params) => s.getEvaluations(id, params as never),
    getFiles: (id, params) => s.getFiles(id, params as never),
    list: (params) => s.list(params as never),
    create: (body) => s.create(body as never),
    addLabels: (id, body) => s.addLabels(id, body as never),
    setLabels: (id, body) => s.setLabels(id, body as never),
    deleteLabels: (id, keys) => s.deleteLabels(id, keys),
    getLabelKeys: (params) => s.getLabelKeys(params as never),
    getLabelValues: (key, params) => s.getLabelValues(key, params as never),
    listAll: (params, pages) => s.listAll(params as never, pages),
    groupGet: (id) => g.get(id),
    groupList: (params) => g.list(params as never),
    ruleInstances: (group, params) => g.listRuleInstances(group, params as never)
  }
}

const client = compatClientFor(fake)
let surfaces: { effect: Surface; compat: Surface }

beforeAll(async () => {
  surfaces = {
    effect: effectSurface(await effectRuntime.runPromise(ModelSecurity)),
    compat: compatSurface(client())
  }
})
afterAll(() => effectRuntime.dispose())

describe.each(["effect", "compat"] as const)("bad input through the %s API", (api) => {
  for (const [name, run, expected, sent, sdkBug] of cases)
    (sdkBug === undefined ? it : it.fails)(
      sdkBug === undefined ? name : `${name} (SDK bug: ${sdkBug})`,
      async () => {
        fake.clearRequests()
        const result = await outcome(run(surfaces[api]))
        if (expected === "ok") {
          if (!result.ok) throw result.error
          const last = fake.requests.filter((r) => r.plane !== "token").at(-1)!
          if (sent?.path !== undefined) expect(last.path).toBe(sent.path)
          if (sent?.query !== undefined) expect(last.query).toMatchObject(sent.query)
          return
        }
        expect(result.ok).toBe(false)
        if (result.ok) return
        const tagged =
          api === "compat"
            ? (() => {
                expect(result.error).toBeInstanceOf(AISecSDKException)
                const error = result.error as AISecSDKException
                expect(error.errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
                expect(error.statusCode).toBeUndefined()
                return error.cause
              })()
            : result.error
        expect(tagged).toBeInstanceOf(PayloadError)
        const payload = tagged as PayloadError
        expect(payload.field).toBe(expected)
        expect(payload.message).toContain(expected)
        // Nothing was sent, not even a token request.
        expect(fake.requests).toHaveLength(0)
      }
    )
})

describe("what bad input never does", () => {
  it("the error message does not echo a long or control-character value back", async () => {
    const huge = await outcome(surfaces.effect.get("a".repeat(10_000)))
    const crlf = await outcome(surfaces.effect.get(`${SCAN}\r\nX-Injected: 1`))
    for (const result of [huge, crlf]) {
      expect(result.ok).toBe(false)
      if (result.ok) continue
      const message = (result.error as PayloadError).message
      expect(message.length).toBeLessThan(200)
      expect(message).not.toContain("\r\n")
      expect(message).not.toContain("aaaaaaaaaa")
    }
  })
})
