/**
 * The names and values the fixtures draw from: scan owners, labels, scanner and SDK versions, scan errors,
 * Hugging Face licenses and commit titles, and the Strata Cloud Manager link of a violation.
 */

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
/** Where violations link to the scan's details in Strata Cloud Manager. */
export const INSIGHTS = "https://stratacloudmanager.paloaltonetworks.com/insights/ai-model-security/scans"
