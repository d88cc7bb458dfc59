/**
 * Malformed responses, table-driven, through the Effect API (in process) and the compat client (over
 * HTTP): each is the listed typed error (never a defect, never an unhandled rejection) or a success.
 */

import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  type AISecSDKErrorCause,
  AISecSDKException,
  ErrorType,
  ModelSecurityClient
} from "@effect-airs/model-security/compat"
import { Chunk, Effect, ManagedRuntime, Stream } from "effect"
import { ModelSecurity, type ModelSecurityError } from "../src/index.js"
import { FakeAirs, Fault, type FaultRule, layerInProcess } from "../src/testing.js"
import { outcome, promiseOn } from "./support/outcome.js"

const fake = FakeAirs.make({ scans: 60 })
const SCAN = fake.scans[0]!.uuid
const MAX_RETRIES = 1

/** The operations the cases call, in both APIs. */
interface Surface {
  list(): Promise<any>
  get(id: string): Promise<any>
  streamAll(pageSize: number, concurrency?: number): Promise<ReadonlyArray<any>>
  groups(): Promise<any>
  pypi(): Promise<any>
  addLabels(id: string): Promise<any>
}

/** What a case must end in: a success checked by `check`, or an error of this shape. */
type Expected =
  | { readonly ok: (value: any) => void }
  | {
      readonly tag: ModelSecurityError["_tag"]
      readonly reason?: string
      readonly status?: number
      /** Text the message must contain: the field, or what went wrong. */
      readonly says: string
      /** Requests the fake must have received on the faulted route (faulted or not). */
      readonly attempts?: number
    }

type Case = readonly [
  name: string,
  rule: Omit<FaultRule, "fault"> & { readonly fault: Fault },
  call: (api: Surface) => Promise<unknown>,
  expected: Expected,
  /** A known SDK bug makes this case fail: it runs as `it.fails` until the SDK is fixed. */
  sdkBug?: string
]

const list = { route: "Scans.list" } as const
const decode = (says: string): Expected => ({ tag: "ServerError", reason: "Decode", says, attempts: 1 })

const cases: ReadonlyArray<Case> = [
  [
    "HTML 502 page: retried, then a ServerError 502",
    { ...list, fault: Fault.malformed("html502") },
    (a) => a.list(),
    { tag: "ServerError", reason: "Status", status: 502, says: "(502)", attempts: MAX_RETRIES + 1 }
  ],
  [
    "HTML 502 page once: the retry succeeds",
    { ...list, first: 1, fault: Fault.malformed("html502") },
    (a) => a.list(),
    { ok: (page) => expect(page.scans).toHaveLength(10) }
  ],
  ["text/plain 200", { ...list, fault: Fault.malformed("textPlain") }, (a) => a.list(), decode("not JSON")],
  [
    "truncated JSON",
    { ...list, fault: Fault.malformed("truncatedJson") },
    (a) => a.list(),
    decode("not JSON")
  ],
  [
    "an array instead of an object",
    { ...list, fault: Fault.malformed("arrayInsteadOfObject") },
    (a) => a.list(),
    decode("the body")
  ],
  [
    "a missing required field of an item",
    { ...list, fault: Fault.malformed("missingField") },
    (a) => a.list(),
    decode("scans[0].uuid")
  ],
  [
    "a missing pagination",
    { ...list, fault: Fault.malformed("missingField", { field: "pagination" }) },
    (a) => a.list(),
    decode("pagination")
  ],
  [
    "a missing required field of a single scan",
    { route: "Scans.get", fault: Fault.malformed("missingField", { field: "model_uri" }) },
    (a) => a.get(SCAN),
    decode("model_uri")
  ],
  [
    "a wrong type (uuid: 42)",
    { ...list, fault: Fault.malformed("wrongType") },
    (a) => a.list(),
    decode("scans[0].uuid")
  ],
  [
    'a wrong type (total_items: "60")',
    { ...list, fault: Fault.malformed("wrongType", { field: "pagination.total_items" }) },
    (a) => a.list(),
    decode("pagination.total_items")
  ],
  ["a null list", { ...list, fault: Fault.malformed("nullList") }, (a) => a.list(), decode("scans")],
  [
    "a null list on the management plane",
    { route: "SecurityGroups.list", fault: Fault.malformed("nullList") },
    (a) => a.groups(),
    decode("security_groups")
  ],
  [
    "200 with an empty body",
    { ...list, fault: Fault.malformed("emptyBody") },
    (a) => a.list(),
    decode("the body")
  ],
  ["204 on a GET", { ...list, fault: Fault.malformed("noContent") }, (a) => a.list(), decode("the body")],
  [
    "an array for the empty labels answer",
    { route: "Scans.addLabels", fault: Fault.malformed("arrayInsteadOfObject") },
    (a) => a.addLabels(SCAN),
    decode("the body")
  ],
  [
    "a wrong type in the PyPI answer",
    { route: "ModelSecurity.getPyPIAuth", fault: Fault.malformed("wrongType", { field: "url" }) },
    (a) => a.pypi(),
    decode("url")
  ],
  [
    "a 5 MB valid page succeeds, extra fields kept",
    { ...list, fault: Fault.malformed("hugeBody") },
    (a) => a.list(),
    {
      ok: (page) => {
        expect(page.scans).toHaveLength(10)
        expect(page.scans[0].x_padding.length).toBeGreaterThan(400_000)
      }
    }
  ],
  [
    "unknown enum values and extra fields succeed, extra fields kept",
    { ...list, fault: Fault.malformed("unknownEnum") },
    (a) => a.list(),
    {
      ok: (page) => {
        expect(page.x_added_later).toEqual({ added: "later" })
        expect(page.scans[0]).toMatchObject({
          eval_outcome: "VALUE_FROM_THE_FUTURE",
          source_type: "VALUE_FROM_THE_FUTURE",
          x_added_later: { added: "later" }
        })
      }
    }
  ],
  [
    "unknown enum values on the management plane succeed",
    { route: "SecurityGroups.list", fault: Fault.malformed("unknownEnum") },
    (a) => a.groups(),
    { ok: (page) => expect(page.security_groups[0].state).toBe("VALUE_FROM_THE_FUTURE") }
  ],
  [
    "a malformed page in the middle of a stream fails the stream",
    { ...list, at: [3], fault: Fault.malformed("truncatedJson") },
    // One page at a time: pages 1 and 2, then the malformed page 3, which is not retried; nothing after it.
    (a) => a.streamAll(10, 1),
    { tag: "ServerError", reason: "Decode", says: "not JSON", attempts: 3 }
  ],
  [
    "a 5 MB page in the middle of a stream is streamed",
    { ...list, at: [2], fault: Fault.malformed("hugeBody") },
    (a) => a.streamAll(20),
    {
      ok: (scans) => expect(scans.map((s: { uuid: string }) => s.uuid)).toEqual(fake.scans.map((s) => s.uuid))
    }
  ],
  [
    "a token answer that is not JSON is an OAuthError",
    { route: "token.issue", fault: Fault.malformed("textPlain") },
    (a) => a.list(),
    { tag: "OAuthError", status: 200, says: "access_token", attempts: 1 }
  ],
  [
    "a token answer without access_token is an OAuthError",
    { route: "token.issue", fault: Fault.malformed("missingField", { field: "access_token" }) },
    (a) => a.list(),
    { tag: "OAuthError", status: 200, says: "access_token", attempts: 1 }
  ],
  [
    "a token answer as an HTML 502 page is retried, then an OAuthError 502",
    { route: "token.issue", fault: Fault.malformed("html502") },
    (a) => a.list(),
    { tag: "OAuthError", status: 502, says: "502", attempts: MAX_RETRIES + 1 }
  ]
]

const runtime = ManagedRuntime.make(layerInProcess(fake, { maxRetries: MAX_RETRIES }))
/** Effect calls as Promises: a failure rejects with the tagged error; a defect fails the test. */
const runEffect = promiseOn(runtime)
const effectSurface: Surface = {
  list: () => runEffect(Effect.flatMap(ModelSecurity, (a) => a.scans.list())),
  get: (id) => runEffect(Effect.flatMap(ModelSecurity, (a) => a.scans.get(id))),
  streamAll: (pageSize, concurrency) =>
    runEffect(
      Effect.flatMap(ModelSecurity, (a) =>
        Stream.runCollect(
          a.scans.stream({}, { pageSize, ...(concurrency === undefined ? {} : { concurrency }) })
        )
      ).pipe(Effect.map(Chunk.toArray))
    ),
  groups: () => runEffect(Effect.flatMap(ModelSecurity, (a) => a.securityGroups.list())),
  pypi: () => runEffect(Effect.flatMap(ModelSecurity, (a) => a.getPyPIAuth())),
  addLabels: (id) =>
    runEffect(Effect.flatMap(ModelSecurity, (a) => a.scans.addLabels(id, { labels: { a: "b" } })))
}

let server: Awaited<ReturnType<FakeAirs["listen"]>>
const clientOptions = () => ({ ...fake.credentials, ...fake.endpoints(server.url), numRetries: MAX_RETRIES })
/** The compat client as a `Surface`; a fresh client per call, so that token cases start cold. */
const compatSurface: Surface = {
  list: () => withClient((c) => c.scans.list()),
  get: (id) => withClient((c) => c.scans.get(id)),
  streamAll: (pageSize, concurrency) =>
    withClient(async (c) => {
      const items: Array<unknown> = []
      const paging = { pageSize, ...(concurrency === undefined ? {} : { concurrency }) }
      for await (const scan of c.scans.iterate({}, paging)) items.push(scan)
      return items
    }),
  groups: () => withClient((c) => c.securityGroups.list()),
  pypi: () => withClient((c) => c.getPyPIAuth()),
  addLabels: (id) => withClient((c) => c.scans.addLabels(id, { labels: { a: "b" } }))
}
const withClient = async <A>(f: (client: ModelSecurityClient) => Promise<A>): Promise<A> => {
  const client = new ModelSecurityClient(clientOptions())
  try {
    return await f(client)
  } finally {
    await client.close()
  }
}

const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled)
  server = await fake.listen()
})
afterAll(async () => {
  await runtime.dispose()
  await server.close()
  // Give stray promises a turn to surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 50))
  process.off("unhandledRejection", onUnhandled)
  expect(unhandled).toEqual([])
})

describe.each([
  ["effect", effectSurface],
  ["compat", compatSurface]
] as const)("malformed responses through the %s API", (api, surface) => {
  for (const [name, rule, call, expected, sdkBug] of cases) {
    ;(sdkBug === undefined ? it : it.fails)(
      sdkBug === undefined ? name : `${name} (SDK bug: ${sdkBug})`,
      async () => {
        fake.clearFaults()
        fake.clearRequests()
        // The Effect runtime keeps its token; a token case needs a cold one.
        if (rule.route === "token.issue") fake.revokeTokens()
        const injected = fake.inject(rule)
        const result = await outcome(call(surface))
        fake.clearFaults()
        expect(injected.fired).toBeGreaterThan(0)
        if ("ok" in expected) {
          if (!result.ok) throw result.error
          expected.ok(result.value)
          return
        }
        expect(result.ok, "the call should fail").toBe(false)
        if (result.ok) return
        let tagged: AISecSDKErrorCause = result.error as ModelSecurityError
        if (api === "compat") {
          expect(result.error).toBeInstanceOf(AISecSDKException)
          const error = result.error as AISecSDKException
          expect(error.errorType).toBe(
            expected.tag === "OAuthError" ? ErrorType.OAUTH_ERROR : ErrorType.SERVER_SIDE_ERROR
          )
          expect(error.statusCode).toBe(expected.status)
          expect(error.message).toContain(expected.says)
          tagged = error.cause
        }
        expect(tagged._tag).toBe(expected.tag)
        expect(tagged.message).toContain(expected.says)
        if (expected.reason !== undefined) expect(tagged).toHaveProperty("reason", expected.reason)
        expect((tagged as { status?: number }).status).toBe(expected.status)
        if (expected.attempts !== undefined) {
          const route = rule.route
          expect(fake.requests.filter((r) => r.route === route)).toHaveLength(expected.attempts)
        }
      }
    )
  }
})
