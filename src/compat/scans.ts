/** `client.scans`: the Promise form of the `Scans` service. */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ModelSecurityError } from "../errors/index.js"
import type { EvaluationListParams } from "../schemas/evaluation.js"
import type { FileListParams } from "../schemas/file.js"
import type { LabelKeyListParams, LabelsCreateRequest, LabelValueListParams } from "../schemas/labels.js"
import type { ScanCreateRequest, ScanListParams } from "../schemas/scan.js"
import type { ViolationListParams } from "../schemas/violation.js"
import type { StreamParams } from "../services/pagination.js"
import { type PollOptions, Scans } from "../services/scans.js"
import { type Loose, strict } from "./loose.js"
import { type CallOptions, type IterateOptions, pageOptions, type Runner } from "./runner.js"

const withScans = <A>(f: (scans: Scans) => Effect.Effect<A, ModelSecurityError>) => Effect.flatMap(Scans, f)

/** Scans of ML models and their results (data plane). */
export class ScansClient {
  /** @internal */
  constructor(private readonly runner: Runner) {}

  /** Starts a scan. `model_uri` and `security_group_uuid` are required. */
  create(body: Loose<ScanCreateRequest>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.create(strict<ScanCreateRequest>(body))),
      options
    )
  }
  /** One page of scans. */
  list(params?: Loose<ScanListParams>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.list(strict<ScanListParams>(params ?? {}))),
      options
    )
  }
  /** Every scan matching the filters, page by page as the loop asks. */
  iterate(params?: Loose<StreamParams<ScanListParams>>, options?: IterateOptions) {
    return this.runner.iterate(
      this.stream((s) => s.stream(strict<StreamParams<ScanListParams>>(params ?? {}), pageOptions(options))),
      options
    )
  }
  /** Every scan matching the filters, collected. */
  listAll(params?: Loose<StreamParams<ScanListParams>>, options?: IterateOptions) {
    return this.runner.collect(
      this.stream((s) => s.stream(strict<StreamParams<ScanListParams>>(params ?? {}), pageOptions(options))),
      options
    )
  }
  /** One scan. */
  get(uuid: string, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.get(uuid)),
      options
    )
  }
  /** Polls a scan until its outcome leaves `PENDING`. */
  waitForCompletion(uuid: string, poll?: PollOptions, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.waitForCompletion(uuid, poll)),
      options
    )
  }
  /** One page of a scan's rule evaluations. */
  getEvaluations(uuid: string, params?: Loose<EvaluationListParams>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getEvaluations(uuid, strict<EvaluationListParams>(params ?? {}))),
      options
    )
  }
  /** Every rule evaluation of a scan, as an async iterable. */
  iterateEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ) {
    return this.runner.iterate(
      this.stream((s) =>
        s.streamEvaluations(
          uuid,
          strict<StreamParams<EvaluationListParams>>(params ?? {}),
          pageOptions(options)
        )
      ),
      options
    )
  }
  /** Every rule evaluation of a scan, collected. */
  listAllEvaluations(
    uuid: string,
    params?: Loose<StreamParams<EvaluationListParams>>,
    options?: IterateOptions
  ) {
    return this.runner.collect(
      this.stream((s) =>
        s.streamEvaluations(
          uuid,
          strict<StreamParams<EvaluationListParams>>(params ?? {}),
          pageOptions(options)
        )
      ),
      options
    )
  }
  /** One rule evaluation. */
  getEvaluation(uuid: string, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getEvaluation(uuid)),
      options
    )
  }
  /** One page of a scan's files. */
  getFiles(uuid: string, params?: Loose<FileListParams>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getFiles(uuid, strict<FileListParams>(params ?? {}))),
      options
    )
  }
  /** Every file of a scan under `query_path`, as an async iterable. */
  iterateFiles(uuid: string, params?: Loose<StreamParams<FileListParams>>, options?: IterateOptions) {
    return this.runner.iterate(
      this.stream((s) =>
        s.streamFiles(uuid, strict<StreamParams<FileListParams>>(params ?? {}), pageOptions(options))
      ),
      options
    )
  }
  /** Every file of a scan under `query_path`, collected. */
  listAllFiles(uuid: string, params?: Loose<StreamParams<FileListParams>>, options?: IterateOptions) {
    return this.runner.collect(
      this.stream((s) =>
        s.streamFiles(uuid, strict<StreamParams<FileListParams>>(params ?? {}), pageOptions(options))
      ),
      options
    )
  }
  /** One page of a scan's rule violations. */
  getViolations(uuid: string, params?: ViolationListParams, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getViolations(uuid, params)),
      options
    )
  }
  /** Every rule violation of a scan, as an async iterable. */
  iterateViolations(uuid: string, options?: IterateOptions) {
    return this.runner.iterate(
      this.stream((s) => s.streamViolations(uuid, pageOptions(options))),
      options
    )
  }
  /** Every rule violation of a scan, collected. */
  listAllViolations(uuid: string, options?: IterateOptions) {
    return this.runner.collect(
      this.stream((s) => s.streamViolations(uuid, pageOptions(options))),
      options
    )
  }
  /** One violation. */
  getViolation(uuid: string, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getViolation(uuid)),
      options
    )
  }
  /** Adds labels (a record or `[{ key, value }]`), overwriting existing keys. */
  addLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.addLabels(uuid, strict<LabelsCreateRequest>(body))),
      options
    )
  }
  /** Replaces all labels of a scan. */
  setLabels(uuid: string, body: Loose<LabelsCreateRequest>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.setLabels(uuid, strict<LabelsCreateRequest>(body))),
      options
    )
  }
  /** Deletes labels by key. */
  deleteLabels(uuid: string, keys: ReadonlyArray<string>, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.deleteLabels(uuid, keys)),
      options
    )
  }
  /** One page of the distinct label keys across scans. */
  getLabelKeys(params?: LabelKeyListParams, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getLabelKeys(params)),
      options
    )
  }
  /** Every distinct label key, as an async iterable. */
  iterateLabelKeys(params?: StreamParams<LabelKeyListParams>, options?: IterateOptions) {
    return this.runner.iterate(
      this.stream((s) => s.streamLabelKeys(params, pageOptions(options))),
      options
    )
  }
  /** Every distinct label key, collected. */
  listAllLabelKeys(params?: StreamParams<LabelKeyListParams>, options?: IterateOptions) {
    return this.runner.collect(
      this.stream((s) => s.streamLabelKeys(params, pageOptions(options))),
      options
    )
  }
  /** One page of the distinct values of a label key. */
  getLabelValues(key: string, params?: LabelValueListParams, options?: CallOptions) {
    return this.runner.run(
      withScans((s) => s.getLabelValues(key, params)),
      options
    )
  }
  /** Every distinct value of a label key, as an async iterable. */
  iterateLabelValues(key: string, params?: StreamParams<LabelValueListParams>, options?: IterateOptions) {
    return this.runner.iterate(
      this.stream((s) => s.streamLabelValues(key, params, pageOptions(options))),
      options
    )
  }
  /** Every distinct value of a label key, collected. */
  listAllLabelValues(key: string, params?: StreamParams<LabelValueListParams>, options?: IterateOptions) {
    return this.runner.collect(
      this.stream((s) => s.streamLabelValues(key, params, pageOptions(options))),
      options
    )
  }

  private stream<A>(f: (scans: Scans) => Stream.Stream<A, ModelSecurityError>) {
    return Stream.unwrap(Effect.map(Scans, f))
  }
}
