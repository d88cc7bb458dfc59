/** `ModelSecurity`: one handle on every service, and the layers that build them all from one config. */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type CallError, type MissingVariableError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { checkArguments, guardService, options as optionsArgument } from "../internal/arguments.js"
import { makeFetchExchange } from "../internal/http-exchange/fetch.js"
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

/**
 * Every service the layers provide.
 * @category Layers
 */
export type ModelSecurityServices =
  | ModelSecurity
  | Scans
  | Models
  | SecurityGroups
  | SecurityRules
  | CustomRules
  | AccessToken
  | ModelSecurityConfig

/**
 * The types of {@link ModelSecurity:class | ModelSecurity}: its service.
 * @category Services
 */
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

/**
 * The whole API in one service, shaped like the Promise client: {@link ModelSecurity.Service} holds every
 * other service (`scans`, `models`, `securityGroups`, `securityRules`, `customRules`) and
 * {@link ModelSecurity.Service.getPyPIAuth | getPyPIAuth}.
 *
 * Its layers provide it and every service on its own (`yield* Scans` works as well as
 * `yield* ModelSecurity`), sharing one config and one token: {@link ModelSecurity.layerFetch} over the
 * runtime's `fetch`, {@link ModelSecurity.layer} over an `HttpClient` you provide, and
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} over undici.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const airs = yield* ModelSecurity
 *   const groups = yield* airs.securityGroups.list({ source_types: ["HUGGING_FACE"] })
 *   const security_group_uuid = groups.security_groups[0]!.uuid
 *   const scan = yield* airs.scans.create({ model_uri, security_group_uuid })
 *   return yield* airs.scans.waitForCompletion(scan.uuid)
 * })
 * const layer = ModelSecurity.layerFetch({ clientId, clientSecret, tsgId })
 * Effect.runPromise(program.pipe(Effect.provide(layer)))
 * ```
 * @category Services
 * @hideconstructor
 */
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
   * Every service over the runtime's `fetch` (Node 20+, Deno, Bun, browsers), or over the `fetch` of
   * the options (one that goes through your proxy, say).
   * @example Effect.provide(program, ModelSecurity.layerFetch())
   */
  static layerFetch(
    options?: ModelSecurityFetchOptions
  ): Layer.Layer<ModelSecurityServices, MissingVariableError | PayloadError> {
    return Layer.unwrapEffect(
      Effect.flatMap(checkArguments(FETCH_OPTIONS, [options]), ([checked]) => {
        const { fetch, ...rest }: ModelSecurityFetchOptions = checked ?? {}
        if (fetch !== undefined && typeof fetch !== "function")
          return Effect.fail(PayloadError.of([{ field: "fetch", rule: "must be a function (a fetch)" }]))
        return Effect.succeed(
          ModelSecurity.layerServices.pipe(
            Layer.provide(
              fetch === undefined
                ? HttpExchange.layerFetch
                : Layer.succeed(HttpExchange, makeFetchExchange(fetch))
            ),
            Layer.provideMerge(ModelSecurityConfig.layer(rest))
          )
        )
      })
    )
  }
}

/**
 * The options of `ModelSecurity.layerFetch`: those of every layer, and the `fetch` to send with.
 * @category Config
 */
export interface ModelSecurityFetchOptions extends ModelSecurityOptions {
  /**
   * The `fetch` every request goes through (default: the runtime's own, looked up at each request),
   * such as one that goes through your proxy. It is called with `redirect: "manual"` and an
   * `AbortSignal`, and should honour both.
   */
  readonly fetch?: typeof globalThis.fetch | undefined
}

/** The one argument of `layerFetch`: options whose `fetch` is a function. */
const FETCH_OPTIONS = { returns: "effect", args: [{ ...optionsArgument, functions: ["fetch"] }] } as const
