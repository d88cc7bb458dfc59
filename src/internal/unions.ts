/**
 * Which member of a union the caller meant. A union that fails reports every member's issues; for a
 * tree such as a custom rule's condition, that buries the one broken field under the issues of members
 * the input was never meant to be. The member the input fits best is kept: one whose literal fields
 * (its kind) match, then with the fewest missing or unknown fields, then the one checked deepest.
 */
import * as ParseResult from "effect/ParseResult"
import type * as SchemaAST from "effect/SchemaAST"

type Issue = ParseResult.ParseIssue

const children = (issue: Issue): ReadonlyArray<Issue> =>
  issue._tag === "Composite"
    ? Array.isArray(issue.issues)
      ? issue.issues
      : [issue.issues as Issue]
    : issue._tag === "Pointer" || issue._tag === "Refinement" || issue._tag === "Transformation"
      ? [issue.issue]
      : []

/** How well a member's issue says the input was meant to be that member (lower is better). */
const misfit = (issue: Issue): readonly [number, number, number] => {
  let kind = 0
  let shape = 0
  let depth = 0
  const top = issue._tag === "Composite" ? children(issue) : [issue]
  for (const child of top) {
    const inner = child._tag === "Pointer" ? child.issue : child
    if (inner._tag === "Type" && inner.ast._tag === "Literal") kind++
    else if (inner._tag === "Missing" || inner._tag === "Unexpected") shape++
  }
  // The depth the checks reached, bounded: a hostile value cannot make this walk long.
  let level: ReadonlyArray<Issue> = [issue]
  while (level.length > 0 && depth < 64) {
    depth++
    level = level.flatMap(children)
  }
  return [kind, shape, -depth]
}

const better = (a: readonly [number, number, number], b: readonly [number, number, number]) =>
  a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2]

/** A member's object shape, through refinements and recursion. */
const shapeOf = (ast: SchemaAST.AST): SchemaAST.TypeLiteral | undefined => {
  for (let depth = 0; depth < 8; depth++) {
    if (ast._tag === "TypeLiteral") return ast
    if (ast._tag === "Refinement") ast = ast.from
    else if (ast._tag === "Suspend") ast = ast.f()
    else if (ast._tag === "Transformation") ast = ast.from
    else return undefined
  }
  return undefined
}

/**
 * When the input names its kind in a field that some members fix to a literal (`type: "regex"` where
 * members take `"label"` or `"rule_result"`) and no member takes that value or that field, that field
 * is what is wrong.
 */
const kindNoMemberTakes = (union: ParseResult.Composite): Issue | undefined => {
  const input = union.actual
  if (typeof input !== "object" || input === null || Array.isArray(input)) return undefined
  const shapes = (union.ast as SchemaAST.Union).types.map(shapeOf)
  if (shapes.some((shape) => shape === undefined || shape.indexSignatures.length > 0)) return undefined
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key]
    const literals: Array<unknown> = []
    let taken = false
    for (const shape of shapes) {
      const property = shape!.propertySignatures.find((signature) => signature.name === key)
      if (property === undefined) continue
      if (property.type._tag !== "Literal") taken = true
      else if (property.type.literal === value) taken = true
      else literals.push(property.type.literal)
    }
    if (!taken && literals.length > 0) {
      return new ParseResult.Pointer(
        key,
        input,
        new ParseResult.Type(union.ast, value, `must be one of ${literals.join(", ")}`)
      )
    }
  }
  return undefined
}

/** The issue tree with each failed union reduced to the member the input fits best. */
export const bestMembers = (issue: Issue, budget = { nodes: 10_000 }): Issue => {
  if (--budget.nodes < 0) return issue
  switch (issue._tag) {
    case "Pointer":
      return new ParseResult.Pointer(issue.path, issue.actual, bestMembers(issue.issue, budget))
    case "Refinement":
      return new ParseResult.Refinement(issue.ast, issue.actual, issue.kind, bestMembers(issue.issue, budget))
    case "Transformation":
      return new ParseResult.Transformation(
        issue.ast,
        issue.actual,
        issue.kind,
        bestMembers(issue.issue, budget)
      )
    case "Composite": {
      const members = children(issue)
      if (issue.ast._tag === "Union" && members.length > 1) {
        const unknownKind = kindNoMemberTakes(issue)
        if (unknownKind !== undefined) return unknownKind
        const composite = members.filter((member) => member._tag === "Composite")
        if (composite.length > 0) {
          let best = composite[0]!
          let score = misfit(best)
          for (const member of composite.slice(1)) {
            const candidate = misfit(member)
            if (better(candidate, score)) {
              best = member
              score = candidate
            }
          }
          // A kind that matches, or a shape that fits better than the rest: report that member alone.
          if (score[0] === 0 || composite.length === members.length) return bestMembers(best, budget)
        }
      }
      const pruned = members.map((member) => bestMembers(member, budget))
      return new ParseResult.Composite(
        issue.ast,
        issue.actual,
        pruned.length === 1 ? pruned[0]! : (pruned as [Issue, ...Array<Issue>]),
        issue.output
      )
    }
    default:
      return issue
  }
}
