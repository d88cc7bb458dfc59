/**
 * Coverage of the vendor specs: every operation is in the table of operations, with an Effect method, a
 * Promise client method and a route of the fake; and nothing else is.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, ManagedRuntime } from "effect"
import { ModelSecurityClient } from "../src/compat.js"
import { ModelSecurity } from "../src/index.js"
import { Operations } from "../src/internal/operations.js"
import { FakeAirs, layerInProcess } from "../src/testing.js"
import { specOperations } from "./support/spec.js"

const table = Object.values(Operations)
const fake = FakeAirs.make({ scans: 1 })

/** `airs.scans.get` for "Scans.get"; `airs.getPyPIAuth` for "ModelSecurity.getPyPIAuth". */
const effectMethod = (airs: ModelSecurity.Service, name: string): unknown => {
  const [service, method] = name.split(".") as [string, string]
  const target =
    service === "ModelSecurity"
      ? airs
      : (airs as unknown as Record<string, unknown>)[service[0]!.toLowerCase() + service.slice(1)]
  return (target as Record<string, unknown> | undefined)?.[method]
}

/** `client.scans.get` for "scans.get"; `client.getPyPIAuth` for "getPyPIAuth". */
const compatMethod = (client: ModelSecurityClient, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((target, key) => (target as Record<string, unknown> | undefined)?.[key], client)

describe("every operation of the specs", () => {
  it("is in the table once, with its plane, method and path, and the table holds nothing else", () => {
    const fromSpec = specOperations.map((op) => `${op.id} ${op.plane} ${op.method} ${op.path} ${op.status}`)
    const fromTable = table.map((op) => `${op.id} ${op.plane} ${op.method} ${op.path} ${op.status}`)
    expect([...fromTable].sort()).toEqual([...fromSpec].sort())
    expect(new Set(table.map((op) => op.name)).size).toBe(specOperations.length)
  })

  it("has an Effect method", async () => {
    const runtime = ManagedRuntime.make(layerInProcess(fake))
    const airs = await runtime.runPromise(Effect.map(ModelSecurity, (service) => service))
    await runtime.dispose()
    const missing = table
      .filter((op) => typeof effectMethod(airs, op.name) !== "function")
      .map((op) => op.name)
    expect(missing).toEqual([])
  })

  it("has a method of the Promise client", async () => {
    const client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints("http://127.0.0.1:9") })
    const missing = table
      .filter((op) => typeof compatMethod(client, op.compat) !== "function")
      .map((op) => op.compat)
    await client.close()
    expect(missing).toEqual([])
  })

  it("has a route of the fake, named after the operation", () => {
    const routes = fake.routes.filter((route) => route.plane !== "token")
    expect(
      routes.map((route) => `${route.name} ${route.plane} ${route.method} ${route.path}`).sort()
    ).toEqual(table.map((op) => `${op.name} ${op.plane} ${op.method} ${op.path}`).sort())
  })
})
