/**
 * The SDK's metrics, recorded with Effect's `Metric` (so that any exporter of Effect metrics, such as
 * `@effect/opentelemetry`, picks them up), named after the OpenTelemetry HTTP client conventions where
 * one exists. Tags hold the operation, plane, method, status and host only: never a URL, a query, a
 * token or anything of the caller's. Each tag set is built once and kept, so that a request costs two
 * clock readings, a map lookup and two metric updates (about 0.15 µs).
 */
import type * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"
import type { Failure } from "./http-exchange/types.js"

/** Where a request goes: the data plane, the management plane, or the token endpoint. */
export type Plane = "data" | "mgmt" | "token"

/** Why an attempt is made again: the status that answered the one before, or the failure that ended it. */
export type RetryReason = "429" | "5xx" | "network" | "proxy"

/** Why no response came (`error.type`): a timeout, a network failure, a proxy's refusal, a body over the limit. */
export type FailureType = "timeout" | "network" | "proxy" | "response_too_large"

/** How a request ended: the status it was answered with, or why none came. */
export type Outcome = number | FailureType

/** The OpenTelemetry HTTP client duration buckets, in seconds. */
const DURATION_BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

/**
 * The metrics the SDK records. Their names and tags are documented in the README ("Metrics"); every
 * value is the process-wide one that `Metric.snapshot` and exporters read.
 * @category Metrics
 */
export const ModelSecurityMetrics = {
  /**
   * `airs.model_security.requests` (counter): HTTP requests, each attempt counted, by `airs.operation`,
   * `airs.plane`, `http.request.method`, and `airs.status_class` (`2xx`, `4xx`, …) or, when no response
   * came, `error.type`.
   */
  requests: Metric.counter("airs.model_security.requests", {
    description: "HTTP requests sent to the Model Security API and its token endpoint, each attempt counted.",
    incremental: true
  }),
  /**
   * `http.client.request.duration` (histogram, seconds): the duration of each attempt, by
   * `airs.operation`, `airs.plane`, `http.request.method`, `server.address`, `http.response.status_code`
   * and `error.type`, with `unit` `s`.
   */
  requestDuration: Metric.histogram(
    "http.client.request.duration",
    MetricBoundaries.fromIterable(DURATION_BOUNDARIES),
    "Duration of HTTP client requests."
  ),
  /** `airs.model_security.retries` (counter): attempts made again, by `airs.operation`, `airs.plane` and `airs.retry.reason`. */
  retries: Metric.counter("airs.model_security.retries", {
    description: "Requests sent again after a transient failure (429, 5xx, network, proxy).",
    incremental: true
  }),
  /** `airs.model_security.token.fetches` (counter): access tokens fetched, retries included in one fetch. */
  tokenFetches: Metric.counter("airs.model_security.token.fetches", {
    description: "Access token fetches from the token endpoint.",
    incremental: true
  }),
  /** `airs.model_security.token.failures` (counter): token fetches that failed, by `error.type`. */
  tokenFetchFailures: Metric.counter("airs.model_security.token.failures", {
    description: "Access token fetches that failed.",
    incremental: true
  }),
  /** `airs.model_security.pages` (counter): pages fetched by the `stream…` methods, by `airs.operation` and `airs.plane`. */
  pages: Metric.counter("airs.model_security.pages", {
    description: "List pages fetched by streams.",
    incremental: true
  })
} as const

type Labels = ReadonlyArray<MetricLabel.MetricLabel>

/** The labels a caller set with `Effect.tagMetrics` on the fiber, added to every metric it records. */
export const fiberLabels = (fiber: { readonly getFiberRef: <A>(ref: FiberRef.FiberRef<A>) => A }): Labels =>
  fiber.getFiberRef(FiberRef.currentMetricLabels)

/**
 * `tags` and then the fiber's labels, as `Metric.tagged` orders them; the same array when there are none,
 * so that the metric's hook for it stays cached.
 */
const withLabels = (tags: Labels, labels: Labels): Labels =>
  labels.length === 0 ? tags : [...tags, ...labels]

const label = MetricLabel.make

/** The `error.type` of a failed exchange. */
export const failureType = (failure: Failure): FailureType =>
  failure._tag === "Timeout"
    ? "timeout"
    : failure._tag === "TooLarge"
      ? "response_too_large"
      : failure.proxyStatus === undefined
        ? "network"
        : "proxy"

const statusClass = (status: number): string =>
  status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "_OTHER"

/** The host of a URL as `server.address` has it (no port, no brackets); empty when it is no URL. */
export const serverAddress = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "")
  } catch {
    return ""
  }
}

/** What one operation records; the tag sets of each outcome and reason are built on first use. */
export interface OperationMetrics {
  /** A request started at `startNanos` (on `clock`) ended now: answered with a status, or failed. */
  readonly request: (
    outcome: number | Failure,
    startNanos: bigint,
    clock: Clock.Clock,
    labels: Labels
  ) => void
  /** A request is sent again, for `reason`. */
  readonly retry: (reason: RetryReason, labels: Labels) => void
}

/** The metrics of the requests of `operation` (e.g. `Scans.get`), sent with `method` to `host` on `plane`. */
export const operationMetrics = (
  operation: string,
  plane: Plane,
  method: string,
  host: string
): OperationMetrics => {
  const base = [
    label("airs.operation", operation),
    label("airs.plane", plane),
    label("http.request.method", method)
  ]
  const byOutcome = new Map<Outcome, { readonly count: Labels; readonly duration: Labels }>()
  const byReason = new Map<RetryReason, Labels>()
  const outcomeTags = (outcome: Outcome) => {
    let tags = byOutcome.get(outcome)
    if (tags === undefined) {
      const answered = typeof outcome === "number"
      const error = answered ? (outcome >= 400 ? String(outcome) : undefined) : outcome
      tags = {
        count: [
          ...base,
          answered ? label("airs.status_class", statusClass(outcome)) : label("error.type", outcome)
        ],
        duration: [
          ...base,
          label("server.address", host),
          ...(answered ? [label("http.response.status_code", String(outcome))] : []),
          ...(error === undefined ? [] : [label("error.type", error)]),
          label("unit", "s")
        ]
      }
      byOutcome.set(outcome, tags)
    }
    return tags
  }
  return {
    request: (outcome, startNanos, clock, labels) => {
      const seconds = Number(clock.unsafeCurrentTimeNanos() - startNanos) / 1e9
      const tags = outcomeTags(typeof outcome === "number" ? outcome : failureType(outcome))
      ModelSecurityMetrics.requests.unsafeUpdate(1, withLabels(tags.count, labels))
      ModelSecurityMetrics.requestDuration.unsafeUpdate(seconds, withLabels(tags.duration, labels))
    },
    retry: (reason, labels) => {
      let tags = byReason.get(reason)
      if (tags === undefined) {
        tags = [base[0]!, base[1]!, label("airs.retry.reason", reason)]
        byReason.set(reason, tags)
      }
      ModelSecurityMetrics.retries.unsafeUpdate(1, withLabels(tags, labels))
    }
  }
}

/** The metrics of each operation on a plane (by span name), made on first use and kept. */
export const planeMetrics = (plane: Plane, baseUrl: string) => {
  const host = serverAddress(baseUrl)
  const byOperation = new Map<string, OperationMetrics>()
  return (operation: string, method: string): OperationMetrics => {
    let found = byOperation.get(operation)
    if (found === undefined) {
      found = operationMetrics(operation, plane, method, host)
      byOperation.set(operation, found)
    }
    return found
  }
}

const pageTags = new Map<string, Labels>()

/** Counts a page of `operation` (on `plane`) fetched by a stream. */
export const countPage = (operation: string, plane: Plane): Effect.Effect<void> =>
  Effect.withFiberRuntime((fiber) => {
    let tags = pageTags.get(operation)
    if (tags === undefined) {
      tags = [label("airs.operation", operation), label("airs.plane", plane)]
      pageTags.set(operation, tags)
    }
    ModelSecurityMetrics.pages.unsafeUpdate(1, withLabels(tags, fiberLabels(fiber)))
    return Effect.void
  })

const NO_TAGS: Labels = []
const failureTags = new Map<string, Labels>()

/** A token fetch started. */
export const countTokenFetch = (labels: Labels): void =>
  ModelSecurityMetrics.tokenFetches.unsafeUpdate(1, labels.length === 0 ? NO_TAGS : labels)

/** A token fetch failed: `errorType` is the status it was refused with, `invalid_response`, or a `FailureType`. */
export const countTokenFailure = (errorType: string, labels: Labels): void => {
  let tags = failureTags.get(errorType)
  if (tags === undefined) {
    tags = [label("error.type", errorType)]
    failureTags.set(errorType, tags)
  }
  ModelSecurityMetrics.tokenFetchFailures.unsafeUpdate(1, withLabels(tags, labels))
}
