/** `client.customRules`: the Promise form of the `CustomRules` service. */
import type { StreamParams } from "../schemas/common.js"
import type {
  BatchAssignCustomRuleRequest,
  CustomRuleCreateRequest,
  CustomRuleListParams,
  CustomRuleSecurityGroupListParams,
  CustomRuleUpdateRequest,
  SnapshotVersionListParams
} from "../schemas/generated.js"
import { CustomRules } from "../services/custom-rules.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { ServiceClient } from "./service-client.js"

/** Custom rules, their assignments to security groups, and their snapshot history (management plane). */
export class CustomRulesClient extends ServiceClient<CustomRules, CustomRules.Service> {
  /** @internal */
  constructor(runner: Runner) {
    super(runner, CustomRules)
  }

  /** One page of custom rules (at a snapshot `generation`, if given). */
  list(params?: Loose<CustomRuleListParams>, options?: CallOptions) {
    return this.run((r) => r.list(strict(params ?? {})), options)
  }
  /** Every custom rule matching the filters, as an async iterable. */
  iterate(params?: Loose<StreamParams<CustomRuleListParams>>, options?: IterateOptions) {
    return this.iterateWith((r, page) => r.stream(strict(params ?? {}), page), options)
  }
  /** Every custom rule matching the filters, collected. */
  listAll(params?: Loose<StreamParams<CustomRuleListParams>>, options?: IterateOptions) {
    return this.collectWith((r, page) => r.stream(strict(params ?? {}), page), options)
  }
  /** Creates a custom rule; its condition tree is checked before anything is sent. */
  create(body: Loose<CustomRuleCreateRequest>, options?: CallOptions) {
    return this.run((r) => r.create(strict(body)), options)
  }
  /** One custom rule. */
  get(uuid: string, options?: CallOptions) {
    return this.run((r) => r.get(uuid), options)
  }
  /** Changes a custom rule. */
  update(uuid: string, body: Loose<CustomRuleUpdateRequest>, options?: CallOptions) {
    return this.run((r) => r.update(uuid, strict(body)), options)
  }
  /** Archives a custom rule. */
  archive(uuid: string, options?: CallOptions) {
    return this.run((r) => r.archive(uuid), options)
  }
  /** Restores an archived custom rule. */
  unarchive(uuid: string, options?: CallOptions) {
    return this.run((r) => r.unarchive(uuid), options)
  }
  /** One page of the security groups a custom rule is assigned to. */
  listSecurityGroups(uuid: string, params?: CustomRuleSecurityGroupListParams, options?: CallOptions) {
    return this.run((r) => r.listSecurityGroups(uuid, params), options)
  }
  /** Every security group a custom rule is assigned to, as an async iterable. */
  iterateSecurityGroups(uuid: string, options?: IterateOptions) {
    return this.iterateWith((r, page) => r.streamSecurityGroups(uuid, page), options)
  }
  /** Every security group a custom rule is assigned to, collected. */
  listAllSecurityGroups(uuid: string, options?: IterateOptions) {
    return this.collectWith((r, page) => r.streamSecurityGroups(uuid, page), options)
  }
  /** Assigns a custom rule to 1–50 security groups; each item's result (`created`, `updated`, `error`) comes back as data. */
  assignSecurityGroups(uuid: string, body: Loose<BatchAssignCustomRuleRequest>, options?: CallOptions) {
    return this.run((r) => r.assignSecurityGroups(uuid, strict(body)), options)
  }
  /** Removes a custom rule from a security group. */
  removeAssignment(uuid: string, groupUuid: string, options?: CallOptions) {
    return this.run((r) => r.removeAssignment(uuid, groupUuid), options)
  }
  /** One page of the custom rules' snapshot versions, newest first. */
  listVersions(params?: SnapshotVersionListParams, options?: CallOptions) {
    return this.run((r) => r.listVersions(params), options)
  }
  /** Every snapshot version of the custom rules, as an async iterable. */
  iterateVersions(params?: Omit<SnapshotVersionListParams, "next_token">, options?: CallOptions) {
    return this.iterateWith((r) => r.streamVersions(params), options)
  }
  /** Every snapshot version of the custom rules, collected. */
  listAllVersions(params?: Omit<SnapshotVersionListParams, "next_token">, options?: CallOptions) {
    return this.collectWith((r) => r.streamVersions(params), options)
  }
}
