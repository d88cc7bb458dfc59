/** `client.customRules`: the Promise form of the `CustomRules` service. */
import type { StreamParams } from "../schemas/common.js"
import { CustomRules } from "../services/custom-rules.js"
import { type Loose, strict } from "./loose.js"
import type { CallOptions, IterateOptions, Runner } from "./runner.js"
import { serviceCalls } from "./service-client.js"
import type {
  BatchAssignCustomRuleRequest,
  BatchAssignCustomRuleResponse,
  CustomRuleCreateRequest,
  CustomRuleListItem,
  CustomRuleListParams,
  CustomRuleResponse,
  CustomRuleSecurityGroup,
  CustomRuleSecurityGroupListParams,
  CustomRuleUpdateRequest,
  ListCustomRuleSecurityGroupsResponse,
  ListCustomRulesResponse,
  SnapshotVersion,
  SnapshotVersionListParams,
  SnapshotVersionListResponse
} from "./types.js"

/**
 * Custom rules, their assignments to security groups, and their snapshot history (management plane).
 * @category Client
 */
export interface CustomRulesClient {
  /**
   * One page of custom rules, newest first unless `sort_field` or `sort_dir` say otherwise; optionally
   * archived ones (`is_archived`), for some source types, matching a search term, or as they were at a
   * snapshot `generation` (which ignores the other filters).
   */
  list(params?: Loose<CustomRuleListParams>, options?: CallOptions): Promise<ListCustomRulesResponse>
  /** Every custom rule matching the filters, as an async iterable. */
  iterate(
    params?: Loose<StreamParams<CustomRuleListParams>>,
    options?: IterateOptions
  ): AsyncIterable<CustomRuleListItem>
  /** Every custom rule matching the filters, collected. */
  listAll(
    params?: Loose<StreamParams<CustomRuleListParams>>,
    options?: IterateOptions
  ): Promise<Array<CustomRuleListItem>>
  /** Creates a custom rule; its condition tree is checked before anything is sent. */
  create(body: Loose<CustomRuleCreateRequest>, options?: CallOptions): Promise<CustomRuleResponse>
  /** One custom rule by UUID. */
  get(uuid: string, options?: CallOptions): Promise<CustomRuleResponse>
  /** Changes a custom rule: its name, messages, action or condition. */
  update(
    uuid: string,
    body: Loose<CustomRuleUpdateRequest>,
    options?: CallOptions
  ): Promise<CustomRuleResponse>
  /** Archives a custom rule: it stops applying and leaves the default lists. */
  archive(uuid: string, options?: CallOptions): Promise<void>
  /** Restores an archived custom rule. */
  unarchive(uuid: string, options?: CallOptions): Promise<void>
  /** One page of the security groups a custom rule is assigned to. */
  listSecurityGroups(
    uuid: string,
    params?: CustomRuleSecurityGroupListParams,
    options?: CallOptions
  ): Promise<ListCustomRuleSecurityGroupsResponse>
  /** Every security group a custom rule is assigned to, as an async iterable. */
  iterateSecurityGroups(uuid: string, options?: IterateOptions): AsyncIterable<CustomRuleSecurityGroup>
  /** Every security group a custom rule is assigned to, collected. */
  listAllSecurityGroups(uuid: string, options?: IterateOptions): Promise<Array<CustomRuleSecurityGroup>>
  /** Assigns a custom rule to 1–50 security groups; each item's result (`created`, `updated`, `error`) comes back as data. */
  assignSecurityGroups(
    uuid: string,
    body: Loose<BatchAssignCustomRuleRequest>,
    options?: CallOptions
  ): Promise<BatchAssignCustomRuleResponse>
  /** Removes a custom rule from a security group. */
  removeAssignment(uuid: string, groupUuid: string, options?: CallOptions): Promise<void>
  /** One page of the custom rules' snapshot versions, newest first. */
  listVersions(
    params?: SnapshotVersionListParams,
    options?: CallOptions
  ): Promise<SnapshotVersionListResponse>
  /** Every snapshot version of the custom rules, as an async iterable. */
  iterateVersions(
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): AsyncIterable<SnapshotVersion>
  /** Every snapshot version of the custom rules, collected. */
  listAllVersions(
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): Promise<Array<SnapshotVersion>>
}

/** `client.customRules` over the runner. */
export const customRulesClient = (runner: Runner): CustomRulesClient => {
  const { run, iterate, collect } = serviceCalls(runner, CustomRules)
  return {
    list: (params, options) => run((r) => r.list(strict(params ?? {})), options),
    iterate: (params, options) => iterate((r, page) => r.stream(strict(params ?? {}), page), options),
    listAll: (params, options) => collect((r, page) => r.stream(strict(params ?? {}), page), options),
    create: (body, options) => run((r) => r.create(strict(body)), options),
    get: (uuid, options) => run((r) => r.get(uuid), options),
    update: (uuid, body, options) => run((r) => r.update(uuid, strict(body)), options),
    archive: (uuid, options) => run((r) => r.archive(uuid), options),
    unarchive: (uuid, options) => run((r) => r.unarchive(uuid), options),
    listSecurityGroups: (uuid, params, options) => run((r) => r.listSecurityGroups(uuid, params), options),
    iterateSecurityGroups: (uuid, options) =>
      iterate((r, page) => r.streamSecurityGroups(uuid, page), options),
    listAllSecurityGroups: (uuid, options) =>
      collect((r, page) => r.streamSecurityGroups(uuid, page), options),
    assignSecurityGroups: (uuid, body, options) =>
      run((r) => r.assignSecurityGroups(uuid, strict(body)), options),
    removeAssignment: (uuid, groupUuid, options) => run((r) => r.removeAssignment(uuid, groupUuid), options),
    listVersions: (params, options) => run((r) => r.listVersions(params), options),
    iterateVersions: (params, options) => iterate((r) => r.streamVersions(params), options),
    listAllVersions: (params, options) => collect((r) => r.streamVersions(params), options)
  }
}
