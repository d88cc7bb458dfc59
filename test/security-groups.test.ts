import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { SecurityGroups, SecurityRules } from "../src/index.js"
import { FakeAirs, layerServed } from "../src/testing.js"

const fake = FakeAirs.make()
const mgmtRequests = () => fake.requests.filter((r) => r.plane === "mgmt")
const lastMgmt = () => mgmtRequests().at(-1)!

describe("SecurityGroups and SecurityRules over HTTP", () => {
  it.layer(layerServed(fake))((it) => {
    it.effect("list groups with the spec's filters, arrays as repeated keys", () =>
      Effect.gen(function* () {
        const groups = yield* SecurityGroups
        const all = yield* groups.list({ skip: 0, limit: 10, sort_field: "created_at", sort_dir: "desc" })
        expect(all.security_groups.length).toBeGreaterThanOrEqual(7)
        expect(all.pagination.total_items).toBe(all.security_groups.length)

        const filtered = yield* groups.list({ source_types: ["HUGGING_FACE", "S3"], search_query: "group" })
        expect(lastMgmt().query).toEqual({ source_types: ["HUGGING_FACE", "S3"], search_query: ["group"] })
        expect(filtered.security_groups.map((g) => g.source_type).sort()).toEqual(["HUGGING_FACE", "S3"])
      })
    )

    it.effect("create gives the group one rule instance per compatible rule; update, delete", () =>
      Effect.gen(function* () {
        const groups = yield* SecurityGroups
        const rules = yield* SecurityRules
        const compatible = yield* rules.list({ source_type: "S3", limit: 100 })
        const group = yield* groups.create({
          name: "production-models",
          description: "Security group for production ML models",
          source_type: "S3"
        })
        expect(group).toMatchObject({ name: "production-models", source_type: "S3", is_tombstone: false })
        expect(lastMgmt()).toMatchObject({ method: "POST", path: "/v1/security-groups" })

        const instances = yield* groups.listRuleInstances(group.uuid, { limit: 100 })
        expect(instances.rule_instances.map((i) => i.security_rule_uuid).sort()).toEqual(
          compatible.rules.map((r) => r.uuid).sort()
        )
        const first = instances.rule_instances[0]!
        expect(first.rule?.uuid).toBe(first.security_rule_uuid)
        expect(yield* groups.getRuleInstance(group.uuid, first.uuid)).toMatchObject({ uuid: first.uuid })

        const blocking = yield* groups.updateRuleInstance(group.uuid, first.uuid, {
          security_group_uuid: group.uuid,
          state: "BLOCKING"
        })
        expect(blocking.state).toBe("BLOCKING")
        const onlyBlocking = yield* groups.listRuleInstances(group.uuid, { state: "BLOCKING", limit: 100 })
        expect(onlyBlocking.rule_instances.map((i) => i.uuid)).toContain(first.uuid)
        const byRule = yield* groups.listRuleInstances(group.uuid, {
          security_rule_uuid: first.security_rule_uuid!
        })
        expect(byRule.rule_instances.map((i) => i.uuid)).toEqual([first.uuid])

        const withRule = yield* groups.list({ enabled_rules: [first.security_rule_uuid!], limit: 100 })
        expect(withRule.security_groups.map((g) => g.uuid)).toContain(group.uuid)

        const renamed = yield* groups.update(group.uuid, {
          name: "production-models-v2",
          description: "Updated"
        })
        expect(renamed).toMatchObject({ name: "production-models-v2", description: "Updated" })

        yield* groups.delete(group.uuid)
        expect(lastMgmt()).toMatchObject({ method: "DELETE", path: `/v1/security-groups/${group.uuid}` })
        expect((yield* groups.get(group.uuid)).is_tombstone).toBe(true)
        const listed = yield* groups.list({ limit: 100 })
        expect(listed.security_groups.map((g) => g.uuid)).not.toContain(group.uuid)
      })
    )

    it.effect("updateRuleInstance fills security_group_uuid from the path and sends field_values", () =>
      Effect.gen(function* () {
        const groups = yield* SecurityGroups
        const group = yield* groups.create({ name: "formats", source_type: "HUGGING_FACE" })
        const instances = yield* groups.listRuleInstances(group.uuid, { limit: 100 })
        const formats = instances.rule_instances.find((i) =>
          i.rule?.editable_fields.some((f) => f.attribute_name === "approved_formats")
        )
        expect(formats).toBeDefined()
        const updated = yield* groups.updateRuleInstance(group.uuid, formats!.uuid, {
          field_values: { approved_formats: ["safetensors", "gguf"] }
        })
        expect(lastMgmt().body).toEqual({
          security_group_uuid: group.uuid,
          field_values: { approved_formats: ["safetensors", "gguf"] }
        })
        expect(updated.field_values).toMatchObject({ approved_formats: ["safetensors", "gguf"] })
      })
    )

    it.effect("streams over groups and a group's rule instances match the pages", () =>
      Effect.gen(function* () {
        const groups = yield* SecurityGroups
        const streamed = yield* Stream.runCollect(groups.stream({}, { pageSize: 2, concurrency: 3 }))
        const listed = yield* groups.list({ limit: 100 })
        expect(Chunk.toReadonlyArray(streamed).map((g) => g.uuid)).toEqual(
          listed.security_groups.map((g) => g.uuid)
        )

        const group = listed.security_groups[0]!
        const instances = yield* Stream.runCollect(
          groups.streamRuleInstances(group.uuid, {}, { pageSize: 1 })
        )
        const page = yield* groups.listRuleInstances(group.uuid, { limit: 100 })
        expect(Chunk.toReadonlyArray(instances).map((i) => i.uuid)).toEqual(
          page.rule_instances.map((i) => i.uuid)
        )
      })
    )

    it.effect("security rules: list, filter by source type, search, get, stream", () =>
      Effect.gen(function* () {
        const rules = yield* SecurityRules
        const page = yield* rules.list({ skip: 0, limit: 20 })
        expect(page.rules.length).toBeGreaterThan(3)
        const hf = yield* rules.list({ source_type: "HUGGING_FACE", limit: 100 })
        expect(hf.rules.filter((r) => !r.compatible_sources.includes("HUGGING_FACE"))).toEqual([])
        const found = yield* rules.list({ search_query: "license" })
        expect(lastMgmt().query).toEqual({ search_query: ["license"] })
        expect(found.rules.length).toBeGreaterThan(0)
        for (const rule of found.rules) expect(`${rule.name} ${rule.uuid}`.toLowerCase()).toContain("license")
        const { enabled_security_group_count: _, ...listed } = page.rules[0]!
        const one = yield* rules.get(listed.uuid)
        expect(one).toEqual(listed)
        const all = yield* Stream.runCollect(rules.stream({}, { pageSize: 3 }))
        expect(Chunk.size(all)).toBe(page.pagination.total_items)
      })
    )
  })
})
