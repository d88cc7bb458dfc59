/** Wire types shared by both planes: identifiers, enums, pagination, labels and paging parameters. */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/** A response field that may be absent or `null`. */
export const optionalNullable = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optional(Schema.NullOr(schema))

/**
 * A response enum that decodes values added to the API later as plain strings, so that an older SDK
 * keeps working when the API grows. Known values still narrow in TypeScript.
 */
export const tolerant = <const Literals extends readonly [string, ...Array<string>]>(
  schema: Schema.Literal<Literals>
): Schema.Schema<Literals[number] | (string & {}), string> =>
  Schema.String.annotations({
    identifier: Option.getOrElse(SchemaAST.getIdentifierAnnotation(schema.ast), () => "Enum"),
    description: `One of ${schema.literals.join(", ")} (or a value added to the API later)`
  }) as Schema.Schema<Literals[number] | (string & {}), string>

/** A UUID, as every identifier the caller passes must be (any letter case). */
export const Uuid = Schema.String.pipe(
  Schema.pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: () => "must be a UUID (8-4-4-4-12 hexadecimal digits)"
  })
).annotations({ identifier: "Uuid" })

/** Page size: an integer from 1 to 100. */
export const Limit = Schema.Number.pipe(
  Schema.filter((n) => Number.isInteger(n) && n >= 1 && n <= 100, {
    message: () => "must be an integer from 1 to 100"
  })
).annotations({ identifier: "Limit" })

/** A page size where the API sets no upper bound: a positive integer. */
export const PositiveInt = Schema.Number.pipe(
  Schema.filter((n) => Number.isSafeInteger(n) && n >= 1, { message: () => "must be an integer ≥ 1" })
).annotations({ identifier: "PositiveInt" })

/** A management-plane search term: 3 to 1000 characters. */
export const SearchQuery = Schema.String.pipe(
  Schema.filter((s) => s.length >= 3 && s.length <= 1000, { message: () => "must be 3 to 1000 characters" })
).annotations({ identifier: "SearchQuery" })

/** Items to skip: a non-negative integer. */
export const Skip = Schema.Number.pipe(
  Schema.filter((n) => Number.isSafeInteger(n) && n >= 0, { message: () => "must be an integer ≥ 0" })
).annotations({ identifier: "Skip" })

/** An ISO 8601 date-time, given as a string or a `Date`. */
export const DateTimeInput = Schema.Union(
  Schema.String.pipe(
    Schema.filter((s) => !Number.isNaN(Date.parse(s)), { message: () => "must be an ISO 8601 date-time" })
  ),
  Schema.transform(
    Schema.DateFromSelf.pipe(
      Schema.filter((d) => !Number.isNaN(d.getTime()), { message: () => "must be a valid Date" })
    ),
    Schema.String,
    { strict: true, decode: (date) => date.toISOString(), encode: (iso) => new Date(iso) }
  )
)

/** `PaginationSchema`. */
export const Pagination = Schema.Struct({
  total_items: optionalNullable(Schema.Number)
}).annotations({ identifier: "Pagination" })
export type Pagination = typeof Pagination.Type

/** `SortDirection`. */
export const SortDirection = Schema.Literal("asc", "desc").annotations({ identifier: "SortDirection" })
export type SortDirection = typeof SortDirection.Type

/** `SortByDateField`. */
export const SortByDateField = Schema.Literal("created_at", "updated_at").annotations({
  identifier: "SortByDateField"
})
export type SortByDateField = typeof SortByDateField.Type

/** `SourceType`: where a model comes from. */
export const SourceType = Schema.Literal(
  "LOCAL",
  "HUGGING_FACE",
  "S3",
  "GCS",
  "AZURE",
  "ARTIFACTORY",
  "GITLAB",
  "ALL"
).annotations({ identifier: "SourceType" })
export type SourceType = typeof SourceType.Type

/** `ThreatCategory` codes reported by the scanner (e.g. `PAIT-PKL-100`); new codes decode as strings. */
export const ThreatCategory = Schema.String.annotations({ identifier: "ThreatCategory" })

/** `RuleState`: how a rule instance acts on a scan. */
export const RuleState = Schema.Literal("DISABLED", "ALLOWING", "BLOCKING").annotations({
  identifier: "RuleState"
})
export type RuleState = typeof RuleState.Type

const labelText = (maxLength: number) =>
  Schema.String.pipe(
    Schema.filter((s) => s.length >= 1 && s.length <= maxLength && /^[a-zA-Z0-9_-]+$/.test(s), {
      message: () => `must be 1 to ${maxLength} characters of letters, digits, "_" or "-"`
    })
  )

/**
 * A label key: 1–128 characters of `[a-zA-Z0-9_-]`, but not `__proto__`, which a label record cannot
 * carry through JavaScript objects (it would be dropped, not sent).
 */
export const LabelKey = labelText(128)
  .pipe(Schema.filter((key) => key !== "__proto__" || "must not be __proto__"))
  .annotations({ identifier: "LabelKey" })

/** A label value: 1–256 characters of `[a-zA-Z0-9_-]`. */
export const LabelValue = labelText(256).annotations({ identifier: "LabelValue" })

/** `LabelSchema`: one `key`/`value` pair attached to a scan. */
export const Label = Schema.Struct({ key: LabelKey, value: LabelValue }).annotations({ identifier: "Label" })
export type Label = typeof Label.Type

/**
 * Labels as the caller may write them: the API's array of `{ key, value }`, or a record
 * `{ team: "ml-platform" }`. Both decode to the array.
 */
export const LabelsInput = Schema.Union(
  Schema.Array(Label),
  Schema.transform(Schema.Record({ key: LabelKey, value: LabelValue }), Schema.Array(Label), {
    strict: true,
    decode: (record) => Object.entries(record).map(([key, value]) => ({ key, value })),
    encode: (labels) => Object.fromEntries(labels.map((label) => [label.key, label.value]))
  })
).annotations({ identifier: "LabelsInput" })

/** Page options for the streaming forms of list operations. */
export interface PageOptions {
  /** Items per request, 1–100 (default: the configured page size). */
  readonly pageSize?: number
  /** Pages fetched ahead while keeping order (default: the configured concurrency). */
  readonly concurrency?: number
}
