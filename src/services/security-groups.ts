/** `SecurityGroups`: security groups and the rule instances they apply (management plane). */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
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

/** The instance update, with `security_group_uuid` taken from the path unless given, and then matching it. */
const instanceUpdate = (group: string, body: ModelSecurityRuleInstanceUpdateRequest) =>
  Either.flatMap(instanceBody(body), (valid) =>
    valid.security_group_uuid === undefined || valid.security_group_uuid.toLowerCase() === group.toLowerCase()
      ? Either.right({ ...valid, security_group_uuid: group })
      : Either.left(
          PayloadError.of([{ field: "security_group_uuid", rule: "must be the security group in the path" }])
        )
  )
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
        mgmt.call("GET", "/v1/security-groups", {
          span: "SecurityGroups.list",
          query,
          response: ListModelSecurityGroupsResponse
        })
      const listInstances = (group: string, query: typeof RuleInstanceListParams.Type) =>
        mgmt.call("GET", "/v1/security-groups/{security_group_uuid}/rule-instances", {
          span: "SecurityGroups.listRuleInstances",
          path: { security_group_uuid: group },
          query,
          response: ListModelSecurityRuleInstancesResponse
        })

      const instancePath = (group: string, instance: string) =>
        Either.all({ security_group_uuid: groupUuid(group), rule_instance_uuid: instanceUuid(instance) })

      return {
        /**
         * Creates a security group; `source_type` is required, rules get their default state unless
         * `rule_configurations` says otherwise.
         * @example yield* groups.create({ name: "production-models", source_type: "HUGGING_FACE" })
         */
        create: (body: ModelSecurityGroupCreateRequest) =>
          Effect.flatMap(createBody(body), (valid) =>
            mgmt.call("POST", "/v1/security-groups", {
              span: "SecurityGroups.create",
              body: valid,
              response: ModelSecurityGroupResponse
            })
          ),

        /**
         * One page of security groups.
         * @example yield* groups.list({ source_types: ["HUGGING_FACE", "S3"], search_query: "production" })
         */
        list: (params: SecurityGroupListParams = {}) => Effect.flatMap(groupQuery(params), listGroups),

        /**
         * One security group by UUID (deleted groups too, with `is_tombstone: true`).
         * @example yield* groups.get(groupId)
         */
        get: (id: string) =>
          Effect.flatMap(uuid(id), (valid) =>
            mgmt.call("GET", "/v1/security-groups/{uuid}", {
              span: "SecurityGroups.get",
              path: { uuid: valid },
              response: ModelSecurityGroupResponse
            })
          ),

        /**
         * Renames a security group or changes its description.
         * @example yield* groups.update(groupId, { name: "production-models-v2" })
         */
        update: (id: string, body: ModelSecurityGroupUpdateRequest) =>
          Effect.flatMap(Either.all([uuid(id), updateBody(body)]), ([valid, update]) =>
            mgmt.call("PUT", "/v1/security-groups/{uuid}", {
              span: "SecurityGroups.update",
              path: { uuid: valid },
              body: update,
              response: ModelSecurityGroupResponse
            })
          ),

        /**
         * Deletes a security group (a soft delete: it leaves lists but stays readable).
         * @example yield* groups.delete(groupId)
         */
        delete: (id: string) =>
          Effect.flatMap(uuid(id), (valid) =>
            mgmt.call("DELETE", "/v1/security-groups/{uuid}", {
              span: "SecurityGroups.delete",
              path: { uuid: valid },
              response: Schema.Void
            })
          ),

        /**
         * One page of a group's rule instances, optionally for one rule or in one state.
         * @example yield* groups.listRuleInstances(groupId, { state: "BLOCKING" })
         */
        listRuleInstances: (group: string, params: RuleInstanceListParams = {}) =>
          Effect.flatMap(Either.all([groupUuid(group), instanceQuery(params)]), ([id, query]) =>
            listInstances(id, query)
          ),

        /**
         * One rule instance of a group.
         * @example yield* groups.getRuleInstance(groupId, instanceId)
         */
        getRuleInstance: (group: string, instance: string) =>
          Effect.flatMap(instancePath(group, instance), (path) =>
            mgmt.call(
              "GET",
              "/v1/security-groups/{security_group_uuid}/rule-instances/{rule_instance_uuid}",
              {
                span: "SecurityGroups.getRuleInstance",
                path,
                response: ModelSecurityRuleInstanceResponse
              }
            )
          ),

        /**
         * Changes how a group applies a rule: its state and/or settings. `security_group_uuid` may be left
         * out; it is the group in the path.
         * @example yield* groups.updateRuleInstance(groupId, instanceId, { state: "BLOCKING" })
         */
        updateRuleInstance: (group: string, instance: string, body: ModelSecurityRuleInstanceUpdateRequest) =>
          Effect.flatMap(
            Either.flatMap(instancePath(group, instance), (path) =>
              Either.map(instanceUpdate(path.security_group_uuid, body), (update) => ({ path, update }))
            ),
            ({ path, update }) =>
              mgmt.call(
                "PUT",
                "/v1/security-groups/{security_group_uuid}/rule-instances/{rule_instance_uuid}",
                {
                  span: "SecurityGroups.updateRuleInstance",
                  path,
                  body: update,
                  response: ModelSecurityRuleInstanceResponse
                }
              )
          ),

        /**
         * Every security group matching the filters.
         * @example groups.stream({ source_types: ["S3"] })
         */
        stream: (params: StreamParams<SecurityGroupListParams> = {}, options?: PageOptions) =>
          pages.stream(
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
            Either.all([groupUuid(group), instanceQuery(params)]),
            options,
            ([id, query], page) => listInstances(id, { ...query, ...page }),
            (list) => list.rule_instances
          )
      } as const
    })
  }
) {}
