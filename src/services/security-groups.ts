/** `SecurityGroups`: security groups and the rule instances they apply (management plane). */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import { type CallError, PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { Operations } from "../internal/operations.js"
import type { PageOptions, StreamParams } from "../schemas/common.js"
import type {
  ListModelSecurityGroupsResponse,
  ListModelSecurityRuleInstancesResponse,
  ModelSecurityGroupListItem,
  ModelSecurityGroupResponse,
  ModelSecurityGroupUpdateRequest,
  ModelSecurityRuleInstanceResponse,
  RuleInstanceListParams,
  SecurityGroupListParams,
  SnapshotVersion,
  SnapshotVersionListParams,
  SnapshotVersionListResponse
} from "../schemas/generated.js"
import type {
  ModelSecurityGroupCreateRequest,
  ModelSecurityRuleInstanceUpdateRequest
} from "../schemas/refinements.js"

/**
 * The types of {@link SecurityGroups:class | SecurityGroups}: its service.
 * @category Services
 */
export declare namespace SecurityGroups {
  /** Security groups: which rules apply to scans of which source, and how. */
  export interface Service {
    /**
     * Creates a security group; `source_type` is required, rules get their default state unless
     * `rule_configurations` says otherwise.
     * @example yield* groups.create({ name: "production-models", source_type: "HUGGING_FACE" })
     */
    readonly create: (
      body: ModelSecurityGroupCreateRequest
    ) => Effect.Effect<ModelSecurityGroupResponse, PayloadError | CallError>
    /**
     * One page of security groups (50 unless `limit` says otherwise), newest first unless `sort_field` or
     * `sort_dir` say otherwise; optionally for some source types, matching a UUID or name
     * (`search_query`), or with one of `enabled_rules` set to `ALLOWING` or `BLOCKING`.
     * @example yield* groups.list({ source_types: ["HUGGING_FACE", "S3"], search_query: "production" })
     */
    readonly list: (
      params?: SecurityGroupListParams
    ) => Effect.Effect<ListModelSecurityGroupsResponse, PayloadError | CallError>
    /**
     * One security group by UUID (deleted groups too, with `is_tombstone: true`).
     * @example yield* groups.get(groupId)
     */
    readonly get: (uuid: string) => Effect.Effect<ModelSecurityGroupResponse, PayloadError | CallError>
    /**
     * Renames a security group or changes its description.
     * @example yield* groups.update(groupId, { name: "production-models-v2" })
     */
    readonly update: (
      uuid: string,
      body: ModelSecurityGroupUpdateRequest
    ) => Effect.Effect<ModelSecurityGroupResponse, PayloadError | CallError>
    /**
     * Deletes a security group (a soft delete: the group and its rule instances leave lists but stay
     * readable by UUID).
     * @example yield* groups.delete(groupId)
     */
    readonly delete: (uuid: string) => Effect.Effect<void, PayloadError | CallError>
    /**
     * One page of a group's rule instances: optionally for one rule, in one state, only custom rules
     * (`is_custom`), or as they were at a snapshot `generation` (which ignores the other filters).
     * @example yield* groups.listRuleInstances(groupId, { state: "BLOCKING" })
     */
    readonly listRuleInstances: (
      groupUuid: string,
      params?: RuleInstanceListParams
    ) => Effect.Effect<ListModelSecurityRuleInstancesResponse, PayloadError | CallError>
    /**
     * One rule instance of a group.
     * @example yield* groups.getRuleInstance(groupId, instanceId)
     */
    readonly getRuleInstance: (
      groupUuid: string,
      instanceUuid: string
    ) => Effect.Effect<ModelSecurityRuleInstanceResponse, PayloadError | CallError>
    /**
     * Changes how a group applies a rule: its state and/or settings. `security_group_uuid` may be left
     * out; it is the group in the path.
     * @example yield* groups.updateRuleInstance(groupId, instanceId, { state: "BLOCKING" })
     */
    readonly updateRuleInstance: (
      groupUuid: string,
      instanceUuid: string,
      body: ModelSecurityRuleInstanceUpdateRequest
    ) => Effect.Effect<ModelSecurityRuleInstanceResponse, PayloadError | CallError>
    /**
     * One page of the snapshot versions of a group's rule instances, newest first; pass
     * `pagination.next_token` back as `next_token` for the next page.
     * @example yield* groups.listRuleInstanceVersions(groupId, { limit: 20 })
     */
    readonly listRuleInstanceVersions: (
      groupUuid: string,
      params?: SnapshotVersionListParams
    ) => Effect.Effect<SnapshotVersionListResponse, PayloadError | CallError>
    /**
     * Every security group matching the filters.
     * @example groups.stream({ source_types: ["S3"] })
     */
    readonly stream: (
      params?: StreamParams<SecurityGroupListParams>,
      options?: PageOptions
    ) => Stream.Stream<ModelSecurityGroupListItem, PayloadError | CallError>
    /**
     * Every rule instance of a group.
     * @example groups.streamRuleInstances(groupId, { state: "BLOCKING" })
     */
    readonly streamRuleInstances: (
      groupUuid: string,
      params?: StreamParams<RuleInstanceListParams>,
      options?: PageOptions
    ) => Stream.Stream<ModelSecurityRuleInstanceResponse, PayloadError | CallError>
    /**
     * Every snapshot version of a group's rule instances, newest first, following the cursor to the end.
     * @example groups.streamRuleInstanceVersions(groupId)
     */
    readonly streamRuleInstanceVersions: (
      groupUuid: string,
      params?: Omit<SnapshotVersionListParams, "next_token">
    ) => Stream.Stream<SnapshotVersion, PayloadError | CallError>
  }
}

/**
 * Security groups: which rules apply to scans of which source, and how (management plane). Its methods are
 * those of {@link SecurityGroups.Service}, each with an example there:
 *
 * - groups: {@link SecurityGroups.Service.create | create}, {@link SecurityGroups.Service.list | list},
 *   {@link SecurityGroups.Service.get | get}, {@link SecurityGroups.Service.update | update},
 *   {@link SecurityGroups.Service.delete | delete}, {@link SecurityGroups.Service.stream | stream}
 * - rule instances: {@link SecurityGroups.Service.listRuleInstances | listRuleInstances},
 *   {@link SecurityGroups.Service.getRuleInstance | getRuleInstance},
 *   {@link SecurityGroups.Service.updateRuleInstance | updateRuleInstance},
 *   {@link SecurityGroups.Service.streamRuleInstances | streamRuleInstances}
 * - history of rule instances:
 *   {@link SecurityGroups.Service.listRuleInstanceVersions | listRuleInstanceVersions},
 *   {@link SecurityGroups.Service.streamRuleInstanceVersions | streamRuleInstanceVersions}
 *
 * Get it with `yield* SecurityGroups`. Every layer of the SDK provides it, with the other services:
 * {@link ModelSecurity.layerFetch}, {@link ModelSecurity.layer},
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} (undici) and
 * {@link "@effect-airs/model-security/testing"!layerInProcess | layerInProcess} (the fake).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const groups = yield* SecurityGroups
 *   const group = yield* groups.create({ name: "production-models", source_type: "HUGGING_FACE" })
 *   return yield* groups.listRuleInstances(group.uuid, { state: "BLOCKING" })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 * @category Services
 * @hideconstructor
 */
export class SecurityGroups extends Context.Tag("@effect-airs/model-security/SecurityGroups")<
  SecurityGroups,
  SecurityGroups.Service
>() {}

/** The update, with `security_group_uuid` taken from the path unless given, and then matching it. */
const instanceUpdate = (groupUuid: string, body: ModelSecurityRuleInstanceUpdateRequest) => {
  const given = body.security_group_uuid
  return given === undefined || typeof given !== "string" || given.toLowerCase() === groupUuid.toLowerCase()
    ? Effect.succeed({ ...body, security_group_uuid: given ?? groupUuid })
    : Effect.fail(
        PayloadError.of([{ field: "security_group_uuid", rule: "must be the security group in the path" }])
      )
}

/** The `SecurityGroups` service over the transport in context. */
export const makeSecurityGroups = Effect.map(
  makeApi,
  ({ call, pages }): SecurityGroups.Service => ({
    create: (body) => call(Operations["SecurityGroups.create"], { body }),
    list: (query = {}) => call(Operations["SecurityGroups.list"], { query }),
    get: (uuid) => call(Operations["SecurityGroups.get"], { path: { uuid } }),
    update: (uuid, body) => call(Operations["SecurityGroups.update"], { path: { uuid }, body }),
    delete: (uuid) => call(Operations["SecurityGroups.delete"], { path: { uuid } }),
    listRuleInstances: (groupUuid, query = {}) =>
      call(Operations["SecurityGroups.listRuleInstances"], {
        path: { security_group_uuid: groupUuid },
        query
      }),
    getRuleInstance: (groupUuid, instanceUuid) =>
      call(Operations["SecurityGroups.getRuleInstance"], {
        path: { security_group_uuid: groupUuid, rule_instance_uuid: instanceUuid }
      }),
    updateRuleInstance: (groupUuid, instanceUuid, body) =>
      Effect.flatMap(instanceUpdate(groupUuid, body ?? {}), (update) =>
        call(Operations["SecurityGroups.updateRuleInstance"], {
          path: { security_group_uuid: groupUuid, rule_instance_uuid: instanceUuid },
          body: update
        })
      ),
    listRuleInstanceVersions: (groupUuid, query = {}) =>
      call(Operations["SecurityGroups.listRuleInstanceVersions"], {
        path: { security_group_uuid: groupUuid },
        query
      }),
    stream: (query = {}, options) =>
      pages.offset(Operations["SecurityGroups.list"], { query }, (page) => page.security_groups, options),
    streamRuleInstances: (groupUuid, query = {}, options) =>
      pages.offset(
        Operations["SecurityGroups.listRuleInstances"],
        { path: { security_group_uuid: groupUuid }, query },
        (page) => page.rule_instances,
        options
      ),
    streamRuleInstanceVersions: (groupUuid, query = {}) =>
      pages.cursor(
        Operations["SecurityGroups.listRuleInstanceVersions"],
        { path: { security_group_uuid: groupUuid }, query },
        (page) => page.versions
      )
  })
)
