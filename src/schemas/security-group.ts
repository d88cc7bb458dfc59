/** Wire types of security groups and their rule instances, with requests and list filters. */
import * as Schema from "effect/Schema"
import {
  Limit,
  optionalNullable,
  Pagination,
  PositiveInt,
  RuleState,
  SearchQuery,
  Skip,
  SortByDateField,
  SortDirection,
  SourceType,
  tolerant,
  Uuid
} from "./common.js"
import { FieldValues, FieldValuesInput, ModelSecurityRuleResponse } from "./security-rule.js"

/** `ModelSecurityGroupState`. */
export const ModelSecurityGroupState = Schema.Literal("PENDING", "ACTIVE").annotations({
  identifier: "ModelSecurityGroupState"
})

/** `ModelSecurityGroupResponseSchema`: a security group. */
export const ModelSecurityGroupResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  name: Schema.String,
  description: Schema.String,
  source_type: tolerant(SourceType),
  state: tolerant(ModelSecurityGroupState),
  is_tombstone: Schema.Boolean
}).annotations({ identifier: "ModelSecurityGroupResponse" })
export type ModelSecurityGroupResponse = typeof ModelSecurityGroupResponse.Type

/** `ListModelSecurityGroupsResponseSchema`: one page of security groups. */
export const ListModelSecurityGroupsResponse = Schema.Struct({
  pagination: Pagination,
  security_groups: Schema.Array(ModelSecurityGroupResponse)
}).annotations({ identifier: "ListModelSecurityGroupsResponse" })
export type ListModelSecurityGroupsResponse = typeof ListModelSecurityGroupsResponse.Type

const Name = Schema.String.pipe(
  Schema.filter((s) => s.length >= 1 && s.length <= 255, { message: () => "must be 1 to 255 characters" })
)
const Description = Schema.String.pipe(
  Schema.maxLength(1000, { message: () => "must be at most 1000 characters" })
)

/** `RuleConfigurationSchema`: a rule's state and settings chosen when a group is created. */
export const RuleConfiguration = Schema.Struct({
  state: optionalNullable(RuleState),
  field_values: Schema.optional(FieldValuesInput)
}).annotations({ identifier: "RuleConfiguration" })

/** `ModelSecurityGroupCreateRequestSchema`: `name` and `source_type` are required. */
export const ModelSecurityGroupCreateRequest = Schema.Struct({
  name: Name,
  source_type: SourceType,
  description: Schema.optional(Description),
  rule_configurations: Schema.optional(Schema.Record({ key: Uuid, value: RuleConfiguration }))
}).annotations({ identifier: "ModelSecurityGroupCreateRequest" })
export type ModelSecurityGroupCreateRequest = typeof ModelSecurityGroupCreateRequest.Encoded

/** `ModelSecurityGroupUpdateRequestSchema`: a new name and/or description. */
export const ModelSecurityGroupUpdateRequest = Schema.Struct({
  name: optionalNullable(Name),
  description: optionalNullable(Description)
}).annotations({ identifier: "ModelSecurityGroupUpdateRequest" })
export type ModelSecurityGroupUpdateRequest = typeof ModelSecurityGroupUpdateRequest.Encoded

/** Filters of `GET /v1/security-groups`. */
export const SecurityGroupListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  sort_field: Schema.optional(SortByDateField),
  sort_dir: Schema.optional(SortDirection),
  source_types: Schema.optional(Schema.Array(SourceType)),
  search_query: Schema.optional(SearchQuery),
  enabled_rules: Schema.optional(Schema.Array(Uuid))
}).annotations({ identifier: "SecurityGroupListParams" })
export type SecurityGroupListParams = typeof SecurityGroupListParams.Encoded

/** `ModelSecurityRuleInstanceResponseSchema`: a rule as a security group applies it. */
export const ModelSecurityRuleInstanceResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  security_group_uuid: Schema.String,
  security_rule_uuid: Schema.String,
  state: tolerant(RuleState),
  rule: ModelSecurityRuleResponse,
  field_values: Schema.optional(FieldValues)
}).annotations({ identifier: "ModelSecurityRuleInstanceResponse" })
export type ModelSecurityRuleInstanceResponse = typeof ModelSecurityRuleInstanceResponse.Type

/** `ListModelSecurityRuleInstancesResponseSchema`: one page of rule instances. */
export const ListModelSecurityRuleInstancesResponse = Schema.Struct({
  pagination: Pagination,
  rule_instances: Schema.Array(ModelSecurityRuleInstanceResponse)
}).annotations({ identifier: "ListModelSecurityRuleInstancesResponse" })
export type ListModelSecurityRuleInstancesResponse = typeof ListModelSecurityRuleInstancesResponse.Type

/**
 * `ModelSecurityRuleInstanceUpdateRequestSchema`: a new state and/or settings. `security_group_uuid`
 * defaults to the group in the path and must match it.
 */
export const ModelSecurityRuleInstanceUpdateRequest = Schema.Struct({
  security_group_uuid: Schema.optional(Uuid),
  state: optionalNullable(RuleState),
  field_values: optionalNullable(FieldValuesInput)
}).annotations({ identifier: "ModelSecurityRuleInstanceUpdateRequest" })
export type ModelSecurityRuleInstanceUpdateRequest = typeof ModelSecurityRuleInstanceUpdateRequest.Encoded

/** Filters of `GET /v1/security-groups/{security_group_uuid}/rule-instances`. */
export const RuleInstanceListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(PositiveInt),
  security_rule_uuid: Schema.optional(Uuid),
  state: Schema.optional(RuleState)
}).annotations({ identifier: "RuleInstanceListParams" })
export type RuleInstanceListParams = typeof RuleInstanceListParams.Encoded
