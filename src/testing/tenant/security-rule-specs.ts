/**
 * The security rules every tenant has, as specs before they get uuids (what each checks, its editable
 * fields and defaults, the threats that make it fail), and the generations the rule catalog went through.
 */
import {
  appliesTo,
  type RuleEditableFieldRecord,
  type RuleFieldValueKeyValue,
  type RuleStateValue,
  type SecurityRuleRecord,
  type SourceTypeValue
} from "../records.js"
import type { ThreatCode } from "./threats.js"

/** A security rule as the catalog defines it, before it gets a uuid; `threats` are what make it fail. */
export interface RuleSpec extends Omit<SecurityRuleRecord, "uuid"> {
  readonly threats: ReadonlyArray<ThreatCode | "UNAPPROVED_FORMATS">
}

const ALL_SOURCES: ReadonlyArray<SourceTypeValue> = [
  "LOCAL",
  "HUGGING_FACE",
  "S3",
  "GCS",
  "AZURE",
  "ARTIFACTORY",
  "GITLAB"
]
const REMOTE_STORAGE: ReadonlyArray<SourceTypeValue> = ["S3", "GCS", "AZURE", "ARTIFACTORY", "GITLAB"]
const HUGGING_FACE: ReadonlyArray<SourceTypeValue> = ["HUGGING_FACE"]
const DOCS = "https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security/model-security-rules"

/** An editable field shown as a free list of strings. */
const listField = (
  key: RuleFieldValueKeyValue,
  label: string,
  description: string
): RuleEditableFieldRecord => ({
  attribute_name: key,
  type: "list[str]",
  display_name: label,
  display_type: "LIST",
  description,
  dropdown_values: null
})

/** An editable field whose values are picked from a dropdown. */
const selectField = (
  key: RuleFieldValueKeyValue,
  label: string,
  description: string,
  options: ReadonlyArray<readonly [value: string, label: string]>
): RuleEditableFieldRecord => ({
  attribute_name: key,
  type: "list[str]",
  display_name: label,
  display_type: "SELECT",
  description,
  dropdown_values: options.map(([value, optionLabel]) => ({ value, label: optionLabel }))
})

const rule = (spec: {
  readonly name: string
  readonly type: "METADATA" | "ARTIFACT"
  readonly sources: ReadonlyArray<SourceTypeValue>
  readonly state: RuleStateValue
  readonly description: string
  readonly remediation: string
  readonly steps: ReadonlyArray<string>
  readonly slug: string
  readonly threats?: RuleSpec["threats"]
  readonly fields?: ReadonlyArray<RuleEditableFieldRecord>
  readonly constants?: Readonly<Record<string, unknown>>
  readonly defaults?: RuleSpec["default_values"]
}): RuleSpec => ({
  name: spec.name,
  description: spec.description,
  rule_type: spec.type,
  compatible_sources: spec.sources,
  default_state: spec.state,
  remediation: { description: spec.remediation, steps: spec.steps, url: `${DOCS}/${spec.slug}` },
  editable_fields: spec.fields ?? [],
  constant_values: {
    ...(spec.threats === undefined ? {} : { threat_categories: spec.threats }),
    ...spec.constants
  },
  default_values: spec.defaults ?? {},
  threats: spec.threats ?? []
})

const REPLACE_MODEL =
  "Do not load the model; source an alternative from a trusted publisher or a safe format."
const REVIEW_VIOLATIONS = "Review the violation details to see which files and operators were flagged."

/** The file formats the scanner recognises, as offered for `approved_formats`. */
export const MODEL_FORMATS: ReadonlyArray<string> = [
  "safetensors",
  "gguf",
  "onnx",
  "keras",
  "tensorflow",
  "pytorch",
  "pickle",
  "joblib"
]

/**
 * The security rules every tenant has; the index is the rule number used in ids. Artifact rules list
 * the threats they report in `constant_values.threat_categories`.
 */
export const RULES: ReadonlyArray<RuleSpec> = [
  rule({
    name: "Load Time Code Execution Check",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description: "Model artifacts should not contain unsafe operators that are run upon deserialization",
    remediation:
      "Ensure the model does not run code when it is deserialized, e.g. from unsafe pickle streams",
    steps: [
      REVIEW_VIOLATIONS,
      "Prefer formats that cannot execute code on load, such as safetensors.",
      REPLACE_MODEL
    ],
    slug: "load-time-code-execution-check",
    threats: ["PAIT-PKL-100", "PAIT-PYTCH-100", "PAIT-KERAS-100", "PAIT-JOBLIB-100", "PAIT-GGUF-100"]
  }),
  rule({
    name: "Runtime Code Execution Check",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description:
      "Model artifacts should not contain operators that execute code or touch the file system at inference time",
    remediation: "Ensure the model graph has no operators that execute code or access files during inference",
    steps: [REVIEW_VIOLATIONS, REPLACE_MODEL],
    slug: "runtime-code-execution-check",
    threats: ["PAIT-ONNX-200", "PAIT-TF-200"]
  }),
  rule({
    name: "Model Architecture Backdoor Check",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description: "Model architecture files should not contain backdoor attacks",
    remediation: "Ensure the model graph has no trigger branches that override its output",
    steps: [REVIEW_VIOLATIONS, "Retrain or re-export the model from a trusted checkpoint.", REPLACE_MODEL],
    slug: "model-architecture-backdoor-check",
    threats: ["PAIT-TF-300"]
  }),
  rule({
    name: "Suspicious Model Components Check",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description: "Model artifacts should not contain suspicious components",
    remediation: "Ensure the model has no imports, layers or metadata that a model file does not need",
    steps: [REVIEW_VIOLATIONS, REPLACE_MODEL],
    slug: "suspicious-model-components-check",
    threats: ["PAIT-PKL-101", "PAIT-PYTCH-101", "PAIT-KERAS-101", "PAIT-JOBLIB-101", "PAIT-GGUF-101"]
  }),
  rule({
    name: "Stored In Approved File Format",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description: "Model files should be stored in an approved file format",
    remediation:
      "Convert the model to one of the approved formats, or approve its format in the security group",
    steps: [
      "Check which files of the model use a format that is not approved.",
      "Convert those files, e.g. to safetensors, or add the format to approved_formats."
    ],
    slug: "stored-in-approved-file-format",
    threats: ["UNAPPROVED_FORMATS"],
    fields: [listField("approved_formats", "Approved Formats", "Model file formats that may be used")],
    defaults: { approved_formats: MODEL_FORMATS }
  }),
  rule({
    name: "Stored In Approved Location",
    type: "METADATA",
    sources: REMOTE_STORAGE,
    state: "ALLOWING",
    description: "Models should be stored in an approved location",
    remediation: "Move the model to an approved bucket, container or repository, or approve its location",
    steps: [
      "Check the location the model was read from.",
      "Copy the model to an approved location, or add the location to approved_locations."
    ],
    slug: "stored-in-approved-location",
    fields: [
      listField(
        "approved_locations",
        "Approved Locations",
        "Buckets, containers or repository URLs that models may be read from"
      )
    ],
    defaults: { approved_locations: [] }
  }),
  rule({
    name: "License Exists",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "BLOCKING",
    description: "Models should have a license",
    remediation: "Use a model whose repository declares a license",
    steps: [
      "Check the license field of the model card.",
      "Ask the publisher to add a license, or pick another model."
    ],
    slug: "license-exists",
    constants: { metadata_field: "cardData.license" }
  }),
  rule({
    name: "Organization Verified By Hugging Face",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "ALLOWING",
    description: "Models should be published by an organization verified by Hugging Face",
    remediation: "Prefer models published by organizations that Hugging Face has verified",
    steps: [
      "Check the publisher of the model on Hugging Face.",
      "Prefer a copy of the model from a verified organization."
    ],
    slug: "organization-verified-by-hugging-face",
    constants: { verification_source: "huggingface" }
  }),
  rule({
    name: "Model Is Not From A Denied Organization",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "BLOCKING",
    description: "Models should not be published by an organization on the deny list",
    remediation: "Do not use models from organizations your security team has denied",
    steps: ["Check the organization that published the model.", "Pick a model from another organization."],
    slug: "model-is-not-from-a-denied-organization",
    fields: [
      listField("deny_orgs", "Denied Organizations", "Hugging Face organizations whose models are denied")
    ],
    defaults: { deny_orgs: [] }
  }),
  rule({
    name: "Known Framework Operators Check",
    type: "ARTIFACT",
    sources: ALL_SOURCES,
    state: "BLOCKING",
    description: "Model artifacts should only contain known safe TensorFlow operators",
    remediation: "Ensure that the model does not contain any custom TensorFlow operators",
    steps: [
      REVIEW_VIOLATIONS,
      "If your environment uses trusted custom operators, set this rule to ALLOWING in the security group.",
      REPLACE_MODEL
    ],
    slug: "known-framework-operators-check"
  }),
  rule({
    name: "License Is Valid For Use",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "BLOCKING",
    description: "Models license should be valid for use",
    remediation: "Use a model whose license is on the approved list",
    steps: [
      "Check the license of the model.",
      "Approve the license in approved_licenses, or pick another model."
    ],
    slug: "license-is-valid-for-use",
    fields: [
      selectField("approved_licenses", "Approved Licenses", "Licenses that allow use of a model", [
        ["apache-2.0", "Apache License 2.0"],
        ["mit", "MIT License"],
        ["bsd-3-clause", "BSD 3-Clause License"],
        ["cc-by-4.0", "Creative Commons Attribution 4.0"],
        ["openrail", "Open RAIL License"],
        ["llama3.1", "Llama 3.1 Community License"],
        ["gemma", "Gemma Terms of Use"],
        ["gpl-3.0", "GNU General Public License v3.0"]
      ])
    ],
    defaults: { approved_licenses: ["apache-2.0", "mit", "bsd-3-clause", "cc-by-4.0", "llama3.1", "gemma"] }
  }),
  rule({
    name: "Model Is Not On The Denied List",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "BLOCKING",
    description: "Models on the denied list should be blocked regardless of other checks",
    remediation: "Do not use models your security team has denied",
    steps: ["Check the model against denied_org_models.", "Pick another model."],
    slug: "model-is-not-on-the-denied-list",
    fields: [
      listField("denied_org_models", "Denied Models", "Models, as organization/name, that are always blocked")
    ],
    defaults: { denied_org_models: [] }
  }),
  rule({
    name: "Model Is On The Approved List",
    type: "METADATA",
    sources: HUGGING_FACE,
    state: "DISABLED",
    description: "Only models on the approved list should be used",
    remediation: "Use a model on the approved list, or ask your security team to approve it",
    steps: ["Check the model against approved_org_models.", "Request approval of the model."],
    slug: "model-is-on-the-approved-list",
    fields: [
      listField("approved_org_models", "Approved Models", "Models, as organization/name, that may be used")
    ],
    defaults: { approved_org_models: [] }
  })
]

/** Whether a rule applies to a security group of `source` (`ALL` covers every rule). */
export const ruleApplies = (rule: Pick<SecurityRuleRecord, "compatible_sources">, source: string): boolean =>
  appliesTo(rule.compatible_sources, source)

/** The rule number that reports a threat. */
export const ruleForThreat = (code: ThreatCode): number =>
  RULES.findIndex((spec) => spec.threats.includes(code))

/** How many of the newest rules each earlier generation of the security rules lacked, oldest first. */
export const RULE_HISTORY: ReadonlyArray<{ readonly daysBefore: number; readonly without: number }> = [
  { daysBefore: 61, without: 3 },
  { daysBefore: 30, without: 1 },
  { daysBefore: 1, without: 0 }
]
