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
 * Custom rules, their assignments to security groups, and their snapshot history (management plane). Reached
 * as `client.customRules` of a {@link ModelSecurityClient}; the Promise form of the Effect API's
 * `CustomRules` service. Each method has an example.
 * @category Client
 */
export interface CustomRulesClient {
  /**
   * One page of custom rules, newest first unless `sort_field` or `sort_dir` say otherwise; optionally
   * archived ones (`is_archived`), for some source types, matching a search term, or as they were at a
   * snapshot `generation` (which ignores the other filters).
   * @example
   * ```ts
   * const { custom_rules } = await client.customRules.list({
   *   is_archived: false,
   *   source_types: ["S3"]
   * })
   * ```
   */
  list(params?: Loose<CustomRuleListParams>, options?: CallOptions): Promise<ListCustomRulesResponse>
  /**
   * Every custom rule matching the filters, as an async iterable.
   * @example
   * ```ts
   * for await (const rule of client.customRules.iterate({ is_archived: false })) {
   *   console.log(rule.name)
   * }
   * ```
   */
  iterate(
    params?: Loose<StreamParams<CustomRuleListParams>>,
    options?: IterateOptions
  ): AsyncIterable<CustomRuleListItem>
  /**
   * Every custom rule matching the filters, collected.
   * @example const rules = await client.customRules.listAll({ source_types: ["HUGGING_FACE"] })
   */
  listAll(
    params?: Loose<StreamParams<CustomRuleListParams>>,
    options?: IterateOptions
  ): Promise<Array<CustomRuleListItem>>
  /**
   * Creates a custom rule; its condition tree is checked before anything is sent.
   * @example
   * ```ts
   * const rule = await client.customRules.create({
   *   name: "owner label",
   *   compatible_sources: ["HUGGING_FACE"],
   *   condition: { type: "label", key: "owner", operator: "exists" },
   *   violation_message: "Models must carry an owner label"
   * })
   * ```
   */
  create(body: Loose<CustomRuleCreateRequest>, options?: CallOptions): Promise<CustomRuleResponse>
  /**
   * One custom rule by UUID.
   * @example const rule = await client.customRules.get(ruleId)
   */
  get(uuid: string, options?: CallOptions): Promise<CustomRuleResponse>
  /**
   * Changes a custom rule: its name, messages, action or condition.
   * @example await client.customRules.update(ruleId, { violation_message: "Add an owner label" })
   */
  update(
    uuid: string,
    body: Loose<CustomRuleUpdateRequest>,
    options?: CallOptions
  ): Promise<CustomRuleResponse>
  /**
   * Archives a custom rule: it stops applying and leaves the default lists.
   * @example await client.customRules.archive(ruleId)
   */
  archive(uuid: string, options?: CallOptions): Promise<void>
  /**
   * Restores an archived custom rule.
   * @example await client.customRules.unarchive(ruleId)
   */
  unarchive(uuid: string, options?: CallOptions): Promise<void>
  /**
   * One page of the security groups a custom rule is assigned to.
   * @example const { security_groups } = await client.customRules.listSecurityGroups(ruleId)
   */
  listSecurityGroups(
    uuid: string,
    params?: CustomRuleSecurityGroupListParams,
    options?: CallOptions
  ): Promise<ListCustomRuleSecurityGroupsResponse>
  /**
   * Every security group a custom rule is assigned to, as an async iterable.
   * @example
   * ```ts
   * for await (const group of client.customRules.iterateSecurityGroups(ruleId)) {
   *   console.log(group.name)
   * }
   * ```
   */
  iterateSecurityGroups(uuid: string, options?: IterateOptions): AsyncIterable<CustomRuleSecurityGroup>
  /**
   * Every security group a custom rule is assigned to, collected.
   * @example const groups = await client.customRules.listAllSecurityGroups(ruleId)
   */
  listAllSecurityGroups(uuid: string, options?: IterateOptions): Promise<Array<CustomRuleSecurityGroup>>
  /**
   * Assigns a custom rule to 1–50 security groups; each item's result (`created`, `updated`, `error`) comes
   * back as data.
   * @example
   * ```ts
   * const { results } = await client.customRules.assignSecurityGroups(
   *   ruleId,
   *   { assignments: [{ security_group_uuid, state: "BLOCKING" }] }
   * )
   * ```
   */
  assignSecurityGroups(
    uuid: string,
    body: Loose<BatchAssignCustomRuleRequest>,
    options?: CallOptions
  ): Promise<BatchAssignCustomRuleResponse>
  /**
   * Removes a custom rule from a security group.
   * @example await client.customRules.removeAssignment(ruleId, groupId)
   */
  removeAssignment(uuid: string, groupUuid: string, options?: CallOptions): Promise<void>
  /**
   * One page of the custom rules' snapshot versions, newest first.
   * @example const { versions } = await client.customRules.listVersions({ limit: 20 })
   */
  listVersions(
    params?: SnapshotVersionListParams,
    options?: CallOptions
  ): Promise<SnapshotVersionListResponse>
  /**
   * Every snapshot version of the custom rules, as an async iterable.
   * @example
   * ```ts
   * for await (const version of client.customRules.iterateVersions()) {
   *   console.log(version.generation)
   * }
   * ```
   */
  iterateVersions(
    params?: Omit<SnapshotVersionListParams, "next_token">,
    options?: CallOptions
  ): AsyncIterable<SnapshotVersion>
  /**
   * Every snapshot version of the custom rules, collected.
   * @example const versions = await client.customRules.listAllVersions()
   */
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
