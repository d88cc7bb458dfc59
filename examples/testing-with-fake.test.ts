/**
 * Testing your own code against the fake AIRS: here `ModelGate` (model-gate.ts), as an application
 * would test its services. The fake answers in process (`layerInProcess`, no sockets) or on a free
 * port (`fake.listen()`), keeps state, finishes scans after `scanPolls` GETs and records every request.
 *
 *   npx vitest run examples/testing-with-fake.test.ts
 */
import { describe, expect, it } from "@effect/vitest"
import { SecurityGroups } from "@effect-airs/model-security"
import { ModelSecurityClient } from "@effect-airs/model-security/compat"
import { FakeAirs, type FakeAirsOptions, layerInProcess } from "@effect-airs/model-security/testing"
import { Effect, Layer, Stream } from "effect"
import { ModelGate } from "./model-gate.js"

const SAFE = "https://huggingface.co/google-bert/bert-base-uncased"
/** The fake finds threats in model URIs containing "malicious" or "unsafe". */
const MALICIOUS = "https://huggingface.co/hacker-lab/malicious-bert-pickle"

/** A fresh fake per test, and your service over the SDK talking to it in process. */
const setUp = (options: FakeAirsOptions = {}) => {
  // scanPolls: 0 — a created scan is finished on its first GET, so no test waits for a poll interval.
  const fake = FakeAirs.make({ scans: 20, scanPolls: 0, ...options })
  const layer = ModelGate.Default.pipe(Layer.provideMerge(layerInProcess(fake)))
  return { fake, layer }
}

describe("ModelGate against the fake AIRS", () => {
  it.effect("admits a model the security group allows, and labels its scan", () => {
    const { fake, layer } = setUp()
    return Effect.gen(function* () {
      const scan = yield* (yield* ModelGate).admit(SAFE)
      expect(scan.eval_outcome).toBe("ALLOWED")
      expect(scan.source_type).toBe("HUGGING_FACE")
      // The fake's state is there to inspect.
      expect(fake.scans[0]?.labels).toEqual([{ key: "gate", value: "model-gate" }])
    }).pipe(Effect.provide(layer))
  })

  it.effect("refuses a model with a blocking violation, naming the rules", () => {
    const { layer } = setUp()
    return Effect.gen(function* () {
      const error = yield* Effect.flip((yield* ModelGate).admit(MALICIOUS))
      expect(error._tag).toBe("ModelBlocked")
      if (error._tag === "ModelBlocked") {
        expect(error.modelUri).toBe(MALICIOUS)
        expect(error.rules.length).toBeGreaterThan(0)
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("lets the same model through once its group's rules only warn", () => {
    const { layer } = setUp()
    return Effect.gen(function* () {
      const groups = yield* SecurityGroups
      const [group] = (yield* groups.list({ source_types: ["HUGGING_FACE"], limit: 1 })).security_groups
      const blocking = yield* Stream.runCollect(
        groups.streamRuleInstances(group!.uuid, { state: "BLOCKING" })
      )
      yield* Effect.forEach(blocking, (instance) =>
        groups.updateRuleInstance(group!.uuid, instance.uuid, { state: "ALLOWING" })
      )
      const scan = yield* (yield* ModelGate).admit(MALICIOUS, { groupUuid: group!.uuid })
      expect(scan.eval_outcome).toBe("ALLOWED")
    }).pipe(Effect.provide(layer))
  })

  it.effect("sends what you expect: every request is recorded", () => {
    const { fake, layer } = setUp()
    return Effect.gen(function* () {
      yield* (yield* ModelGate).admit(SAFE)
      const routes = fake.requests.map((request) => request.route)
      // One token for everything, then: find the group, start the scan, poll it once.
      expect(routes).toEqual(["token.issue", "SecurityGroups.list", "Scans.create", "Scans.get"])
      const create = fake.requests.find((request) => request.route === "Scans.create")
      expect(create?.body).toMatchObject({ model_uri: SAFE, scan_origin: "MODEL_SECURITY_SDK" })
    }).pipe(Effect.provide(layer))
  })

  it.effect("surfaces the API's refusals as typed SDK errors", () => {
    const { layer } = setUp()
    return Effect.gen(function* () {
      const unknownGroup = "00000000-0000-4000-8000-000000000000"
      const error = yield* Effect.flip((yield* ModelGate).admit(SAFE, { groupUuid: unknownGroup }))
      expect(error).toMatchObject({ _tag: "ClientError", status: 404 })
    }).pipe(Effect.provide(layer))
  })

  it("works the same for Promise code over HTTP (fake.listen)", async () => {
    const fake = FakeAirs.make({ scans: 250 })
    const server = await fake.listen()
    const client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
    try {
      const all = await client.scans.listAll({}, { pageSize: 100, concurrency: 4 })
      expect(all).toHaveLength(250)
      expect(fake.requests.filter((request) => request.route === "Scans.list")).toHaveLength(3)
    } finally {
      await client.close()
      await server.close()
    }
  })
})
