/**
 * `ModelSecurity.layerFetch({ fetch })`: every request (the token and both planes) goes through the
 * caller's `fetch`, such as one that goes through a proxy, with `redirect: "manual"` and a signal; a
 * `fetch` that is not a function is a `PayloadError`, and one that throws is a typed failure.
 */
import { Effect, Exit } from "effect"
import { ProxyAgent, fetch as undiciFetch } from "undici"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ModelSecurity } from "../src/index.js"
import { FakeAirs } from "../src/testing.js"
import { startProxy } from "./support/forward-proxy.js"

let fake: FakeAirs
let server: Awaited<ReturnType<FakeAirs["listen"]>>

beforeAll(async () => {
  fake = FakeAirs.make({ scans: 3 })
  server = await fake.listen()
})
afterAll(() => server.close())

const options = () => ({ ...fake.credentials, ...fake.endpoints(server.url) })

const bothPlanes = Effect.gen(function* () {
  const airs = yield* ModelSecurity
  const scans = yield* airs.scans.list({ limit: 2 })
  const groups = yield* airs.securityGroups.list({ limit: 1 })
  return { scans: scans.scans.length, groups: groups.security_groups.length }
})

describe("layerFetch with a fetch of the caller's", () => {
  it("carries the token request and both planes, with redirect: manual and a signal", async () => {
    const seen: Array<{ url: string; redirect: unknown; signal: boolean }> = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push({ url: String(input), redirect: init?.redirect, signal: init?.signal instanceof AbortSignal })
      return globalThis.fetch(input, init)
    }
    const exit = await Effect.runPromiseExit(
      Effect.provide(bothPlanes, ModelSecurity.layerFetch({ ...options(), fetch }))
    )
    expect(exit).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
    const { tokenEndpoint, dataEndpoint, mgmtEndpoint } = fake.endpoints(server.url)
    expect(seen).toEqual([
      { url: tokenEndpoint, redirect: "manual", signal: true },
      { url: `${dataEndpoint}/v1/scans?limit=2`, redirect: "manual", signal: true },
      { url: `${mgmtEndpoint}/v1/security-groups?limit=1`, redirect: "manual", signal: true }
    ])
  })

  it("one that goes through a real proxy takes every request there", async () => {
    const forward = await startProxy()
    const dispatcher = new ProxyAgent(forward.url)
    try {
      const fetch = ((input: string, init: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof globalThis.fetch
      const exit = await Effect.runPromiseExit(
        Effect.provide(bothPlanes, ModelSecurity.layerFetch({ ...options(), fetch }))
      )
      expect(exit).toEqual(Exit.succeed({ scans: 2, groups: 1 }))
      expect(new Set(forward.connects)).toEqual(new Set([new URL(server.url).host]))
    } finally {
      await dispatcher.close()
      await forward.close()
    }
  })

  it("a fetch that is not a function is a PayloadError naming it", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.provide(bothPlanes, ModelSecurity.layerFetch({ ...options(), fetch: "fetch" as never }))
    )
    expect(exit).toEqual(
      Exit.fail(
        expect.objectContaining({
          _tag: "PayloadError",
          issues: [{ field: "fetch", rule: "must be a function (a fetch)" }]
        })
      )
    )
  })

  it("a function anywhere else in the options is still refused", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.provide(bothPlanes, ModelSecurity.layerFetch({ ...options(), clientId: (() => "id") as never }))
    )
    expect(exit).toEqual(
      Exit.fail(
        expect.objectContaining({
          _tag: "PayloadError",
          issues: [
            {
              field: "clientId",
              rule: "must be plain data (a string, number, boolean, null, array or plain object)"
            }
          ]
        })
      )
    )
  })

  it("a fetch that throws is a typed failure, not a defect", async () => {
    const fetch: typeof globalThis.fetch = () => {
      throw new TypeError("no network here")
    }
    const exit = await Effect.runPromiseExit(
      Effect.provide(bothPlanes, ModelSecurity.layerFetch({ ...options(), fetch, maxRetries: 0 }))
    )
    expect(exit).toEqual(
      Exit.fail(
        expect.objectContaining({ _tag: "OAuthError", message: "Token request failed: network error" })
      )
    )
  })
})
