/** Wire types of scan labels: the add/set request, and the distinct keys and values across scans. */
import * as Schema from "effect/Schema"
import { LabelKey, LabelsInput, LabelValue, Limit, Pagination, Skip } from "./common.js"

/** `LabelsCreateRequestSchema`: 1 to 50 labels, as an array or a record. */
export const LabelsCreateRequest = Schema.Struct({
  labels: LabelsInput.pipe(
    Schema.filter((labels) => labels.length >= 1 && labels.length <= 50, {
      message: () => "must hold 1 to 50 labels"
    })
  )
}).annotations({ identifier: "LabelsCreateRequest" })
export type LabelsCreateRequest = typeof LabelsCreateRequest.Encoded

/** `LabelsResponseSchema`: an empty object. */
export const LabelsResponse = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "LabelsResponse"
})
export type LabelsResponse = typeof LabelsResponse.Type

/** The `keys` of `DELETE /v1/scans/{scan_uuid}/labels`: 1 to 50 label keys. */
export const LabelKeys = Schema.Array(LabelKey).pipe(
  Schema.filter((keys) => keys.length >= 1 && keys.length <= 50, { message: () => "must hold 1 to 50 keys" })
)

/** `LabelKeyListSchema`: one page of distinct label keys. */
export const LabelKeyList = Schema.Struct({
  pagination: Pagination,
  keys: Schema.Array(Schema.String)
}).annotations({ identifier: "LabelKeyList" })
export type LabelKeyList = typeof LabelKeyList.Type

/** `LabelValueListSchema`: one page of distinct values of a label key. */
export const LabelValueList = Schema.Struct({
  pagination: Pagination,
  values: Schema.Array(Schema.String)
}).annotations({ identifier: "LabelValueList" })
export type LabelValueList = typeof LabelValueList.Type

/** Paging and prefix search of `GET /v1/scans/label-keys`. */
export const LabelKeyListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  search: Schema.optional(LabelKey)
}).annotations({ identifier: "LabelKeyListParams" })
export type LabelKeyListParams = typeof LabelKeyListParams.Encoded

/** Paging and prefix search of `GET /v1/scans/label-keys/{key}/values`. */
export const LabelValueListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  search: Schema.optional(LabelValue)
}).annotations({ identifier: "LabelValueListParams" })
export type LabelValueListParams = typeof LabelValueListParams.Encoded
