/** `Models`: the models scans have seen, their versions and each version's files (data plane). */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { CallError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { Operations } from "../internal/operations.js"
import type { PageOptions, StreamParams } from "../schemas/common.js"
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
} from "../schemas/generated.js"

/**
 * The types of {@link Models:class | Models}: its service.
 * @category Services
 */
export declare namespace Models {
  /** Models and model versions. */
  export interface Service {
    /**
     * One page of models, most recently updated first unless `sort_field` or `sort_order` say otherwise;
     * optionally matching a name or UUID (`search_query`), by their latest version's outcomes, formats or
     * source types (any of those given), scanned before a time (`latest_version_scan_time_before`), or in a
     * time range (`start_time`, `end_time`).
     * @example yield* models.list({ latest_version_outcomes: ["BLOCKED"], sort_order: "desc" })
     */
    readonly list: (params?: ModelListParams) => Effect.Effect<ModelList, PayloadError | CallError>
    /**
     * One model by UUID, with its latest version's outcome.
     * @example yield* models.get(modelId)
     */
    readonly get: (uuid: string) => Effect.Effect<ModelResponse, PayloadError | CallError>
    /**
     * One page of a model's versions, newest first unless `sort_order: "asc"`.
     * @example yield* models.listVersions(modelId, { sort_order: "desc" })
     */
    readonly listVersions: (
      modelUuid: string,
      params?: ModelVersionListParams
    ) => Effect.Effect<ModelVersionList, PayloadError | CallError>
    /**
     * One model version by UUID.
     * @example yield* models.getVersion(versionId)
     */
    readonly getVersion: (uuid: string) => Effect.Effect<ModelVersionResponse, PayloadError | CallError>
    /**
     * One page of a model version's files, with their latest scan result.
     * @example yield* models.listVersionFiles(versionId, { limit: 50 })
     */
    readonly listVersionFiles: (
      versionUuid: string,
      params?: ModelVersionFileListParams
    ) => Effect.Effect<FileList, PayloadError | CallError>
    /**
     * Every model matching the filters.
     * @example models.stream({ latest_version_outcomes: ["BLOCKED"] })
     */
    readonly stream: (
      params?: StreamParams<ModelListParams>,
      options?: PageOptions
    ) => Stream.Stream<ModelResponse, PayloadError | CallError>
    /**
     * Every version of a model.
     * @example models.streamVersions(modelId)
     */
    readonly streamVersions: (
      modelUuid: string,
      params?: StreamParams<ModelVersionListParams>,
      options?: PageOptions
    ) => Stream.Stream<ModelVersionResponse, PayloadError | CallError>
    /**
     * Every file of a model version.
     * @example models.streamVersionFiles(versionId)
     */
    readonly streamVersionFiles: (
      versionUuid: string,
      options?: PageOptions
    ) => Stream.Stream<FileResponse, PayloadError | CallError>
  }
}

/**
 * Models and model versions: the models scans have seen, their versions and each version's files (data
 * plane). Its methods are those of {@link Models.Service}, each with an example there:
 *
 * - models: {@link Models.Service.list | list}, {@link Models.Service.get | get},
 *   {@link Models.Service.stream | stream}
 * - versions: {@link Models.Service.listVersions | listVersions},
 *   {@link Models.Service.getVersion | getVersion}, {@link Models.Service.streamVersions | streamVersions}
 * - files of a version: {@link Models.Service.listVersionFiles | listVersionFiles},
 *   {@link Models.Service.streamVersionFiles | streamVersionFiles}
 *
 * Get it with `yield* Models`. Every layer of the SDK provides it, with the other services:
 * {@link ModelSecurity.layerFetch}, {@link ModelSecurity.layer},
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} (undici) and
 * {@link "@effect-airs/model-security/testing"!layerInProcess | layerInProcess} (the fake).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const models = yield* Models
 *   const page = yield* models.list({ latest_version_outcomes: ["BLOCKED"] })
 *   return page.models.map((model) => model.name)
 * })
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 * @category Services
 * @hideconstructor
 */
export class Models extends Context.Tag("@effect-airs/model-security/Models")<Models, Models.Service>() {}

/** The `Models` service over the transport in context. */
export const makeModels = Effect.map(
  makeApi,
  ({ call, pages }): Models.Service => ({
    list: (query = {}) => call(Operations["Models.list"], { query }),
    get: (uuid) => call(Operations["Models.get"], { path: { uuid } }),
    listVersions: (modelUuid, query = {}) =>
      call(Operations["Models.listVersions"], { path: { uuid: modelUuid }, query }),
    getVersion: (uuid) => call(Operations["Models.getVersion"], { path: { uuid } }),
    listVersionFiles: (versionUuid, query = {}) =>
      call(Operations["Models.listVersionFiles"], { path: { uuid: versionUuid }, query }),
    stream: (query = {}, options) =>
      pages.offset(Operations["Models.list"], { query }, (page) => page.models, options),
    streamVersions: (modelUuid, query = {}, options) =>
      pages.offset(
        Operations["Models.listVersions"],
        { path: { uuid: modelUuid }, query },
        (page) => page.model_versions,
        options
      ),
    streamVersionFiles: (versionUuid, options) =>
      pages.offset(
        Operations["Models.listVersionFiles"],
        { path: { uuid: versionUuid } },
        (page) => page.files,
        options
      )
  })
)
