/** `Scans`: the data-plane operations on scans, their evaluations, files, violations and labels. */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ClientError } from "../errors/index.js"
import { ModelSecurityConfig } from "../layers/config.js"
import { AirsHttp } from "../layers/http.js"
import { LabelKey, type PageOptions, Uuid } from "../schemas/common.js"
import { EvaluationListParams, RuleEvaluationList, RuleEvaluationResponse } from "../schemas/evaluation.js"
import { FileList, FileListParams } from "../schemas/file.js"
import {
  LabelKeyList,
  LabelKeyListParams,
  LabelKeys,
  LabelsCreateRequest,
  LabelsResponse,
  LabelValueList,
  LabelValueListParams
} from "../schemas/labels.js"
import { ScanBaseResponse, ScanCreateRequest, ScanList, ScanListParams } from "../schemas/scan.js"
import { ViolationList, ViolationListParams, ViolationResponse } from "../schemas/violation.js"
import { validator } from "./input.js"
import { pageStreams, type StreamParams } from "./pagination.js"
import { traced } from "./traced.js"

/** How `waitForCompletion` and `watch` poll. */
export interface PollOptions {
  /** Time between two polls (default 5 seconds). */
  readonly interval?: Duration.DurationInput
  /** Give up after this long with a `ClientError` of reason `Timeout` (default 30 minutes). */
  readonly timeout?: Duration.DurationInput
}

const scanUuid = validator(Uuid, "scan_uuid")
const uuid = validator(Uuid, "uuid")
const labelKey = validator(LabelKey, "key")
const labelKeys = validator(LabelKeys, "keys")
const createBody = validator(ScanCreateRequest)
const labelsBody = validator(LabelsCreateRequest)
const scanQuery = validator(ScanListParams)
const evaluationQuery = validator(EvaluationListParams)
const fileQuery = validator(FileListParams)
const violationQuery = validator(ViolationListParams)
const labelKeyQuery = validator(LabelKeyListParams)
const labelValueQuery = validator(LabelValueListParams)

/** Scans of ML models and their results (data plane). */
export class Scans extends Effect.Service<Scans>()("@effect-airs/model-security/Scans", {
  effect: Effect.gen(function* () {
    const { data } = yield* AirsHttp
    const pages = pageStreams(yield* ModelSecurityConfig)

    const listScans = (query: typeof ScanListParams.Type) =>
      data.call("GET", "/v1/scans", { span: "Scans.list", query, response: ScanList })
    const getScan = (id: string) =>
      data.call("GET", "/v1/scans/{uuid}", {
        span: "Scans.get",
        path: { uuid: id },
        response: ScanBaseResponse
      })
    const listEvaluations = (id: string, query: typeof EvaluationListParams.Type) =>
      data.call("GET", "/v1/scans/{scan_uuid}/evaluations", {
        span: "Scans.getEvaluations",
        path: { scan_uuid: id },
        query,
        response: RuleEvaluationList
      })
    const listFiles = (id: string, query: typeof FileListParams.Type) =>
      data.call("GET", "/v1/scans/{scan_uuid}/files", {
        span: "Scans.getFiles",
        path: { scan_uuid: id },
        query,
        response: FileList
      })
    const listViolations = (id: string, query: typeof ViolationListParams.Type) =>
      data.call("GET", "/v1/scans/{scan_uuid}/rule-violations", {
        span: "Scans.getViolations",
        path: { scan_uuid: id },
        query,
        response: ViolationList
      })
    const listLabelKeys = (query: typeof LabelKeyListParams.Type) =>
      data.call("GET", "/v1/scans/label-keys", { span: "Scans.getLabelKeys", query, response: LabelKeyList })
    const listLabelValues = (key: string, query: typeof LabelValueListParams.Type) =>
      data.call("GET", "/v1/scans/label-keys/{key}/values", {
        span: "Scans.getLabelValues",
        path: { key },
        query,
        response: LabelValueList
      })

    const watch = (scan: string, options: PollOptions = {}) => {
      const timeout = Duration.decode(options.timeout ?? "30 minutes")
      const stillPending = new ClientError({
        message: `Scan ${scan} was still PENDING after ${Duration.format(timeout)}`,
        operation: "GET /v1/scans/{uuid}",
        reason: "Timeout"
      })
      return Stream.unwrap(
        Effect.map(uuid(scan), (id) =>
          Stream.repeatEffectWithSchedule(getScan(id), Schedule.spaced(options.interval ?? "5 seconds")).pipe(
            Stream.takeUntil((current) => current.eval_outcome !== "PENDING"),
            Stream.interruptWhen(Effect.zipRight(Effect.sleep(timeout), Effect.fail(stillPending)))
          )
        )
      )
    }

    return {
      /**
       * Starts a scan of a model against a security group.
       * @example yield* scans.create({ model_uri: "https://huggingface.co/org/model", security_group_uuid })
       */
      create: (body: ScanCreateRequest) =>
        Effect.flatMap(createBody(body), (valid) =>
          data.call("POST", "/v1/scans", { span: "Scans.create", body: valid, response: ScanBaseResponse })
        ),

      /**
       * One page of scans, newest first unless `sort_order: "asc"`.
       * @example yield* scans.list({ eval_outcomes: ["BLOCKED"], limit: 50 })
       */
      list: (params: ScanListParams = {}) => Effect.flatMap(scanQuery(params), listScans),

      /**
       * One scan by UUID.
       * @example yield* scans.get("5f0c9a3e-8f6b-4d1e-9c2a-1b3d5e7f9a0b")
       */
      get: (id: string) => Effect.flatMap(uuid(id), getScan),

      /**
       * One page of a scan's rule evaluations.
       * @example yield* scans.getEvaluations(scanId, { result: "FAILED" })
       */
      getEvaluations: (id: string, params: EvaluationListParams = {}) =>
        Effect.flatMap(Either.all([scanUuid(id), evaluationQuery(params)]), ([scan, query]) =>
          listEvaluations(scan, query)
        ),

      /**
       * One rule evaluation by UUID.
       * @example yield* scans.getEvaluation(evaluationId)
       */
      getEvaluation: (id: string) =>
        Effect.flatMap(uuid(id), (valid) =>
          data.call("GET", "/v1/evaluations/{uuid}", {
            span: "Scans.getEvaluation",
            path: { uuid: valid },
            response: RuleEvaluationResponse
          })
        ),

      /**
       * One page of the files a scan looked at, under `query_path` (default `/`).
       * @example yield* scans.getFiles(scanId, { query_path: "/weights" })
       */
      getFiles: (id: string, params: FileListParams = {}) =>
        Effect.flatMap(Either.all([scanUuid(id), fileQuery(params)]), ([scan, query]) =>
          listFiles(scan, query)
        ),

      /**
       * One page of a scan's rule violations.
       * @example yield* scans.getViolations(scanId, { limit: 20 })
       */
      getViolations: (id: string, params: ViolationListParams = {}) =>
        Effect.flatMap(Either.all([scanUuid(id), violationQuery(params)]), ([scan, query]) =>
          listViolations(scan, query)
        ),

      /**
       * One violation by UUID.
       * @example yield* scans.getViolation(violationId)
       */
      getViolation: (id: string) =>
        Effect.flatMap(uuid(id), (valid) =>
          data.call("GET", "/v1/violations/{uuid}", {
            span: "Scans.getViolation",
            path: { uuid: valid },
            response: ViolationResponse
          })
        ),

      /**
       * Adds labels to a scan, overwriting the value of a key it already has.
       * @example yield* scans.addLabels(scanId, { labels: { team: "ml-platform" } })
       */
      addLabels: (id: string, body: LabelsCreateRequest) =>
        Effect.flatMap(Either.all([scanUuid(id), labelsBody(body)]), ([scan, valid]) =>
          data.call("POST", "/v1/scans/{scan_uuid}/labels", {
            span: "Scans.addLabels",
            path: { scan_uuid: scan },
            body: valid,
            response: LabelsResponse
          })
        ),

      /**
       * Replaces all labels of a scan.
       * @example yield* scans.setLabels(scanId, { labels: [{ key: "env", value: "production" }] })
       */
      setLabels: (id: string, body: LabelsCreateRequest) =>
        Effect.flatMap(Either.all([scanUuid(id), labelsBody(body)]), ([scan, valid]) =>
          data.call("PUT", "/v1/scans/{scan_uuid}/labels", {
            span: "Scans.setLabels",
            path: { scan_uuid: scan },
            body: valid,
            response: LabelsResponse
          })
        ),

      /**
       * Deletes the labels with the given keys from a scan.
       * @example yield* scans.deleteLabels(scanId, ["team", "env"])
       */
      deleteLabels: (id: string, keys: ReadonlyArray<string>) =>
        Effect.flatMap(Either.all([scanUuid(id), labelKeys(keys)]), ([scan, valid]) =>
          data.call("DELETE", "/v1/scans/{scan_uuid}/labels", {
            span: "Scans.deleteLabels",
            path: { scan_uuid: scan },
            query: { keys: valid },
            response: Schema.Void
          })
        ),

      /**
       * One page of the distinct label keys across scans, optionally by prefix (`search`).
       * @example yield* scans.getLabelKeys({ search: "te" })
       */
      getLabelKeys: (params: LabelKeyListParams = {}) => Effect.flatMap(labelKeyQuery(params), listLabelKeys),

      /**
       * One page of the distinct values of a label key across scans.
       * @example yield* scans.getLabelValues("team")
       */
      getLabelValues: (key: string, params: LabelValueListParams = {}) =>
        Effect.flatMap(Either.all([labelKey(key), labelValueQuery(params)]), ([name, query]) =>
          listLabelValues(name, query)
        ),

      /**
       * Every scan matching the filters, across all pages.
       * @example scans.stream({ eval_outcomes: ["BLOCKED"] }, { pageSize: 100, concurrency: 4 })
       */
      stream: (params: StreamParams<ScanListParams> = {}, options?: PageOptions) =>
        pages.stream(
          scanQuery(params),
          options,
          (query, page) => listScans({ ...query, ...page }),
          (list) => list.scans
        ),

      /**
       * Every rule evaluation of a scan.
       * @example scans.streamEvaluations(scanId, { result: "FAILED" })
       */
      streamEvaluations: (
        id: string,
        params: StreamParams<EvaluationListParams> = {},
        options?: PageOptions
      ) =>
        pages.stream(
          Either.all([scanUuid(id), evaluationQuery(params)]),
          options,
          ([scan, query], page) => listEvaluations(scan, { ...query, ...page }),
          (list) => list.evaluations
        ),

      /**
       * Every file of a scan under `query_path`.
       * @example scans.streamFiles(scanId)
       */
      streamFiles: (id: string, params: StreamParams<FileListParams> = {}, options?: PageOptions) =>
        pages.stream(
          Either.all([scanUuid(id), fileQuery(params)]),
          options,
          ([scan, query], page) => listFiles(scan, { ...query, ...page }),
          (list) => list.files
        ),

      /**
       * Every rule violation of a scan.
       * @example scans.streamViolations(scanId)
       */
      streamViolations: (id: string, options?: PageOptions) =>
        pages.stream(
          scanUuid(id),
          options,
          (scan, page) => listViolations(scan, page),
          (list) => list.violations
        ),

      /**
       * Every distinct label key across scans.
       * @example scans.streamLabelKeys({ search: "te" })
       */
      streamLabelKeys: (params: StreamParams<LabelKeyListParams> = {}, options?: PageOptions) =>
        pages.stream(
          labelKeyQuery(params),
          options,
          (query, page) => listLabelKeys({ ...query, ...page }),
          (list) => list.keys
        ),

      /**
       * Every distinct value of a label key across scans.
       * @example scans.streamLabelValues("team")
       */
      streamLabelValues: (
        key: string,
        params: StreamParams<LabelValueListParams> = {},
        options?: PageOptions
      ) =>
        pages.stream(
          Either.all([labelKey(key), labelValueQuery(params)]),
          options,
          ([name, query], page) => listLabelValues(name, { ...query, ...page }),
          (list) => list.values
        ),

      /**
       * The scan as it is polled, every `interval`, ending with the first state that is not `PENDING`;
       * fails with a `ClientError` of reason `Timeout` when that takes longer than `timeout`.
       * @example scans.watch(scanId, { interval: "2 seconds" })
       */
      watch,

      /**
       * Polls a scan until its `eval_outcome` leaves `PENDING`; fails with a `ClientError` of reason
       * `Timeout` when that takes longer than `timeout`.
       * @example yield* scans.waitForCompletion(scanId, { interval: "5 seconds", timeout: "10 minutes" })
       */
      waitForCompletion: (id: string, options: PollOptions = {}) =>
        watch(id, options).pipe(
          Stream.runLast,
          Effect.map(Option.getOrThrow),
          traced("Scans.waitForCompletion")
        )
    } as const
  })
}) {}
