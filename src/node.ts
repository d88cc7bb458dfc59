/**
 * Node entry (`@effect-airs/model-security/node`): every service over undici, Node's own HTTP client,
 * through `@effect/platform-node`. Kept apart so that Fetch users need not install that package.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Layer } from "effect"
import type { MissingVariableError, PayloadError } from "./errors/index.js"
import type { ModelSecurityOptions } from "./layers/config.js"
import { ModelSecurity, type ModelSecurityServices } from "./services/model-security.js"

/**
 * Every service over undici (connection pooling, keep-alive), from one config and one token.
 * @example Effect.provide(program, layerNode({ clientId, clientSecret, tsgId }))
 */
export const layerNode = (
  options?: ModelSecurityOptions
): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError> =>
  ModelSecurity.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
