/** Wire types of rule violations: what a failed rule found in a scan. */
import * as Schema from "effect/Schema"
import { Limit, optionalNullable, Pagination, RuleState, Skip, ThreatCategory, tolerant } from "./common.js"

/** `ViolationResponseSchema`: one violation with its rule's details. */
export const ViolationResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  description: Schema.String,
  rule_instance_uuid: Schema.String,
  rule_name: Schema.String,
  rule_description: Schema.String,
  rule_instance_state: tolerant(RuleState),
  file: optionalNullable(Schema.String),
  hash: optionalNullable(Schema.String),
  module: optionalNullable(Schema.String),
  operator: optionalNullable(Schema.String),
  threat: optionalNullable(ThreatCategory),
  threat_description: optionalNullable(Schema.String)
}).annotations({ identifier: "ViolationResponse" })
export type ViolationResponse = typeof ViolationResponse.Type

/** `ViolationListSchema`: one page of violations. */
export const ViolationList = Schema.Struct({
  pagination: Pagination,
  violations: Schema.Array(ViolationResponse)
}).annotations({ identifier: "ViolationList" })
export type ViolationList = typeof ViolationList.Type

/** Paging of `GET /v1/scans/{scan_uuid}/rule-violations`. */
export const ViolationListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit)
}).annotations({ identifier: "ViolationListParams" })
export type ViolationListParams = typeof ViolationListParams.Encoded
