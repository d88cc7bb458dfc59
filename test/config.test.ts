import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either, Redacted } from "effect"
import type { ModelSecurityOptions } from "../src/index.js"
import {
  DEFAULT_DATA_ENDPOINT,
  DEFAULT_MGMT_ENDPOINT,
  DEFAULT_TOKEN_ENDPOINT,
  resolveConfig
} from "../src/layers/config.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
const resolve = (options: ModelSecurityOptions, env: Record<string, string> = {}) =>
  resolveConfig(options).pipe(withEnv(env))

const MODEL_SEC = {
  PANW_MODEL_SEC_CLIENT_ID: "ms-id",
  PANW_MODEL_SEC_CLIENT_SECRET: "ms-secret",
  PANW_MODEL_SEC_TSG_ID: "111"
}
const MGMT = {
  PANW_MGMT_CLIENT_ID: "mgmt-id",
  PANW_MGMT_CLIENT_SECRET: "mgmt-secret",
  PANW_MGMT_TSG_ID: "222"
}

describe("config resolution", () => {
  it.effect.each([
    [
      "options win over both env families",
      { clientId: "opt-id", clientSecret: "opt-secret", tsgId: "333" },
      { ...MODEL_SEC, ...MGMT },
      ["opt-id", "opt-secret", "333"]
    ],
    ["PANW_MODEL_SEC_* wins over PANW_MGMT_*", {}, { ...MODEL_SEC, ...MGMT }, ["ms-id", "ms-secret", "111"]],
    ["PANW_MGMT_* is the fallback", {}, MGMT, ["mgmt-id", "mgmt-secret", "222"]],
    [
      "each setting falls back on its own",
      { tsgId: "333" },
      { PANW_MODEL_SEC_CLIENT_ID: "ms-id", PANW_MGMT_CLIENT_SECRET: "mgmt-secret" },
      ["ms-id", "mgmt-secret", "333"]
    ],
    [
      "an empty variable counts as unset",
      {},
      { ...MGMT, PANW_MODEL_SEC_CLIENT_ID: "" },
      ["mgmt-id", "mgmt-secret", "222"]
    ]
  ] as const)("%s", ([, options, env, [id, secret, tsg]]) =>
    Effect.gen(function* () {
      const config = yield* resolve(options, env)
      expect(config.clientId).toBe(id)
      expect(Redacted.value(config.clientSecret)).toBe(secret)
      expect(config.tsgId).toBe(tsg)
    })
  )

  it.effect("missing credentials fail with MissingVariableError naming every variable consulted", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(resolve({ clientId: "opt-id" }))
      expect(error._tag).toBe("MissingVariableError")
      if (error._tag !== "MissingVariableError") return
      expect(error.settings).toEqual(["clientSecret", "tsgId"])
      expect(error.variables).toEqual([
        "PANW_MODEL_SEC_CLIENT_SECRET",
        "PANW_MGMT_CLIENT_SECRET",
        "PANW_MODEL_SEC_TSG_ID",
        "PANW_MGMT_TSG_ID"
      ])
      expect(error.message).toContain("PANW_MODEL_SEC_CLIENT_SECRET or PANW_MGMT_CLIENT_SECRET")
      expect(error.message).toContain("PANW_MODEL_SEC_TSG_ID or PANW_MGMT_TSG_ID")
    })
  )

  it.effect("endpoints default to the public API", () =>
    Effect.gen(function* () {
      const config = yield* resolve({}, MODEL_SEC)
      expect([config.dataEndpoint, config.mgmtEndpoint, config.tokenEndpoint]).toEqual([
        DEFAULT_DATA_ENDPOINT,
        DEFAULT_MGMT_ENDPOINT,
        DEFAULT_TOKEN_ENDPOINT
      ])
      expect(config.maxRetries).toBe(5)
      expect(config.pageSize).toBe(100)
      expect(config.concurrency).toBe(4)
      expect(Duration.toMillis(config.timeout)).toBe(30_000)
    })
  )

  it.effect(
    "endpoints come from options, then env, and the token endpoint falls back to PANW_MGMT_TOKEN_ENDPOINT",
    () =>
      Effect.gen(function* () {
        const env = {
          ...MODEL_SEC,
          PANW_MODEL_SEC_DATA_ENDPOINT: "https://data.example/aims/data/",
          PANW_MODEL_SEC_MGMT_ENDPOINT: "https://mgmt.example/aims/mgmt",
          PANW_MGMT_TOKEN_ENDPOINT: "https://auth.example/token"
        }
        const fromEnv = yield* resolve({}, env)
        expect(fromEnv.dataEndpoint).toBe("https://data.example/aims/data")
        expect(fromEnv.mgmtEndpoint).toBe("https://mgmt.example/aims/mgmt")
        expect(fromEnv.tokenEndpoint).toBe("https://auth.example/token")
        const preferred = yield* resolve(
          {},
          { ...env, PANW_MODEL_SEC_TOKEN_ENDPOINT: "https://auth.example/ms-token" }
        )
        expect(preferred.tokenEndpoint).toBe("https://auth.example/ms-token")
        const fromOptions = yield* resolve({ dataEndpoint: "http://127.0.0.1:9/aims/data" }, env)
        expect(fromOptions.dataEndpoint).toBe("http://127.0.0.1:9/aims/data")
      })
  )

  it.effect.each([
    [{ maxRetries: 6 }, "maxRetries"],
    [{ maxRetries: 10 }, "maxRetries"],
    [{ maxRetries: -1 }, "maxRetries"],
    [{ maxRetries: 1.5 }, "maxRetries"],
    [{ pageSize: 0 }, "pageSize"],
    [{ pageSize: 101 }, "pageSize"],
    [{ concurrency: 1.5 }, "concurrency"],
    [{ dataEndpoint: "not a url" }, "dataEndpoint"],
    [{ tokenEndpoint: "ftp://auth.example" }, "tokenEndpoint"],
    [{ timeout: "soon" as Duration.DurationInput }, "timeout"]
  ] as const)("rejects %j with a PayloadError naming %s", ([options, field]) =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(resolve(options, MODEL_SEC))
      expect(error._tag).toBe("PayloadError")
      if (error._tag === "PayloadError") expect(error.field).toBe(field)
    })
  )

  it.effect("the client secret is redacted when the config is printed", () =>
    Effect.gen(function* () {
      const config = yield* resolve({}, MODEL_SEC)
      expect(JSON.stringify(config)).not.toContain("ms-secret")
      expect(String(config.clientSecret)).not.toContain("ms-secret")
      const result = yield* Effect.either(resolve({ clientSecret: Redacted.make("given-secret") }, MODEL_SEC))
      expect(Either.isRight(result) && Redacted.value(result.right.clientSecret)).toBe("given-secret")
    })
  )

  const COLON_RULE = "must not contain ':' (HTTP Basic credentials cannot carry it)"

  it.effect.each([
    ["the clientId option", { clientId: "svc:1@1234567890.iam.panserviceaccount.com" }, MODEL_SEC],
    ["PANW_MODEL_SEC_CLIENT_ID", {}, { ...MODEL_SEC, PANW_MODEL_SEC_CLIENT_ID: "svc:1@x" }],
    [
      "PANW_MGMT_CLIENT_ID",
      {},
      { PANW_MGMT_CLIENT_ID: "svc:1@x", PANW_MGMT_CLIENT_SECRET: "mgmt-secret", PANW_MGMT_TSG_ID: "222" }
    ]
  ] as const)(
    "a client id holding ':' from %s is a PayloadError naming clientId, not the id",
    ([, options, env]) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(resolve(options, env))
        expect({ ...error, message: error.message }).toEqual({
          _tag: "PayloadError",
          message: `Invalid input: clientId: ${COLON_RULE}`,
          field: "clientId",
          rule: COLON_RULE,
          issues: [{ field: "clientId", rule: COLON_RULE }]
        })
      })
  )

  it.effect("a client id holding ':' is reported with the other invalid settings, first", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(resolve({ clientId: "a:b", maxRetries: 9, pageSize: 0 }, MODEL_SEC))
      expect(error._tag).toBe("PayloadError")
      if (error._tag !== "PayloadError") return
      expect(error.issues.map((issue) => issue.field)).toEqual(["clientId", "maxRetries", "pageSize"])
      expect(error.message).not.toContain("a:b")
    })
  )

  it.effect("a client secret may hold ':' and any punctuation", () =>
    Effect.gen(function* () {
      const config = yield* resolve({ clientSecret: "p/q+r=s%t@u:v:é" }, MODEL_SEC)
      expect(Redacted.value(config.clientSecret)).toBe("p/q+r=s%t@u:v:é")
      expect(config.clientId).toBe("ms-id")
    })
  )
})
