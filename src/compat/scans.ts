/** `client.scans`: the Promise form of the `Scans` service. */
import type { StreamParams } from "../schemas/common.js"
import type {
  EvaluationListParams,
  FileListParams,
  LabelKeyListParams,
  LabelValueListParams,
  ScanListParams,
  ViolationListParams
} from "../schemas/generated.js"
import type { LabelsCreateRequest, ScanCreateRequest } from "../schemas/refinements.js"
import { type PollOptions, Scans } from "../services/scans.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { ServiceClient, without } from "./service-client.js"

/** What the existing SDK accepted on `scans.list` that the API does not take (there is no sort field). */
const NOT_SCAN_PARAMS = ["sort_by", "isBackgroundRefresh"] as const
/** What the existing SDK documented on `scans.getFiles` that the API does not take. */
const NOT_FILE_PARAMS = ["result"] as const

/** Scan list filters as this client takes them: the API's, and `sort_by`, which is dropped. */
export type ScanListOptions = Loose<ScanListParams> & { readonly sort_by?: string }
/** File filters as this client takes them: the API's, and `result`, which is dropped. */
export type FileListOptions = Loose<FileListParams> & { readonly result?: string }

/** Scans of ML models and their results (data plane). */
export class ScansClient extends ServiceClient<Scans, Scans.Service> {
  /** @internal */
  constructor(runner: Runner) {
    super(runner, Scans)
  }

  /** Starts a scan. `model_uri` and `security_group_uuid` are required. */
  create(body: Loose<ScanCreateRequest>, options?: CallOptions) {
    return this.run((s) => s.create(strict(body)), options)
  }
  /** One page of scans (`sort_by`, which the API does not take, is dropped). */
  list(params?: ScanListOptions, options?: CallOptions) {
    return this.run((s) => s.list(strict(without(params, ...NOT_SCAN_PARAMS))), options)
  }
  /** Every scan matching the filters, page by page as the loop asks. */
  iterate(params?: StreamParams<ScanListOptions>, options?: IterateOptions) {
    return this.iterateWith((s, page) => s.stream(strict(without(params, ...NOT_SCAN_PARAMS)), page), options)
  }
  /** Every scan matching the filters, collected. */
  listAll(params?: StreamParams<ScanListOptions>, options?: IterateOptions) {
    return this.collectWith((s, page) => s.stream(strict(without(params, ...NOT_SCAN_PARAMS)), page), options)
  }
  /** One scan. */
  get(uuid: string, options?: CallOptions) {
    return this.run((s) => s.get(uuid), options)
  }
  /** Polls a scan until its outcome leaves `PENDING`. */
  waitForCompletion(uuid: string, poll?: PollOptions, options?: CallOptions) {
    return this.run((s) => s.waitForCompletion(uuid, poll), options)
  }
  /** One page of a scan's rule evaluations. */
  getEvaluations(uuid: string, params?: Loose<EvaluationListParams>, options?: CallOptions) {
    return this.run((s) => s.getEvaluations(uuid, strict(params ?? {})), options)
  }
  /** Every rule evaluation of a scan, as an async iterable. */
  iterateEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ) {
    return this.iterateWith((s, page) => s.streamEvaluations(uuid, strict(params ?? {}), page), options)
  }
  /** Every rule evaluation of a scan, collected. */
  listAllEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ) {
    return this.collectWith((s, page) => s.streamEvaluations(uuid, strict(params ?? {}), page), options)
  }
  /** One rule evaluation. */
  getEvaluation(uuid: string, options?: CallOptions) {
    return this.run((s) => s.getEvaluation(uuid), options)
  }
  /** One page of a scan's files (`type` is `FILE` or `DIRECTORY`; `result` is not an API filter and is dropped). */
  getFiles(uuid: string, params?: FileListOptions, options?: CallOptions) {
    return this.run((s) => s.getFiles(uuid, strict(without(params, ...NOT_FILE_PARAMS))), options)
  }
  /** Every file of a scan under `query_path`, as an async iterable. */
  iterateFiles(uuid: string, params?: StreamParams<FileListOptions>, options?: IterateOptions) {
    return this.iterateWith(
      (s, page) => s.streamFiles(uuid, strict(without(params, ...NOT_FILE_PARAMS)), page),
      options
    )
  }
  /** Every file of a scan under `query_path`, collected. */
  listAllFiles(uuid: string, params?: StreamParams<FileListOptions>, options?: IterateOptions) {
    return this.collectWith(
      (s, page) => s.streamFiles(uuid, strict(without(params, ...NOT_FILE_PARAMS)), page),
      options
    )
  }
  /** One page of a scan's rule violations. */
  getViolations(uuid: string, params?: ViolationListParams, options?: CallOptions) {
    return this.run((s) => s.getViolations(uuid, params), options)
  }
  /** Every rule violation of a scan, as an async iterable. */
  iterateViolations(uuid: string, options?: IterateOptions) {
    return this.iterateWith((s, page) => s.streamViolations(uuid, page), options)
  }
  /** Every rule violation of a scan, collected. */
  listAllViolations(uuid: string, options?: IterateOptions) {
    return this.collectWith((s, page) => s.streamViolations(uuid, page), options)
  }
  /** One violation. */
  getViolation(uuid: string, options?: CallOptions) {
    return this.run((s) => s.getViolation(uuid), options)
  }
  /** Adds labels (a record or `[{ key, value }]`), overwriting existing keys. */
  addLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions) {
    return this.run((s) => s.addLabels(uuid, strict(body)), options)
  }
  /** Replaces all labels of a scan. */
  setLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions) {
    return this.run((s) => s.setLabels(uuid, strict(body)), options)
  }
  /** Deletes labels by key. */
  deleteLabels(uuid: string, keys: ReadonlyArray<string>, options?: CallOptions) {
    return this.run((s) => s.deleteLabels(uuid, keys), options)
  }
  /** One page of the distinct label keys across scans. */
  getLabelKeys(params?: LabelKeyListParams, options?: CallOptions) {
    return this.run((s) => s.getLabelKeys(params), options)
  }
  /** Every distinct label key, as an async iterable. */
  iterateLabelKeys(params?: StreamParams<LabelKeyListParams>, options?: IterateOptions) {
    return this.iterateWith((s, page) => s.streamLabelKeys(params, page), options)
  }
  /** Every distinct label key, collected. */
  listAllLabelKeys(params?: StreamParams<LabelKeyListParams>, options?: IterateOptions) {
    return this.collectWith((s, page) => s.streamLabelKeys(params, page), options)
  }
  /** One page of the distinct values of a label key. */
  getLabelValues(key: string, params?: LabelValueListParams, options?: CallOptions) {
    return this.run((s) => s.getLabelValues(key, params), options)
  }
  /** Every distinct value of a label key, as an async iterable. */
  iterateLabelValues(key: string, params?: StreamParams<LabelValueListParams>, options?: IterateOptions) {
    return this.iterateWith((s, page) => s.streamLabelValues(key, params, page), options)
  }
  /** Every distinct value of a label key, collected. */
  listAllLabelValues(key: string, params?: StreamParams<LabelValueListParams>, options?: IterateOptions) {
    return this.collectWith((s, page) => s.streamLabelValues(key, params, page), options)
  }
}
