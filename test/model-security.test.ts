import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { ModelSecurity } from "../src/index.js"
import { layerNode } from "../src/node.js"
import { fakeOptions } from "../src/testing/sdk-layers.js"
import { FakeAirs, layerServed } from "../src/testing.js"
import { over } from "./support/handlers.js"

describe("ModelSecurity", () => {
  it.live("one cold token serves concurrent calls on both planes", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const airs = yield* ModelSecurity
      const [scans, groups, rules, pypi] = yield* Effect.all(
        [airs.scans.list(), airs.securityGroups.list(), airs.securityRules.list(), airs.getPyPIAuth()],
        { concurrency: "unbounded" }
      )
      expect(scans.scans.length).toBeGreaterThan(0)
      expect(groups.security_groups.length).toBeGreaterThan(0)
      expect(rules.rules.length).toBeGreaterThan(0)
      expect(pypi.url).toMatch(/^https:\/\//)
      expect(Number.isNaN(Date.parse(pypi.expires_at))).toBe(false)
      expect(fake.requests.filter((r) => r.plane === "token")).toHaveLength(1)
      const planes = new Set(fake.requests.filter((r) => r.plane !== "token").map((r) => r.plane))
      expect(planes).toEqual(new Set(["data", "mgmt"]))
      expect(
        new Set(fake.requests.filter((r) => r.plane !== "token").map((r) => r.headers.authorization))
      ).toEqual(new Set([`Bearer ${fake.issuedTokens[0]}`]))
    }).pipe(Effect.provide(layerServed(fake)))
  })

  it.live("layerNode works over undici", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const server = yield* fake.serve()
      const pypi = yield* Effect.flatMap(ModelSecurity, (airs) => airs.getPyPIAuth()).pipe(
        Effect.provide(layerNode(fakeOptions(fake, server.url)))
      )
      expect(pypi.url).toContain("python.pkg.dev")
      expect(fake.requests.at(-1)).toMatchObject({ plane: "mgmt", path: "/v1/pypi/authenticate" })
    }).pipe(Effect.scoped)
  })

  it.effect("a layer with missing credentials fails with MissingVariableError and sends nothing", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.flatMap(ModelSecurity, (airs) => airs.scans.list()).pipe(
          Effect.provide(over(fake, fake.handler, { clientSecret: undefined })),
          Effect.withConfigProvider(emptyProvider)
        )
      )
      expect(error).toMatchObject({ _tag: "MissingVariableError", settings: ["clientSecret"] })
      expect(fake.requests).toHaveLength(0)
    })
  })
})

const emptyProvider = ConfigProvider.fromMap(new Map())
