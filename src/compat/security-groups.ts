/** `client.securityGroups`: the Promise form of the `SecurityGroups` service. */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ModelSecurityError } from "../errors/index.js"
import type {
  ModelSecurityGroupCreateRequest,
  ModelSecurityGroupUpdateRequest,
  ModelSecurityRuleInstanceUpdateRequest,
  RuleInstanceListParams,
  SecurityGroupListParams
} from "../schemas/security-group.js"
import type { StreamParams } from "../services/pagination.js"
import { SecurityGroups } from "../services/security-groups.js"
import { type Loose, strict } from "./loose.js"
import { type CallOptions, type IterateOptions, pageOptions, type Runner } from "./runner.js"

const withGroups = <A>(f: (groups: SecurityGroups) => Effect.Effect<A, ModelSecurityError>) =>
  Effect.flatMap(SecurityGroups, f)
const streamGroups = <A>(f: (groups: SecurityGroups) => Stream.Stream<A, ModelSecurityError>) =>
  Stream.unwrap(Effect.map(SecurityGroups, f))

/** Security groups and their rule instances (management plane). */
export class SecurityGroupsClient {
  /** @internal */
  constructor(private readonly runner: Runner) {}

  /** Creates a security group; `name` and `source_type` are required. */
  create(body: Loose<ModelSecurityGroupCreateRequest>, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.create(strict<ModelSecurityGroupCreateRequest>(body))),
      options
    )
  }
  /** One page of security groups. */
  list(params?: Loose<SecurityGroupListParams>, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.list(strict<SecurityGroupListParams>(params ?? {}))),
      options
    )
  }
  /** Every security group matching the filters, as an async iterable. */
  iterate(params?: Loose<StreamParams<SecurityGroupListParams>>, options?: IterateOptions) {
    const query = strict<StreamParams<SecurityGroupListParams>>(params ?? {})
    return this.runner.iterate(
      streamGroups((g) => g.stream(query, pageOptions(options))),
      options
    )
  }
  /** Every security group matching the filters, collected. */
  listAll(params?: Loose<StreamParams<SecurityGroupListParams>>, options?: IterateOptions) {
    const query = strict<StreamParams<SecurityGroupListParams>>(params ?? {})
    return this.runner.collect(
      streamGroups((g) => g.stream(query, pageOptions(options))),
      options
    )
  }
  /** One security group. */
  get(uuid: string, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.get(uuid)),
      options
    )
  }
  /** Renames a security group or changes its description. */
  update(uuid: string, body: Loose<ModelSecurityGroupUpdateRequest>, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.update(uuid, strict<ModelSecurityGroupUpdateRequest>(body))),
      options
    )
  }
  /** Deletes a security group. */
  delete(uuid: string, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.delete(uuid)),
      options
    )
  }
  /** One page of a group's rule instances. */
  listRuleInstances(groupUuid: string, params?: Loose<RuleInstanceListParams>, options?: CallOptions) {
    const query = strict<RuleInstanceListParams>(params ?? {})
    return this.runner.run(
      withGroups((g) => g.listRuleInstances(groupUuid, query)),
      options
    )
  }
  /** Every rule instance of a group, as an async iterable. */
  iterateRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ) {
    const query = strict<StreamParams<RuleInstanceListParams>>(params ?? {})
    return this.runner.iterate(
      streamGroups((g) => g.streamRuleInstances(groupUuid, query, pageOptions(options))),
      options
    )
  }
  /** Every rule instance of a group, collected. */
  listAllRuleInstances(
    groupUuid: string,
    params?: Loose<StreamParams<RuleInstanceListParams>>,
    options?: IterateOptions
  ) {
    const query = strict<StreamParams<RuleInstanceListParams>>(params ?? {})
    return this.runner.collect(
      streamGroups((g) => g.streamRuleInstances(groupUuid, query, pageOptions(options))),
      options
    )
  }
  /** One rule instance of a group. */
  getRuleInstance(groupUuid: string, instanceUuid: string, options?: CallOptions) {
    return this.runner.run(
      withGroups((g) => g.getRuleInstance(groupUuid, instanceUuid)),
      options
    )
  }
  /** Changes a rule instance's state and/or settings. */
  updateRuleInstance(
    groupUuid: string,
    instanceUuid: string,
    body: Loose<ModelSecurityRuleInstanceUpdateRequest>,
    options?: CallOptions
  ) {
    const update = strict<ModelSecurityRuleInstanceUpdateRequest>(body)
    return this.runner.run(
      withGroups((g) => g.updateRuleInstance(groupUuid, instanceUuid, update)),
      options
    )
  }
}
