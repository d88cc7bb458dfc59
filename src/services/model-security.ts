/** `ModelSecurity`: one handle on every service, and the layers that build them all from one config. */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { MissingVariableError, PayloadError } from "../errors/index.js"
import { ModelSecurityConfig, type ModelSecurityOptions } from "../layers/config.js"
import type { HttpExchange } from "../layers/exchange.js"
import { layerFetchExchange } from "../layers/exchange-fetch.js"
import { layerHttpClientExchange } from "../layers/exchange-http-client.js"
import { AirsHttp } from "../layers/http.js"
import { AccessToken } from "../layers/token.js"
import { PyPIAuthResponse } from "../schemas/pypi.js"
import { Scans } from "./scans.js"
import { SecurityGroups } from "./security-groups.js"
import { SecurityRules } from "./security-rules.js"

/** Every service the layers provide. */
export type ModelSecurityServices =
  | ModelSecurity
  | Scans
  | SecurityGroups
  | SecurityRules
  | AirsHttp
  | AccessToken
  | ModelSecurityConfig

/** The whole API in one service, shaped like the Promise client. */
export class ModelSecurity extends Effect.Service<ModelSecurity>()(
  "@effect-airs/model-security/ModelSecurity",
  {
    effect: Effect.gen(function* () {
      const { mgmt } = yield* AirsHttp
      return {
        /** Scans and their results (data plane). */
        scans: yield* Scans,
        /** Security groups and their rule instances (management plane). */
        securityGroups: yield* SecurityGroups,
        /** The catalogue of security rules (management plane). */
        securityRules: yield* SecurityRules,
        /**
         * A Google Artifact Registry URL, with an embedded token, for installing the model scanner from PyPI.
         * @example const { url, expires_at } = yield* airs.getPyPIAuth()
         */
        getPyPIAuth: () =>
          mgmt.call("GET", "/v1/pypi/authenticate", {
            span: "ModelSecurity.getPyPIAuth",
            response: PyPIAuthResponse
          })
      } as const
    })
  }
) {
  /** Every service but the config, over the `ModelSecurityConfig` and `HttpExchange` in context. */
  static readonly layerServices: Layer.Layer<
    Exclude<ModelSecurityServices, ModelSecurityConfig>,
    never,
    ModelSecurityConfig | HttpExchange
  > = ModelSecurity.Default.pipe(
    Layer.provideMerge(Layer.mergeAll(Scans.Default, SecurityGroups.Default, SecurityRules.Default)),
    Layer.provideMerge(AirsHttp.layer),
    Layer.provideMerge(AccessToken.layer)
  )

  /**
   * Every service, sharing one config and one token, over the `HttpClient` you provide.
   * @example Effect.provide(program, ModelSecurity.layer().pipe(Layer.provide(FetchHttpClient.layer)))
   */
  static layer(
    options?: ModelSecurityOptions
  ): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError, HttpClient.HttpClient> {
    return ModelSecurity.layerServices.pipe(
      Layer.provide(layerHttpClientExchange),
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
      Layer.provide(layerFetchExchange),
      Layer.provideMerge(ModelSecurityConfig.layer(options))
    )
  }
}
