/** Wire types of rule evaluations: how each rule of the security group judged a scan. */
import * as Schema from "effect/Schema"
import {
  Limit,
  Pagination,
  RuleState,
  Skip,
  SortByDateField,
  SortDirection,
  tolerant,
  Uuid
} from "./common.js"

/** `RuleEvaluationResult`. */
export const RuleEvaluationResult = Schema.Literal("PASSED", "FAILED", "ERROR").annotations({
  identifier: "RuleEvaluationResult"
})
export type RuleEvaluationResult = typeof RuleEvaluationResult.Type

/** `RuleEvaluationResponseSchema`: one rule's verdict on one scan. */
export const RuleEvaluationResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  result: tolerant(RuleEvaluationResult),
  violation_count: Schema.Number,
  rule_instance_uuid: Schema.String,
  scan_uuid: Schema.String,
  rule_name: Schema.String,
  rule_description: Schema.String,
  rule_instance_state: tolerant(RuleState)
}).annotations({ identifier: "RuleEvaluationResponse" })
export type RuleEvaluationResponse = typeof RuleEvaluationResponse.Type

/** `RuleEvaluationListSchema`: one page of evaluations. */
export const RuleEvaluationList = Schema.Struct({
  pagination: Pagination,
  evaluations: Schema.Array(RuleEvaluationResponse)
}).annotations({ identifier: "RuleEvaluationList" })
export type RuleEvaluationList = typeof RuleEvaluationList.Type

/** Filters of `GET /v1/scans/{scan_uuid}/evaluations`. */
export const EvaluationListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  sort_field: Schema.optional(SortByDateField),
  sort_order: Schema.optional(SortDirection),
  result: Schema.optional(RuleEvaluationResult),
  rule_instance_uuid: Schema.optional(Uuid)
}).annotations({ identifier: "EvaluationListParams" })
export type EvaluationListParams = typeof EvaluationListParams.Encoded
