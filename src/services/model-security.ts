/** `ModelSecurity`: one handle on every service, and the layers that build them all from one config. */
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import type { MissingVariableError, PayloadError } from "../errors/index.js"
import { ModelSecurityConfig, type ModelSecurityOptions } from "../layers/config.js"
import { AirsHttp } from "../layers/http.js"
import { AccessToken } from "../layers/token.js"
import { Scans } from "./scans.js"

/** Every service the layers provide. */
export type ModelSecurityServices = ModelSecurity | Scans | AirsHttp | AccessToken | ModelSecurityConfig

/** The whole API in one service, shaped like the Promise client: `scans`, … */
export class ModelSecurity extends Effect.Service<ModelSecurity>()(
  "@effect-airs/model-security/ModelSecurity",
  {
    effect: Effect.gen(function* () {
      return { scans: yield* Scans } as const
    })
  }
) {
  /**
   * Every service, sharing one config and one token, over the `HttpClient` you provide.
   * @example Effect.provide(program, ModelSecurity.layer({ clientId, clientSecret, tsgId }).pipe(Layer.provide(FetchHttpClient.layer)))
   */
  static layer(
    options?: ModelSecurityOptions
  ): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError, HttpClient.HttpClient> {
    return ModelSecurity.Default.pipe(
      Layer.provideMerge(Scans.Default),
      Layer.provideMerge(AirsHttp.layer),
      Layer.provideMerge(AccessToken.layer),
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
    return ModelSecurity.layer(options).pipe(Layer.provide(FetchHttpClient.layer))
  }
}
