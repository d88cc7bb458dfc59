import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { FakeAirs } from "@effect-airs/model-security/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  ClientError,
  MissingVariableError,
  type ModelSecurityError,
  OAuthError,
  PayloadError,
  ServerError
} from "../src/index.js"
import { rejection } from "./support/outcome.js"

const fake = FakeAirs.make({ scans: 95 })
let server: Awaited<ReturnType<FakeAirs["listen"]>>
const clientFor = (options: ConstructorParameters<typeof ModelSecurityClient>[0] = {}) =>
  new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url), ...options })
const dataRequests = () => fake.requests.filter((r) => r.plane === "data")

beforeAll(async () => {
  server = await fake.listen()
})
afterAll(() => server.close())

describe("AISecSDKException", () => {
  const cases: ReadonlyArray<readonly [ModelSecurityError, ErrorType, number | undefined]> = [
    [new OAuthError({ message: "refused", status: 401 }), ErrorType.OAUTH_ERROR, 401],
    [
      new ClientError({ message: "not found", status: 404, reason: "Status" }),
      ErrorType.CLIENT_SIDE_ERROR,
      404
    ],
    [new ClientError({ message: "network", reason: "Transport" }), ErrorType.CLIENT_SIDE_ERROR, undefined],
    [new ServerError({ message: "boom", status: 503, reason: "Status" }), ErrorType.SERVER_SIDE_ERROR, 503],
    [new ServerError({ message: "bad body", reason: "Decode" }), ErrorType.SERVER_SIDE_ERROR, undefined],
    [
      new MissingVariableError({ message: "missing", settings: ["tsgId"], variables: [] }),
      ErrorType.MISSING_VARIABLE,
      undefined
    ],
    [
      PayloadError.of([{ field: "uuid", rule: "must be a UUID" }]),
      ErrorType.USER_REQUEST_PAYLOAD_ERROR,
      undefined
    ]
  ]
  it.each(cases)("maps %s to its ErrorType, status and cause", (tagged, errorType, statusCode) => {
    const error = new AISecSDKException(tagged)
    expect(error).toBeInstanceOf(AISecSDKException)
    expect(error).toBeInstanceOf(Error)
    expect(error.errorType).toBe(errorType)
    expect(error.statusCode).toBe(statusCode)
    expect(error.message).toBe(tagged.message)
    expect(error.cause).toBe(tagged)
  })

  it("keeps the string values of the existing SDK", () => {
    expect(ErrorType).toEqual({
      OAUTH_ERROR: "AISEC_OAUTH_ERROR",
      CLIENT_SIDE_ERROR: "AISEC_CLIENT_SIDE_ERROR",
      SERVER_SIDE_ERROR: "AISEC_SERVER_SIDE_ERROR",
      MISSING_VARIABLE: "AISEC_MISSING_VARIABLE",
      USER_REQUEST_PAYLOAD_ERROR: "AISEC_USER_REQUEST_PAYLOAD_ERROR"
    })
  })

  it("never shows the secret or a token, however it is printed", async () => {
    const secret = "s3cr3t-value-never-shown"
    const client = clientFor({ clientSecret: secret })
    const oauth = await rejection(client.scans.list())
    expect(oauth.errorType).toBe(ErrorType.OAUTH_ERROR)
    const good = clientFor()
    await good.scans.list()
    const notFound = await rejection(good.scans.get("00000000-0000-4000-8000-000000000000"))
    expect(notFound.statusCode).toBe(404)
    for (const error of [oauth, notFound]) {
      const printed = [
        error.message,
        String(error),
        error.stack,
        JSON.stringify(error),
        inspect(error, { depth: 10 })
      ]
      for (const text of printed) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain(fake.credentials.clientSecret)
        for (const token of fake.issuedTokens) expect(text).not.toContain(token)
      }
    }
    for (const text of [inspect(client, { depth: 10 }), JSON.stringify(client)]) {
      expect(text).not.toContain(secret)
    }
  })

  it("an invalid numRetries or timeoutMs is a payload error naming it", () => {
    for (const [options, field] of [
      [{ numRetries: 1.5 }, "numRetries"],
      [{ timeoutMs: -1 }, "timeoutMs"]
    ] as const) {
      let error: unknown
      try {
        clientFor(options)
      } catch (e) {
        error = e
      }
      expect((error as AISecSDKException).errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
      expect((error as AISecSDKException).message).toContain(field)
    }
  })
})

describe("pagination forms", () => {
  it("iterate yields every scan in order; listAll collects the same", async () => {
    const client = clientFor()
    const seen: Array<string> = []
    for await (const scan of client.scans.iterate({}, { pageSize: 10, concurrency: 4 })) seen.push(scan.uuid)
    const all = await client.scans.listAll({}, { pageSize: 25 })
    expect(seen).toHaveLength(95)
    expect(new Set(seen).size).toBe(95)
    expect(all.map((scan) => scan.uuid)).toEqual(seen)
  })

  it("iterate keeps filters, as in the README", async () => {
    const client = clientFor()
    const blocked: Array<string> = []
    for await (const scan of client.scans.iterate({ eval_outcomes: ["BLOCKED"] }))
      blocked.push(scan.eval_outcome)
    expect(blocked.length).toBeGreaterThan(0)
    expect(new Set(blocked)).toEqual(new Set(["BLOCKED"]))
  })

  it.each([
    ["1", 2, { concurrency: 1 }],
    ["4 (the default)", 5, {}]
  ])(
    "breaking out of the loop stops fetching: at concurrency %s, 2 pages read and %i fetched",
    async (_, fetched, paging) => {
      const client = clientFor()
      fake.clearRequests()
      let count = 0
      for await (const _ of client.scans.iterate({}, { pageSize: 10, ...paging })) {
        if (++count === 15) break
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(dataRequests()).toHaveLength(fetched)
    }
  )

  it("every paginated method has both forms", async () => {
    const client = clientFor()
    const blocked = fake.scans.find((s) => s.eval_outcome === "BLOCKED")!.uuid
    const group = fake.securityGroups[0]!.uuid
    const pairs = await Promise.all([
      Promise.all([
        client.scans.listAllEvaluations(blocked),
        client.scans.getEvaluations(blocked, { limit: 100 })
      ]),
      Promise.all([client.scans.listAllFiles(blocked), client.scans.getFiles(blocked, { limit: 100 })]),
      Promise.all([
        client.scans.listAllViolations(blocked),
        client.scans.getViolations(blocked, { limit: 100 })
      ]),
      Promise.all([client.securityGroups.listAll(), client.securityGroups.list({ limit: 100 })]),
      Promise.all([
        client.securityGroups.listAllRuleInstances(group),
        client.securityGroups.listRuleInstances(group, { limit: 100 })
      ]),
      Promise.all([client.securityRules.listAll(), client.securityRules.list({ limit: 100 })])
    ])
    for (const [all, page] of pairs) {
      expect(all.length).toBe(page.pagination.total_items)
    }
    const keys = await client.scans.listAllLabelKeys()
    expect(keys).toEqual((await client.scans.getLabelKeys({ limit: 100 })).keys)
    const values = await client.scans.listAllLabelValues(keys[0]!)
    expect(values).toEqual((await client.scans.getLabelValues(keys[0]!, { limit: 100 })).values)
  })
})

describe("cancellation, deadlines and lifecycle", () => {
  /** A data plane that never answers, reporting when the client closes the connection. */
  const hangingDataPlane = async () => {
    const arrived: Array<IncomingMessage> = []
    let closed = 0
    const hang = createServer((request) => {
      arrived.push(request)
      request.socket.on("close", () => closed++)
    })
    await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve))
    const { port } = hang.address() as AddressInfo
    return {
      url: `http://127.0.0.1:${port}/aims/data`,
      arrived: () => arrived.length,
      closed: () => closed,
      close: () => new Promise<void>((resolve) => hang.close(() => resolve()))
    }
  }
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(check()).toBe(true)
  }

  it("aborting the signal cancels the HTTP request: the server sees the connection close", async () => {
    const hang = await hangingDataPlane()
    const client = clientFor({ dataEndpoint: hang.url })
    const controller = new AbortController()
    const pending = client.scans.list({}, { signal: controller.signal })
    await waitFor(() => hang.arrived() === 1)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: "AbortError" })
    await waitFor(() => hang.closed() === 1)
    await client.close()
    await hang.close()
  })

  it("aborting an async iteration ends the loop with the signal's reason", async () => {
    const client = clientFor()
    const controller = new AbortController()
    let count = 0
    const loop = (async () => {
      for await (const _ of client.scans.iterate({}, { pageSize: 5, signal: controller.signal })) {
        if (++count === 3) controller.abort(new Error("enough"))
      }
    })()
    await expect(loop).rejects.toThrow("enough")
    expect(count).toBeLessThan(10)
  })

  it("timeoutMs bounds a call: a CLIENT_SIDE_ERROR, and the request is cancelled", async () => {
    const hang = await hangingDataPlane()
    const client = clientFor({ dataEndpoint: hang.url })
    const error = await rejection(client.scans.list({}, { timeoutMs: 100 }))
    expect(error).toBeInstanceOf(AISecSDKException)
    expect(error.errorType).toBe(ErrorType.CLIENT_SIDE_ERROR)
    expect(error.message).toContain("100 ms")
    await waitFor(() => hang.closed() === 1)
    const byDefault = clientFor({ dataEndpoint: hang.url, timeoutMs: 50 })
    expect((await rejection(byDefault.scans.list())).errorType).toBe(ErrorType.CLIENT_SIDE_ERROR)
    await hang.close()
  })

  it("close() and Symbol.asyncDispose release the client; later calls reject", async () => {
    const client = clientFor()
    await client.scans.list()
    await client.close()
    await expect(client.scans.list()).rejects.toMatchObject({
      errorType: ErrorType.CLIENT_SIDE_ERROR,
      message: "The client was closed",
      cause: { _tag: "ClientError", reason: "Transport" }
    })
    {
      await using disposable = clientFor()
      expect((await disposable.getPyPIAuth()).expiration).toMatch(/^\d{4}-/)
    }
  })
})
