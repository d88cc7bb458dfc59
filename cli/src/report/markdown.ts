/**
 * The Markdown report, for pull-request comments and the step summary: the run's verdict, a line per
 * model, and for each model with a failed rule or no verdict its failed rules and violations (file,
 * threat, remediation, links where the API gives them). Short when every rule passed. Text from the API
 * is escaped, so it cannot add markup, links or HTML.
 */
import {
  failedEvaluations,
  type GateRun,
  httpUrl,
  type ModelOutcome,
  tally,
  type Verdict,
  violationText
} from "./outcome.js"

/** Violations listed per model; the rest are counted (a comment holds at most 65,536 characters). */
const MAX_VIOLATIONS = 50

const ICON: Record<Verdict, string> = {
  ALLOWED: "✅",
  BLOCKED: "❌",
  ERROR: "⚠️",
  TIMED_OUT: "⏱️",
  PENDING: "⏳"
}

/**
 * Text on one line with every character that could start inline markup (emphasis, code, links, HTML,
 * entities, table cells) escaped. It is never put at the start of a line, where more would be needed.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)

/** Inline code, fenced by more backticks than it holds; `|` escaped, as tables need. */
export const code = (text: string): string => {
  const flat = text.replace(/[\r\n]+/g, " ")
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = "`".repeat(longest + 1)
  const padded = flat.startsWith("`") || flat.endsWith("`") ? ` ${flat} ` : flat
  return `${fence}${padded}${fence}`.replace(/\|/g, "\\|")
}

/** A link when the URL is http(s), else the text alone. */
const link = (text: string, url: string | null | undefined): string => {
  const safe = httpUrl(url)
  return safe === undefined ? text : `[${text}](${safe.replace(/\(/g, "%28").replace(/\)/g, "%29")})`
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`

const rulesCell = (model: ModelOutcome) =>
  model.evaluations.length === 0 ? "–" : `${failedEvaluations(model).length} of ${model.evaluations.length}`

const where = (model: ModelOutcome) =>
  model.source === undefined ? "" : ` (${code(`${model.source.file}:${model.source.line}`)})`

const summaryTable = (run: GateRun): Array<string> => [
  "| | model | verdict | failed rules | violations |",
  "|---|---|---|---|---|",
  ...run.models.map(
    (model) =>
      `| ${ICON[model.verdict]} | ${code(model.modelUri)}${where(model)} | ${model.verdict} | ${rulesCell(model)} | ${model.violations.length} |`
  )
]

const violationRows = (model: ModelOutcome): Array<string> => {
  const shown = model.violations.slice(0, MAX_VIOLATIONS)
  const rows = shown.map((v) => {
    const threat =
      v.threat == null
        ? escapeMarkdown(violationText(v))
        : `${link(code(v.threat), v.threat_kb_url)} ${escapeMarkdown(violationText(v))}`
    const steps = (v.remediation?.steps ?? []).map(escapeMarkdown).join(" ")
    const guide = httpUrl(v.remediation?.url) === undefined ? "" : link("guide", v.remediation?.url)
    const remediation = [steps, guide].filter((part) => part !== "").join(" ") || "–"
    return `| ${escapeMarkdown(v.rule_name)} (${v.rule_instance_state}) | ${v.file == null ? "–" : code(v.file)} | ${threat} | ${remediation} |`
  })
  const more = model.violations.length - shown.length
  return [
    "| rule | file | threat | remediation |",
    "|---|---|---|---|",
    ...rows,
    ...(more > 0 ? ["", `…and ${plural(more, "more violation")}.`] : [])
  ]
}

const details = (model: ModelOutcome): Array<string> => {
  const facts = [
    model.group === undefined ? undefined : `security group ${code(model.group.name)}`,
    model.scan === undefined ? undefined : `scan ${code(model.scan.uuid)}`,
    model.source === undefined ? undefined : `named in ${code(model.source.file)} line ${model.source.line}`
  ].filter((fact): fact is string => fact !== undefined)
  const lines = ["", `### ${ICON[model.verdict]} ${model.verdict}: ${code(model.modelUri)}`, ""]
  if (facts.length > 0) lines.push(`${facts.join(" · ")}`, "")
  if (model.failure !== undefined) {
    lines.push(`${code(model.failure.code)}: ${escapeMarkdown(model.failure.message)}`)
  }
  const failed = failedEvaluations(model)
  if (failed.length > 0) {
    lines.push("**Failed rules**", "")
    for (const rule of failed) {
      lines.push(
        `- **${escapeMarkdown(rule.rule_name)}** (${rule.rule_instance_state}${rule.rule_origin === "CUSTOM" ? ", custom" : ""}): ${escapeMarkdown(rule.rule_description)} — ${plural(rule.violation_count, "violation")}`
      )
    }
  }
  if (model.violations.length > 0) lines.push("", "**Violations**", "", ...violationRows(model))
  return lines
}

/** The Markdown report of a run. */
export const markdownReport = (run: GateRun): string => {
  const heading = `## ${ICON[run.verdict]} AIRS model security: ${run.verdict}`
  const needDetails = run.models.filter(
    (model) =>
      model.failure !== undefined || failedEvaluations(model).length > 0 || model.violations.length > 0
  )
  if (needDetails.length === 0) {
    const names = run.models.map((model) => code(model.modelUri)).join(", ")
    return `${heading}\n\n${plural(run.models.length, "model")}, every rule passed: ${names}.\n`
  }
  return `${[
    heading,
    "",
    `${plural(run.models.length, "model")}: ${tally(run.models)}.`,
    "",
    ...summaryTable(run),
    ...needDetails.flatMap(details)
  ].join("\n")}\n`
}
