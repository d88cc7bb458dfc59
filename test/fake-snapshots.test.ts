/** Tests of the fake AIRS snapshot history: generations, the versions endpoints and their cursor, reads at a generation. */
import { afterEach, beforeEach, describe, expect, it, vi } from "@effect/vitest"
import { FakeAirs } from "../src/testing.js"
import { connect as connectFake } from "./support/fake-client.js"

const NOW = Date.UTC(2026, 2, 1, 10)
/** The generation of a change made `ms` milliseconds after NOW: the time in microseconds. */
const generationAt = (ms: number) => (NOW + ms) * 1000
/** The timestamp of that generation, as the API formats it. */
const stampAt = (ms: number) =>
  ms === 0 ? "2026-03-01T10:00:00Z" : `2026-03-01T10:00:00.${String(ms).padStart(3, "0")}000Z`

/** A management-plane client of a fake, in process, holding a fresh token. */
const connect = async (fake: FakeAirs) => (await connectFake(fake)).mgmt

const setup = async () => {
  const fake = FakeAirs.make({ scans: 0 })
  return { fake, api: await connect(fake) }
}

type Api = Awaited<ReturnType<typeof connect>>

/** Every version of a snapshot, following the cursor page by page (percent-encoded, as a client must send it). */
const follow = async (api: Api, path: string, limit: number) => {
  const pages: Array<{ generations: ReadonlyArray<number>; token: string | null }> = []
  let token: string | null = null
  do {
    const query: string =
      token === null ? `limit=${limit}` : `limit=${limit}&next_token=${encodeURIComponent(token)}`
    const reply = await api.get(`${path}?${query}`)
    expect(reply.status).toBe(200)
    token = reply.body.pagination.next_token
    pages.push({ generations: reply.body.versions.map((version: any) => version.generation), token })
  } while (token !== null)
  return pages
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime(NOW)
})
afterEach(() => {
  vi.useRealTimers()
})

describe("security rules snapshots", () => {
  it("list the seeded generations newest first, and read each one", async () => {
    const { fake, api } = await setup()
    const versions = (await api.get("/v1/security-rules/versions")).body
    const at = (date: string) => ({ generation: Date.parse(date) * 1000, timestamp: date })
    expect(versions).toEqual({
      versions: [at("2025-11-30T00:00:00Z"), at("2025-11-01T00:00:00Z"), at("2025-10-01T00:00:00Z")],
      pagination: { next_token: null }
    })
    const rules = fake.securityRules
    for (const [version, count] of [
      [versions.versions[0].generation, rules.length],
      [versions.versions[2].generation, rules.length - 3]
    ]) {
      const read = (await api.get(`/v1/security-rules?generation=${version}&limit=100`)).body
      expect(read).toEqual({
        pagination: { total_items: count },
        rules: rules.slice(0, count).map((rule) => ({ ...rule, enabled_security_group_count: null }))
      })
    }
    const filtered = (
      await api.get(
        `/v1/security-rules?generation=${versions.versions[1].generation}&source_type=S3&limit=100`
      )
    ).body.rules
    expect(filtered.map((rule: any) => rule.name)).toEqual(
      rules
        .slice(0, rules.length - 1)
        .filter((rule) => rule.compatible_sources.includes("S3"))
        .map((rule) => rule.name)
    )
    expect(await api.get("/v1/security-rules?generation=1")).toEqual({
      status: 404,
      body: { detail: "Snapshot generation 1 not found" }
    })
  })
})

describe("a group's rule instance snapshots", () => {
  it("get a generation for every change, readable with generation=N (timestamps null, filters ignored)", async () => {
    const { fake, api } = await setup()
    const group = (await api.post("/v1/security-groups", { name: "History", source_type: "LOCAL" })).body
    const [first, second] = fake.ruleInstances(group.uuid)
    const instancePath = (uuid: string) => `/v1/security-groups/${group.uuid}/rule-instances/${uuid}`
    await api.put(instancePath(first!.uuid), { security_group_uuid: group.uuid, state: "DISABLED" })
    await api.put(instancePath(second!.uuid), {
      security_group_uuid: group.uuid,
      field_values: { deny_orgs: ["x"] }
    })
    const rule = (
      await api.post("/v1/custom-rules", {
        name: "Owner",
        compatible_sources: ["ALL"],
        condition: { type: "label", key: "owner", operator: "not_exists" },
        violation_message: "No owner"
      })
    ).body
    await api.post(`/v1/custom-rules/${rule.uuid}/security-groups`, {
      assignments: [{ security_group_uuid: group.uuid, state: "BLOCKING" }]
    })
    await api.del(`/v1/custom-rules/${rule.uuid}/security-groups/${group.uuid}`)
    await api.put(`/v1/security-groups/${group.uuid}`, { name: "Renamed" })

    // Group creation, two instance updates, the assignment and its removal: five generations, one a
    // millisecond after the other (the clock stands still; the fake keeps its writes in order).
    const path = `/v1/security-groups/${group.uuid}/rule-instances/versions`
    const changes = [0, 1, 2, 4, 5]
    const generations = changes.map(generationAt)
    expect((await api.get(path)).body).toEqual({
      versions: [...changes]
        .reverse()
        .map((ms) => ({ generation: generationAt(ms), timestamp: stampAt(ms) })),
      pagination: { next_token: null }
    })
    const read = async (generation: number, query = "") =>
      (
        await api.get(
          `/v1/security-groups/${group.uuid}/rule-instances?generation=${generation}&limit=100${query}`
        )
      ).body.rule_instances
    const current = fake.ruleInstances(group.uuid)
    const snapshot = (instances: ReadonlyArray<any>) =>
      instances.map((instance) => ({ ...instance, created_at: null, updated_at: null }))
    expect(await read(generations[0]!)).toEqual(snapshot([first, second, ...current.slice(2)]))
    expect(await read(generations[1]!)).toEqual(snapshot([current[0], second, ...current.slice(2)]))
    expect(await read(generations[2]!)).toEqual(snapshot(current))
    const assigned = await read(generations[3]!, "&state=DISABLED&is_custom=false")
    expect(assigned).toHaveLength(current.length + 1)
    expect(assigned.at(-1)).toMatchObject({
      custom_rule_uuid: rule.uuid,
      custom_rule: { uuid: rule.uuid, name: "Owner", description: "" },
      rule: null,
      security_rule_uuid: null,
      state: "BLOCKING",
      created_at: null,
      updated_at: null
    })
    expect(await read(generations[4]!)).toEqual(snapshot(current))
    expect(
      await api.get(`/v1/security-groups/${group.uuid}/rule-instances?generation=${generationAt(3)}`)
    ).toEqual({
      status: 404,
      body: { detail: `Snapshot generation ${generationAt(3)} not found` }
    })
  })

  it("page by a cursor that holds + and /, every version exactly once", async () => {
    const { fake, api } = await setup()
    const group = fake.securityGroups[0]!
    const instance = fake.ruleInstances(group.uuid)[0]!
    for (const state of ["ALLOWING", "DISABLED", "BLOCKING", "ALLOWING", "DISABLED"]) {
      await api.put(`/v1/security-groups/${group.uuid}/rule-instances/${instance.uuid}`, {
        security_group_uuid: group.uuid,
        state
      })
    }
    const path = `/v1/security-groups/${group.uuid}/rule-instances/versions`
    const all = (await api.get(`${path}?limit=100`)).body.versions.map((version: any) => version.generation)
    // Seeded: the group's creation and the assignment of the owner-label custom rule; then five updates.
    expect(all).toEqual([
      ...[4, 3, 2, 1, 0].map(generationAt),
      Date.parse("2025-12-11T00:05:00Z") * 1000,
      Date.parse("2025-12-01T00:00:00Z") * 1000
    ])
    const pages = await follow(api, path, 3)
    expect(pages.map((page) => page.generations)).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)])
    const tokens = pages.flatMap((page) => (page.token === null ? [] : [page.token]))
    expect(tokens).toHaveLength(2)
    for (const token of tokens) expect(token).toMatch(/^\+\/\+\/[A-Za-z0-9+/]+=*$/)
    // Sent as is, "+" reads as a space in a query string: the cursor no longer matches.
    const raw = await api.get(`${path}?limit=3&next_token=${tokens[0]}`)
    expect(raw).toEqual({
      status: 422,
      body: {
        detail: [
          {
            type: "value_error",
            loc: ["query", "next_token"],
            msg: "Value error, Invalid pagination token",
            input: tokens[0]!.replaceAll("+", " "),
            ctx: { error: {} }
          }
        ]
      }
    })
    const other = fake.securityGroups[1]!
    const elsewhere = await api.get(
      `/v1/security-groups/${other.uuid}/rule-instances/versions?next_token=${encodeURIComponent(tokens[0]!)}`
    )
    expect(elsewhere.status).toBe(422)
  })
})

describe("custom rule snapshots", () => {
  it("get a generation for every change; a read at a generation has the snapshot's nulls", async () => {
    const { fake, api } = await setup()
    const seeded = (await api.get("/v1/custom-rules/versions")).body.versions
    expect(seeded).toHaveLength(fake.customRules.length + 1)
    const created = (
      await api.post("/v1/custom-rules", {
        name: "Team",
        compatible_sources: ["S3"],
        condition: { type: "label", key: "team", operator: "exists" },
        violation_message: "No team"
      })
    ).body
    await api.put(`/v1/custom-rules/${created.uuid}`, { name: "Team label" })
    await api.post(`/v1/custom-rules/${created.uuid}/archive`)
    const versions = (await api.get("/v1/custom-rules/versions?limit=3")).body
    expect(versions.versions.map((version: any) => version.generation)).toEqual([2, 1, 0].map(generationAt))
    expect(versions.pagination.next_token).toEqual(expect.stringMatching(/[+/]/))
    const read = async (generation: number) =>
      (await api.get(`/v1/custom-rules?generation=${generation}&is_archived=false&search_query=zzz`)).body
    const inSnapshot = (name: string, archived: boolean) => ({
      ...created,
      name,
      is_archived: archived,
      condition: null,
      rule_action: null,
      created_at: null,
      updated_at: null,
      enabled_security_group_count: null
    })
    const seededRules = fake.customRules.slice(0, -1).map((rule) => ({
      ...rule,
      condition: null,
      rule_action: null,
      created_at: null,
      updated_at: null,
      enabled_security_group_count: null
    }))
    expect(await read(generationAt(0))).toEqual({
      pagination: { total_items: 5 },
      custom_rules: [...seededRules, inSnapshot("Team", false)].slice(0, 10)
    })
    expect((await read(generationAt(1))).custom_rules.at(-1)).toEqual(inSnapshot("Team label", false))
    expect((await read(generationAt(2))).custom_rules.at(-1)).toEqual(inSnapshot("Team label", true))
    expect((await read(seeded.at(-1).generation)).custom_rules).toEqual(seededRules.slice(0, 1))
  })
})
