/** The fake's fixed vocabulary: security rules, model layouts, threats and names the fixtures draw from. */
import type * as Spec from "./generated.js"
import {
  appliesTo,
  type RuleEditableFieldRecord,
  type RuleFieldValueKeyValue,
  type RuleStateValue,
  type SecurityRuleRecord,
  type SourceTypeValue
} from "./records.js"

/** A threat the scanner can report, with the details a violation carries. */
export interface ThreatSpec {
  readonly threat: string
  readonly module: string | null
  readonly operator: string | null
  readonly description: string
  readonly threatDescription: string
}

const threat = (
  code: string,
  module: string | null,
  operator: string | null,
  threatDescription: string,
  description: string
): ThreatSpec => ({ threat: code, module, operator, threatDescription, description })

/** Threats by code. */
export const THREATS = {
  "PAIT-PKL-100": threat(
    "PAIT-PKL-100",
    "posix",
    "system",
    "Pickle model with operators that execute code when the model is loaded",
    "The pickle stream calls posix.system during deserialization, which runs a shell command on load."
  ),
  "PAIT-PKL-101": threat(
    "PAIT-PKL-101",
    "builtins",
    "getattr",
    "Pickle model with suspicious imports",
    "The pickle stream imports builtins.getattr, which is commonly used to reach dangerous callables."
  ),
  "PAIT-PYTCH-100": threat(
    "PAIT-PYTCH-100",
    "builtins",
    "exec",
    "PyTorch model with operators that execute code when the model is loaded",
    "The PyTorch archive's data.pkl calls builtins.exec while the model is loaded."
  ),
  "PAIT-PYTCH-101": threat(
    "PAIT-PYTCH-101",
    "webbrowser",
    "open",
    "PyTorch model with suspicious imports",
    "The PyTorch archive imports webbrowser.open, which is never needed to load weights."
  ),
  "PAIT-GGUF-100": threat(
    "PAIT-GGUF-100",
    null,
    null,
    "GGUF model whose chat template executes code",
    "The tokenizer.chat_template metadata contains a Jinja expression that reaches os.popen."
  ),
  "PAIT-GGUF-101": threat(
    "PAIT-GGUF-101",
    null,
    null,
    "GGUF model with suspicious metadata",
    "The GGUF metadata holds an unexpected executable payload in a custom key."
  ),
  "PAIT-ONNX-200": threat(
    "PAIT-ONNX-200",
    "ai.onnx.contrib",
    "PyOp",
    "ONNX model with operators that execute code at inference time",
    "The graph uses the custom PyOp operator, which runs arbitrary Python during inference."
  ),
  "PAIT-KERAS-100": threat(
    "PAIT-KERAS-100",
    "keras.layers",
    "Lambda",
    "Keras model with a Lambda layer that executes code when loaded",
    "The model config contains a Lambda layer with serialized Python bytecode."
  ),
  "PAIT-KERAS-101": threat(
    "PAIT-KERAS-101",
    "keras.src.saving",
    "TFOpLambda",
    "Keras model with suspicious layers",
    "The model config references a layer class outside the Keras standard library."
  ),
  "PAIT-TF-200": threat(
    "PAIT-TF-200",
    "tensorflow.io",
    "WriteFile",
    "TensorFlow model with operators that access the file system at inference time",
    "The SavedModel graph contains a WriteFile operation reachable from the serving signature."
  ),
  "PAIT-TF-300": threat(
    "PAIT-TF-300",
    "tensorflow.math",
    "Equal",
    "TensorFlow model with an architectural backdoor",
    "The graph has a trigger branch that overrides the output for a specific input pattern."
  ),
  "PAIT-JOBLIB-100": threat(
    "PAIT-JOBLIB-100",
    "subprocess",
    "Popen",
    "Joblib model with operators that execute code when the model is loaded",
    "The joblib file calls subprocess.Popen during deserialization."
  ),
  "PAIT-JOBLIB-101": threat(
    "PAIT-JOBLIB-101",
    "os",
    "getenv",
    "Joblib model with suspicious imports",
    "The joblib file imports os.getenv, which can exfiltrate environment secrets."
  )
} as const satisfies Record<string, ThreatSpec>

/** A threat code known to the catalog. */
export type ThreatCode = keyof typeof THREATS

/** One file of a model layout; `formats: null` means the scanner skips it. */
export interface TemplateFile {
  readonly path: string
  readonly formats: ReadonlyArray<string> | null
}

/** The layout of a model on disk: its files, formats and the threats it can carry when blocked. */
export interface ModelTemplate {
  readonly id: string
  readonly formats: ReadonlyArray<string>
  readonly files: ReadonlyArray<TemplateFile>
  readonly threats: ReadonlyArray<ThreatCode>
}

const f = (path: string, ...formats: ReadonlyArray<string>): TemplateFile => ({
  path,
  formats: formats.length === 0 ? null : formats
})

/** Model layouts; the index in this list is the template id stored with each scan. */
export const TEMPLATES: ReadonlyArray<ModelTemplate> = [
  {
    id: "safetensors",
    formats: ["safetensors"],
    files: [
      f("/config.json"),
      f("/generation_config.json"),
      f("/model-00001-of-00002.safetensors", "safetensors"),
      f("/model-00002-of-00002.safetensors", "safetensors"),
      f("/model.safetensors.index.json"),
      f("/README.md"),
      f("/tokenizer/special_tokens_map.json"),
      f("/tokenizer/tokenizer.json"),
      f("/tokenizer/tokenizer_config.json")
    ],
    threats: []
  },
  {
    id: "pytorch",
    formats: ["pytorch", "pickle"],
    files: [
      f("/config.json"),
      f("/pytorch_model.bin", "pytorch", "pickle"),
      f("/training_args.bin", "pickle"),
      f("/checkpoints/epoch-1/optimizer.pt", "pytorch", "pickle"),
      f("/checkpoints/epoch-1/scheduler.pt", "pytorch", "pickle"),
      f("/checkpoints/epoch-2/optimizer.pt", "pytorch", "pickle"),
      f("/vocab.txt"),
      f("/README.md")
    ],
    threats: ["PAIT-PYTCH-100", "PAIT-PKL-100", "PAIT-PYTCH-101", "PAIT-PKL-101"]
  },
  {
    id: "gguf",
    formats: ["gguf"],
    files: [
      f("/README.md"),
      f("/model.Q4_K_M.gguf", "gguf"),
      f("/model.Q5_K_M.gguf", "gguf"),
      f("/model.Q8_0.gguf", "gguf"),
      f("/config/params.json")
    ],
    threats: ["PAIT-GGUF-100", "PAIT-GGUF-101"]
  },
  {
    id: "onnx",
    formats: ["onnx"],
    files: [
      f("/config.json"),
      f("/onnx/model.onnx", "onnx"),
      f("/onnx/model_fp16.onnx", "onnx"),
      f("/onnx/model_quantized.onnx", "onnx"),
      f("/tokenizer.json"),
      f("/README.md")
    ],
    threats: ["PAIT-ONNX-200"]
  },
  {
    id: "keras",
    formats: ["keras", "tensorflow"],
    files: [
      f("/model.keras", "keras"),
      f("/saved_model/saved_model.pb", "tensorflow"),
      f("/saved_model/keras_metadata.pb"),
      f("/saved_model/variables/variables.data-00000-of-00001", "tensorflow"),
      f("/saved_model/variables/variables.index", "tensorflow"),
      f("/README.md")
    ],
    threats: ["PAIT-KERAS-100", "PAIT-KERAS-101", "PAIT-TF-200", "PAIT-TF-300"]
  },
  {
    id: "joblib",
    formats: ["joblib", "pickle"],
    files: [
      f("/model.joblib", "joblib", "pickle"),
      f("/preprocessing/encoder.pkl", "pickle"),
      f("/preprocessing/scaler.pkl", "pickle"),
      f("/requirements.txt"),
      f("/README.md")
    ],
    threats: ["PAIT-JOBLIB-100", "PAIT-PKL-100", "PAIT-JOBLIB-101"]
  }
]

/** The template id for a layout name. */
export const templateId = (id: string): number => TEMPLATES.findIndex((template) => template.id === id)

/** A model the fixtures scan: a Hugging Face style `org/name` and its layout. */
export interface ModelSpec {
  readonly name: string
  readonly template: number
}

const m = (name: string, template: string): ModelSpec => ({ name, template: templateId(template) })

/** Well-known models, scanned mostly with an ALLOWED outcome. */
export const MODELS: ReadonlyArray<ModelSpec> = [
  m("meta-llama/Llama-3.1-8B-Instruct", "safetensors"),
  m("mistralai/Mistral-7B-Instruct-v0.3", "safetensors"),
  m("google/gemma-2-9b-it", "safetensors"),
  m("Qwen/Qwen2.5-7B-Instruct", "safetensors"),
  m("microsoft/Phi-3-mini-4k-instruct", "safetensors"),
  m("google-bert/bert-base-uncased", "pytorch"),
  m("openai/whisper-small", "pytorch"),
  m("facebook/opt-125m", "pytorch"),
  m("TheBloke/Llama-2-7B-Chat-GGUF", "gguf"),
  m("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "gguf"),
  m("Xenova/all-MiniLM-L6-v2", "onnx"),
  m("onnx-community/whisper-base", "onnx"),
  m("keras-io/timeseries-anomaly-detection", "keras"),
  m("keras-io/image-classification-resnet", "keras"),
  m("scikit-learn/tabular-playground", "joblib"),
  m("skops-ci/iris-logistic-regression", "joblib")
]

/** Models that look like trouble, used for part of the BLOCKED scans. */
export const SUSPICIOUS_MODELS: ReadonlyArray<ModelSpec> = [
  m("hacker-lab/malicious-bert-pickle", "pytorch"),
  m("unverified-user/unsafe-llama-lora", "pytorch"),
  m("demo-org/keras-lambda-backdoor", "keras"),
  m("unknown-org/malicious-gguf-template", "gguf"),
  m("test-user/unsafe-sklearn-pipeline", "joblib"),
  m("shady-models/onnx-custom-op", "onnx")
]

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

/** People and service accounts that own scans; `user` is the index of their created_by uuid, if any. */
export const OWNERS: ReadonlyArray<{
  readonly owner: (tsgId: string) => string
  readonly user: number | null
}> = [
  { owner: () => "alice@example.com", user: 0 },
  { owner: () => "bob@example.com", user: 1 },
  { owner: () => "carol@example.com", user: 2 },
  { owner: (tsgId) => `ci-scanner@${tsgId}.iam.panserviceaccount.com`, user: null }
]

/** Label keys and the values the fixtures give them. */
export const LABEL_VOCABULARY: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["team", ["ml-platform", "research", "data-science", "security"]],
  ["env", ["production", "staging", "dev"]],
  ["owner", ["alice", "bob", "carol"]],
  ["project", ["chatbot", "fraud-detection", "recsys", "vision"]]
]

/** Scanner versions, oldest first. */
export const SCANNER_VERSIONS: ReadonlyArray<string> = ["1.4.2", "1.5.0", "1.5.3", "1.6.0"]

/** Why a scan of each kind of storage may fail. */
export const SCAN_ERRORS: ReadonlyArray<readonly [string, (uri: string) => string]> = [
  ["ACCESS_DENIED", (uri) => `Access denied while reading ${uri}`],
  ["NO_SUCH_KEY", (uri) => `The object ${uri} does not exist`],
  ["MISSING_CREDENTIALS", () => "No credentials were provided for the remote storage"],
  ["MISSING_ARTIFACTS", (uri) => `No model artifacts were found at ${uri}`],
  ["SCAN_ERROR", () => "The scanner failed to parse one or more model files"],
  ["WORKER_ERROR", () => "The scan worker stopped before the scan finished"]
]

/** How many of the newest rules each earlier generation of the security rules lacked, oldest first. */
export const RULE_HISTORY: ReadonlyArray<{ readonly daysBefore: number; readonly without: number }> = [
  { daysBefore: 61, without: 3 },
  { daysBefore: 30, without: 1 },
  { daysBefore: 1, without: 0 }
]

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

/** SDK versions that create scans, oldest first. */
export const SDK_VERSIONS: ReadonlyArray<string> = ["0.4.1", "0.5.0", "0.5.3", "0.6.0"]

/** Licenses of Hugging Face models. */
export const LICENSES: ReadonlyArray<string> = ["apache-2.0", "mit", "llama3.1", "gemma", "cc-by-4.0"]

/** Titles of Hugging Face commits. */
export const COMMIT_TITLES: ReadonlyArray<string> = [
  "Upload folder using huggingface_hub",
  "Update README.md",
  "Add safetensors weights",
  "Fix tokenizer config"
]

/** Error codes after which the scanner read no model files: such scans have no model version. */
export const NO_ARTIFACT_ERRORS: ReadonlySet<string> = new Set([
  "ACCESS_DENIED",
  "NO_SUCH_KEY",
  "NO_SUCH_BUCKET",
  "INVALID_BUCKET_NAME",
  "MISSING_CREDENTIALS",
  "MISSING_ARTIFACTS",
  "UNSUPPORTED_REMOTE_STORAGE",
  "RESOURCE_NOT_FOUND"
])

/** Where violations link to their threat's description. */
export const THREAT_KB = "https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security/threats"
/** Where violations link to the scan's details in Strata Cloud Manager. */
export const INSIGHTS = "https://stratacloudmanager.paloaltonetworks.com/insights/ai-model-security/scans"
