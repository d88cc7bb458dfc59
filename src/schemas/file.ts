/** Wire types of the files a scan looked at. */
import * as Schema from "effect/Schema"
import { Limit, optionalNullable, Pagination, Skip, SortDirection, tolerant } from "./common.js"

/** `FileScanResult`. */
export const FileScanResult = Schema.Literal("SKIPPED", "SUCCESS", "ERROR", "FAILED").annotations({
  identifier: "FileScanResult"
})
export type FileScanResult = typeof FileScanResult.Type

/** `FileType`. */
export const FileType = Schema.Literal("DIRECTORY", "FILE").annotations({ identifier: "FileType" })
export type FileType = typeof FileType.Type

/** `SortByFileField`. */
export const SortByFileField = Schema.Literal("path", "type").annotations({ identifier: "SortByFileField" })

/** `FileResponseSchema`: one file or directory of a scanned model. */
export const FileResponse = Schema.Struct({
  uuid: Schema.String,
  tsg_id: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  path: Schema.String,
  parent_path: Schema.String,
  type: tolerant(FileType),
  result: tolerant(FileScanResult),
  model_version_uuid: Schema.String,
  blob_id: optionalNullable(Schema.String),
  formats: optionalNullable(Schema.Array(Schema.String)),
  scan_uuid: optionalNullable(Schema.String)
}).annotations({ identifier: "FileResponse" })
export type FileResponse = typeof FileResponse.Type

/** `FileListSchema`: one page of files. */
export const FileList = Schema.Struct({
  pagination: Pagination,
  files: Schema.Array(FileResponse)
}).annotations({ identifier: "FileList" })
export type FileList = typeof FileList.Type

/**
 * Filters of `GET /v1/scans/{scan_uuid}/files`, plus `type`, `result` and `recursive`, which the
 * existing SDK documents; they are passed through as given.
 */
export const FileListParams = Schema.Struct({
  skip: Schema.optional(Skip),
  limit: Schema.optional(Limit),
  sort_field: Schema.optional(SortByFileField),
  sort_dir: Schema.optional(SortDirection),
  query_path: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  result: Schema.optional(Schema.String),
  recursive: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "FileListParams" })
export type FileListParams = typeof FileListParams.Encoded
