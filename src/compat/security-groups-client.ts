/** `client.securityGroups`: the Promise form of the `SecurityGroups` service. */
import type { StreamParams } from "../schemas/common.js"
import { SecurityGroups } from "../services/security-groups.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { serviceCalls } from "./service-client.js"
import type {
  ListModelSecurityGroupsResponse,
  ListModelSecurityRuleInstancesResponse,
  ModelSecurityGroupCreateRequest,
  ModelSecurityGroupListItem,
  ModelSecurityGroupResponse,
  ModelSecurityGroupUpdateRequest,
  ModelSecurityRuleInstanceResponse,
  ModelSecurityRuleInstanceUpdateRequest,
  RuleInstanceListParams,
  SecurityGroupListParams,
  SnapshotVersion,
  SnapshotVersionListParams,
  SnapshotVersionListResponse
} from "./types.js"

/**
 * Security groups and their rule instances (management plane). Reached as `client.securityGroups` of a
 * {@link ModelSecurityClient}; the Promise form of the Effect API's `SecurityGroups` service. Each method has
 * an example.
 * @category Client
 */
export interface SecurityGroupsClient {
  /**
   * Creates a security group; `name` and `source_type` are required.
   * @example
   * ```ts
   * const group = await client.securityGroups.create({
   *   name: "production-models",
   *   source_type: "HUGGING_FACE"
   * })
   * ```
   */
  create(
    body: Loose<ModelSecurityGroupCreateRequest>,
    options?: CallOptions
  ): Promise<ModelSecurityGroupResponse>
  /**
   * One page of security groups (50 unless `limit` says otherwise), newest first unless `sort_field` or
   * `sort_dir` say otherwise; optionally for some source types, matching a UUID or name (`search_query`),
   * or with one of `enabled_rules` set to `ALLOWING` or `BLOCKING`.
   * @example
   * ```ts
   * const { security_groups } = await client.securityGroups.list({
   *   source_types: ["HUGGING_FACE", "S3"]
   * })
   * ```
   */
  list(
    params?: Loose<SecurityGroupListParams>,
    options?: CallOptions
  ): Promise<ListModelSecurityGroupsResponse>
  /**
   * Every security group matching the filters, as an async iterable.
   * @example
   * ```ts
   * for await (const group of client.securityGroups.iterate({ source_types: ["S3"] })) {
   *   console.log(group.name)
   * }
   * ```
   */
  iterate(
    params?: Loose<StreamParams<SecurityGroupListParams>>,
    options?: IterateOptions
  ): AsyncIterable<ModelSecurityGroupListItem>
  /**
   * Every security group matching the filters, collected.
   * @example const groups = await client.securityGroups.listAll({ search_query: "production" })
   */
  listAll(
    params?: Loose<StreamParams<SecurityGroupListParams>>,
    options?: IterateOptions
  ): Promise<Array<ModelSecurityGroupListItem>>
  /**
   * One security group by UUID (deleted groups too, with `is_tombstone: true`).
   * @example const group = await client.securityGroups.get(groupId)
   */
  get(uuid: string, options?: CallOptions): Promise<ModelSecurityGroupResponse>
  /**
   * Renames a security group or changes its description.
   * @example await client.securityGroups.update(groupId, { name: "production-models-v2" })
   */
  update(
    uuid: string,
    body: Loose<ModelSecurityGroupUpdateRequest>,
    options?: CallOptions
  ): Promise<ModelSecurityGroupResponse>
  /**
   * Deletes a security group (a soft delete: the group and its rule instances leave lists but stay readable
   * by UUID).
   * @example await client.securityGroups.delete(groupId)
   */
  delete(uuid: string, options?: CallOptions): Promise<void>
  /**
   * One page of a group's rule instances: optionally for one rule, in one state, only custom rules
   * (`is_custom`), or as they were at a snapshot `generation` (which ignores the other filters).
   * @example
   * ```ts
   * const { rule_instances } = await client.securityGroups.listRuleInstances(
   *   groupId,
   *   { state: "BLOCKING" }
   * )
   * ```
   */
  listRuleInstances(
    groupUuid: string,
    params?: Loose<RuleInstanceListParams>,
    options?: CallOptions
  ): Promise<ListModelSecurityRuleInstancesResponse>
  /**
   * Every rule instance of a group, as an async iterable.
   * @example
   * ```ts
   * for await (const instance of client.securityGroups.iterateRuleInstances(groupId)) {
   *   console.log(instance.state)
   * }
   * ```
   */
  iterateRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ): AsyncIterable<ModelSecurityRuleInstanceResponse>
  /**
   * Every rule instance of a group, collected.
   * @example
   * ```ts
   * const blocking = await client.securityGroups.listAllRuleInstances(
   *   groupId,
   *   { state: "BLOCKING" }
   * )
   * ```
   */
  listAllRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ): Promise<Array<ModelSecurityRuleInstanceResponse>>
  /**
   * One rule instance of a group.
   * @example const instance = await client.securityGroups.getRuleInstance(groupId, instanceId)
   */
  getRuleInstance(
    groupUuid: string,
    instanceUuid: string,
    options?: CallOptions
  ): Promise<ModelSecurityRuleInstanceResponse>
  /**
   * Changes a rule instance's state and/or settings.
   * @example await client.securityGroups.updateRuleInstance(groupId, instanceId, { state: "BLOCKING" })
   */
  updateRuleInstance(
    groupUuid: string,
    instanceUuid: string,
    body: Loose<ModelSecurityRuleInstanceUpdateRequest>,
    options?: CallOptions
  ): Promise<ModelSecurityRuleInstanceResponse>
  /**
   * One page of the snapshot versions of a group's rule instances, newest first.
   * @example
   * ```ts
   * const { versions } = await client.securityGroups.listRuleInstanceVersions(
   *   groupId,
   *   { limit: 20 }
   * )
   * ```
   */
  listRuleInstanceVersions(
    groupUuid: string,
    params?: SnapshotVersionListParams,
    options?: CallOptions
  ): Promise<SnapshotVersionListResponse>
  /**
   * Every snapshot version of a group's rule instances, as an async iterable.
   * @example
   * ```ts
   * for await (const version of client.securityGroups.iterateRuleInstanceVersions(groupId)) {
   *   console.log(version.generation)
   * }
   * ```
   */
  iterateRuleInstanceVersions(
    groupUuid: string,
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): AsyncIterable<SnapshotVersion>
  /**
   * Every snapshot version of a group's rule instances, collected.
   * @example const versions = await client.securityGroups.listAllRuleInstanceVersions(groupId)
   */
  listAllRuleInstanceVersions(
    groupUuid: string,
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): Promise<Array<SnapshotVersion>>
}

/** `client.securityGroups` over the runner. */
export const securityGroupsClient = (runner: Runner): SecurityGroupsClient => {
  const { run, iterate, collect } = serviceCalls(runner, SecurityGroups)
  return {
    create: (body, options) => run((g) => g.create(strict(body)), options),
    list: (params, options) => run((g) => g.list(strict(params ?? {})), options),
    iterate: (params, options) => iterate((g, page) => g.stream(strict(params ?? {}), page), options),
    listAll: (params, options) => collect((g, page) => g.stream(strict(params ?? {}), page), options),
    get: (uuid, options) => run((g) => g.get(uuid), options),
    update: (uuid, body, options) => run((g) => g.update(uuid, strict(body)), options),
    delete: (uuid, options) => run((g) => g.delete(uuid), options),
    listRuleInstances: (groupUuid, params, options) =>
      run((g) => g.listRuleInstances(groupUuid, strict(params ?? {})), options),
    iterateRuleInstances: (groupUuid, params, options) =>
      iterate((g, page) => g.streamRuleInstances(groupUuid, strict(params ?? {}), page), options),
    listAllRuleInstances: (groupUuid, params, options) =>
      collect((g, page) => g.streamRuleInstances(groupUuid, strict(params ?? {}), page), options),
    getRuleInstance: (groupUuid, instanceUuid, options) =>
      run((g) => g.getRuleInstance(groupUuid, instanceUuid), options),
    updateRuleInstance: (groupUuid, instanceUuid, body, options) =>
      run((g) => g.updateRuleInstance(groupUuid, instanceUuid, strict(body)), options),
    listRuleInstanceVersions: (groupUuid, params, options) =>
      run((g) => g.listRuleInstanceVersions(groupUuid, params), options),
    iterateRuleInstanceVersions: (groupUuid, params, options) =>
      iterate((g) => g.streamRuleInstanceVersions(groupUuid, params), options),
    listAllRuleInstanceVersions: (groupUuid, params, options) =>
      collect((g) => g.streamRuleInstanceVersions(groupUuid, params), options)
  }
}
