/**
 * The models of `scan --from FILE`: one model URI per line (blank lines and `#` comments ignored), or a
 * YAML or JSON list of URIs and `{ model_uri, security_group_uuid?, labels? }` objects. A file named
 * `.json`, `.yaml` or `.yml`, or whose first line that is no comment starts with `-` or `[`, is a list.
 * Each model keeps the line that names it, for the reports to point at. Every entry is checked before
 * anything is sent: a mistake names the file and the line.
 */
import * as Either from "effect/Either"
import YAML, { isMap, isScalar, isSeq, LineCounter, type Node } from "yaml"

/** A model named by the file. */
export interface ManifestEntry {
  readonly modelUri: string
  readonly groupUuid: string | undefined
  readonly labels: ReadonlyArray<readonly [string, string]>
  /** The line naming the model (1-based). */
  readonly line: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const LABEL = /^[A-Za-z0-9_-]+$/
const KEYS = ["model_uri", "security_group_uuid", "labels"]

/** Why a label cannot be sent, if it cannot: the API's rules for keys (1-128) and values (1-256). */
export const labelProblem = (key: string, value: string): string | undefined => {
  if (key.length < 1 || key.length > 128 || !LABEL.test(key)) {
    return `label key '${key}' must be 1 to 128 letters, digits, "_" or "-"`
  }
  if (value.length < 1 || value.length > 256 || !LABEL.test(value)) {
    return `label value '${value}' of '${key}' must be 1 to 256 letters, digits, "_" or "-"`
  }
  return undefined
}

class Problem {
  constructor(
    readonly line: number,
    readonly message: string
  ) {}
}

/** The lines of a text file: one URI each. */
const fromLines = (text: string): Array<ManifestEntry> => {
  const entries: Array<ManifestEntry> = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/(^|\s)#.*$/, "").trim()
    if (content === "") return
    if (/\s/.test(content)) throw new Problem(index + 1, `one model URI per line, got '${content}'`)
    entries.push({ modelUri: content, groupUuid: undefined, labels: [], line: index + 1 })
  })
  return entries
}

const scalarText = (node: unknown): string | undefined => {
  if (!isScalar(node)) return undefined
  const value = node.value
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined
}

/** The items of a YAML or JSON list. */
const fromList = (text: string): Array<ManifestEntry> => {
  const lines = new LineCounter()
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const lineOf = (node: Node | null | undefined) =>
    node?.range === undefined || node.range === null ? 1 : lines.linePos(node.range[0]).line
  const error = doc.errors[0]
  if (error !== undefined) {
    const at = error.pos[0]
    throw new Problem(lines.linePos(at).line, `not JSON or YAML: ${error.message.split("\n")[0]}`)
  }
  const root = doc.contents
  if (!isSeq(root)) throw new Problem(lineOf(root), "expected a list of models")
  return root.items.map((item): ManifestEntry => {
    const line = lineOf(item as Node)
    if (isScalar(item)) {
      const uri = scalarText(item)
      if (typeof item.value !== "string" || uri === undefined || uri.trim() === "") {
        throw new Problem(line, "expected a model URI or { model_uri, security_group_uuid?, labels? }")
      }
      return { modelUri: uri.trim(), groupUuid: undefined, labels: [], line }
    }
    if (!isMap(item))
      throw new Problem(line, "expected a model URI or { model_uri, security_group_uuid?, labels? }")
    let modelUri: string | undefined
    let uriLine = line
    let groupUuid: string | undefined
    const labels: Array<readonly [string, string]> = []
    for (const pair of item.items) {
      const key = scalarText(pair.key)
      const at = lineOf(pair.key as Node)
      if (key === undefined || !KEYS.includes(key)) {
        throw new Problem(at, `unknown key '${key ?? "?"}' (expected ${KEYS.join(", ")})`)
      }
      const value = pair.value as Node | null
      if (key === "model_uri") {
        const uri = isScalar(value) && typeof value.value === "string" ? value.value.trim() : ""
        if (uri === "") throw new Problem(at, "model_uri must be a non-empty string")
        modelUri = uri
        uriLine = lineOf(value)
      } else if (key === "security_group_uuid") {
        const uuid = isScalar(value) && typeof value.value === "string" ? value.value : ""
        if (!UUID.test(uuid))
          throw new Problem(at, `security_group_uuid must be a UUID, got '${scalarText(value) ?? "?"}'`)
        groupUuid = uuid
      } else if (value !== null && !(isScalar(value) && value.value === null)) {
        if (!isMap(value)) throw new Problem(at, "labels must map keys to values")
        for (const label of value.items) {
          const labelKey = scalarText(label.key)
          const labelValue = scalarText(label.value)
          const labelAt = lineOf(label.key as Node)
          if (labelKey === undefined || labelValue === undefined) {
            throw new Problem(labelAt, "a label's key and value must be plain values")
          }
          const problem = labelProblem(labelKey, labelValue)
          if (problem !== undefined) throw new Problem(labelAt, problem)
          labels.push([labelKey, labelValue])
        }
      }
    }
    if (modelUri === undefined) throw new Problem(line, "model_uri is missing")
    return { modelUri, groupUuid, labels, line: uriLine }
  })
}

const isList = (text: string, name: string) =>
  /\.(json|ya?ml)$/i.test(name) ||
  /^[-[]/.test(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== "" && !line.startsWith("#")) ?? ""
  )

/** The models a file names, or why it cannot be read (`name:line: …`). */
export const parseManifest = (
  text: string,
  name: string
): Either.Either<ReadonlyArray<ManifestEntry>, string> => {
  try {
    const entries = isList(text, name) ? fromList(text) : fromLines(text)
    return entries.length === 0 ? Either.left(`${name}: no models in it`) : Either.right(entries)
  } catch (error) {
    if (error instanceof Problem) return Either.left(`${name}:${error.line}: ${error.message}`)
    throw error
  }
}
