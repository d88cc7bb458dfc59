/**
 * Snapshot versions: the cursor-paged versions lists of the rule catalogue, the custom rules and a
 * group's rule instances (Effect streams and compat iteration), and reads at a generation.
 */

import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Option, Stream } from "effect"
import {
  Condition,
  CustomRules,
  SecurityGroups,
  SecurityRules,
  ServerError,
  type SnapshotVersion
} from "../src/index.js"
import { FakeAirs } from "../src/testing.js"
import { compatClientFor } from "./support/compat-client.js"
import { type Canned, type Handler, over, scripted } from "./support/handlers.js"

/** Every request URL exactly as the SDK sent it (still percent-encoded), and the JSON it was answered with. */
const recording = (inner: Handler) => {
  const exchanges: Array<{ readonly url: string; readonly body: any }> = []
  const handler: Handler = async (request) => {
    const url = request.url
    const response = await inner(request)
    const text = await response.clone().text()
    exchanges.push({ url, body: text === "" ? undefined : JSON.parse(text) })
    return response
  }
  return { handler, exchanges }
}

const isVersions = (request: Request) => new URL(request.url).pathname.endsWith("/versions")

/** The versions calls among the recorded exchanges, with their raw query and the token they sent. */
const versionCalls = (exchanges: ReadonlyArray<{ readonly url: string; readonly body: any }>) =>
  exchanges
    .filter((exchange) => new URL(exchange.url).pathname.endsWith("/versions"))
    .map((exchange) => ({
      rawQuery: exchange.url.slice(exchange.url.indexOf("?") + 1),
      token: new URL(exchange.url).searchParams.get("next_token"),
      answer: exchange.body
    }))

/** Newest first, each generation once. */
const strictlyDecreasing = (versions: ReadonlyArray<SnapshotVersion>) => {
  const generations = versions.map((v) => v.generation)
  expect(generations).toEqual([...new Set(generations)].sort((a, b) => b - a))
}

/**
 * The pages followed with `limit`: the first sends no token, each next one sends the previous answer's
 * token, percent-encoded exactly as received (`+` as %2B, `/` as %2F, `=` as %3D), and the last answer
 * has none.
 */
const expectCursorFollowed = (
  calls: ReturnType<typeof versionCalls>,
  limit: number,
  all: ReadonlyArray<SnapshotVersion>
) => {
  expect(calls).toHaveLength(Math.ceil(all.length / limit))
  expect(calls.flatMap((call) => call.answer.versions)).toEqual(all)
  expect(calls[0]!.rawQuery).toBe(`limit=${limit}`)
  for (let i = 1; i < calls.length; i++) {
    const received: string = calls[i - 1]!.answer.pagination.next_token
    expect(received).toMatch(/\+/)
    expect(received).toMatch(/\//)
    expect(calls[i]!.token).toBe(received)
    expect(calls[i]!.rawQuery).toBe(
      `limit=${limit}&next_token=${received.replaceAll("+", "%2B").replaceAll("/", "%2F").replaceAll("=", "%3D")}`
    )
  }
  expect(calls.at(-1)!.answer.pagination.next_token).toBeNull()
}

/**
 * Runs `stream` (pages of `limit`) on a cleared recording: it gives the versions `listed` gives, newest
 * first, following the cursor. The versions streamed.
 */
const expectStreamedAsListed = <E, R>(
  recorder: ReturnType<typeof recording>,
  stream: Stream.Stream<SnapshotVersion, E, R>,
  limit: number,
  listed: ReadonlyArray<SnapshotVersion>
) =>
  Effect.gen(function* () {
    recorder.exchanges.length = 0
    const all = Chunk.toReadonlyArray(yield* Stream.runCollect(stream))
    expect(all).toEqual(listed)
    strictlyDecreasing(all)
    expectCursorFollowed(versionCalls(recorder.exchanges), limit, all)
    return all
  })

describe("streams of snapshot versions follow the cursor to the end", () => {
  it.effect("SecurityRules.streamVersions: every catalogue version once, newest first", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const recorder = recording(fake.handler)
    return Effect.gen(function* () {
      const rules = yield* SecurityRules
      const oracle = yield* rules.listVersions({ limit: 100 })
      expect(oracle.versions).toHaveLength(3)
      expect(oracle.pagination.next_token).toBeNull()
      yield* expectStreamedAsListed(recorder, rules.streamVersions({ limit: 1 }), 1, oracle.versions)
    }).pipe(Effect.provide(over(fake, recorder.handler)))
  })

  it.effect("CustomRules.streamVersions: every custom rules version once, newest first", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const recorder = recording(fake.handler)
    return Effect.gen(function* () {
      const rules = yield* CustomRules
      const seeded = (yield* rules.listVersions({ limit: 100 })).versions.length
      const rule = yield* rules.create({
        name: "Team",
        compatible_sources: ["ALL"],
        condition: Condition.label("team", "exists"),
        violation_message: "No team label"
      })
      yield* rules.update(rule.uuid, { name: "Team label" })
      yield* rules.archive(rule.uuid)
      yield* rules.unarchive(rule.uuid)
      const oracle = yield* rules.listVersions({ limit: 100 })
      expect(oracle.versions).toHaveLength(seeded + 4)
      yield* expectStreamedAsListed(recorder, rules.streamVersions({ limit: 3 }), 3, oracle.versions)
    }).pipe(Effect.provide(over(fake, recorder.handler)))
  })

  it.effect("SecurityGroups.streamRuleInstanceVersions: every version of the group's instances once", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const recorder = recording(fake.handler)
    return Effect.gen(function* () {
      const groups = yield* SecurityGroups
      const group = fake.securityGroups[0]!.uuid
      const instance = fake.ruleInstances(group)[0]!.uuid
      const seeded = (yield* groups.listRuleInstanceVersions(group)).versions.length
      for (const state of ["ALLOWING", "DISABLED", "BLOCKING", "ALLOWING", "DISABLED"] as const) {
        yield* groups.updateRuleInstance(group, instance, { state })
      }
      const oracle = yield* groups.listRuleInstanceVersions(group, { limit: 100 })
      expect(oracle.versions).toHaveLength(seeded + 5)
      const all = yield* expectStreamedAsListed(
        recorder,
        groups.streamRuleInstanceVersions(group, { limit: 2 }),
        2,
        oracle.versions
      )
      // Another group's versions are its own.
      const other = fake.securityGroups[1]!.uuid
      const theirs = yield* Stream.runCollect(groups.streamRuleInstanceVersions(other))
      expect(Chunk.toReadonlyArray(theirs)).toEqual((yield* groups.listRuleInstanceVersions(other)).versions)
      const mine = new Set(all.map((v) => v.generation))
      expect(Chunk.toReadonlyArray(theirs).filter((v) => mine.has(v.generation))).toEqual([])
    }).pipe(Effect.provide(over(fake, recorder.handler)))
  })

  it.effect("a page can be asked for by hand with the token it was given", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const recorder = recording(fake.handler)
    return Effect.gen(function* () {
      const rules = yield* SecurityRules
      const first = yield* rules.listVersions({ limit: 2 })
      const token = first.pagination.next_token!
      expect(token).toMatch(/[+/]/)
      const second = yield* rules.listVersions({ limit: 2, next_token: token })
      expect(versionCalls(recorder.exchanges).at(-1)!.token).toBe(token)
      const all = yield* rules.listVersions({ limit: 100 })
      expect([...first.versions, ...second.versions]).toEqual(all.versions)
      expect(second.pagination.next_token).toBeNull()
    }).pipe(Effect.provide(over(fake, recorder.handler)))
  })

  it.effect("bad parameters are PayloadErrors before anything is sent", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return Effect.gen(function* () {
      const before = fake.requests.length
      const rules = yield* SecurityRules
      const custom = yield* CustomRules
      const groups = yield* SecurityGroups
      expect(yield* Effect.flip(rules.listVersions({ limit: 0 }))).toMatchObject({
        _tag: "PayloadError",
        field: "limit"
      })
      expect(yield* Effect.flip(Stream.runCollect(custom.streamVersions({ limit: 101 })))).toMatchObject({
        _tag: "PayloadError",
        field: "limit"
      })
      expect(yield* Effect.flip(Stream.runCollect(groups.streamRuleInstanceVersions("group")))).toMatchObject(
        {
          _tag: "PayloadError",
          field: "security_group_uuid"
        }
      )
      expect(fake.requests.length).toBe(before)
    }).pipe(Effect.provide(over(fake, fake.handler)))
  })
})

describe("a server that repeats a next_token", () => {
  const version = (generation: number): SnapshotVersion => ({
    generation,
    timestamp: new Date(generation / 1000).toISOString()
  })
  const pageOf = (generations: ReadonlyArray<number>, next_token: string | null): Canned => ({
    status: 200,
    body: JSON.stringify({ versions: generations.map(version), pagination: { next_token } })
  })

  it.effect("ends the stream with a ServerError instead of looping", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const script = scripted(fake.handler, isVersions, [pageOf([3e15], "a+/="), pageOf([2e15], "a+/=")], {
      repeat: true
    })
    return Effect.gen(function* () {
      const items = yield* Stream.runCollect(Stream.either((yield* CustomRules).streamVersions({ limit: 1 })))
      // The first page's version, then the error (the page that repeats the token is not trusted).
      expect(Chunk.toReadonlyArray(items).map(Either.map((v) => v.generation))).toEqual([
        Either.right(3e15),
        Either.left(expect.any(ServerError))
      ])
      const error = Either.getLeft(Chunk.unsafeGet(items, 1)).pipe(Option.getOrThrow)
      expect(error).toBeInstanceOf(ServerError)
      expect(error).toMatchObject({
        _tag: "ServerError",
        reason: "Decode",
        operation: "GET /v1/custom-rules/versions",
        message: "GET /v1/custom-rules/versions returned a next_token it had returned before"
      })
      expect(script.answered()).toBe(2)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("also when the token comes back pages later", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const group = fake.securityGroups[0]!.uuid
    const script = scripted(
      fake.handler,
      isVersions,
      [pageOf([4e15], "A"), pageOf([3e15], "B"), pageOf([2e15], "A"), pageOf([1e15], null)],
      { repeat: true }
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip(
        Stream.runCollect((yield* SecurityGroups).streamRuleInstanceVersions(group))
      )
      expect(error).toMatchObject({
        _tag: "ServerError",
        reason: "Decode",
        operation: "GET /v1/security-groups/{security_group_uuid}/rule-instances/versions"
      })
      expect(script.answered()).toBe(3)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })

  it.effect("an empty or absent next_token ends the stream", () => {
    const fake = FakeAirs.make({ scans: 0 })
    const script = scripted(fake.handler, isVersions, [
      pageOf([3e15], "x"),
      pageOf([2e15], ""),
      { status: 200, body: JSON.stringify({ versions: [version(1e15)], pagination: {} }) }
    ])
    return Effect.gen(function* () {
      const rules = yield* SecurityRules
      expect(Chunk.toReadonlyArray(yield* Stream.runCollect(rules.streamVersions()))).toEqual([
        version(3e15),
        version(2e15)
      ])
      expect(Chunk.toReadonlyArray(yield* Stream.runCollect(rules.streamVersions()))).toEqual([version(1e15)])
      expect(script.answered()).toBe(3)
    }).pipe(Effect.provide(over(fake, script.handler)))
  })
})

describe("reads at a generation decode the snapshot shapes", () => {
  it.effect("rule catalogue, custom rules and rule instances as they were", () => {
    const fake = FakeAirs.make({ scans: 0 })
    return Effect.gen(function* () {
      const rules = yield* SecurityRules
      const custom = yield* CustomRules
      const groups = yield* SecurityGroups

      // The catalogue: the oldest generation lacks the three newest rules; counts are not in snapshots.
      const catalogue = (yield* rules.listVersions()).versions
      const oldest = yield* rules.list({ generation: catalogue.at(-1)!.generation, limit: 100 })
      const current = fake.securityRules
      expect(oldest).toEqual({
        pagination: { total_items: current.length - 3 },
        rules: current
          .slice(0, current.length - 3)
          .map((rule) => ({ ...rule, enabled_security_group_count: null }))
      })
      expect(fake.requests.at(-1)!.query).toEqual({
        generation: [String(catalogue.at(-1)!.generation)],
        limit: ["100"]
      })

      // Custom rules: the snapshot has no condition, action or timestamps.
      const created = yield* custom.create({
        name: "Team",
        compatible_sources: ["S3"],
        condition: Condition.label("team", "exists"),
        violation_message: "No team label"
      })
      yield* custom.update(created.uuid, { name: "Team label" })
      const [renamed, made] = (yield* custom.listVersions({ limit: 2 })).versions
      const asSnapshot = (name: string) => ({
        ...created,
        name,
        condition: null,
        rule_action: null,
        created_at: null,
        updated_at: null,
        enabled_security_group_count: null
      })
      expect((yield* custom.list({ generation: made!.generation, limit: 100 })).custom_rules.at(-1)).toEqual(
        asSnapshot("Team")
      )
      expect(
        (yield* custom.list({ generation: renamed!.generation, limit: 100 })).custom_rules.at(-1)
      ).toEqual(asSnapshot("Team label"))
      expect((yield* custom.get(created.uuid)).name).toBe("Team label")

      // A group's rule instances: the snapshot has no timestamps.
      const group = fake.securityGroups[0]!.uuid
      const before = fake.ruleInstances(group)
      yield* groups.updateRuleInstance(group, before[0]!.uuid, { state: "DISABLED" })
      const [changed, previous] = (yield* groups.listRuleInstanceVersions(group, { limit: 2 })).versions
      const snapshot = (instances: typeof before) =>
        instances.map((instance) => ({ ...instance, created_at: null, updated_at: null }))
      const at = (generation: number) =>
        Effect.map(groups.listRuleInstances(group, { generation, limit: 100 }), (page) => page.rule_instances)
      expect(yield* at(previous!.generation)).toEqual(snapshot(before))
      expect(yield* at(changed!.generation)).toEqual(snapshot(fake.ruleInstances(group)))
      expect((yield* at(changed!.generation))[0]!.state).toBe("DISABLED")
      expect(before[0]!.state).not.toBe("DISABLED")

      expect(yield* Effect.flip(rules.list({ generation: 1 }))).toMatchObject({
        _tag: "ClientError",
        status: 404,
        message: expect.stringContaining("Snapshot generation 1 not found")
      })
    }).pipe(Effect.provide(over(fake, fake.handler)))
  })
})

describe("compat: iterateVersions and listAllVersions", () => {
  const fake = FakeAirs.make({ scans: 0 })
  const client = compatClientFor(fake)
  const versionRequests = () => fake.requests.filter((r) => r.path.endsWith("/versions"))

  it("follow each cursor to the end, sending the tokens back as received", async () => {
    const group = fake.securityGroups[0]!.uuid
    const instance = fake.ruleInstances(group)[0]!.uuid
    for (const state of ["ALLOWING", "DISABLED", "BLOCKING"]) {
      await client().securityGroups.updateRuleInstance(group, instance, { state })
    }
    const rule = await client().customRules.create({
      name: "Owner",
      compatible_sources: ["ALL"],
      condition: { type: "label", key: "owner", operator: "not_exists" },
      violation_message: "No owner"
    })
    await client().customRules.archive(rule.uuid)

    type Page = {
      readonly versions: ReadonlyArray<SnapshotVersion>
      readonly pagination: { readonly next_token?: string | null | undefined }
    }
    const cases: ReadonlyArray<{
      readonly page: (params: { limit: number; next_token?: string }) => Promise<Page>
      readonly all: (limit: number) => Promise<Array<SnapshotVersion>>
      readonly iterate: (limit: number) => AsyncIterable<SnapshotVersion>
    }> = [
      {
        page: (params) => client().securityRules.listVersions(params),
        all: (limit) => client().securityRules.listAllVersions({ limit }),
        iterate: (limit) => client().securityRules.iterateVersions({ limit })
      },
      {
        page: (params) => client().customRules.listVersions(params),
        all: (limit) => client().customRules.listAllVersions({ limit }),
        iterate: (limit) => client().customRules.iterateVersions({ limit })
      },
      {
        page: (params) => client().securityGroups.listRuleInstanceVersions(group, params),
        all: (limit) => client().securityGroups.listAllRuleInstanceVersions(group, { limit }),
        iterate: (limit) => client().securityGroups.iterateRuleInstanceVersions(group, { limit })
      }
    ]
    /** The tokens of the pages of `limit` versions, followed by hand. */
    const tokensOf = async (page: (typeof cases)[number]["page"], limit: number) => {
      const tokens: Array<string> = []
      let next = (await page({ limit })).pagination.next_token
      while (typeof next === "string") {
        tokens.push(next)
        next = (await page({ limit, next_token: next })).pagination.next_token
      }
      return tokens
    }
    for (const { page, all, iterate } of cases) {
      const oracle = (await page({ limit: 100 })).versions
      expect(oracle.length).toBeGreaterThanOrEqual(3)
      strictlyDecreasing(oracle)
      for (const [limit, collect] of [
        [1, async () => all(1)],
        [
          2,
          async () => {
            const iterated: Array<SnapshotVersion> = []
            for await (const version of iterate(2)) iterated.push(version)
            return iterated
          }
        ]
      ] as const) {
        const tokens = await tokensOf(page, limit)
        expect(tokens).toHaveLength(Math.ceil(oracle.length / limit) - 1)
        for (const token of tokens) expect(token).toMatch(/[+/]/)
        const before = versionRequests().length
        expect(await collect()).toEqual(oracle)
        const sent = versionRequests().slice(before)
        expect(sent.map((r) => r.query.next_token ?? [])).toEqual([[], ...tokens.map((token) => [token])])
      }
    }
  })
})
