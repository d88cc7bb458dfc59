/**
 * Every service straight over undici, Node's own HTTP client, through `@effect/platform-node`:
 * {@link layerNode} and {@link layerUndici}. Kept apart so that Fetch users need not install that package.
 * Its exchanges own their connections, so they honour the proxy variables and take `proxy` and `ca`.
 *
 * ```ts
 * import { layerNode } from "@effect-airs/model-security/node"
 *
 * Effect.runPromise(program.pipe(Effect.provide(layerNode({ proxy: "http://proxy.internal:3128" }))))
 * ```
 *
 * @module @effect-airs/model-security/node
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { type MissingVariableError, PayloadError } from "./errors/index.js"
import { resolveConnections } from "./internal/http-exchange/connections.js"
import { unusableExchange } from "./internal/http-exchange/shared.js"
import { undiciExchange } from "./internal/http-exchange/undici.js"
import {
  ModelSecurityConfig,
  type ModelSecurityOptions,
  resolveConfigAndConnections
} from "./layers/config.js"
import { HttpExchange } from "./layers/http-exchange.js"
import { ModelSecurity, type ModelSecurityServices } from "./services/model-security.js"

/**
 * The options of `layerNode`: those of every layer, and how undici's connections reach the API.
 * @category Config
 */
export interface ModelSecurityNodeOptions extends ModelSecurityOptions {
  /**
   * The proxy of the token request and both planes, `http://[user:password@]host:port` (an `https:`
   * proxy too; a bare `host:port` is `http:`), or `false` to connect directly whatever the environment
   * says. Its credentials never appear in an error, a log or a span; pass a `Redacted` to keep them out
   * of your own logs too. Default: `https_proxy`/`HTTPS_PROXY` for `https:` endpoints (else
   * `http_proxy`/`HTTP_PROXY`), `http_proxy`/`HTTP_PROXY` for `http:` ones, except the hosts of
   * `no_proxy`/`NO_PROXY`; read when the layer is built.
   */
  readonly proxy?: string | Redacted.Redacted<string> | false | undefined
  /**
   * Certificates to trust besides Node's own (its bundled roots and `NODE_EXTRA_CA_CERTS`), for the API
   * and for an `https:` proxy: PEM, as a string or its bytes (a `Buffer`), or a list of them. For a
   * private endpoint or a TLS-inspecting proxy; certificates are always checked.
   */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | undefined
}

/**
 * Exchanges over a pooled, keep-alive undici dispatcher that lives as long as the layer: through the
 * proxy the environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, read when the layer is built),
 * else straight to the API. Under a malformed proxy variable every request fails, naming it, and nothing
 * is sent (`layerNode` refuses it at once, with a `PayloadError`).
 * @category Layers
 */
export const layerUndici: Layer.Layer<HttpExchange> = Layer.scoped(
  HttpExchange,
  Effect.matchEffect(resolveConnections({}), {
    onFailure: (issues) => Effect.succeed(unusableExchange(PayloadError.of(issues).message)),
    onSuccess: undiciExchange
  })
)

/**
 * Every service over a pooled keep-alive undici dispatcher, from one config and one token; through the
 * proxy of the options or of the environment.
 * @example Effect.provide(program, layerNode({ clientId, clientSecret, tsgId }))
 * @category Layers
 */
export const layerNode = (
  options?: ModelSecurityNodeOptions
): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError> =>
  Layer.unwrapEffect(
    Effect.map(resolveConfigAndConnections(options), ({ config, connections }) =>
      ModelSecurity.layerServices.pipe(
        Layer.provide(Layer.scoped(HttpExchange, undiciExchange(connections))),
        Layer.provideMerge(Layer.succeed(ModelSecurityConfig, config))
      )
    )
  )
