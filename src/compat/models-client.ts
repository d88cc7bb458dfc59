/** `client.models`: the Promise form of the `Models` service, with the existing SDK's method names. */
import type { PageOptions, StreamParams } from "../schemas/common.js"
import { Models } from "../services/models.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { serviceCalls, without } from "./service-client.js"
import type {
  FileList,
  FileResponse,
  ModelList,
  ModelListParams,
  ModelResponse,
  ModelVersionFileListParams,
  ModelVersionList,
  ModelVersionListParams,
  ModelVersionResponse
} from "./types.js"

/**
 * Model filters as this client takes them: the API's, and `isBackgroundRefresh`, which is dropped.
 * @category Options
 */
export type ModelListOptions = Loose<ModelListParams> & { readonly isBackgroundRefresh?: boolean }

/**
 * Models and model versions (data plane, read-only).
 * @category Client
 */
export interface ModelsClient {
  /**
   * One page of models, most recently updated first unless `sort_field` or `sort_order` say otherwise;
   * optionally matching a name or UUID (`search_query`), by their latest version's outcomes, formats or
   * source types (any of those given), scanned before a time (`latest_version_scan_time_before`), or in a
   * time range (`start_time`, `end_time`).
   */
  listModels(params?: ModelListOptions, options?: CallOptions): Promise<ModelList>
  /** Every model matching the filters, as an async iterable. */
  iterateModels(
    params?: StreamParams<ModelListOptions>,
    options?: IterateOptions
  ): AsyncIterable<ModelResponse>
  /** Every model matching the filters, collected. */
  listAllModels(
    params?: StreamParams<ModelListOptions>,
    options?: IterateOptions
  ): Promise<Array<ModelResponse>>
  /** One model by UUID, with its latest version's outcome. */
  getModel(uuid: string, options?: CallOptions): Promise<ModelResponse>
  /** One page of a model's versions, newest first unless `sort_order: "asc"`. */
  listModelVersions(
    modelUuid: string,
    params?: Loose<ModelVersionListParams>,
    options?: CallOptions
  ): Promise<ModelVersionList>
  /** Every version of a model, as an async iterable. */
  iterateModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ): AsyncIterable<ModelVersionResponse>
  /** Every version of a model, collected. */
  listAllModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ): Promise<Array<ModelVersionResponse>>
  /** One model version by UUID. */
  getModelVersion(uuid: string, options?: CallOptions): Promise<ModelVersionResponse>
  /** One page of a model version's files, with their latest scan result. */
  listModelVersionFiles(
    versionUuid: string,
    params?: ModelVersionFileListParams,
    options?: CallOptions
  ): Promise<FileList>
  /** Every file of a model version, as an async iterable. */
  iterateModelVersionFiles(versionUuid: string, options?: IterateOptions): AsyncIterable<FileResponse>
  /** Every file of a model version, collected. */
  listAllModelVersionFiles(versionUuid: string, options?: IterateOptions): Promise<Array<FileResponse>>
}

/** `client.models` over the runner. */
export const modelsClient = (runner: Runner): ModelsClient => {
  const { run, iterate, collect } = serviceCalls(runner, Models)
  const models = (params: object | undefined) =>
    strict<ModelListParams>(without(params, "isBackgroundRefresh"))
  const streamModels = (params: object | undefined) => (m: Models.Service, page: PageOptions) =>
    m.stream(models(params), page)
  return {
    listModels: (params, options) => run((m) => m.list(models(params)), options),
    iterateModels: (params, options) => iterate(streamModels(params), options),
    listAllModels: (params, options) => collect(streamModels(params), options),
    getModel: (uuid, options) => run((m) => m.get(uuid), options),
    listModelVersions: (modelUuid, params, options) =>
      run((m) => m.listVersions(modelUuid, strict(params ?? {})), options),
    iterateModelVersions: (modelUuid, params, options) =>
      iterate((m, page) => m.streamVersions(modelUuid, strict(params ?? {}), page), options),
    listAllModelVersions: (modelUuid, params, options) =>
      collect((m, page) => m.streamVersions(modelUuid, strict(params ?? {}), page), options),
    getModelVersion: (uuid, options) => run((m) => m.getVersion(uuid), options),
    listModelVersionFiles: (versionUuid, params, options) =>
      run((m) => m.listVersionFiles(versionUuid, params), options),
    iterateModelVersionFiles: (versionUuid, options) =>
      iterate((m, page) => m.streamVersionFiles(versionUuid, page), options),
    listAllModelVersionFiles: (versionUuid, options) =>
      collect((m, page) => m.streamVersionFiles(versionUuid, page), options)
  }
}
