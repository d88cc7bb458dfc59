/**
 * The metrics a workload records against the fake AIRS, with faults injected: exact counts and tag sets,
 * read from Effect's metric registry as the difference between a snapshot before and after. Retries wait
 * on the TestClock, moved on only once the attempt before has ended, so every duration is exact too.
 */

import * as OtelMetrics from "@effect/opentelemetry/Metrics"
import * as OtelResource from "@effect/opentelemetry/Resource"
import { describe, expect, it } from "@effect/vitest"
import { DataPointType, MetricReader } from "@opentelemetry/sdk-metrics"
import { Chunk, Effect, Fiber, Layer, Metric, MetricLabel, MetricState, Stream, TestClock } from "effect"
import {
  ModelSecurityMetrics,
  type ModelSecurityOptions,
  Scans,
  SecurityGroups,
  SecurityRules
} from "../src/index.js"
import { FakeAirs, Fault, layerInProcess } from "../src/testing.js"
import { eventually, settle } from "./support/eventually.js"

const NAMES = [
  "airs.model_security.requests",
  "http.client.request.duration",
  "airs.model_security.retries",
  "airs.model_security.token.fetches",
  "airs.model_security.token.failures",
  "airs.model_security.pages"
]

/** One metric under one tag set: a counter's count, or a histogram's count and sum (seconds). */
interface Reading {
  readonly metric: string
  readonly tags: Readonly<Record<string, string>>
  readonly value: number | { readonly count: number; readonly sum: number }
}

const keyOf = (metric: string, tags: Readonly<Record<string, string>>) =>
  `${metric} ${JSON.stringify(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)))}`

/** The SDK's metrics as they stand, by metric and tag set. */
const readings = (): Map<string, Reading> => {
  const found = new Map<string, Reading>()
  for (const { metricKey, metricState } of Metric.unsafeSnapshot()) {
    if (!NAMES.includes(metricKey.name)) continue
    const tags = Object.fromEntries(metricKey.tags.map((label) => [label.key, label.value]))
    const value = MetricState.isCounterState(metricState)
      ? Number(metricState.count)
      : MetricState.isHistogramState(metricState)
        ? { count: metricState.count, sum: metricState.sum }
        : Number.NaN
    found.set(keyOf(metricKey.name, tags), { metric: metricKey.name, tags, value })
  }
  return found
}

/** What changed between two readings, sorted by metric and tags. */
const delta = (before: Map<string, Reading>, after: Map<string, Reading>): ReadonlyArray<Reading> =>
  [...after.entries()]
    .flatMap(([key, reading]): ReadonlyArray<Reading> => {
      const was = before.get(key)?.value
      if (typeof reading.value === "number") {
        const count = reading.value - ((was as number | undefined) ?? 0)
        return count === 0 ? [] : [{ ...reading, value: count }]
      }
      const prior = (was as { count: number; sum: number } | undefined) ?? { count: 0, sum: 0 }
      const count = reading.value.count - prior.count
      return count === 0 ? [] : [{ ...reading, value: { count, sum: reading.value.sum - prior.sum } }]
    })
    .sort((a, b) => keyOf(a.metric, a.tags).localeCompare(keyOf(b.metric, b.tags)))

const sorted = (list: ReadonlyArray<Reading>) =>
  [...list].sort((a, b) => keyOf(a.metric, a.tags).localeCompare(keyOf(b.metric, b.tags)))

/** The requests counted so far, over every tag set. */
const requestsSoFar = () =>
  [...readings().values()]
    .filter((reading) => reading.metric === "airs.model_security.requests")
    .reduce((total, reading) => total + (reading.value as number), 0)

/**
 * Runs `effect` and gives what it recorded. After each count of requests in `waitAfter` has ended, the
 * TestClock moves on by 10 seconds: past any backoff, and with no request in flight.
 */
const recorded = <A, E, R>(effect: Effect.Effect<A, E, R>, waitAfter: ReadonlyArray<number> = []) =>
  Effect.gen(function* () {
    const before = readings()
    const base = requestsSoFar()
    const fiber = yield* Effect.fork(Effect.either(effect))
    for (const count of waitAfter) {
      yield* eventually(() => requestsSoFar() - base >= count, `${count} requests`)
      yield* settle
      yield* TestClock.adjust("10 seconds")
    }
    const result = yield* Fiber.join(fiber)
    return { result, metrics: delta(before, readings()) }
  })

const HOST = "fake-airs.invalid"

/** An OpenTelemetry metric reader that exports nothing by itself: the test collects from it. */
class ReadOnDemand extends MetricReader {
  protected override onShutdown() {
    return Promise.resolve()
  }
  protected override onForceFlush() {
    return Promise.resolve()
  }
}

/** The readings of one request that ended with `outcome` after `seconds`. */
const request = (
  operation: string,
  plane: "data" | "mgmt" | "token",
  method: string,
  outcome: number | "network" | "timeout",
  { count = 1, seconds = 0 }: { readonly count?: number; readonly seconds?: number } = {}
): ReadonlyArray<Reading> => {
  const base = { "airs.operation": operation, "airs.plane": plane, "http.request.method": method }
  const answered = typeof outcome === "number"
  return [
    {
      metric: "airs.model_security.requests",
      tags: answered
        ? { ...base, "airs.status_class": `${String(outcome)[0]}xx` }
        : { ...base, "error.type": outcome },
      value: count
    },
    {
      metric: "http.client.request.duration",
      tags: {
        ...base,
        "server.address": HOST,
        ...(answered ? { "http.response.status_code": String(outcome) } : {}),
        ...(!answered || outcome >= 400 ? { "error.type": String(outcome) } : {}),
        unit: "s"
      },
      value: { count, sum: seconds * count }
    }
  ]
}

const tokenFetch: ReadonlyArray<Reading> = [
  { metric: "airs.model_security.token.fetches", tags: {}, value: 1 },
  ...request("AccessToken.fetch", "token", "POST", 200)
]

const retry = (operation: string, plane: string, reason: string, count = 1): Reading => ({
  metric: "airs.model_security.retries",
  tags: { "airs.operation": operation, "airs.plane": plane, "airs.retry.reason": reason },
  value: count
})

const withFake = (fake: FakeAirs, options?: ModelSecurityOptions) =>
  Effect.provide(layerInProcess(fake, options))

describe("metrics", () => {
  it.effect(
    "successful calls: one token fetch, each request counted by operation, plane and status class",
    () => {
      const fake = FakeAirs.make({ scans: 5 })
      const uuid = fake.scans[0]!.uuid
      return Effect.gen(function* () {
        const scans = yield* Scans
        const groups = yield* SecurityGroups
        const { result, metrics } = yield* recorded(
          Effect.all([scans.get(uuid), scans.get(uuid), groups.list()])
        )
        expect(result._tag).toBe("Right")
        expect(metrics).toEqual(
          sorted([
            ...tokenFetch,
            ...request("Scans.get", "data", "GET", 200, { count: 2 }),
            ...request("SecurityGroups.list", "mgmt", "GET", 200)
          ])
        )
      }).pipe(withFake(fake))
    }
  )

  it.effect("a 429, then success: one retry for 429, a 4xx request and a 2xx one (TestClock)", () => {
    const fake = FakeAirs.make({ scans: 5 })
    fake.inject({ route: "Scans.get", first: 1, fault: Fault.status(429) })
    const uuid = fake.scans[0]!.uuid
    return Effect.gen(function* () {
      // The token request and the 429 have ended: the backoff (250 ms, jittered) waits on the clock.
      const { result, metrics } = yield* recorded(
        Effect.flatMap(Scans, (scans) => scans.get(uuid)),
        [2]
      )
      expect(result._tag).toBe("Right")
      expect(metrics).toEqual(
        sorted([
          ...tokenFetch,
          ...request("Scans.get", "data", "GET", 429),
          ...request("Scans.get", "data", "GET", 200),
          retry("Scans.get", "data", "429")
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect("a 503 and a reset connection, then success: a retry for each reason (TestClock)", () => {
    const fake = FakeAirs.make()
    fake.inject({ route: "SecurityGroups.list", at: [1], fault: Fault.status(503) })
    fake.inject({ route: "SecurityGroups.list", at: [2], fault: Fault.reset })
    return Effect.gen(function* () {
      const { result, metrics } = yield* recorded(
        Effect.flatMap(SecurityGroups, (groups) => groups.list()),
        [2, 3]
      )
      expect(result._tag).toBe("Right")
      expect(metrics).toEqual(
        sorted([
          ...tokenFetch,
          ...request("SecurityGroups.list", "mgmt", "GET", 503),
          ...request("SecurityGroups.list", "mgmt", "GET", "network"),
          ...request("SecurityGroups.list", "mgmt", "GET", 200),
          retry("SecurityGroups.list", "mgmt", "5xx"),
          retry("SecurityGroups.list", "mgmt", "network")
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect(
    "a request that hangs: a timeout after exactly the configured 30 s, not retried (TestClock)",
    () => {
      const fake = FakeAirs.make({ scans: 5 })
      fake.inject({ route: "Scans.get", first: 1, fault: Fault.hang })
      const uuid = fake.scans[0]!.uuid
      return Effect.gen(function* () {
        const before = readings()
        const fiber = yield* Effect.fork(Effect.flip(Effect.flatMap(Scans, (scans) => scans.get(uuid))))
        yield* eventually(() => fake.requests.some((r) => r.plane === "data"), "the hanging request")
        yield* settle
        yield* TestClock.adjust("30 seconds")
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "ClientError", reason: "Timeout" })
        expect(delta(before, readings())).toEqual(
          sorted([...tokenFetch, ...request("Scans.get", "data", "GET", "timeout", { seconds: 30 })])
        )
      }).pipe(withFake(fake))
    }
  )

  it.effect("the token endpoint refuses the credentials (401): one fetch, one failure, nothing sent", () => {
    const fake = FakeAirs.make({ scans: 5 })
    return Effect.gen(function* () {
      const { result, metrics } = yield* recorded(Effect.flatMap(Scans, (scans) => scans.list()))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "OAuthError", status: 401 } })
      expect(metrics).toEqual(
        sorted([
          { metric: "airs.model_security.token.fetches", tags: {}, value: 1 },
          { metric: "airs.model_security.token.failures", tags: { "error.type": "401" }, value: 1 },
          ...request("AccessToken.fetch", "token", "POST", 401)
        ])
      )
      expect(fake.requests.filter((r) => r.plane !== "token")).toEqual([])
    }).pipe(withFake(fake, { clientSecret: "not-the-secret" }))
  })

  it.effect("a token endpoint answering 503 once: the fetch retried, and it succeeds (TestClock)", () => {
    const fake = FakeAirs.make({ scans: 5 })
    fake.inject({ route: "token.issue", first: 1, fault: Fault.status(503) })
    return Effect.gen(function* () {
      const { result, metrics } = yield* recorded(
        Effect.flatMap(Scans, (scans) => scans.list()),
        [1]
      )
      expect(result._tag).toBe("Right")
      expect(metrics).toEqual(
        sorted([
          { metric: "airs.model_security.token.fetches", tags: {}, value: 1 },
          ...request("AccessToken.fetch", "token", "POST", 503),
          ...request("AccessToken.fetch", "token", "POST", 200),
          retry("AccessToken.fetch", "token", "5xx"),
          ...request("Scans.list", "data", "GET", 200)
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect("a revoked token: a 401, a second token fetch and the request again, which is no retry", () => {
    const fake = FakeAirs.make({ scans: 5 })
    fake.inject({ route: "Scans.list", at: [2], fault: Fault.revokeTokens })
    return Effect.gen(function* () {
      const scans = yield* Scans
      const { metrics } = yield* recorded(Effect.zipRight(scans.list(), scans.list()))
      expect(metrics).toEqual(
        sorted([
          { metric: "airs.model_security.token.fetches", tags: {}, value: 2 },
          ...request("AccessToken.fetch", "token", "POST", 200, { count: 2 }),
          ...request("Scans.list", "data", "GET", 200, { count: 2 }),
          ...request("Scans.list", "data", "GET", 401)
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect("an offset stream of 35 scans in pages of 10: 4 pages", () => {
    const fake = FakeAirs.make({ scans: 35 })
    return Effect.gen(function* () {
      const scans = yield* Scans
      const { result, metrics } = yield* recorded(
        Stream.runCollect(scans.stream({}, { pageSize: 10, concurrency: 2 }))
      )
      expect(result._tag === "Right" && Chunk.size(result.right)).toBe(35)
      expect(metrics).toEqual(
        sorted([
          ...tokenFetch,
          ...request("Scans.list", "data", "GET", 200, { count: 4 }),
          {
            metric: "airs.model_security.pages",
            tags: { "airs.operation": "Scans.list", "airs.plane": "data" },
            value: 4
          }
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect("a cursor stream, one version a page: a page per request", () => {
    const fake = FakeAirs.make()
    return Effect.gen(function* () {
      const rules = yield* SecurityRules
      const versions = (yield* rules.listVersions({ limit: 100 })).versions.length
      const { result, metrics } = yield* recorded(Stream.runCollect(rules.streamVersions({ limit: 1 })))
      expect(result._tag === "Right" && Chunk.size(result.right)).toBe(versions)
      const pages = fake.requests.filter((r) => r.plane === "mgmt").length - 1
      expect(metrics).toEqual(
        sorted([
          ...request("SecurityRules.listVersions", "mgmt", "GET", 200, { count: pages }),
          {
            metric: "airs.model_security.pages",
            tags: { "airs.operation": "SecurityRules.listVersions", "airs.plane": "mgmt" },
            value: pages
          }
        ])
      )
    }).pipe(withFake(fake))
  })

  it.effect("labels set with Effect.tagMetrics are added to every metric of the calls under them", () => {
    const fake = FakeAirs.make({ scans: 5 })
    return Effect.gen(function* () {
      const scans = yield* Scans
      const { metrics } = yield* recorded(
        Effect.tagMetrics(Stream.runDrain(scans.stream({}, { pageSize: 5 })), "tenant", "blue")
      )
      expect(metrics).toEqual(
        sorted(
          [
            ...tokenFetch,
            ...request("Scans.list", "data", "GET", 200),
            {
              metric: "airs.model_security.pages",
              tags: { "airs.operation": "Scans.list", "airs.plane": "data" },
              value: 1
            }
          ].map((reading) => ({ ...reading, tags: { tenant: "blue", ...reading.tags } }))
        )
      )
    }).pipe(withFake(fake))
  })

  it.effect("no tag holds a token, a secret, a URL, a query or a value of the caller's", () => {
    const fake = FakeAirs.make({ scans: 5 })
    const uuid = fake.scans[0]!.uuid
    return Effect.gen(function* () {
      const scans = yield* Scans
      const { result } = yield* recorded(
        Effect.all([scans.get(uuid), scans.list({ search_query: "marker-of-the-caller", limit: 3 })])
      )
      expect(result._tag).toBe("Right")
      const secrets = [fake.credentials.clientSecret, fake.credentials.clientId, ...fake.issuedTokens, uuid]
      const offenders = [...readings().values()].flatMap((reading) =>
        Object.entries(reading.tags).filter(
          ([, value]) => secrets.some((secret) => value.includes(secret)) || /[?/=]|marker|:\/\//.test(value)
        )
      )
      expect(offenders).toEqual([])
    }).pipe(withFake(fake))
  })

  it.effect("the exported Metric values are the ones recorded: Metric.value reads them", () => {
    const fake = FakeAirs.make({ scans: 25 })
    const pages = Metric.taggedWithLabels(ModelSecurityMetrics.pages, [
      MetricLabel.make("airs.operation", "Scans.list"),
      MetricLabel.make("airs.plane", "data")
    ])
    return Effect.gen(function* () {
      const scans = yield* Scans
      const before = yield* Metric.value(pages)
      yield* Stream.runDrain(scans.stream({}, { pageSize: 10 }))
      const after = yield* Metric.value(pages)
      expect(after.count - before.count).toBe(3)
    }).pipe(withFake(fake))
  })

  it.effect(
    "an OpenTelemetry reader (@effect/opentelemetry) exports them with their names, units and attributes",
    () => {
      const fake = FakeAirs.make({ scans: 5 })
      const reader = new ReadOnDemand()
      const telemetry = OtelMetrics.layer(() => reader).pipe(
        Layer.provide(OtelResource.layer({ serviceName: "metrics-test" }))
      )
      return Effect.gen(function* () {
        const scans = yield* Scans
        yield* Effect.tagMetrics(scans.list({ limit: 1 }), "run", "otel")
        const { resourceMetrics } = yield* Effect.promise(() => reader.collect())
        const exported = resourceMetrics.scopeMetrics
          .flatMap((scope) => scope.metrics)
          .filter((metric) => NAMES.includes(metric.descriptor.name))
          .flatMap((metric) =>
            (metric.dataPoints as ReadonlyArray<{ attributes: Record<string, unknown>; value: unknown }>)
              .filter((point) => point.attributes.run === "otel")
              .map((point) => ({
                name: metric.descriptor.name,
                unit: metric.descriptor.unit,
                kind: `${DataPointType[metric.dataPointType]}${"isMonotonic" in metric && metric.isMonotonic ? " (monotonic)" : ""}`,
                attributes: point.attributes,
                value:
                  typeof point.value === "number"
                    ? point.value
                    : {
                        count: (point.value as { count: number }).count,
                        boundaries: (point.value as { buckets: { boundaries: Array<number> } }).buckets
                          .boundaries
                      }
              }))
          )
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        const duration = (attributes: Record<string, string>) => ({
          name: "http.client.request.duration",
          unit: "s",
          kind: "HISTOGRAM",
          attributes: { ...attributes, "http.response.status_code": "200", unit: "s", run: "otel" },
          value: {
            count: 1,
            boundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
          }
        })
        const requests = (attributes: Record<string, string>) => ({
          name: "airs.model_security.requests",
          unit: "1",
          kind: "SUM (monotonic)",
          attributes: { ...attributes, "airs.status_class": "2xx", run: "otel" },
          value: 1
        })
        const token = {
          "airs.operation": "AccessToken.fetch",
          "airs.plane": "token",
          "http.request.method": "POST"
        }
        const list = { "airs.operation": "Scans.list", "airs.plane": "data", "http.request.method": "GET" }
        expect(exported).toEqual(
          [
            duration({ ...token, "server.address": HOST }),
            duration({ ...list, "server.address": HOST }),
            requests(token),
            requests(list),
            {
              name: "airs.model_security.token.fetches",
              unit: "1",
              kind: "SUM (monotonic)",
              attributes: { run: "otel" },
              value: 1
            }
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        )
      }).pipe(Effect.provide(Layer.merge(layerInProcess(fake), telemetry)))
    }
  )
})
