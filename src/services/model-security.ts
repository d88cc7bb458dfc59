/** `ModelSecurity`: one handle on every service, and the layers that build them all from one config. */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { CallError, MissingVariableError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { guardService } from "../internal/arguments.js"
import { Operations } from "../internal/operations.js"
import { Signatures } from "../internal/signatures.js"
import { Transport } from "../internal/transport.js"
import { ModelSecurityConfig, type ModelSecurityOptions } from "../layers/config.js"
import { HttpExchange } from "../layers/http-exchange.js"
import { AccessToken } from "../layers/token.js"
import type { PyPIAuthResponse } from "../schemas/generated.js"
import { CustomRules, makeCustomRules } from "./custom-rules.js"
import { Models, makeModels } from "./models.js"
import { makeScans, Scans } from "./scans.js"
import { makeSecurityGroups, SecurityGroups } from "./security-groups.js"
import { makeSecurityRules, SecurityRules } from "./security-rules.js"

/** Every service the layers provide. */
export type ModelSecurityServices =
  | ModelSecurity
  | Scans
  | Models
  | SecurityGroups
  | SecurityRules
  | CustomRules
  | AccessToken
  | ModelSecurityConfig

export declare namespace ModelSecurity {
  /** The whole API in one service, shaped like the Promise client. */
  export interface Service {
    /** Scans and their results (data plane). */
    readonly scans: Scans.Service
    /** Models and model versions (data plane). */
    readonly models: Models.Service
    /** Security groups and their rule instances (management plane). */
    readonly securityGroups: SecurityGroups.Service
    /** The catalogue of security rules (management plane). */
    readonly securityRules: SecurityRules.Service
    /** Custom rules and their assignments (management plane). */
    readonly customRules: CustomRules.Service
    /**
     * A Google Artifact Registry URL, with an embedded token, for installing the model scanner from PyPI.
     * @example const { url, expires_at } = yield* airs.getPyPIAuth()
     */
    readonly getPyPIAuth: () => Effect.Effect<PyPIAuthResponse, PayloadError | CallError>
  }
}

/** The whole API in one service, shaped like the Promise client. */
export class ModelSecurity extends Context.Tag("@effect-airs/model-security/ModelSecurity")<
  ModelSecurity,
  ModelSecurity.Service
>() {
  /** Every service but the config, over the `ModelSecurityConfig` and `HttpExchange` in context. */
  static readonly layerServices: Layer.Layer<
    Exclude<ModelSecurityServices, ModelSecurityConfig>,
    never,
    ModelSecurityConfig | HttpExchange
  > = Layer.effectContext(
    Effect.gen(function* () {
      // Every method behind its signature: its own code runs only on arguments of the declared types.
      const scans = guardService(Signatures.Scans, yield* makeScans)
      const models = guardService(Signatures.Models, yield* makeModels)
      const securityGroups = guardService(Signatures.SecurityGroups, yield* makeSecurityGroups)
      const securityRules = guardService(Signatures.SecurityRules, yield* makeSecurityRules)
      const customRules = guardService(Signatures.CustomRules, yield* makeCustomRules)
      const { call } = yield* makeApi
      const all: ModelSecurity.Service = {
        scans,
        models,
        securityGroups,
        securityRules,
        customRules,
        ...guardService<Pick<ModelSecurity.Service, "getPyPIAuth">>(Signatures.ModelSecurity, {
          getPyPIAuth: () => call(Operations["ModelSecurity.getPyPIAuth"])
        })
      }
      return Context.make(ModelSecurity, all).pipe(
        Context.add(Scans, scans),
        Context.add(Models, models),
        Context.add(SecurityGroups, securityGroups),
        Context.add(SecurityRules, securityRules),
        Context.add(CustomRules, customRules)
      )
    })
  ).pipe(Layer.provide(Transport.layer), Layer.provideMerge(AccessToken.layer))

  /**
   * Every service, sharing one config and one token, over the `HttpClient` you provide.
   * @example Effect.provide(program, ModelSecurity.layer().pipe(Layer.provide(FetchHttpClient.layer)))
   */
  static layer(
    options?: ModelSecurityOptions
  ): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError, HttpClient.HttpClient> {
    return ModelSecurity.layerServices.pipe(
      Layer.provide(HttpExchange.layerHttpClient),
      Layer.provideMerge(ModelSecurityConfig.layer(options))
    )
  }

  /**
   * Every service over the runtime's `fetch` (Node 20+, Deno, Bun, browsers).
   * @example Effect.provide(program, ModelSecurity.layerFetch())
   */
  static layerFetch(
    options?: ModelSecurityOptions
  ): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError> {
    return ModelSecurity.layerServices.pipe(
      Layer.provide(HttpExchange.layerFetch),
      Layer.provideMerge(ModelSecurityConfig.layer(options))
    )
  }
}
