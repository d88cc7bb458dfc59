/** `client.models`: the Promise form of the `Models` service, with the existing SDK's method names. */
import type { StreamParams } from "../schemas/common.js"
import type {
  ModelListParams,
  ModelVersionFileListParams,
  ModelVersionListParams
} from "../schemas/generated.js"
import { Models } from "../services/models.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { ServiceClient, without } from "./service-client.js"

/** Model filters as this client takes them: the API's, and `isBackgroundRefresh`, which is dropped. */
export type ModelListOptions = Loose<ModelListParams> & { readonly isBackgroundRefresh?: boolean }

/** Models and model versions (data plane, read-only). */
export class ModelsClient extends ServiceClient<Models, Models.Service> {
  /** @internal */
  constructor(runner: Runner) {
    super(runner, Models)
  }

  /** One page of models. */
  listModels(params?: ModelListOptions, options?: CallOptions) {
    return this.run((m) => m.list(strict(without(params, "isBackgroundRefresh"))), options)
  }
  /** Every model matching the filters, as an async iterable. */
  iterateModels(params?: StreamParams<ModelListOptions>, options?: IterateOptions) {
    return this.iterateWith(
      (m, page) => m.stream(strict(without(params, "isBackgroundRefresh")), page),
      options
    )
  }
  /** Every model matching the filters, collected. */
  listAllModels(params?: StreamParams<ModelListOptions>, options?: IterateOptions) {
    return this.collectWith(
      (m, page) => m.stream(strict(without(params, "isBackgroundRefresh")), page),
      options
    )
  }
  /** One model. */
  getModel(uuid: string, options?: CallOptions) {
    return this.run((m) => m.get(uuid), options)
  }
  /** One page of a model's versions. */
  listModelVersions(modelUuid: string, params?: Loose<ModelVersionListParams>, options?: CallOptions) {
    return this.run((m) => m.listVersions(modelUuid, strict(params ?? {})), options)
  }
  /** Every version of a model, as an async iterable. */
  iterateModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ) {
    return this.iterateWith((m, page) => m.streamVersions(modelUuid, strict(params ?? {}), page), options)
  }
  /** Every version of a model, collected. */
  listAllModelVersions(
    modelUuid: string,
    params?: Loose<StreamParams<ModelVersionListParams>>,
    options?: IterateOptions
  ) {
    return this.collectWith((m, page) => m.streamVersions(modelUuid, strict(params ?? {}), page), options)
  }
  /** One model version. */
  getModelVersion(uuid: string, options?: CallOptions) {
    return this.run((m) => m.getVersion(uuid), options)
  }
  /** One page of a model version's files. */
  listModelVersionFiles(versionUuid: string, params?: ModelVersionFileListParams, options?: CallOptions) {
    return this.run((m) => m.listVersionFiles(versionUuid, params), options)
  }
  /** Every file of a model version, as an async iterable. */
  iterateModelVersionFiles(versionUuid: string, options?: IterateOptions) {
    return this.iterateWith((m, page) => m.streamVersionFiles(versionUuid, page), options)
  }
  /** Every file of a model version, collected. */
  listAllModelVersionFiles(versionUuid: string, options?: IterateOptions) {
    return this.collectWith((m, page) => m.streamVersionFiles(versionUuid, page), options)
  }
}
