/** The custom rules the seeded tenant wrote before its scans, and the groups it assigned them to. */
import type { RuleStateValue, SourceTypeValue } from "../records.js"
import type * as Spec from "../vendor-spec.js"

/** A custom rule the tenant wrote before the seeded scans, and the groups it was assigned to. */
export interface CustomRuleSpec {
  readonly name: string
  readonly description: string
  readonly compatibleSources: ReadonlyArray<SourceTypeValue | "ALL">
  /** The condition, given the uuid of a security rule by name. */
  readonly condition: (
    ruleUuid: (name: string) => string
  ) => Spec.LabelCondition | Spec.RuleResultCondition | Spec.ConditionGroup
  readonly ruleAction: "FAIL" | "PASS"
  readonly violationMessage: string
  readonly remediationMessage: string | null
  /** Assignments, by the source type of the seeded group. */
  readonly assignments: ReadonlyArray<readonly [SourceTypeValue, RuleStateValue]>
  /** Archived after its creation. */
  readonly archived?: boolean
}

/**
 * The seeded custom rules. Their assignments keep the seeded outcomes consistent: a BLOCKING custom rule
 * here can only fail on a scan that a BLOCKING security rule already blocks. In the Hugging Face group
 * (the one most tests scan in) the custom rule is DISABLED: its scans are evaluated by security rules only.
 */
export const CUSTOM_RULES: ReadonlyArray<CustomRuleSpec> = [
  {
    name: "Models must carry an owner label",
    description: "Every scanned model names the team that owns it in an owner label",
    compatibleSources: ["ALL"],
    condition: () => ({ type: "label", key: "owner", operator: "not_exists" }),
    ruleAction: "FAIL",
    violationMessage: "The model has no owner label",
    remediationMessage: "Add an owner label naming the owning team, then scan the model again",
    assignments: [
      ["HUGGING_FACE", "DISABLED"],
      ["LOCAL", "ALLOWING"]
    ]
  },
  {
    name: "Production models pass the load-time check",
    description: "A model labelled env=production must not execute code when it is loaded",
    compatibleSources: ["S3", "GCS", "AZURE"],
    condition: (ruleUuid) => ({
      operator: "and",
      conditions: [
        { type: "label", key: "env", operator: "equals", value: "production" },
        {
          type: "rule_result",
          rule_uuid: ruleUuid("Load Time Code Execution Check"),
          operator: "equals",
          value: "FAILED"
        }
      ]
    }),
    ruleAction: "FAIL",
    violationMessage: "A production model failed the load-time code execution check",
    remediationMessage:
      "Replace the model with a version that passes the load-time check before deploying it",
    assignments: [
      ["S3", "BLOCKING"],
      ["GCS", "BLOCKING"]
    ]
  },
  {
    name: "Models come from an approved team",
    description: "Models in shared storage belong to the ML platform or research teams",
    compatibleSources: ["AZURE", "ARTIFACTORY"],
    condition: () => ({
      operator: "or",
      conditions: [
        { type: "label", key: "team", operator: "equals", value: "ml-platform" },
        { type: "label", key: "team", operator: "equals", value: "research" }
      ]
    }),
    ruleAction: "PASS",
    violationMessage: "The model does not belong to an approved team",
    remediationMessage: null,
    assignments: [["AZURE", "ALLOWING"]]
  },
  {
    name: "Reviewed models only",
    description: "Replaced by the owner label rule",
    compatibleSources: ["HUGGING_FACE"],
    condition: () => ({ type: "label", key: "reviewed", operator: "exists" }),
    ruleAction: "PASS",
    violationMessage: "The model has not been reviewed",
    remediationMessage: "Ask the security team for a review",
    assignments: [],
    archived: true
  }
]
