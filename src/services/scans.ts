/** `Scans`: the data-plane operations on scans, their evaluations, files, violations and labels. */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { type CallError, ClientError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { Operations } from "../internal/operations.js"
import { traced } from "../internal/traced.js"
import type { PageOptions, StreamParams } from "../schemas/common.js"
import type {
  EvaluationListParams,
  FileList,
  FileListParams,
  FileResponse,
  LabelKeyList,
  LabelKeyListParams,
  LabelsResponse,
  LabelValueList,
  LabelValueListParams,
  RuleEvaluationList,
  RuleEvaluationResponse,
  ScanBaseResponse,
  ScanList,
  ScanListParams,
  ViolationList,
  ViolationListParams,
  ViolationResponse
} from "../schemas/generated.js"
import type { LabelsCreateRequest, ScanCreateRequest } from "../schemas/refinements.js"

/**
 * How `waitForCompletion` and `watch` poll.
 * @category Options
 */
export interface PollOptions {
  /** Time between two polls, positive and finite (default 5 seconds). */
  readonly interval?: Duration.DurationInput
  /** Give up after this long with a `ClientError` of reason `Timeout`, positive (default 30 minutes). */
  readonly timeout?: Duration.DurationInput
}

/** A positive duration, `undefined` giving `fallback`; anything else names the option it breaks. */
const positiveDuration = (
  field: "interval" | "timeout",
  given: Duration.DurationInput | undefined,
  fallback: Duration.DurationInput,
  finite: boolean
): Either.Either<Duration.Duration, PayloadError> => {
  const decoded = Duration.decodeUnknown(given ?? fallback)
  return Option.isSome(decoded) &&
    Duration.greaterThan(decoded.value, Duration.zero) &&
    (!finite || Duration.isFinite(decoded.value))
    ? Either.right(decoded.value)
    : Either.left(
        PayloadError.of([
          { field, rule: `must be a positive${finite ? ", finite" : ""} duration (e.g. "5 seconds")` }
        ])
      )
}

/**
 * The types of {@link Scans:class | Scans}: its service.
 * @category Services
 */
export declare namespace Scans {
  /** Scans of ML models and their results (data plane). */
  export interface Service {
    /**
     * Starts a scan of a model against a security group.
     * @example yield* scans.create({ model_uri: "https://huggingface.co/org/model", security_group_uuid })
     */
    readonly create: (body: ScanCreateRequest) => Effect.Effect<ScanBaseResponse, PayloadError | CallError>
    /**
     * One page of scans, newest first unless `sort_order: "asc"`; optionally matching a model URI or UUID
     * (`search_query`), for one security group or model version, for some source types or evaluation
     * outcomes, in a time range (`start_time`, `end_time`), or by a `labels_query`.
     * @example yield* scans.list({ eval_outcomes: ["BLOCKED"], limit: 50 })
     */
    readonly list: (params?: ScanListParams) => Effect.Effect<ScanList, PayloadError | CallError>
    /**
     * One scan by UUID.
     * @example yield* scans.get("5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b")
     */
    readonly get: (uuid: string) => Effect.Effect<ScanBaseResponse, PayloadError | CallError>
    /**
     * One page of a scan's rule evaluations, with their rules' details, newest first unless `sort_field`
     * or `sort_order` say otherwise; optionally only one `result` or one rule instance
     * (`rule_instance_uuid`).
     * @example yield* scans.getEvaluations(scanId, { result: "FAILED" })
     */
    readonly getEvaluations: (
      uuid: string,
      params?: EvaluationListParams
    ) => Effect.Effect<RuleEvaluationList, PayloadError | CallError>
    /**
     * One rule evaluation by UUID, with its rule's details.
     * @example yield* scans.getEvaluation(evaluationId)
     */
    readonly getEvaluation: (uuid: string) => Effect.Effect<RuleEvaluationResponse, PayloadError | CallError>
    /**
     * One page of the files a scan looked at, under `query_path` (default `/`): its immediate children,
     * or everything beneath it with `recursive: true`; optionally only files or only directories (`type`).
     * Sorted by path, ascending, unless `sort_field` or `sort_dir` say otherwise.
     * @example yield* scans.getFiles(scanId, { query_path: "/weights", type: "FILE" })
     */
    readonly getFiles: (
      uuid: string,
      params?: FileListParams
    ) => Effect.Effect<FileList, PayloadError | CallError>
    /**
     * One page of a scan's rule violations, with their rules' details.
     * @example yield* scans.getViolations(scanId, { limit: 20 })
     */
    readonly getViolations: (
      uuid: string,
      params?: ViolationListParams
    ) => Effect.Effect<ViolationList, PayloadError | CallError>
    /**
     * One violation by UUID, with its rule's details.
     * @example yield* scans.getViolation(violationId)
     */
    readonly getViolation: (uuid: string) => Effect.Effect<ViolationResponse, PayloadError | CallError>
    /**
     * Adds labels to a scan, overwriting the value of a key it already has.
     * @example yield* scans.addLabels(scanId, { labels: { team: "ml-platform" } })
     */
    readonly addLabels: (
      uuid: string,
      body: LabelsCreateRequest
    ) => Effect.Effect<LabelsResponse, PayloadError | CallError>
    /**
     * Replaces all labels of a scan.
     * @example yield* scans.setLabels(scanId, { labels: [{ key: "env", value: "production" }] })
     */
    readonly setLabels: (
      uuid: string,
      body: LabelsCreateRequest
    ) => Effect.Effect<LabelsResponse, PayloadError | CallError>
    /**
     * Deletes the labels with the given keys from a scan.
     * @example yield* scans.deleteLabels(scanId, ["team", "env"])
     */
    readonly deleteLabels: (
      uuid: string,
      keys: ReadonlyArray<string>
    ) => Effect.Effect<void, PayloadError | CallError>
    /**
     * One page of the distinct label keys across scans, optionally by prefix (`search`).
     * @example yield* scans.getLabelKeys({ search: "te" })
     */
    readonly getLabelKeys: (
      params?: LabelKeyListParams
    ) => Effect.Effect<LabelKeyList, PayloadError | CallError>
    /**
     * One page of the distinct values of a label key across scans, optionally by prefix (`search`).
     * @example yield* scans.getLabelValues("team")
     */
    readonly getLabelValues: (
      key: string,
      params?: LabelValueListParams
    ) => Effect.Effect<LabelValueList, PayloadError | CallError>
    /**
     * Every scan matching the filters, across all pages.
     * @example scans.stream({ eval_outcomes: ["BLOCKED"] }, { pageSize: 100, concurrency: 4 })
     */
    readonly stream: (
      params?: StreamParams<ScanListParams>,
      options?: PageOptions
    ) => Stream.Stream<ScanBaseResponse, PayloadError | CallError>
    /**
     * Every rule evaluation of a scan.
     * @example scans.streamEvaluations(scanId, { result: "FAILED" })
     */
    readonly streamEvaluations: (
      uuid: string,
      params?: StreamParams<EvaluationListParams>,
      options?: PageOptions
    ) => Stream.Stream<RuleEvaluationResponse, PayloadError | CallError>
    /**
     * Every file of a scan under `query_path`.
     * @example scans.streamFiles(scanId, { recursive: true })
     */
    readonly streamFiles: (
      uuid: string,
      params?: StreamParams<FileListParams>,
      options?: PageOptions
    ) => Stream.Stream<FileResponse, PayloadError | CallError>
    /**
     * Every rule violation of a scan.
     * @example scans.streamViolations(scanId)
     */
    readonly streamViolations: (
      uuid: string,
      options?: PageOptions
    ) => Stream.Stream<ViolationResponse, PayloadError | CallError>
    /**
     * Every distinct label key across scans.
     * @example scans.streamLabelKeys({ search: "te" })
     */
    readonly streamLabelKeys: (
      params?: StreamParams<LabelKeyListParams>,
      options?: PageOptions
    ) => Stream.Stream<string, PayloadError | CallError>
    /**
     * Every distinct value of a label key across scans.
     * @example scans.streamLabelValues("team")
     */
    readonly streamLabelValues: (
      key: string,
      params?: StreamParams<LabelValueListParams>,
      options?: PageOptions
    ) => Stream.Stream<string, PayloadError | CallError>
    /**
     * The scan as it is polled, every `interval`, ending with the first state that is not `PENDING`;
     * fails with a `ClientError` of reason `Timeout` when that takes longer than `timeout`.
     * @example scans.watch(scanId, { interval: "2 seconds" })
     */
    readonly watch: (
      uuid: string,
      options?: PollOptions
    ) => Stream.Stream<ScanBaseResponse, PayloadError | CallError>
    /**
     * Polls a scan until its `eval_outcome` leaves `PENDING`; fails with a `ClientError` of reason
     * `Timeout` when that takes longer than `timeout`.
     * @example yield* scans.waitForCompletion(scanId, { interval: "5 seconds", timeout: "10 minutes" })
     */
    readonly waitForCompletion: (
      uuid: string,
      options?: PollOptions
    ) => Effect.Effect<ScanBaseResponse, PayloadError | CallError>
  }
}

/**
 * Scans of ML models and their results (data plane). Its methods are those of {@link Scans.Service},
 * each with an example there:
 *
 * - scans: {@link Scans.Service.create | create}, {@link Scans.Service.list | list},
 *   {@link Scans.Service.get | get}, {@link Scans.Service.stream | stream},
 *   {@link Scans.Service.watch | watch}, {@link Scans.Service.waitForCompletion | waitForCompletion}
 * - rule evaluations: {@link Scans.Service.getEvaluations | getEvaluations},
 *   {@link Scans.Service.getEvaluation | getEvaluation},
 *   {@link Scans.Service.streamEvaluations | streamEvaluations}
 * - files scanned: {@link Scans.Service.getFiles | getFiles}, {@link Scans.Service.streamFiles | streamFiles}
 * - violations: {@link Scans.Service.getViolations | getViolations},
 *   {@link Scans.Service.getViolation | getViolation},
 *   {@link Scans.Service.streamViolations | streamViolations}
 * - labels: {@link Scans.Service.addLabels | addLabels}, {@link Scans.Service.setLabels | setLabels},
 *   {@link Scans.Service.deleteLabels | deleteLabels}, {@link Scans.Service.getLabelKeys | getLabelKeys},
 *   {@link Scans.Service.streamLabelKeys | streamLabelKeys},
 *   {@link Scans.Service.getLabelValues | getLabelValues},
 *   {@link Scans.Service.streamLabelValues | streamLabelValues}
 *
 * Get it with `yield* Scans`. Every layer of the SDK provides it, with the other services:
 * {@link ModelSecurity.layerFetch}, {@link ModelSecurity.layer},
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} (undici) and
 * {@link "@effect-airs/model-security/testing"!layerInProcess | layerInProcess} (the fake).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const scans = yield* Scans
 *   const scan = yield* scans.create({ model_uri: "https://huggingface.co/org/model", security_group_uuid })
 *   return yield* scans.waitForCompletion(scan.uuid)
 * })
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 * @category Services
 * @hideconstructor
 */
export class Scans extends Context.Tag("@effect-airs/model-security/Scans")<Scans, Scans.Service>() {}

/** The `Scans` service over the transport in context. */
export const makeScans = Effect.map(makeApi, ({ call, pages }): Scans.Service => {
  const get = (uuid: string) => call(Operations["Scans.get"], { path: { uuid } })

  // The options are checked before the first poll: a zero or NaN interval would poll in a tight loop.
  const watch = (uuid: string, options: PollOptions = {}) => {
    const checked = Either.all([
      positiveDuration("interval", options.interval, "5 seconds", true),
      positiveDuration("timeout", options.timeout, "30 minutes", false)
    ])
    if (Either.isLeft(checked)) return Stream.fail(checked.left)
    const [interval, timeout] = checked.right
    const stillPending = new ClientError({
      message: `Scan ${uuid} was still PENDING after ${Duration.format(timeout)}`,
      operation: "GET /v1/scans/{uuid}",
      reason: "Timeout"
    })
    return Stream.repeatEffectWithSchedule(get(uuid), Schedule.spaced(interval)).pipe(
      Stream.takeUntil((current) => current.eval_outcome !== "PENDING"),
      Stream.interruptWhen(Effect.zipRight(Effect.sleep(timeout), Effect.fail(stillPending)))
    )
  }

  return {
    create: (body) => call(Operations["Scans.create"], { body }),
    list: (query = {}) => call(Operations["Scans.list"], { query }),
    get,
    getEvaluations: (uuid, query = {}) =>
      call(Operations["Scans.getEvaluations"], { path: { scan_uuid: uuid }, query }),
    getEvaluation: (uuid) => call(Operations["Scans.getEvaluation"], { path: { uuid } }),
    getFiles: (uuid, query = {}) => call(Operations["Scans.getFiles"], { path: { scan_uuid: uuid }, query }),
    getViolations: (uuid, query = {}) =>
      call(Operations["Scans.getViolations"], { path: { scan_uuid: uuid }, query }),
    getViolation: (uuid) => call(Operations["Scans.getViolation"], { path: { uuid } }),
    addLabels: (uuid, body) => call(Operations["Scans.addLabels"], { path: { scan_uuid: uuid }, body }),
    setLabels: (uuid, body) => call(Operations["Scans.setLabels"], { path: { scan_uuid: uuid }, body }),
    deleteLabels: (uuid, keys) =>
      call(Operations["Scans.deleteLabels"], { path: { scan_uuid: uuid }, query: { keys } }),
    getLabelKeys: (query = {}) => call(Operations["Scans.getLabelKeys"], { query }),
    getLabelValues: (key, query = {}) => call(Operations["Scans.getLabelValues"], { path: { key }, query }),
    stream: (query = {}, options) =>
      pages.offset(Operations["Scans.list"], { query }, (page) => page.scans, options),
    streamEvaluations: (uuid, query = {}, options) =>
      pages.offset(
        Operations["Scans.getEvaluations"],
        { path: { scan_uuid: uuid }, query },
        (page) => page.evaluations,
        options
      ),
    streamFiles: (uuid, query = {}, options) =>
      pages.offset(
        Operations["Scans.getFiles"],
        { path: { scan_uuid: uuid }, query },
        (page) => page.files,
        options
      ),
    streamViolations: (uuid, options) =>
      pages.offset(
        Operations["Scans.getViolations"],
        { path: { scan_uuid: uuid } },
        (page) => page.violations,
        options
      ),
    streamLabelKeys: (query = {}, options) =>
      pages.offset(Operations["Scans.getLabelKeys"], { query }, (page) => page.keys, options),
    streamLabelValues: (key, query = {}, options) =>
      pages.offset(
        Operations["Scans.getLabelValues"],
        { path: { key }, query },
        (page) => page.values,
        options
      ),
    watch,
    waitForCompletion: (uuid, options) =>
      watch(uuid, options).pipe(
        Stream.runLast,
        Effect.map(Option.getOrThrow),
        traced("Scans.waitForCompletion")
      )
  }
})
