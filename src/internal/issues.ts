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

/**
 * One issue per field: the members of a union each report a mismatch (`Expected "FILE"`, `Expected
 * undefined`); together they say which values the field takes.
 */
export const mergeAlternatives = <I extends { readonly field: string; readonly rule: string }>(
  issues: ReadonlyArray<I>
): Array<I> => {
  const byField = new Map<string, Array<I>>()
  for (const issue of issues) byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue])
  return [...byField.values()].map((group) => {
    if (group.length === 1) return group[0]!
    const literals = group.map(
      (issue) => /^Expected (".*"|-?\d[\d.e+-]*|true|false|null|undefined)$/.exec(issue.rule)?.[1]
    )
    if (literals.every((literal) => literal !== undefined)) {
      const values = literals.filter((literal) => literal !== "undefined" && literal !== "null")
      const allowed = values.map((value) => (value!.startsWith('"') ? JSON.parse(value!) : value))
      return { ...group[0]!, rule: `must be one of ${allowed.join(", ")}` }
    }
    // A field that may also be absent or null: what it must be when present says it.
    const rules = group.map((issue) => issue.rule).filter((rule) => !/^Expected (undefined|null)$/.test(rule))
    return { ...group[0]!, rule: [...new Set(rules.length > 0 ? rules : [group[0]!.rule])].join(", or ") }
  })
}
