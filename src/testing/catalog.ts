/** The fake's fixed vocabulary: security rules, model layouts, threats and names the fixtures draw from. */
import type { RuleStateValue, SecurityRuleRecord, SourceTypeValue } from "./records.js"

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

/** A security rule as the catalog defines it, before it gets a uuid. */
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
const DOCS = "https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security"

const rule = (
  name: string,
  rule_type: "METADATA" | "ARTIFACT",
  compatible_sources: ReadonlyArray<SourceTypeValue>,
  default_state: RuleStateValue,
  description: string,
  threats: RuleSpec["threats"],
  list?: { readonly key: string; readonly label: string; readonly defaults: ReadonlyArray<string> }
): RuleSpec => ({
  name,
  description,
  rule_type,
  compatible_sources,
  default_state,
  remediation: {
    description: `Review the findings of "${name}" before using this model.`,
    steps: [
      "Open the scan and review the violations of this rule.",
      "Replace the model with a trusted version or adjust the rule configuration."
    ],
    url: DOCS
  },
  editable_fields: list
    ? [
        {
          attribute_name: list.key,
          type: "list",
          display_name: list.label,
          display_type: "LIST",
          description: `${list.label} for this rule`,
          dropdown_values: null
        }
      ]
    : [],
  constant_values: {},
  default_values: list ? { [list.key]: list.defaults } : {},
  threats
})

/** The security rules every tenant has; the index is the rule number used in ids. */
export const RULES: ReadonlyArray<RuleSpec> = [
  rule(
    "Load Time Code Execution Check",
    "ARTIFACT",
    ALL_SOURCES,
    "BLOCKING",
    "Detects model files that execute code when they are loaded.",
    ["PAIT-PKL-100", "PAIT-PYTCH-100", "PAIT-KERAS-100", "PAIT-JOBLIB-100", "PAIT-GGUF-100"]
  ),
  rule(
    "Runtime Code Execution Check",
    "ARTIFACT",
    ALL_SOURCES,
    "BLOCKING",
    "Detects model operators that execute code or touch the file system at inference time.",
    ["PAIT-ONNX-200", "PAIT-TF-200"]
  ),
  rule(
    "Model Architecture Backdoor Check",
    "ARTIFACT",
    ALL_SOURCES,
    "BLOCKING",
    "Detects graph structures that implement a trigger-based backdoor.",
    ["PAIT-TF-300"]
  ),
  rule(
    "Suspicious Model Components Check",
    "ARTIFACT",
    ALL_SOURCES,
    "BLOCKING",
    "Detects imports, layers and metadata that have no place in a model file.",
    ["PAIT-PKL-101", "PAIT-PYTCH-101", "PAIT-KERAS-101", "PAIT-JOBLIB-101", "PAIT-GGUF-101"]
  ),
  rule(
    "Stored In Approved File Format",
    "ARTIFACT",
    ALL_SOURCES,
    "BLOCKING",
    "Checks that every model file uses an approved serialization format.",
    ["UNAPPROVED_FORMATS"],
    {
      key: "approved_formats",
      label: "Approved Formats",
      defaults: ["safetensors", "pytorch", "pickle", "gguf", "onnx", "keras", "tensorflow", "joblib"]
    }
  ),
  rule(
    "Stored In Approved Location",
    "METADATA",
    ALL_SOURCES,
    "ALLOWING",
    "Checks that the model is stored in an approved location.",
    [],
    { key: "approved_locations", label: "Approved Locations", defaults: [] }
  ),
  rule(
    "License Exists",
    "METADATA",
    ["HUGGING_FACE"],
    "ALLOWING",
    "Checks that the model repository declares a license.",
    [],
    { key: "approved_licenses", label: "Approved Licenses", defaults: ["apache-2.0", "mit", "llama3.1"] }
  ),
  rule(
    "Organization Verified By Hugging Face",
    "METADATA",
    ["HUGGING_FACE"],
    "ALLOWING",
    "Checks that the publishing organization is verified by Hugging Face.",
    []
  ),
  rule(
    "Model Is Not From A Denied Organization",
    "METADATA",
    ["HUGGING_FACE"],
    "DISABLED",
    "Blocks models published by organizations on the deny list.",
    [],
    { key: "deny_orgs", label: "Denied Organizations", defaults: [] }
  )
]

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
