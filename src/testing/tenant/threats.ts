/** The threats the scanner reports, what a violation says about each, and where violations link for them. */

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

/** Where violations link to their threat's description. */
export const THREAT_KB = "https://docs.paloaltonetworks.com/ai-runtime-security/ai-model-security/threats"
