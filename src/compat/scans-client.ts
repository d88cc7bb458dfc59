/** `client.scans`: the Promise form of the `Scans` service. */
import type { PageOptions, StreamParams } from "../schemas/common.js"
import { Scans } from "../services/scans.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { serviceCalls, without } from "./service-client.js"
import type {
  EvaluationListParams,
  FileList,
  FileListParams,
  FileResponse,
  LabelKeyList,
  LabelKeyListParams,
  LabelsCreateRequest,
  LabelsResponse,
  LabelValueList,
  LabelValueListParams,
  RuleEvaluationList,
  RuleEvaluationResponse,
  ScanBaseResponse,
  ScanCreateRequest,
  ScanList,
  ScanListParams,
  ViolationList,
  ViolationListParams,
  ViolationResponse
} from "./types.js"

/** What the existing SDK accepted on `scans.list` that the API does not take (there is no sort field). */
const NOT_SCAN_PARAMS = ["sort_by", "isBackgroundRefresh"] as const
/** What the existing SDK documented on `scans.getFiles` that the API does not take. */
const NOT_FILE_PARAMS = ["result"] as const

/**
 * Scan list filters as this client takes them: the API's, and `sort_by`, which is dropped.
 * @category Options
 */
export type ScanListOptions = Loose<ScanListParams> & { readonly sort_by?: string }
/**
 * File filters as this client takes them: the API's, and `result`, which is dropped.
 * @category Options
 */
export type FileListOptions = Loose<FileListParams> & { readonly result?: string }

/**
 * A unit of `DurationInput`.
 * @category Options
 */
export type DurationUnit =
  | "nano"
  | "nanos"
  | "micro"
  | "micros"
  | "milli"
  | "millis"
  | "second"
  | "seconds"
  | "minute"
  | "minutes"
  | "hour"
  | "hours"
  | "day"
  | "days"
  | "week"
  | "weeks"

/**
 * A duration: milliseconds, `[seconds, nanoseconds]`, or a count and a unit (`"5 seconds"`, `"10 minutes"`).
 * @category Options
 */
export type DurationInput =
  | number
  | bigint
  | readonly [seconds: number, nanos: number]
  | `${number} ${DurationUnit}`

/**
 * How `waitForCompletion` polls.
 * @category Options
 */
export interface PollOptions {
  /** Time between two polls, positive and finite (default 5 seconds). */
  readonly interval?: DurationInput
  /** Give up after this long with a `CLIENT_SIDE_ERROR`, positive (default 30 minutes). */
  readonly timeout?: DurationInput
}

/**
 * Scans of ML models and their results (data plane). Reached as `client.scans` of a
 * {@link ModelSecurityClient}; the Promise form of the Effect API's `Scans` service. Each method has an
 * example.
 * @category Client
 */
export interface ScansClient {
  /**
   * Starts a scan. `model_uri` and `security_group_uuid` are required.
   * @example
   * ```ts
   * const scan = await client.scans.create({
   *   model_uri: "https://huggingface.co/org/model",
   *   security_group_uuid
   * })
   * ```
   */
  create(body: Loose<ScanCreateRequest>, options?: CallOptions): Promise<ScanBaseResponse>
  /**
   * One page of scans, newest first unless `sort_order: "asc"`; optionally matching a model URI or UUID
   * (`search_query`), for one security group or model version, for some source types or evaluation
   * outcomes, in a time range (`start_time`, `end_time`), or by a `labels_query`. `sort_by`, which the API
   * does not take, is dropped.
   * @example const { scans, pagination } = await client.scans.list({ eval_outcomes: ["BLOCKED"], limit: 50 })
   */
  list(params?: ScanListOptions, options?: CallOptions): Promise<ScanList>
  /**
   * Every scan matching the filters, page by page as the loop asks.
   * @example
   * ```ts
   * for await (const scan of client.scans.iterate({ eval_outcomes: ["BLOCKED"] }, { pageSize: 100 })) {
   *   console.log(scan.uuid)
   * }
   * ```
   */
  iterate(params?: StreamParams<ScanListOptions>, options?: IterateOptions): AsyncIterable<ScanBaseResponse>
  /**
   * Every scan matching the filters, collected.
   * @example const blocked = await client.scans.listAll({ eval_outcomes: ["BLOCKED"] })
   */
  listAll(params?: StreamParams<ScanListOptions>, options?: IterateOptions): Promise<Array<ScanBaseResponse>>
  /**
   * One scan by UUID.
   * @example const scan = await client.scans.get(scanId)
   */
  get(uuid: string, options?: CallOptions): Promise<ScanBaseResponse>
  /**
   * Polls a scan until its outcome leaves `PENDING`.
   * @example
   * ```ts
   * const done = await client.scans.waitForCompletion(
   *   scan.uuid,
   *   { interval: "5 seconds", timeout: "10 minutes" }
   * )
   * ```
   */
  waitForCompletion(uuid: string, poll?: PollOptions, options?: CallOptions): Promise<ScanBaseResponse>
  /**
   * One page of a scan's rule evaluations, with their rules' details, newest first unless `sort_field` or
   * `sort_order` say otherwise; optionally only one `result` or one rule instance (`rule_instance_uuid`).
   * @example const { evaluations } = await client.scans.getEvaluations(scanId, { result: "FAILED" })
   */
  getEvaluations(
    uuid: string,
    params?: Loose<EvaluationListParams>,
    options?: CallOptions
  ): Promise<RuleEvaluationList>
  /**
   * Every rule evaluation of a scan, as an async iterable.
   * @example
   * ```ts
   * for await (const evaluation of client.scans.iterateEvaluations(scanId)) {
   *   console.log(evaluation.result)
   * }
   * ```
   */
  iterateEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ): AsyncIterable<RuleEvaluationResponse>
  /**
   * Every rule evaluation of a scan, collected.
   * @example const failed = await client.scans.listAllEvaluations(scanId, { result: "FAILED" })
   */
  listAllEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ): Promise<Array<RuleEvaluationResponse>>
  /**
   * One rule evaluation by UUID, with its rule's details.
   * @example const evaluation = await client.scans.getEvaluation(evaluationId)
   */
  getEvaluation(uuid: string, options?: CallOptions): Promise<RuleEvaluationResponse>
  /**
   * One page of a scan's files under `query_path` (default `/`): its immediate children, or everything
   * beneath it with `recursive: true`; optionally only files or only directories (`type`: `FILE` or
   * `DIRECTORY`). Sorted by path, ascending, unless `sort_field` or `sort_dir` say otherwise. `result` is
   * not an API filter and is dropped.
   * @example const { files } = await client.scans.getFiles(scanId, { query_path: "/weights", type: "FILE" })
   */
  getFiles(uuid: string, params?: FileListOptions, options?: CallOptions): Promise<FileList>
  /**
   * Every file of a scan under `query_path`, as an async iterable.
   * @example
   * ```ts
   * for await (const file of client.scans.iterateFiles(scanId, { recursive: true })) {
   *   console.log(file.path)
   * }
   * ```
   */
  iterateFiles(
    uuid: string,
    params?: StreamParams<FileListOptions>,
    options?: IterateOptions
  ): AsyncIterable<FileResponse>
  /**
   * Every file of a scan under `query_path`, collected.
   * @example const files = await client.scans.listAllFiles(scanId, { recursive: true })
   */
  listAllFiles(
    uuid: string,
    params?: StreamParams<FileListOptions>,
    options?: IterateOptions
  ): Promise<Array<FileResponse>>
  /**
   * One page of a scan's rule violations, with their rules' details.
   * @example const { violations } = await client.scans.getViolations(scanId, { limit: 20 })
   */
  getViolations(uuid: string, params?: ViolationListParams, options?: CallOptions): Promise<ViolationList>
  /**
   * Every rule violation of a scan, as an async iterable.
   * @example
   * ```ts
   * for await (const violation of client.scans.iterateViolations(scanId)) {
   *   console.log(violation.uuid)
   * }
   * ```
   */
  iterateViolations(uuid: string, options?: IterateOptions): AsyncIterable<ViolationResponse>
  /**
   * Every rule violation of a scan, collected.
   * @example const violations = await client.scans.listAllViolations(scanId)
   */
  listAllViolations(uuid: string, options?: IterateOptions): Promise<Array<ViolationResponse>>
  /**
   * One violation by UUID, with its rule's details.
   * @example const violation = await client.scans.getViolation(violationId)
   */
  getViolation(uuid: string, options?: CallOptions): Promise<ViolationResponse>
  /**
   * Adds labels (a record or `[{ key, value }]`), overwriting existing keys.
   * @example await client.scans.addLabels(scanId, { labels: { team: "ml-platform" } })
   */
  addLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions): Promise<LabelsResponse>
  /**
   * Replaces all labels of a scan.
   * @example await client.scans.setLabels(scanId, { labels: [{ key: "env", value: "production" }] })
   */
  setLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions): Promise<LabelsResponse>
  /**
   * Deletes labels by key.
   * @example await client.scans.deleteLabels(scanId, ["team", "env"])
   */
  deleteLabels(uuid: string, keys: ReadonlyArray<string>, options?: CallOptions): Promise<void>
  /**
   * One page of the distinct label keys across scans, optionally by prefix (`search`).
   * @example const { keys } = await client.scans.getLabelKeys({ search: "te" })
   */
  getLabelKeys(params?: LabelKeyListParams, options?: CallOptions): Promise<LabelKeyList>
  /**
   * Every distinct label key, as an async iterable.
   * @example for await (const key of client.scans.iterateLabelKeys()) console.log(key)
   */
  iterateLabelKeys(params?: StreamParams<LabelKeyListParams>, options?: IterateOptions): AsyncIterable<string>
  /**
   * Every distinct label key, collected.
   * @example const keys = await client.scans.listAllLabelKeys({ search: "te" })
   */
  listAllLabelKeys(
    params?: StreamParams<LabelKeyListParams>,
    options?: IterateOptions
  ): Promise<Array<string>>
  /**
   * One page of the distinct values of a label key across scans, optionally by prefix (`search`).
   * @example const { values } = await client.scans.getLabelValues("team")
   */
  getLabelValues(key: string, params?: LabelValueListParams, options?: CallOptions): Promise<LabelValueList>
  /**
   * Every distinct value of a label key, as an async iterable.
   * @example for await (const value of client.scans.iterateLabelValues("team")) console.log(value)
   */
  iterateLabelValues(
    key: string,
    params?: StreamParams<LabelValueListParams>,
    options?: IterateOptions
  ): AsyncIterable<string>
  /**
   * Every distinct value of a label key, collected.
   * @example const teams = await client.scans.listAllLabelValues("team")
   */
  listAllLabelValues(
    key: string,
    params?: StreamParams<LabelValueListParams>,
    options?: IterateOptions
  ): Promise<Array<string>>
}

/** `client.scans` over the runner. */
export const scansClient = (runner: Runner): ScansClient => {
  const { run, iterate, collect } = serviceCalls(runner, Scans)
  const scans = (params: object | undefined) => strict<ScanListParams>(without(params, ...NOT_SCAN_PARAMS))
  const files = (params: object | undefined) => strict<FileListParams>(without(params, ...NOT_FILE_PARAMS))
  const streamScans = (params: object | undefined) => (s: Scans.Service, page: PageOptions) =>
    s.stream(scans(params), page)
  const streamFiles = (uuid: string, params: object | undefined) => (s: Scans.Service, page: PageOptions) =>
    s.streamFiles(uuid, files(params), page)
  return {
    create: (body, options) => run((s) => s.create(strict(body)), options),
    list: (params, options) => run((s) => s.list(scans(params)), options),
    iterate: (params, options) => iterate(streamScans(params), options),
    listAll: (params, options) => collect(streamScans(params), options),
    get: (uuid, options) => run((s) => s.get(uuid), options),
    waitForCompletion: (uuid, poll, options) => run((s) => s.waitForCompletion(uuid, poll), options),
    getEvaluations: (uuid, params, options) =>
      run((s) => s.getEvaluations(uuid, strict(params ?? {})), options),
    iterateEvaluations: (uuid, params, options) =>
      iterate((s, page) => s.streamEvaluations(uuid, strict(params ?? {}), page), options),
    listAllEvaluations: (uuid, params, options) =>
      collect((s, page) => s.streamEvaluations(uuid, strict(params ?? {}), page), options),
    getEvaluation: (uuid, options) => run((s) => s.getEvaluation(uuid), options),
    getFiles: (uuid, params, options) => run((s) => s.getFiles(uuid, files(params)), options),
    iterateFiles: (uuid, params, options) => iterate(streamFiles(uuid, params), options),
    listAllFiles: (uuid, params, options) => collect(streamFiles(uuid, params), options),
    getViolations: (uuid, params, options) => run((s) => s.getViolations(uuid, params), options),
    iterateViolations: (uuid, options) => iterate((s, page) => s.streamViolations(uuid, page), options),
    listAllViolations: (uuid, options) => collect((s, page) => s.streamViolations(uuid, page), options),
    getViolation: (uuid, options) => run((s) => s.getViolation(uuid), options),
    addLabels: (uuid, body, options) => run((s) => s.addLabels(uuid, strict(body)), options),
    setLabels: (uuid, body, options) => run((s) => s.setLabels(uuid, strict(body)), options),
    deleteLabels: (uuid, keys, options) => run((s) => s.deleteLabels(uuid, keys), options),
    getLabelKeys: (params, options) => run((s) => s.getLabelKeys(params), options),
    iterateLabelKeys: (params, options) => iterate((s, page) => s.streamLabelKeys(params, page), options),
    listAllLabelKeys: (params, options) => collect((s, page) => s.streamLabelKeys(params, page), options),
    getLabelValues: (key, params, options) => run((s) => s.getLabelValues(key, params), options),
    iterateLabelValues: (key, params, options) =>
      iterate((s, page) => s.streamLabelValues(key, params, page), options),
    listAllLabelValues: (key, params, options) =>
      collect((s, page) => s.streamLabelValues(key, params, page), options)
  }
}
