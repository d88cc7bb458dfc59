/**
 * Constructors of a custom rule's condition tree, so that a rule reads as what it checks:
 * `Condition.and(Condition.label("owner", "exists"), Condition.ruleResult(ruleId, "PASSED"))`.
 */
import type { ConditionGroupInput, LabelConditionInput, RuleResultConditionInput } from "./generated.js"

/**
 * A condition of a custom rule: on a label, on another rule's result, or a group of conditions.
 * @category Wire types
 */
export type Condition = LabelConditionInput | RuleResultConditionInput | ConditionGroupInput

/** Whether a label is present (`exists`, `not_exists`). */
function label(key: string, operator: "exists" | "not_exists"): LabelConditionInput
/** Whether a label has a value (`equals`, `not_equals`). */
function label(key: string, operator: "equals" | "not_equals", value: string): LabelConditionInput
function label(key: string, operator: LabelConditionInput["operator"], value?: string): LabelConditionInput {
  return value === undefined ? { type: "label", key, operator } : { type: "label", key, operator, value }
}

/**
 * Conditions of a custom rule.
 * @category Wire types
 */
export const Condition = {
  label,
  /** Whether another rule (by UUID) `PASSED` or `FAILED` on the same scan. */
  ruleResult: (rule_uuid: string, value: "PASSED" | "FAILED"): RuleResultConditionInput => ({
    type: "rule_result",
    rule_uuid,
    operator: "equals",
    value
  }),
  /** All of the conditions (at least two). */
  and: (...conditions: ReadonlyArray<Condition>): ConditionGroupInput => ({ operator: "and", conditions }),
  /** Any of the conditions (at least two). */
  or: (...conditions: ReadonlyArray<Condition>): ConditionGroupInput => ({ operator: "or", conditions })
} as const
