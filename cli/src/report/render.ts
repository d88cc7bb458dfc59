/**
 * A run in any output format, and the `--report FORMAT=PATH` option that writes it to files besides
 * stdout; the path of a `--from` file as reports show it.
 */
import { isAbsolute, normalize, relative, resolve, sep } from "node:path"
import { Options } from "@effect/cli"
import * as Effect from "effect/Effect"
import YAML from "yaml"
import { FORMATS, type Format, invalid } from "../options.js"
import { junitReport } from "./junit.js"
import { markdownReport } from "./markdown.js"
import type { GateRun } from "./outcome.js"
import { sarifReport } from "./sarif.js"
import { modelJson, runCsv, runJson, runText } from "./text.js"

/** The run in `format`. */
export const renderRun = (run: GateRun, format: Format): string => {
  switch (format) {
    case "json":
      return `${JSON.stringify(runJson(run), null, 2)}\n`
    case "ndjson":
      return run.single
        ? `${JSON.stringify(runJson(run))}\n`
        : run.models.map((model) => `${JSON.stringify(modelJson(model))}\n`).join("")
    case "yaml":
      return YAML.stringify(runJson(run))
    case "csv":
      return runCsv(run)
    case "table":
      return runText(run)
    case "sarif":
      return sarifReport(run)
    case "junit":
      return junitReport(run)
    case "markdown":
      return markdownReport(run)
  }
}

/** A report to write to a file. */
export interface ReportFile {
  readonly format: Format
  readonly path: string
}

/** `--report FORMAT=PATH`, repeatable. */
export const reportOption = Options.text("report").pipe(
  Options.withPseudoName("format=path"),
  Options.withDescription(
    `Also write the report in FORMAT (${FORMATS.join(", ")}) to PATH, whatever stdout shows; repeatable (needs --wait).`
  ),
  Options.repeated,
  Options.mapEffect((items) => {
    const files: Array<ReportFile> = []
    for (const item of items) {
      const at = item.indexOf("=")
      const name = item.slice(0, Math.max(at, 0)).toLowerCase()
      const format = FORMATS.find((known) => known === name)
      if (at <= 0 || item.slice(at + 1) === "") {
        return invalid("report", `expected FORMAT=PATH such as sarif=results.sarif, got '${item}'`)
      }
      if (format === undefined) {
        return invalid("report", `expected a format of ${FORMATS.join(", ")}, got '${item.slice(0, at)}'`)
      }
      files.push({ format, path: item.slice(at + 1) })
    }
    return Effect.succeed(files as ReadonlyArray<ReportFile>)
  })
)

/**
 * How reports name a `--from` file: relative to the checkout (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`) when
 * it is inside it, as code scanning and annotations expect; else as given. Always with `/`.
 */
export const shownPath = (given: string, env: Readonly<Record<string, string | undefined>>): string => {
  const root = env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR
  if (root) {
    const inside = relative(resolve(root), resolve(given))
    if (inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)) return inside.split(sep).join("/")
  }
  return normalize(given).split(sep).join("/")
}
