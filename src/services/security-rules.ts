/** `SecurityRules`: read-only access to the security rules a group can enable (management plane). */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { CallError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { Operations } from "../internal/operations.js"
import type { PageOptions, StreamParams } from "../schemas/common.js"
import type {
  ListModelSecurityRulesResponse,
  ModelSecurityRuleListItem,
  ModelSecurityRuleResponse,
  SecurityRuleListParams,
  SnapshotVersion,
  SnapshotVersionListParams,
  SnapshotVersionListResponse
} from "../schemas/generated.js"

/**
 * The types of {@link SecurityRules:class | SecurityRules}: its service.
 * @category Services
 */
export declare namespace SecurityRules {
  /** The catalogue of security rules. */
  export interface Service {
    /**
     * One page of security rules, optionally for one source type, matching a UUID or name
     * (`search_query`), or as they were at a snapshot `generation`.
     * @example yield* rules.list({ source_type: "HUGGING_FACE", search_query: "pickle" })
     */
    readonly list: (
      params?: SecurityRuleListParams
    ) => Effect.Effect<ListModelSecurityRulesResponse, PayloadError | CallError>
    /**
     * One security rule by UUID.
     * @example yield* rules.get(ruleId)
     */
    readonly get: (uuid: string) => Effect.Effect<ModelSecurityRuleResponse, PayloadError | CallError>
    /**
     * One page of the catalogue's snapshot versions, newest first; pass `pagination.next_token` back as
     * `next_token` for the next page.
     * @example yield* rules.listVersions({ limit: 20 })
     */
    readonly listVersions: (
      params?: SnapshotVersionListParams
    ) => Effect.Effect<SnapshotVersionListResponse, PayloadError | CallError>
    /**
     * Every security rule matching the filters.
     * @example rules.stream({ source_type: "S3" })
     */
    readonly stream: (
      params?: StreamParams<SecurityRuleListParams>,
      options?: PageOptions
    ) => Stream.Stream<ModelSecurityRuleListItem, PayloadError | CallError>
    /**
     * Every snapshot version of the catalogue, newest first, following the cursor to the end.
     * @example rules.streamVersions()
     */
    readonly streamVersions: (
      params?: Omit<SnapshotVersionListParams, "next_token">
    ) => Stream.Stream<SnapshotVersion, PayloadError | CallError>
  }
}

/**
 * The catalogue of security rules a group can enable (management plane, read-only). Its methods are those of
 * {@link SecurityRules.Service}, each with an example there:
 *
 * - rules: {@link SecurityRules.Service.list | list}, {@link SecurityRules.Service.get | get},
 *   {@link SecurityRules.Service.stream | stream}
 * - history of the catalogue: {@link SecurityRules.Service.listVersions | listVersions},
 *   {@link SecurityRules.Service.streamVersions | streamVersions}
 *
 * Get it with `yield* SecurityRules`. Every layer of the SDK provides it, with the other services:
 * {@link ModelSecurity.layerFetch}, {@link ModelSecurity.layer},
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} (undici) and
 * {@link "@effect-airs/model-security/testing"!layerInProcess | layerInProcess} (the fake).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const rules = yield* SecurityRules
 *   return yield* rules.list({ source_type: "HUGGING_FACE", search_query: "pickle" })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 * @category Services
 * @hideconstructor
 */
export class SecurityRules extends Context.Tag("@effect-airs/model-security/SecurityRules")<
  SecurityRules,
  SecurityRules.Service
>() {}

/** The `SecurityRules` service over the transport in context. */
export const makeSecurityRules = Effect.map(
  makeApi,
  ({ call, pages }): SecurityRules.Service => ({
    list: (query = {}) => call(Operations["SecurityRules.list"], { query }),
    get: (uuid) => call(Operations["SecurityRules.get"], { path: { uuid } }),
    listVersions: (query = {}) => call(Operations["SecurityRules.listVersions"], { query }),
    stream: (query = {}, options) =>
      pages.offset(Operations["SecurityRules.list"], { query }, (page) => page.rules, options),
    streamVersions: (query = {}) =>
      pages.cursor(Operations["SecurityRules.listVersions"], { query }, (page) => page.versions)
  })
)
