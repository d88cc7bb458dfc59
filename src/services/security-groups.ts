/** `SecurityGroups`: security groups and the rule instances they apply (management plane). */
import { Effect, Schema } from "effect"
import { PayloadError } from "../errors/index.js"
import { ModelSecurityConfig } from "../layers/config.js"
import { AirsHttp } from "../layers/http.js"
import { type PageOptions, Uuid } from "../schemas/common.js"
import {
  ListModelSecurityGroupsResponse,
  ListModelSecurityRuleInstancesResponse,
  ModelSecurityGroupCreateRequest,
  ModelSecurityGroupResponse,
  ModelSecurityGroupUpdateRequest,
  ModelSecurityRuleInstanceResponse,
  ModelSecurityRuleInstanceUpdateRequest,
  RuleInstanceListParams,
  SecurityGroupListParams
} from "../schemas/security-group.js"
import { validator } from "./input.js"
import { pageStreams, type StreamParams } from "./pagination.js"

const uuid = validator(Uuid, "uuid")
const groupUuid = validator(Uuid, "security_group_uuid")
const instanceUuid = validator(Uuid, "rule_instance_uuid")
const createBody = validator(ModelSecurityGroupCreateRequest)
const updateBody = validator(ModelSecurityGroupUpdateRequest)
const instanceBody = validator(ModelSecurityRuleInstanceUpdateRequest)
const groupQuery = validator(SecurityGroupListParams)
const instanceQuery = validator(RuleInstanceListParams)

/** Security groups: which rules apply to scans of which source, and how. */
export class SecurityGroups extends Effect.Service<SecurityGroups>()(
  "@effect-airs/model-security/SecurityGroups",
  {
    effect: Effect.gen(function* () {
      const { mgmt } = yield* AirsHttp
      const pages = pageStreams(yield* ModelSecurityConfig)

      const listGroups = (query: typeof SecurityGroupListParams.Type) =>
        mgmt.call("GET", "/v1/security-groups", { query, response: ListModelSecurityGroupsResponse })
      const listInstances = (group: string, query: typeof RuleInstanceListParams.Type) =>
        mgmt.call("GET", "/v1/security-groups/{security_group_uuid}/rule-instances", {
          path: { security_group_uuid: group },
          query,
          response: ListModelSecurityRuleInstancesResponse
        })

      return {
        /**
         * Creates a security group; `source_type` is required, rules get their default state unless
         * `rule_configurations` says otherwise.
         * @example yield* groups.create({ name: "production-models", source_type: "HUGGING_FACE" })
         */
        create: Effect.fn("SecurityGroups.create")(function* (body: ModelSecurityGroupCreateRequest) {
          return yield* mgmt.call("POST", "/v1/security-groups", {
            body: yield* createBody(body),
            response: ModelSecurityGroupResponse
          })
        }),

        /**
         * One page of security groups.
         * @example yield* groups.list({ source_types: ["HUGGING_FACE", "S3"], search_query: "production" })
         */
        list: Effect.fn("SecurityGroups.list")(function* (params: SecurityGroupListParams = {}) {
          return yield* listGroups(yield* groupQuery(params))
        }),

        /**
         * One security group by UUID (deleted groups too, with `is_tombstone: true`).
         * @example yield* groups.get(groupId)
         */
        get: Effect.fn("SecurityGroups.get")(function* (id: string) {
          return yield* mgmt.call("GET", "/v1/security-groups/{uuid}", {
            path: { uuid: yield* uuid(id) },
            response: ModelSecurityGroupResponse
          })
        }),

        /**
         * Renames a security group or changes its description.
         * @example yield* groups.update(groupId, { name: "production-models-v2" })
         */
        update: Effect.fn("SecurityGroups.update")(function* (
          id: string,
          body: ModelSecurityGroupUpdateRequest
        ) {
          const path = { uuid: yield* uuid(id) }
          return yield* mgmt.call("PUT", "/v1/security-groups/{uuid}", {
            path,
            body: yield* updateBody(body),
            response: ModelSecurityGroupResponse
          })
        }),

        /**
         * Deletes a security group (a soft delete: it leaves lists but stays readable).
         * @example yield* groups.delete(groupId)
         */
        delete: Effect.fn("SecurityGroups.delete")(function* (id: string) {
          return yield* mgmt.call("DELETE", "/v1/security-groups/{uuid}", {
            path: { uuid: yield* uuid(id) },
            response: Schema.Void
          })
        }),

        /**
         * One page of a group's rule instances, optionally for one rule or in one state.
         * @example yield* groups.listRuleInstances(groupId, { state: "BLOCKING" })
         */
        listRuleInstances: Effect.fn("SecurityGroups.listRuleInstances")(function* (
          group: string,
          params: RuleInstanceListParams = {}
        ) {
          return yield* listInstances(yield* groupUuid(group), yield* instanceQuery(params))
        }),

        /**
         * One rule instance of a group.
         * @example yield* groups.getRuleInstance(groupId, instanceId)
         */
        getRuleInstance: Effect.fn("SecurityGroups.getRuleInstance")(function* (
          group: string,
          instance: string
        ) {
          const path = {
            security_group_uuid: yield* groupUuid(group),
            rule_instance_uuid: yield* instanceUuid(instance)
          }
          return yield* mgmt.call(
            "GET",
            "/v1/security-groups/{security_group_uuid}/rule-instances/{rule_instance_uuid}",
            {
              path,
              response: ModelSecurityRuleInstanceResponse
            }
          )
        }),

        /**
         * Changes how a group applies a rule: its state and/or settings.
         * @example yield* groups.updateRuleInstance(groupId, instanceId, { state: "BLOCKING" })
         */
        updateRuleInstance: Effect.fn("SecurityGroups.updateRuleInstance")(function* (
          group: string,
          instance: string,
          body: ModelSecurityRuleInstanceUpdateRequest
        ) {
          const path = {
            security_group_uuid: yield* groupUuid(group),
            rule_instance_uuid: yield* instanceUuid(instance)
          }
          const valid = yield* instanceBody(body)
          if (
            valid.security_group_uuid !== undefined &&
            valid.security_group_uuid.toLowerCase() !== path.security_group_uuid.toLowerCase()
          ) {
            return yield* PayloadError.of([
              { field: "security_group_uuid", rule: "must be the security group in the path" }
            ])
          }
          return yield* mgmt.call(
            "PUT",
            "/v1/security-groups/{security_group_uuid}/rule-instances/{rule_instance_uuid}",
            {
              path,
              body: { ...valid, security_group_uuid: path.security_group_uuid },
              response: ModelSecurityRuleInstanceResponse
            }
          )
        }),

        /**
         * Every security group matching the filters.
         * @example groups.stream({ source_types: ["S3"] })
         */
        stream: (params: StreamParams<SecurityGroupListParams> = {}, options?: PageOptions) =>
          pages.stream(
            "SecurityGroups.list",
            groupQuery(params),
            options,
            (query, page) => listGroups({ ...query, ...page }),
            (list) => list.security_groups
          ),

        /**
         * Every rule instance of a group.
         * @example groups.streamRuleInstances(groupId, { state: "BLOCKING" })
         */
        streamRuleInstances: (
          group: string,
          params: StreamParams<RuleInstanceListParams> = {},
          options?: PageOptions
        ) =>
          pages.stream(
            "SecurityGroups.listRuleInstances",
            Effect.all([groupUuid(group), instanceQuery(params)]),
            options,
            ([id, query], page) => listInstances(id, { ...query, ...page }),
            (list) => list.rule_instances
          )
      } as const
    })
  }
) {}
