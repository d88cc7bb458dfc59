/**
 * Custom rule conditions, as the spec describes them: a label condition (`equals`, `not_equals`, `exists`,
 * `not_exists` on a scan label), a rule-result condition (another rule's result on the same scan), or an
 * `and` / `or` group of conditions, nested to any depth.
 */

import type { ConditionRecord, LabelRecord } from "../records.js"
import { type Loc, type ValidationIssue, valueError } from "../validation/check.js"
import type * as Spec from "../vendor-spec.js"

/** What a condition is evaluated against: the scan's labels and the results of the rules evaluated before. */
export interface ConditionContext {
  readonly labels: ReadonlyArray<LabelRecord>
  /** Results so far, by security rule uuid and by custom rule uuid. */
  readonly results: ReadonlyMap<string, "PASSED" | "FAILED">
}

type AnyCondition = ConditionRecord | Spec.LabelCondition | Spec.RuleResultCondition | Spec.ConditionGroup

const isGroup = <C extends AnyCondition>(
  condition: C
): condition is Extract<C, { readonly conditions: unknown }> => "conditions" in condition

/** A condition as the API answers it: every field present (a label condition's absent `value` is null). */
export const completeCondition = (condition: AnyCondition): ConditionRecord => {
  if (isGroup(condition))
    return { operator: condition.operator, conditions: condition.conditions.map(completeCondition) }
  if (condition.type === "rule_result") {
    return {
      type: condition.type,
      rule_uuid: condition.rule_uuid,
      operator: condition.operator,
      value: condition.value
    }
  }
  return {
    type: condition.type,
    key: condition.key,
    operator: condition.operator,
    value: condition.value ?? null
  }
}

/**
 * Whether a condition holds. `not_equals` holds when the label is absent too; a rule-result condition on
 * a rule the scan was not evaluated against does not hold.
 */
export const holds = (condition: ConditionRecord, context: ConditionContext): boolean => {
  if (isGroup(condition)) {
    return condition.operator === "and"
      ? condition.conditions.every((inner) => holds(inner, context))
      : condition.conditions.some((inner) => holds(inner, context))
  }
  if (condition.type === "rule_result") return context.results.get(condition.rule_uuid) === condition.value
  const values = context.labels.filter((label) => label.key === condition.key).map((label) => label.value)
  switch (condition.operator) {
    case "exists":
      return values.length > 0
    case "not_exists":
      return values.length === 0
    case "equals":
      return values.includes(condition.value ?? "")
    case "not_equals":
      return !values.includes(condition.value ?? "")
  }
}

/**
 * A custom rule's result: with `rule_action` FAIL (the default) the rule fails when its condition holds;
 * with PASS it passes when its condition holds and fails otherwise.
 */
export const customRuleResult = (
  condition: ConditionRecord | null,
  action: string | null,
  context: ConditionContext
): "PASSED" | "FAILED" => {
  const matched = condition !== null && holds(condition, context)
  return (action === "PASS") === matched ? "PASSED" : "FAILED"
}

/**
 * What a validator of the API would refuse in a condition the schema accepts: a rule-result condition on
 * a rule that does not exist (or on the rule itself), and `equals` / `not_equals` without a value.
 */
export const conditionIssues = (
  condition: ConditionRecord,
  loc: Loc,
  knownRule: (uuid: string) => boolean
): ReadonlyArray<ValidationIssue> => {
  if (isGroup(condition)) {
    return condition.conditions.flatMap((inner, n) =>
      conditionIssues(inner, [...loc, "conditions", n], knownRule)
    )
  }
  if (condition.type === "rule_result") {
    return knownRule(condition.rule_uuid)
      ? []
      : [valueError([...loc, "rule_uuid"], `Rule ${condition.rule_uuid} not found`, condition.rule_uuid)]
  }
  if ((condition.operator === "equals" || condition.operator === "not_equals") && condition.value == null) {
    return [valueError(loc, `A label condition with operator ${condition.operator} needs a value`, condition)]
  }
  return []
}
