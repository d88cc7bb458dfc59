/** Schema issues in words, for `PayloadError` and contract-breaking responses. */
import * as ParseResult from "effect/ParseResult"

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

/** A value as a formatter may print it without walking it: containers empty, strings short. */
const shallow = (value: unknown): unknown =>
  Array.isArray(value)
    ? []
    : typeof value === "object" && value !== null
      ? {}
      : typeof value === "string" && value.length > 32
        ? value.slice(0, 32)
        : value

/**
 * The first issue of a Schema parse error, where it is and what it says, without printing the offending
 * value: a response's value is the server's, possibly nested thousands of levels deep (printing it would
 * overflow the stack) or megabytes long. The issue tree is walked in a loop, not recursively.
 */
export const firstIssue = (
  issue: ParseResult.ParseIssue
): { readonly path: ReadonlyArray<PropertyKey>; readonly rule: string } => {
  const path: Array<PropertyKey> = []
  let current: ParseResult.ParseIssue = issue
  for (;;) {
    switch (current._tag) {
      case "Pointer":
        if (Array.isArray(current.path)) path.push(...current.path)
        else path.push(current.path as PropertyKey)
        current = current.issue
        continue
      case "Composite": {
        const issues: ParseResult.ParseIssue | ReadonlyArray<ParseResult.ParseIssue> = current.issues
        const next = Array.isArray(issues) ? issues[0] : (issues as ParseResult.ParseIssue)
        if (next === undefined) return { path, rule: "is invalid" }
        current = next
        continue
      }
      case "Refinement":
      case "Transformation":
        current = current.issue
        continue
      case "Type":
        return {
          path,
          rule: ruleOf(new ParseResult.Type(current.ast, shallow(current.actual), current.message))
        }
      case "Forbidden":
        return {
          path,
          rule: ruleOf(new ParseResult.Forbidden(current.ast, shallow(current.actual), current.message))
        }
      case "Unexpected":
        return { path, rule: ruleOf(new ParseResult.Unexpected(shallow(current.actual), current.message)) }
      case "Missing":
        return { path, rule: "is missing" }
    }
  }
}

const ruleOf = (leaf: ParseResult.ParseIssue): string => {
  const formatted = ParseResult.ArrayFormatter.formatIssueSync(leaf)[0]
  return formatted === undefined ? "is invalid" : describeIssue(formatted)
}
