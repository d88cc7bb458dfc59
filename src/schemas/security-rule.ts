/** Wire types of security rules: the checks a security group can enable, and their list filters. */
import * as Schema from "effect/Schema"
import {
  optionalNullable,
  Pagination,
  PositiveInt,
  RuleState,
  SearchQuery,
  Skip,
  SourceType,
  tolerant
} from "./common.js"

/** `RuleType`: whether a rule reads metadata or the model's artifacts. */
export const RuleType = Schema.Literal("METADATA", "ARTIFACT").annotations({ identifier: "RuleType" })
export type RuleType = typeof RuleType.Type

/** `RuleEditableFieldType`: how a UI renders an editable field. */
export const RuleEditableFieldType = Schema.Literal("SELECT", "LIST").annotations({
  identifier: "RuleEditableFieldType"
})

/** `RuleFieldValueKey`: the settings a rule instance may carry in `field_values`. */
export const RuleFieldValueKey = Schema.Literal(
  "approved_formats",
  "approved_locations",
  "approved_licenses",
  "deny_orgs",
  "denied_org_models",
  "approved_org_models"
).annotations({ identifier: "RuleFieldValueKey" })
export type RuleFieldValueKey = typeof RuleFieldValueKey.Type

/** `field_values` as the caller sends them: some of the known keys, each a list of strings. */
export const FieldValuesInput = Schema.partialWith(
  Schema.Record({ key: RuleFieldValueKey, value: Schema.Array(Schema.String) }),
  { exact: true }
)

/** `field_values` as the API returns them. */
export const FieldValues = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** `RuleEditableFieldDropdownSchema`. */
export const RuleEditableFieldDropdown = Schema.Struct({
  value: Schema.String,
  label: Schema.String
}).annotations({
  identifier: "RuleEditableFieldDropdown"
})

/** `RuleEditableFieldSchema`: a setting of a rule that a security group may change. */
export const RuleEditableField = Schema.Struct({
  attribute_name: Schema.String,
  type: Schema.String,
  display_name: Schema.String,
  display_type: tolerant(RuleEditableFieldType),
  description: optionalNullable(Schema.String),
  dropdown_values: optionalNullable(Schema.Array(RuleEditableFieldDropdown))
}).annotations({ identifier: "RuleEditableField" })

/** `RuleRemediationSchema`: what to do when the rule fails. */
export const RuleRemediation = Schema.Struct({
  description: Schema.String,
  steps: Schema.Array(Schema.String),
  url: Schema.String
}).annotations({ identifier: "RuleRemediation" })

/** `ModelSecurityRuleResponseSchema`: one security rule. */
export const ModelSecurityRuleResponse = Schema.Struct({
  uuid: Schema.String,
  name: Schema.String,
  description: Schema.String,
  rule_type: tolerant(RuleType),
  compatible_sources: Schema.Array(tolerant(SourceType)),
  default_state: tolerant(RuleState),
  remediation: RuleRemediation,
  editable_fields: Schema.Array(RuleEditableField),
  constant_values: FieldValues,
  default_values: FieldValues
}).annotations({ identifier: "ModelSecurityRuleResponse" })
export type ModelSecurityRuleResponse = typeof ModelSecurityRuleResponse.Type

/** `ListModelSecurityRulesResponseSchema`: one page of rules. */
export const ListModelSecurityRulesResponse = Schema.Struct({
  pagination: Pagination,
  rules: Schema.Array(ModelSecurityRuleResponse)
}).annotations({ identifier: "ListModelSecurityRulesResponse" })
export type ListModelSecurityRulesResponse = typeof ListModelSecurityRulesResponse.Type

/** Filters of `GET /v1/security-rules`. */
export const SecurityRuleListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(PositiveInt),
  source_type: Schema.optional(SourceType),
  search_query: Schema.optional(SearchQuery)
}).annotations({ identifier: "SecurityRuleListParams" })
export type SecurityRuleListParams = typeof SecurityRuleListParams.Encoded
