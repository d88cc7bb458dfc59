/** Schema issues in words, for `PayloadError` and contract-breaking responses. */
import type * as ParseResult from "effect/ParseResult"

/**
 * What a Schema issue says, without the offending value (which may be long, or something the caller
 * would not want printed).
 */
export const describeIssue = (issue: ParseResult.ArrayFormatterIssue): string => {
  switch (issue._tag) {
    case "Missing":
      return "is missing"
    case "Unexpected":
      return issue.message.replace(/^is unexpected/, "is not a known field")
    default:
      return issue.message.replace(/,? actual [\s\S]*$/, "")
  }
}

export const isStrictPrefix = (prefix: ReadonlyArray<PropertyKey>, path: ReadonlyArray<PropertyKey>) =>
  prefix.length < path.length && prefix.every((key, index) => key === path[index])

/** A field as the caller wrote it: `labels[0].key`, `condition.conditions[1].rule_uuid`. */
export const fieldName = (root: string | undefined, path: ReadonlyArray<PropertyKey>): string => {
  let name = root ?? ""
  for (const key of path) {
    if (typeof key === "number") name += `[${key}]`
    else name += name === "" ? String(key) : `.${String(key)}`
  }
  return name === "" ? "input" : name
}

