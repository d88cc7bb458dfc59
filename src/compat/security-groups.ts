/** `client.securityGroups`: the Promise form of the `SecurityGroups` service. */
import type { StreamParams } from "../schemas/common.js"
import type {
  ModelSecurityGroupUpdateRequest,
  RuleInstanceListParams,
  SecurityGroupListParams,
  SnapshotVersionListParams
} from "../schemas/generated.js"
import type {
  ModelSecurityGroupCreateRequest,
  ModelSecurityRuleInstanceUpdateRequest
} from "../schemas/refinements.js"
import { SecurityGroups } from "../services/security-groups.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { ServiceClient } from "./service-client.js"

/** Security groups and their rule instances (management plane). */
export class SecurityGroupsClient extends ServiceClient<SecurityGroups, SecurityGroups.Service> {
  /** @internal */
  constructor(runner: Runner) {
    super(runner, SecurityGroups)
  }

  /** Creates a security group; `name` and `source_type` are required. */
  create(body: Loose<ModelSecurityGroupCreateRequest>, options?: CallOptions) {
    return this.run((g) => g.create(strict(body)), options)
  }
  /** One page of security groups. */
  list(params?: Loose<SecurityGroupListParams>, options?: CallOptions) {
    return this.run((g) => g.list(strict(params ?? {})), options)
  }
  /** Every security group matching the filters, as an async iterable. */
  iterate(params?: Loose<StreamParams<SecurityGroupListParams>>, options?: IterateOptions) {
    return this.iterateWith((g, page) => g.stream(strict(params ?? {}), page), options)
  }
  /** Every security group matching the filters, collected. */
  listAll(params?: Loose<StreamParams<SecurityGroupListParams>>, options?: IterateOptions) {
    return this.collectWith((g, page) => g.stream(strict(params ?? {}), page), options)
  }
  /** One security group. */
  get(uuid: string, options?: CallOptions) {
    return this.run((g) => g.get(uuid), options)
  }
  /** Renames a security group or changes its description. */
  update(uuid: string, body: Loose<ModelSecurityGroupUpdateRequest>, options?: CallOptions) {
    return this.run((g) => g.update(uuid, strict(body)), options)
  }
  /** Deletes a security group. */
  delete(uuid: string, options?: CallOptions) {
    return this.run((g) => g.delete(uuid), options)
  }
  /** One page of a group's rule instances (at a snapshot `generation`, if given). */
  listRuleInstances(groupUuid: string, params?: Loose<RuleInstanceListParams>, options?: CallOptions) {
    return this.run((g) => g.listRuleInstances(groupUuid, strict(params ?? {})), options)
  }
  /** Every rule instance of a group, as an async iterable. */
  iterateRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ) {
    return this.iterateWith(
      (g, page) => g.streamRuleInstances(groupUuid, strict(params ?? {}), page),
      options
    )
  }
  /** Every rule instance of a group, collected. */
  listAllRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ) {
    return this.collectWith(
      (g, page) => g.streamRuleInstances(groupUuid, strict(params ?? {}), page),
      options
    )
  }
  /** One rule instance of a group. */
  getRuleInstance(groupUuid: string, instanceUuid: string, options?: CallOptions) {
    return this.run((g) => g.getRuleInstance(groupUuid, instanceUuid), options)
  }
  /** Changes a rule instance's state and/or settings. */
  updateRuleInstance(
    groupUuid: string,
    instanceUuid: string,
    body: Loose<ModelSecurityRuleInstanceUpdateRequest>,
    options?: CallOptions
  ) {
    return this.run((g) => g.updateRuleInstance(groupUuid, instanceUuid, strict(body)), options)
  }
  /** One page of the snapshot versions of a group's rule instances, newest first. */
  listRuleInstanceVersions(groupUuid: string, params?: SnapshotVersionListParams, options?: CallOptions) {
    return this.run((g) => g.listRuleInstanceVersions(groupUuid, params), options)
  }
  /** Every snapshot version of a group's rule instances, as an async iterable. */
  iterateRuleInstanceVersions(
    groupUuid: string,
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ) {
    return this.iterateWith((g) => g.streamRuleInstanceVersions(groupUuid, params), options)
  }
  /** Every snapshot version of a group's rule instances, collected. */
  listAllRuleInstanceVersions(
    groupUuid: string,
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ) {
    return this.collectWith((g) => g.streamRuleInstanceVersions(groupUuid, params), options)
  }
}
