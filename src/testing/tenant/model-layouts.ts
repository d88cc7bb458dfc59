/** Model layouts (files, formats, the threats each can carry) and the models the fixtures scan. */
import type { ThreatCode } from "./threats.js"

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
