/**
 * Any response the current spec allows decodes, through the Effect API and through the Promise client:
 * bodies generated from the spec's own schemas (nulls, optional fields and recursive condition trees
 * included), served by a plain HTTP server, for every operation.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, ManagedRuntime } from "effect"
import { ModelSecurityClient } from "../src/compat.js"
import { ModelSecurity, type ModelSecurityOptions } from "../src/index.js"
import { Operations } from "../src/internal/operations.js"
import { layerNode } from "../src/node.js"
import { arbitraryOf, specOperations } from "./support/spec.js"

const UUID = "5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b"
const RUNS = 15

/** Valid input for the operations that take a body, and for the one that takes label keys. */
const bodies: Readonly<Record<string, unknown>> = {
  "Scans.create": { model_uri: "https://huggingface.co/org/model", security_group_uuid: UUID },
  "Scans.addLabels": { labels: { team: "ml" } },
  "Scans.setLabels": { labels: [{ key: "team", value: "ml" }] },
  "Scans.deleteLabels": ["team"],
  "SecurityGroups.create": { name: "g", source_type: "S3" },
  "SecurityGroups.update": { name: "g2" },
  "SecurityGroups.updateRuleInstance": { state: "BLOCKING" },
  "CustomRules.create": {
    name: "owner",
    compatible_sources: ["S3"],
    condition: { type: "label", key: "owner", operator: "exists" },
    violation_message: "needs an owner"
  },
  "CustomRules.update": { description: "d" },
  "CustomRules.assignSecurityGroups": { assignments: [{ security_group_uuid: UUID, state: "ALLOWING" }] }
}

type Op = (typeof Operations)[keyof typeof Operations]

/** The arguments of an operation's method in either API: path values in order, then its input. */
const argumentsOf = (op: Op): ReadonlyArray<unknown> => [
  ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => (name === "key" ? "team" : UUID)),
  ...(op.name in bodies ? [bodies[op.name]] : [])
]

const call = (target: unknown, path: ReadonlyArray<string>, args: ReadonlyArray<unknown>): unknown => {
  const owner = path.slice(0, -1).reduce<any>((at, key) => at[key], target)
  return owner[path.at(-1)!](...args)
}
const effectPath = (name: string) => {
  const [service, method] = name.split(".") as [string, string]
  return service === "ModelSecurity" ? [method] : [service[0]!.toLowerCase() + service.slice(1), method]
}

/** The next answer of the server, set before each call. */
let next: { status: number; body: string } = { status: 200, body: "{}" }
let server: Server
let options: ModelSecurityOptions & {
  readonly clientId: string
  readonly clientSecret: string
  readonly tsgId: string
  readonly dataEndpoint: string
  readonly mgmtEndpoint: string
  readonly tokenEndpoint: string
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      if (request.url?.startsWith("/oauth2/")) {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 900 }))
        return
      }
      response.writeHead(next.status, next.body === "" ? {} : { "content-type": "application/json" })
      response.end(next.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  options = {
    clientId: "id",
    clientSecret: "secret",
    tsgId: "1",
    dataEndpoint: `${url}/aims/data`,
    mgmtEndpoint: `${url}/aims/mgmt`,
    tokenEndpoint: `${url}/oauth2/access_token`,
    maxRetries: 0
  }
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe.each(
  specOperations.map((spec) => [Object.values(Operations).find((op) => op.id === spec.id)!.name, spec])
)("%s: any body the spec allows decodes", (name, spec) => {
  const op = Operations[name as keyof typeof Operations]
  const bodiesOf =
    spec.response === undefined ? fc.constant(undefined) : arbitraryOf(spec.plane, spec.response)

  it("through the Effect API, as sent", async () => {
    const runtime = ManagedRuntime.make(layerNode(options))
    const airs = await runtime.runPromise(Effect.map(ModelSecurity, (service) => service))
    try {
      await fc.assert(
        fc.asyncProperty(bodiesOf, async (body) => {
          next = { status: spec.status, body: body === undefined ? "" : JSON.stringify(body) }
          const answer = await runtime.runPromise(
            call(airs, effectPath(op.name), argumentsOf(op)) as Effect.Effect<unknown, unknown>
          )
          expect(answer).toEqual(body === undefined ? undefined : JSON.parse(next.body))
        }),
        { numRuns: spec.response === undefined ? 1 : RUNS }
      )
    } finally {
      await runtime.dispose()
    }
  })

  it("through the Promise client, as sent", async () => {
    const client = new ModelSecurityClient({ ...options, numRetries: 0 })
    try {
      await fc.assert(
        fc.asyncProperty(bodiesOf, async (body) => {
          next = { status: spec.status, body: body === undefined ? "" : JSON.stringify(body) }
          const answer = await (call(client, op.compat.split("."), argumentsOf(op)) as Promise<unknown>)
          const sent = body === undefined ? undefined : JSON.parse(next.body)
          expect(answer).toEqual(
            op.name === "ModelSecurity.getPyPIAuth" ? { ...sent, expiration: sent.expires_at } : sent
          )
        }),
        { numRuns: spec.response === undefined ? 1 : RUNS }
      )
    } finally {
      await client.close()
    }
  })
})
