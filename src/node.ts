/**
 * Node entry (`@effect-airs/model-security/node`): every service straight over undici, Node's own HTTP
 * client, through `@effect/platform-node`. Kept apart so that Fetch users need not install that package.
 */
import * as Layer from "effect/Layer"
import type { MissingVariableError, PayloadError } from "./errors/index.js"
import { undiciExchange } from "./internal/http-exchange/undici.js"
import { ModelSecurityConfig, type ModelSecurityOptions } from "./layers/config.js"
import { HttpExchange } from "./layers/http-exchange.js"
import { ModelSecurity, type ModelSecurityServices } from "./services/model-security.js"

/** Exchanges over a pooled, keep-alive undici `Agent` that lives as long as the layer. */
export const layerUndici: Layer.Layer<HttpExchange> = Layer.scoped(HttpExchange, undiciExchange)

/**
 * Every service over a pooled keep-alive undici agent, from one config and one token.
 * @example Effect.provide(program, layerNode({ clientId, clientSecret, tsgId }))
 */
export const layerNode = (
  options?: ModelSecurityOptions
): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError> =>
  ModelSecurity.layerServices.pipe(
    Layer.provide(layerUndici),
    Layer.provideMerge(ModelSecurityConfig.layer(options))
  )
