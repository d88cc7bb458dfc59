/** `CustomRules`: rules a tenant writes as conditions on labels and on other rules (management plane). */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import { AssignmentError, type CallError, type PayloadError } from "../errors/index.js"
import { makeApi } from "../internal/api.js"
import { Operations } from "../internal/operations.js"
import type { PageOptions, StreamParams } from "../schemas/common.js"
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
} from "../schemas/generated.js"

/**
 * The types of {@link CustomRules:class | CustomRules}: its service.
 * @category Services
 */
export declare namespace CustomRules {
  /** Custom rules and the security groups they are assigned to. */
  export interface Service {
    /**
     * Creates a custom rule; its condition tree is checked before anything is sent.
     * @example yield* rules.create({ name: "owner label", compatible_sources: ["HUGGING_FACE"], condition: Condition.label("owner", "exists"), violation_message: "Models must carry an owner label" })
     */
    readonly create: (
      body: CustomRuleCreateRequest
    ) => Effect.Effect<CustomRuleResponse, PayloadError | CallError>
    /**
     * One page of custom rules, newest first unless `sort_field` or `sort_dir` say otherwise; optionally
     * archived ones (`is_archived`), for some source types, matching a search term, or as they were at a
     * snapshot `generation` (which ignores the other filters).
     * @example yield* rules.list({ is_archived: false, source_types: ["S3"] })
     */
    readonly list: (
      params?: CustomRuleListParams
    ) => Effect.Effect<ListCustomRulesResponse, PayloadError | CallError>
    /**
     * One custom rule by UUID.
     * @example yield* rules.get(ruleId)
     */
    readonly get: (uuid: string) => Effect.Effect<CustomRuleResponse, PayloadError | CallError>
    /**
     * Changes a custom rule: its name, messages, action or condition.
     * @example yield* rules.update(ruleId, { violation_message: "Add an owner label" })
     */
    readonly update: (
      uuid: string,
      body: CustomRuleUpdateRequest
    ) => Effect.Effect<CustomRuleResponse, PayloadError | CallError>
    /**
     * Archives a custom rule: it stops applying and leaves the default lists.
     * @example yield* rules.archive(ruleId)
     */
    readonly archive: (uuid: string) => Effect.Effect<void, PayloadError | CallError>
    /**
     * Restores an archived custom rule.
     * @example yield* rules.unarchive(ruleId)
     */
    readonly unarchive: (uuid: string) => Effect.Effect<void, PayloadError | CallError>
    /**
     * One page of the security groups a custom rule is assigned to.
     * @example yield* rules.listSecurityGroups(ruleId)
     */
    readonly listSecurityGroups: (
      uuid: string,
      params?: CustomRuleSecurityGroupListParams
    ) => Effect.Effect<ListCustomRuleSecurityGroupsResponse, PayloadError | CallError>
    /**
     * Assigns a custom rule to 1–50 security groups, each in a state. The API answers per item
     * (`created`, `updated` or `error`): failed items are data here, never an error.
     * @example yield* rules.assignSecurityGroups(ruleId, { assignments: [{ security_group_uuid, state: "BLOCKING" }] })
     */
    readonly assignSecurityGroups: (
      uuid: string,
      body: BatchAssignCustomRuleRequest
    ) => Effect.Effect<BatchAssignCustomRuleResponse, PayloadError | CallError>
    /**
     * `assignSecurityGroups`, failing with an `AssignmentError` (which carries every item's result) when
     * any item failed.
     * @example yield* rules.assignSecurityGroupsOrFail(ruleId, { assignments })
     */
    readonly assignSecurityGroupsOrFail: (
      uuid: string,
      body: BatchAssignCustomRuleRequest
    ) => Effect.Effect<BatchAssignCustomRuleResponse, PayloadError | CallError | AssignmentError>
    /**
     * Removes a custom rule from a security group.
     * @example yield* rules.removeAssignment(ruleId, groupId)
     */
    readonly removeAssignment: (
      uuid: string,
      groupUuid: string
    ) => Effect.Effect<void, PayloadError | CallError>
    /**
     * One page of the custom rules' snapshot versions, newest first; pass `pagination.next_token` back
     * as `next_token` for the next page.
     * @example yield* rules.listVersions({ limit: 20 })
     */
    readonly listVersions: (
      params?: SnapshotVersionListParams
    ) => Effect.Effect<SnapshotVersionListResponse, PayloadError | CallError>
    /**
     * Every custom rule matching the filters.
     * @example rules.stream({ is_archived: false })
     */
    readonly stream: (
      params?: StreamParams<CustomRuleListParams>,
      options?: PageOptions
    ) => Stream.Stream<CustomRuleListItem, PayloadError | CallError>
    /**
     * Every security group a custom rule is assigned to.
     * @example rules.streamSecurityGroups(ruleId)
     */
    readonly streamSecurityGroups: (
      uuid: string,
      options?: PageOptions
    ) => Stream.Stream<CustomRuleSecurityGroup, PayloadError | CallError>
    /**
     * Every snapshot version of the custom rules, newest first, following the cursor to the end.
     * @example rules.streamVersions()
     */
    readonly streamVersions: (
      params?: Omit<SnapshotVersionListParams, "next_token">
    ) => Stream.Stream<SnapshotVersion, PayloadError | CallError>
  }
}

/**
 * Custom rules, written as conditions on labels and on other rules, and the security groups they are
 * assigned to (management plane). Its methods are those of {@link CustomRules.Service}, each with an example
 * there:
 *
 * - rules: {@link CustomRules.Service.create | create}, {@link CustomRules.Service.list | list},
 *   {@link CustomRules.Service.get | get}, {@link CustomRules.Service.update | update},
 *   {@link CustomRules.Service.archive | archive}, {@link CustomRules.Service.unarchive | unarchive},
 *   {@link CustomRules.Service.stream | stream}
 * - assignments to security groups: {@link CustomRules.Service.listSecurityGroups | listSecurityGroups},
 *   {@link CustomRules.Service.assignSecurityGroups | assignSecurityGroups},
 *   {@link CustomRules.Service.assignSecurityGroupsOrFail | assignSecurityGroupsOrFail},
 *   {@link CustomRules.Service.removeAssignment | removeAssignment},
 *   {@link CustomRules.Service.streamSecurityGroups | streamSecurityGroups}
 * - history: {@link CustomRules.Service.listVersions | listVersions},
 *   {@link CustomRules.Service.streamVersions | streamVersions}
 *
 * Get it with `yield* CustomRules`. Every layer of the SDK provides it, with the other services:
 * {@link ModelSecurity.layerFetch}, {@link ModelSecurity.layer},
 * {@link "@effect-airs/model-security/node"!layerNode | layerNode} (undici) and
 * {@link "@effect-airs/model-security/testing"!layerInProcess | layerInProcess} (the fake).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const rules = yield* CustomRules
 *   return yield* rules.create({
 *     name: "owner label",
 *     compatible_sources: ["HUGGING_FACE"],
 *     condition: Condition.label("owner", "exists"),
 *     violation_message: "Models must carry an owner label"
 *   })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 * @category Services
 * @hideconstructor
 */
export class CustomRules extends Context.Tag("@effect-airs/model-security/CustomRules")<
  CustomRules,
  CustomRules.Service
>() {}

/** The failed items of a batch assignment, as an `AssignmentError`. */
const failedItems = (response: BatchAssignCustomRuleResponse) => {
  const failures = response.results
    .filter((result) => result.status === "error" || (result.error ?? null) !== null)
    .map((result) => ({
      security_group_uuid: result.security_group_uuid,
      error: result.error ?? result.status
    }))
  return failures.length === 0
    ? Effect.succeed(response)
    : Effect.fail(
        new AssignmentError({
          message: `${failures.length} of ${response.results.length} assignments failed: ${failures
            .map((failure) => `${failure.security_group_uuid}: ${failure.error}`)
            .join("; ")}`,
          failures,
          results: response.results
        })
      )
}

/** The `CustomRules` service over the transport in context. */
export const makeCustomRules = Effect.map(makeApi, ({ call, pages }): CustomRules.Service => {
  const assign = (uuid: string, body: BatchAssignCustomRuleRequest) =>
    call(Operations["CustomRules.assignSecurityGroups"], { path: { custom_rule_uuid: uuid }, body })
  return {
    create: (body) => call(Operations["CustomRules.create"], { body }),
    list: (query = {}) => call(Operations["CustomRules.list"], { query }),
    get: (uuid) => call(Operations["CustomRules.get"], { path: { custom_rule_uuid: uuid } }),
    update: (uuid, body) =>
      call(Operations["CustomRules.update"], { path: { custom_rule_uuid: uuid }, body }),
    archive: (uuid) => call(Operations["CustomRules.archive"], { path: { custom_rule_uuid: uuid } }),
    unarchive: (uuid) => call(Operations["CustomRules.unarchive"], { path: { custom_rule_uuid: uuid } }),
    listSecurityGroups: (uuid, query = {}) =>
      call(Operations["CustomRules.listSecurityGroups"], { path: { custom_rule_uuid: uuid }, query }),
    assignSecurityGroups: assign,
    assignSecurityGroupsOrFail: (uuid, body) => Effect.flatMap(assign(uuid, body), failedItems),
    removeAssignment: (uuid, groupUuid) =>
      call(Operations["CustomRules.removeAssignment"], {
        path: { custom_rule_uuid: uuid, sg_uuid: groupUuid }
      }),
    listVersions: (query = {}) => call(Operations["CustomRules.listVersions"], { query }),
    stream: (query = {}, options) =>
      pages.offset(Operations["CustomRules.list"], { query }, (page) => page.custom_rules, options),
    streamSecurityGroups: (uuid, options) =>
      pages.offset(
        Operations["CustomRules.listSecurityGroups"],
        { path: { custom_rule_uuid: uuid } },
        (page) => page.security_groups,
        options
      ),
    streamVersions: (query = {}) =>
      pages.cursor(Operations["CustomRules.listVersions"], { query }, (page) => page.versions)
  }
})
