/**
 * GitHub Actions: one workflow command per violation (`::error` for a BLOCKING rule, `::warning` for an
 * ALLOWING one) and per scan without a verdict, at the `--from` file's line when the model was named
 * there; and the step's outputs. Workflow commands are escaped as the runner reads them: in the message
 * `%`, CR and LF; in a property also `:` and `,`.
 */
import { type GateRun, type ModelOutcome, violationText } from "./outcome.js"

/** Whether the process runs in a GitHub Actions job. */
export const isGitHubActions = (env: Readonly<Record<string, string | undefined>>): boolean =>
  env.GITHUB_ACTIONS === "true"

/** A workflow command's message. */
export const escapeData = (text: string): string =>
  text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

/** A workflow command's property value. */
export const escapeProperty = (text: string): string =>
  escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C")

/** `::command key=value,…::message`, escaped. */
export const workflowCommand = (
  command: string,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string
): string => {
  const pairs = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
  return `::${command}${pairs.length === 0 ? "" : ` ${pairs.join(",")}`}::${escapeData(message)}`
}

const located = (model: ModelOutcome) =>
  model.source === undefined ? {} : { file: model.source.file, line: model.source.line }

/** The annotations of a run, one line each. */
export const annotations = (run: GateRun): ReadonlyArray<string> =>
  run.models.flatMap((model) => {
    if (model.failure !== undefined) {
      return [
        workflowCommand(
          "error",
          { ...located(model), title: `AIRS model security: ${model.verdict}` },
          `${model.failure.code}: ${model.failure.message} (${model.modelUri})`
        )
      ]
    }
    return model.violations.map((violation) => {
      const blocking = violation.rule_instance_state === "BLOCKING"
      const what =
        violation.threat == null
          ? violationText(violation)
          : `${violation.threat}: ${violationText(violation)}`
      const where = violation.file == null ? model.modelUri : `${violation.file} in ${model.modelUri}`
      return workflowCommand(
        blocking ? "error" : "warning",
        { ...located(model), title: `AIRS ${violation.rule_instance_state}: ${violation.rule_name}` },
        `${what} (${where})`
      )
    })
  })

/** The step's outputs, as lines of `$GITHUB_OUTPUT`: the run's verdict and exit code. */
export const stepOutputs = (run: GateRun): string => `verdict=${run.verdict}\nexit-code=${run.exitCode}\n`
