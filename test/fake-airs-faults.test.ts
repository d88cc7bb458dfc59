/** Fault injection of the fake AIRS, tested directly: in process through `fake.handler`, and over real HTTP. */
import { describe, expect, it } from "@effect/vitest"
import { FakeAirs, type FakeAirsOptions, Fault, type FaultRule } from "../src/testing.js"

const BASE = "http://fake-airs.test"

interface Reply {
  readonly status: number
  readonly contentType: string | null
  readonly retryAfter: string | null
  readonly text: string
}

const read = async (response: Response): Promise<Reply> => ({
  status: response.status,
  contentType: response.headers.get("content-type"),
  retryAfter: response.headers.get("retry-after"),
  text: await response.text()
})
const json = (reply: Reply): any => JSON.parse(reply.text)

const basic = (fake: FakeAirs) =>
  `Basic ${btoa(`${fake.credentials.clientId}:${fake.credentials.clientSecret}`)}`

/** A client of a fake at `base` (in process through `fake.handler`, or a served URL through `fetch`). */
const client = (
  fake: FakeAirs,
  base = BASE,
  send: (request: Request) => Promise<Response> = fake.handler
) => {
  let token = ""
  const issue = async () => {
    const reply = await read(
      await send(
        new Request(`${base}/oauth2/access_token`, {
          method: "POST",
          headers: { authorization: basic(fake), "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&scope=tsg_id:${fake.credentials.tsgId}`
        })
      )
    )
    if (reply.status === 200) token = json(reply).access_token
    return reply
  }
  const request = (method: string, path: string, init: { body?: unknown; signal?: AbortSignal } = {}) =>
    new Request(`${base}/aims/data${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal === undefined ? {} : { signal: init.signal })
    })
  const call = async (method: string, path: string, init: { body?: unknown; signal?: AbortSignal } = {}) =>
    read(await send(request(method, path, init)))
  return { issue, request, call, get: (path: string) => call("GET", path), token: () => token }
}

const setup = async (options: FakeAirsOptions = {}) => {
  const fake = FakeAirs.make({ scans: 20, ...options })
  const api = client(fake)
  await api.issue()
  return { fake, api }
}

const groupOf = (fake: FakeAirs) => fake.securityGroups.find((group) => group.source_type === "HUGGING_FACE")!
const createBody = (fake: FakeAirs) => ({
  model_uri: "https://huggingface.co/acme/model",
  security_group_uuid: groupOf(fake).uuid,
  scan_origin: "MODEL_SECURITY_SDK"
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !check(); i++) await sleep(10)
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}
/** Which of `count` requests a rule faulted (1-based). */
const faultedIndexes = async (rule: FaultRule, count: number) => {
  const { fake, api } = await setup()
  fake.inject(rule)
  const hit: Array<number> = []
  for (let n = 1; n <= count; n++) if ((await api.get("/v1/scans?limit=1")).status !== 200) hit.push(n)
  return hit
}

describe("status faults", () => {
  it.each([500, 502, 503, 504, 429])("%i with Retry-After, without handling the request", async (status) => {
    const { fake, api } = await setup()
    const before = fake.scans.length
    fake.inject({ route: "Scans.create", fault: Fault.status(status, { retryAfter: 0 }) })
    const reply = await api.call("POST", "/v1/scans", { body: createBody(fake) })
    expect(reply.status).toBe(status)
    expect(reply.retryAfter).toBe("0")
    expect(reply.contentType).toContain("application/json")
    expect(json(reply)).toEqual({ detail: expect.any(String) })
    expect(fake.scans.length).toBe(before)
    expect(fake.requests.at(-1)).toMatchObject({
      route: "Scans.create",
      faults: [{ rule: "rule-1", fault: { kind: "status", status } }]
    })
  })

  it("takes a custom body, content type and an HTTP-date Retry-After", async () => {
    const { fake, api } = await setup()
    const date = new Date(Date.now() + 2000).toUTCString()
    fake.inject({
      plane: "data",
      fault: Fault.status(503, { retryAfter: date, body: "down", contentType: "text/plain" })
    })
    const reply = await api.get("/v1/scans")
    expect(reply).toMatchObject({ status: 503, retryAfter: date, text: "down" })
    expect(reply.contentType).toContain("text/plain")
  })

  it("applies to the token endpoint by plane or by route name", async () => {
    const fake = FakeAirs.make({ faults: [{ route: "token.issue", first: 2, fault: Fault.status(503) }] })
    const api = client(fake)
    expect((await api.issue()).status).toBe(503)
    expect((await api.issue()).status).toBe(503)
    expect((await api.issue()).status).toBe(200)
    expect(fake.issuedTokens).toHaveLength(1)
    fake.inject({ plane: "token", fault: Fault.status(500) })
    expect((await api.issue()).status).toBe(500)
  })
})

describe("selectors and schedules", () => {
  it("select by plane, route and method", async () => {
    const { fake, api } = await setup()
    const scan = fake.scans[0]!.uuid
    fake.inject({ plane: "mgmt", fault: Fault.status(500) })
    fake.inject({ route: ["Scans.get"], method: "GET", fault: Fault.status(502) })
    fake.inject({ plane: "data", method: "DELETE", fault: Fault.status(503) })
    expect((await api.get("/v1/scans")).status).toBe(200)
    expect((await api.get(`/v1/scans/${scan}`)).status).toBe(502)
    expect((await api.call("DELETE", `/v1/scans/${scan}/labels?keys=a`)).status).toBe(503)
    const mgmt = await fake.handler(
      new Request(`${BASE}/aims/mgmt/v1/security-groups`, {
        headers: { authorization: `Bearer ${api.token()}` }
      })
    )
    expect(mgmt.status).toBe(500)
    expect(fake.faultRules.map((rule) => [rule.matched, rule.fired])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1]
    ])
  })

  it("select routes by operation name, for the new operations too", async () => {
    const { fake, api } = await setup()
    fake.inject({ route: ["Models.list", "CustomRules.listVersions"], fault: Fault.status(503) })
    expect((await api.get("/v1/models")).status).toBe(503)
    expect((await api.get("/v1/models/00000000-0000-4000-8000-000000000000")).status).toBe(404)
    const versions = await fake.handler(
      new Request(`${BASE}/aims/mgmt/v1/custom-rules/versions`, {
        headers: { authorization: `Bearer ${api.token()}` }
      })
    )
    expect(versions.status).toBe(503)
    expect(fake.requests.slice(-3).map((request) => request.route)).toEqual([
      "Models.list",
      "Models.get",
      "CustomRules.listVersions"
    ])
  })

  it("accept the route names of earlier versions, and refuse names that are no route", async () => {
    const { fake, api } = await setup()
    const legacy = fake.inject({ route: "labels.delete", fault: Fault.status(503) })
    const scan = fake.scans[0]!.uuid
    expect((await api.call("DELETE", `/v1/scans/${scan}/labels?keys=a`)).status).toBe(503)
    expect(fake.requests.at(-1)!.route).toBe("Scans.deleteLabels")
    expect(legacy.fired).toBe(1)
    expect(() => fake.inject({ route: ["Scans.list", "scans.lsit"], fault: Fault.hang })).toThrow(
      new RangeError('FakeAirs fault rule rule-2: unknown route "scans.lsit"')
    )
    expect(() => FakeAirs.make({ faults: [{ route: "Models.delete", fault: Fault.hang }] })).toThrow(
      new RangeError('FakeAirs fault rule rule-1: unknown route "Models.delete"')
    )
    expect(fake.faultRules).toHaveLength(1)
  })

  it("first, after, every, at and times pick the n-th matching requests", async () => {
    expect(await faultedIndexes({ plane: "data", first: 3, fault: Fault.status(500) }, 8)).toEqual([1, 2, 3])
    expect(await faultedIndexes({ plane: "data", after: 5, fault: Fault.status(500) }, 8)).toEqual([6, 7, 8])
    expect(await faultedIndexes({ plane: "data", every: 3, fault: Fault.status(500) }, 10)).toEqual([3, 6, 9])
    expect(await faultedIndexes({ plane: "data", at: [2, 7], fault: Fault.status(500) }, 10)).toEqual([2, 7])
    expect(await faultedIndexes({ plane: "data", every: 2, times: 2, fault: Fault.status(500) }, 10)).toEqual(
      [2, 4]
    )
    expect(
      await faultedIndexes({ plane: "data", after: 2, every: 2, first: 8, fault: Fault.status(500) }, 10)
    ).toEqual([4, 6, 8])
  })

  it("rate is reproducible from the seed, and close to the rate asked for", async () => {
    const rule = { plane: "data", rate: 0.2, seed: 42, fault: Fault.status(500) } as const
    const first = await faultedIndexes(rule, 250)
    const again = await faultedIndexes(rule, 250)
    const other = await faultedIndexes({ ...rule, seed: 43 }, 250)
    expect(again).toEqual(first)
    expect(other).not.toEqual(first)
    expect(first.length / 250).toBeGreaterThan(0.12)
    expect(first.length / 250).toBeLessThan(0.28)
    // Without a seed, the fake's seed and the rule's number decide.
    const unseeded = { plane: "data", rate: 0.5, fault: Fault.status(500) } as const
    expect(await faultedIndexes(unseeded, 50)).toEqual(await faultedIndexes(unseeded, 50))
  })

  it('draw: "request" faults the same attempts at the same URLs, whatever the arrival order', async () => {
    const urls = Array.from({ length: 30 }, (_, i) => `/v1/scans?limit=1&skip=${i}`)
    const rule = { plane: "data", rate: 0.3, seed: 9, draw: "request" } as const
    const outcomes = async (order: ReadonlyArray<string>) => {
      const { fake, api } = await setup()
      fake.inject({ ...rule, fault: [Fault.status(500), Fault.status(503)] })
      const seen = new Map<string, Array<number>>()
      for (const url of order) {
        const statuses = seen.get(url) ?? []
        statuses.push((await api.get(url)).status)
        seen.set(url, statuses)
      }
      return Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)))
    }
    const twice = [...urls, ...urls]
    const forward = await outcomes(twice)
    expect(await outcomes([...twice].reverse())).toEqual(forward)
    const faulted = Object.values(forward)
      .flat()
      .filter((status) => status !== 200)
    expect(faulted.length).toBeGreaterThan(5)
    expect(new Set(faulted)).toEqual(new Set([500, 503]))
  })

  it("a list of faults picks one per firing, reproducibly", async () => {
    const { fake, api } = await setup()
    fake.inject({
      plane: "data",
      seed: 3,
      fault: [Fault.status(500), Fault.status(502), Fault.status(503), Fault.status(429)]
    })
    const statuses = new Set<number>()
    for (let i = 0; i < 40; i++) statuses.add((await api.get("/v1/scans?limit=1")).status)
    expect(statuses).toEqual(new Set([500, 502, 503, 429]))
  })

  it("the first rule that replaces the answer wins; latency adds up from every rule", async () => {
    const { fake, api } = await setup()
    const first = fake.inject({ plane: "data", fault: Fault.status(500), name: "first" })
    const shadowed = fake.inject({ plane: "data", fault: Fault.status(503), name: "shadowed" })
    fake.inject({ plane: "data", fault: Fault.latency(30) })
    fake.inject({ plane: "data", fault: Fault.latency(30) })
    const started = Date.now()
    expect((await api.get("/v1/scans")).status).toBe(500)
    expect(Date.now() - started).toBeGreaterThanOrEqual(55)
    expect([first.fired, shadowed.matched, shadowed.fired]).toEqual([1, 1, 0])
    expect(fake.requests.at(-1)!.faults!.map((f) => [f.rule, f.fault.kind])).toEqual([
      ["first", "status"],
      ["rule-3", "latency"],
      ["rule-4", "latency"]
    ])
  })

  it("remove() stops one rule, clearFaults() every rule; the log keeps what happened", async () => {
    const { fake, api } = await setup()
    const failing = fake.inject({ plane: "data", fault: Fault.status(500) })
    fake.inject({ plane: "data", fault: Fault.latency(1) })
    expect((await api.get("/v1/scans")).status).toBe(500)
    failing.remove()
    expect((await api.get("/v1/scans")).status).toBe(200)
    expect(fake.faultRules).toHaveLength(1)
    fake.clearFaults()
    expect(fake.faultRules).toHaveLength(0)
    expect((await api.get("/v1/scans")).status).toBe(200)
    expect(fake.injectedFaults.map((f) => [f.rule, f.fault.kind, f.request.path])).toEqual([
      ["rule-1", "status", "/v1/scans"],
      ["rule-2", "latency", "/v1/scans"],
      ["rule-2", "latency", "/v1/scans"]
    ])
    expect(fake.requests.at(-1)!.faults).toBeUndefined()
  })

  it("malformed rules are refused with a RangeError", () => {
    const fake = FakeAirs.make()
    const bad: ReadonlyArray<FaultRule> = [
      { fault: [] },
      { rate: 1.5, fault: Fault.reset },
      { first: -1, fault: Fault.reset },
      { every: 0, fault: Fault.reset },
      { at: [0], fault: Fault.reset },
      { times: 0.5, fault: Fault.reset },
      { fault: Fault.status(99) },
      { fault: Fault.latency(-1) },
      { fault: Fault.malformed("hugeBody", { bytes: 0 }) },
      { fault: { kind: "malformed", body: "gibberish" as "textPlain" } },
      { draw: "sometimes" as "request", fault: Fault.reset }
    ]
    for (const rule of bad) expect(() => fake.inject(rule)).toThrow(RangeError)
    expect(() => FakeAirs.make({ faults: [{ fault: [] }] })).toThrow(RangeError)
    expect(fake.faultRules).toHaveLength(0)
  })

  it("options keep their defaults; the rules are in faultRules", () => {
    const fake = FakeAirs.make({ scans: 5, faults: [{ fault: Fault.hang, name: "stuck" }] })
    expect(fake.options).not.toHaveProperty("faults")
    expect(fake.faultRules.map((rule) => rule.name)).toEqual(["stuck"])
  })
})

describe("latency, reset, hang and token revocation in process", () => {
  it("latency delays one route only", async () => {
    const { fake, api } = await setup()
    fake.inject({ route: "Scans.get", fault: Fault.latency(80) })
    let started = Date.now()
    expect((await api.get("/v1/scans")).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(70)
    started = Date.now()
    expect((await api.get(`/v1/scans/${fake.scans[0]!.uuid}`)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(70)
  })

  it("reset rejects the handler's promise like fetch does (code ECONNRESET in the cause)", async () => {
    const { fake, api } = await setup()
    fake.inject({ plane: "data", first: 1, fault: Fault.reset })
    const error = await fake.handler(api.request("GET", "/v1/scans")).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe("fetch failed")
    expect(((error as TypeError).cause as { code: string }).code).toBe("ECONNRESET")
    expect((await api.get("/v1/scans")).status).toBe(200)
    expect(fake.requests.filter((r) => r.plane === "data").map((r) => r.faults?.[0]?.fault.kind)).toEqual([
      "reset",
      undefined
    ])
  })

  it("hang never answers until the request is aborted; the abort is recorded", async () => {
    const { fake, api } = await setup()
    fake.inject({ route: "Scans.list", fault: Fault.hang })
    const controller = new AbortController()
    let settled = false
    const pending = fake
      .handler(api.request("GET", "/v1/scans", { signal: controller.signal }))
      .finally(() => {
        settled = true
      })
    await sleep(50)
    expect(settled).toBe(false)
    expect(fake.abortedRequests).toHaveLength(0)
    controller.abort(new Error("gave up"))
    await expect(pending).rejects.toThrow("gave up")
    await waitFor(() => fake.abortedRequests.length === 1, "the abort to be recorded")
    expect(fake.abortedRequests[0]).toMatchObject({ route: "Scans.list", aborted: true })
    // Other routes are not affected, and answered requests are not marked aborted.
    expect((await api.get(`/v1/scans/${fake.scans[0]!.uuid}`)).status).toBe(200)
    expect(fake.requests.at(-1)!.aborted).toBeUndefined()
  })

  it("an abort during injected latency is recorded too", async () => {
    const { fake, api } = await setup()
    fake.inject({ plane: "data", fault: Fault.latency(5_000) })
    const controller = new AbortController()
    const pending = fake.handler(api.request("GET", "/v1/scans", { signal: controller.signal }))
    await sleep(20)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: "AbortError" })
    await waitFor(() => fake.abortedRequests.length === 1, "the abort to be recorded")
  })

  it("revokeTokens at the n-th data request: that request and later ones with the old token get 401", async () => {
    const { fake, api } = await setup()
    fake.inject({ plane: "data", at: [3], fault: Fault.revokeTokens })
    const statuses: Array<number> = []
    for (let i = 0; i < 4; i++) statuses.push((await api.get("/v1/scans?limit=1")).status)
    expect(statuses).toEqual([200, 200, 401, 401])
    await api.issue()
    expect((await api.get("/v1/scans?limit=1")).status).toBe(200)
    expect(fake.issuedTokens).toHaveLength(2)
  })

  it("revokeTokens on demand (fake.revokeTokens()) still works", async () => {
    const { fake, api } = await setup()
    fake.revokeTokens()
    expect((await api.get("/v1/scans")).status).toBe(401)
  })
})

describe("malformed bodies", () => {
  const malformed = async (rule: Omit<FaultRule, "fault"> & { fault: Fault }, path = "/v1/scans?limit=3") => {
    const { fake, api } = await setup()
    fake.inject({ route: ["Scans.list", "Scans.get", "Scans.create"], ...rule })
    return { fake, reply: await api.get(path) }
  }

  it("html502: a proxy's HTML page", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("html502") })
    expect(reply.status).toBe(502)
    expect(reply.contentType).toContain("text/html")
    expect(reply.text).toContain("<h1>502 Bad Gateway</h1>")
  })

  it("textPlain: 200 text/plain", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("textPlain") })
    expect(reply).toMatchObject({ status: 200, text: "OK" })
    expect(reply.contentType).toContain("text/plain")
  })

  it("truncatedJson: half of the JSON body", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("truncatedJson") })
    expect(reply.status).toBe(200)
    const start = '{"pagination":{"total_items":20},"count_capped":false,"scans":['
    expect(reply.text.slice(0, start.length)).toBe(start)
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError)
  })

  it("arrayInsteadOfObject: the body in an array", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("arrayInsteadOfObject") })
    expect(json(reply)).toEqual([expect.objectContaining({ pagination: { total_items: 20 } })])
  })

  it("missingField: the first item's uuid by default, or the field given", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("missingField") })
    const body = json(reply)
    expect(body.scans[0]).not.toHaveProperty("uuid")
    expect(body.scans[1]).toHaveProperty("uuid")
    const { fake, reply: one } = await malformed(
      { fault: Fault.malformed("missingField", { field: "model_uri" }) },
      `/v1/scans/${FakeAirs.make({ scans: 20 }).scans[0]!.uuid}`
    )
    expect(json(one)).not.toHaveProperty("model_uri")
    expect(json(one)).toHaveProperty("uuid")
    // The fake's own records are untouched.
    expect(fake.scans[0]).toHaveProperty("model_uri")
  })

  it("wrongType: a string becomes a number, anything else a string", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("wrongType") })
    expect(json(reply).scans[0].uuid).toBe(42)
    const { reply: total } = await malformed({
      fault: Fault.malformed("wrongType", { field: "pagination.total_items" })
    })
    expect(json(total).pagination.total_items).toBe("20")
  })

  it("nullList: the page's list is null", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("nullList") })
    expect(json(reply)).toEqual({ pagination: { total_items: 20 }, count_capped: false, scans: null })
  })

  it("emptyBody: 200 and nothing", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("emptyBody") })
    expect(reply).toMatchObject({ status: 200, text: "" })
  })

  it("noContent: 204 on a GET", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("noContent") })
    expect(reply).toMatchObject({ status: 204, text: "" })
  })

  it("hugeBody: about 5 MiB of valid JSON by default, padding each item", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("hugeBody") })
    expect(reply.text.length).toBeGreaterThanOrEqual(5 * 1024 * 1024)
    expect(reply.text.length).toBeLessThan(5.1 * 1024 * 1024)
    const body = json(reply)
    expect(body.scans).toHaveLength(3)
    expect(body.scans[0].x_padding.length).toBeGreaterThan(1_000_000)
    const { reply: small } = await malformed({ fault: Fault.malformed("hugeBody", { bytes: 100_000 }) })
    expect(small.text.length).toBeGreaterThanOrEqual(100_000)
    expect(small.text.length).toBeLessThan(110_000)
  })

  it("unknownEnum: enum values the API does not have yet, and extra fields", async () => {
    const { reply } = await malformed({ fault: Fault.malformed("unknownEnum") })
    const body = json(reply)
    expect(body.x_added_later).toEqual({ added: "later" })
    for (const scan of body.scans) {
      expect(scan).toMatchObject({
        eval_outcome: "VALUE_FROM_THE_FUTURE",
        source_type: "VALUE_FROM_THE_FUTURE",
        scan_origin: "VALUE_FROM_THE_FUTURE",
        x_added_later: { added: "later" }
      })
    }
  })

  it("malformed bodies other than html502 are made after the request was handled", async () => {
    const { fake, api } = await setup()
    const before = fake.scans.length
    fake.inject({ route: "Scans.create", fault: Fault.malformed("truncatedJson") })
    fake.inject({ route: "Scans.create", fault: Fault.malformed("html502") })
    expect((await api.call("POST", "/v1/scans", { body: createBody(fake) })).status).toBe(201)
    expect(fake.scans.length).toBe(before + 1)
    fake.clearFaults()
    fake.inject({ route: "Scans.create", fault: Fault.malformed("html502") })
    expect((await api.call("POST", "/v1/scans", { body: createBody(fake) })).status).toBe(502)
    expect(fake.scans.length).toBe(before + 1)
  })
})

describe("over real HTTP", () => {
  const served = async (options: FakeAirsOptions = {}) => {
    const fake = FakeAirs.make({ scans: 20, ...options })
    const server = await fake.listen()
    const api = client(fake, server.url, (request) => fetch(request))
    await api.issue()
    return { fake, server, api }
  }

  it("reset drops the connection; the server keeps serving", async () => {
    const { fake, server, api } = await served()
    try {
      fake.inject({ plane: "data", first: 1, fault: Fault.reset })
      const error = await fetch(api.request("GET", "/v1/scans")).then(
        () => undefined,
        (e: unknown) => e as TypeError
      )
      expect(error).toBeInstanceOf(TypeError)
      expect(JSON.stringify(String((error?.cause as Error | undefined)?.message ?? error))).toMatch(
        /ECONNRESET|other side closed|socket/i
      )
      expect((await api.get("/v1/scans")).status).toBe(200)
      expect(fake.abortedRequests).toHaveLength(0)
    } finally {
      await server.close()
    }
  })

  it("hang over HTTP: the client's abort closes the connection and is recorded", async () => {
    const { fake, server, api } = await served()
    try {
      fake.inject({ route: "Scans.list", fault: Fault.hang })
      const controller = new AbortController()
      const pending = fetch(api.request("GET", "/v1/scans", { signal: controller.signal }))
      await waitFor(() => fake.requests.some((r) => r.route === "Scans.list"), "the request to arrive")
      await sleep(20)
      expect(fake.abortedRequests).toHaveLength(0)
      controller.abort()
      await expect(pending).rejects.toMatchObject({ name: "AbortError" })
      await waitFor(() => fake.abortedRequests.length === 1, "the abort to be recorded")
      expect(fake.abortedRequests[0]!.route).toBe("Scans.list")
    } finally {
      await server.close()
    }
  })

  it("counts open connections, and closing the server is not a client abort", async () => {
    const { fake, server, api } = await served()
    fake.inject({ route: "Scans.list", fault: Fault.hang })
    const pending = fetch(api.request("GET", "/v1/scans")).catch((e: unknown) => e)
    await waitFor(() => fake.requests.some((r) => r.route === "Scans.list"), "the request to arrive")
    expect(server.connections()).toBeGreaterThanOrEqual(1)
    await server.close()
    expect(await pending).toBeInstanceOf(TypeError)
    await waitFor(() => server.connections() === 0, "the connections to close")
    expect(fake.abortedRequests).toHaveLength(0)
  })

  it("status, latency and malformed faults look the same on the wire", async () => {
    const { fake, server, api } = await served()
    try {
      fake.inject({ plane: "data", first: 1, fault: Fault.status(429, { retryAfter: 1 }) })
      fake.inject({ plane: "data", at: [2], fault: Fault.malformed("html502") })
      fake.inject({ plane: "data", at: [3], fault: [Fault.latency(40), Fault.malformed("noContent")] })
      expect(await api.get("/v1/scans")).toMatchObject({ status: 429, retryAfter: "1" })
      const html = await api.get("/v1/scans")
      expect(html.status).toBe(502)
      expect(html.contentType).toContain("text/html")
      expect((await api.get("/v1/scans")).status).toBeOneOf([200, 204])
      expect((await api.get("/v1/scans")).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
