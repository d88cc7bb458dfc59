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
 * Models and model versions (data plane, read-only). Reached as `client.models` of a
 * {@link ModelSecurityClient}; the Promise form of the Effect API's `Models` service. Each method has an
 * example.
 * @category Client
 */
export interface ModelsClient {
  /**
   * One page of models, most recently updated first unless `sort_field` or `sort_order` say otherwise;
   * optionally matching a name or UUID (`search_query`), by their latest version's outcomes, formats or
   * source types (any of those given), scanned before a time (`latest_version_scan_time_before`), or in a
   * time range (`start_time`, `end_time`).
   * @example const { models } = await client.models.listModels({ latest_version_outcomes: ["BLOCKED"] })
   */
  listModels(params?: ModelListOptions, options?: CallOptions): Promise<ModelList>
  /**
   * Every model matching the filters, as an async iterable.
   * @example
   * ```ts
   * for await (const model of client.models.iterateModels({ search_query: "llama" })) {
   *   console.log(model.name)
   * }
   * ```
   */
  iterateModels(
    params?: StreamParams<ModelListOptions>,
    options?: IterateOptions
  ): AsyncIterable<ModelResponse>
  /**
   * Every model matching the filters, collected.
   * @example const models = await client.models.listAllModels({ latest_version_outcomes: ["BLOCKED"] })
   */
  listAllModels(
    params?: StreamParams<ModelListOptions>,
    options?: IterateOptions
  ): Promise<Array<ModelResponse>>
  /**
   * One model by UUID, with its latest version's outcome.
   * @example const model = await client.models.getModel(modelId)
   */
  getModel(uuid: string, options?: CallOptions): Promise<ModelResponse>
  /**
   * One page of a model's versions, newest first unless `sort_order: "asc"`.
   * @example
   * ```ts
   * const { model_versions } = await client.models.listModelVersions(
   *   modelId,
   *   { sort_order: "desc" }
   * )
   * ```
   */
  listModelVersions(
    modelUuid: string,
    params?: Loose<ModelVersionListParams>,
    options?: CallOptions
  ): Promise<ModelVersionList>
  /**
   * Every version of a model, as an async iterable.
   * @example
   * ```ts
   * for await (const version of client.models.iterateModelVersions(modelId)) {
   *   console.log(version.uuid)
   * }
   * ```
   */
  iterateModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ): AsyncIterable<ModelVersionResponse>
  /**
   * Every version of a model, collected.
   * @example const versions = await client.models.listAllModelVersions(modelId)
   */
  listAllModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ): Promise<Array<ModelVersionResponse>>
  /**
   * One model version by UUID.
   * @example const version = await client.models.getModelVersion(versionId)
   */
  getModelVersion(uuid: string, options?: CallOptions): Promise<ModelVersionResponse>
  /**
   * One page of a model version's files, with their latest scan result.
   * @example const { files } = await client.models.listModelVersionFiles(versionId, { limit: 50 })
   */
  listModelVersionFiles(
    versionUuid: string,
    params?: ModelVersionFileListParams,
    options?: CallOptions
  ): Promise<FileList>
  /**
   * Every file of a model version, as an async iterable.
   * @example
   * ```ts
   * for await (const file of client.models.iterateModelVersionFiles(versionId)) {
   *   console.log(file.path)
   * }
   * ```
   */
  iterateModelVersionFiles(versionUuid: string, options?: IterateOptions): AsyncIterable<FileResponse>
  /**
   * Every file of a model version, collected.
   * @example const files = await client.models.listAllModelVersionFiles(versionId)
   */
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
