/**
 * The JUnit XML report (read by GitLab, Jenkins, Azure DevOps): one `testsuite` per model, named by its
 * URI; one `testcase` per rule evaluation, its `classname` the security group; a `failure` for a failed
 * rule (its state and violations in the text), an `error` for a rule or a scan in ERROR, or a scan
 * without a verdict in time. Counts and times are filled in.
 */
import type { RuleEvaluationResponse } from "@effect-airs/model-security"
import { type GateRun, type ModelOutcome, remediationOf, violationText } from "./outcome.js"
import { element, type XmlElement, xmlDocument } from "./xml.js"

const seconds = (value: number) => value.toFixed(3)

/** JUnit's timestamp: ISO 8601 without a zone (UTC). */
const timestamp = (date: Date) => date.toISOString().slice(0, 19)

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`

/** The text of a failed rule: its description, then each violation. */
const failureText = (model: ModelOutcome, evaluation: RuleEvaluationResponse): string => {
  const lines = [
    `${evaluation.rule_name} [${evaluation.rule_instance_state}]: ${evaluation.rule_description}`,
    `model: ${model.modelUri}`
  ]
  for (const v of model.violations.filter((v) => v.rule_instance_uuid === evaluation.rule_instance_uuid)) {
    lines.push(`- file: ${v.file ?? "-"}  threat: ${v.threat ?? "-"}`, `  ${violationText(v)}`)
    const remediation = remediationOf(v)
    if (remediation !== null) lines.push(`  remediation: ${remediation}`)
  }
  return lines.join("\n")
}

interface Case {
  readonly element: XmlElement
  readonly failed: boolean
  readonly errored: boolean
  readonly skipped: boolean
}

const testcase = (model: ModelOutcome, name: string, outcome?: XmlElement): Case => ({
  element: element(
    "testcase",
    {
      name,
      classname: model.group?.name ?? model.scan?.security_group_name ?? "airs-ms",
      file: model.source?.file,
      line: model.source?.line,
      time: seconds(0)
    },
    outcome === undefined ? [] : [outcome]
  ),
  failed: outcome?.name === "failure",
  errored: outcome?.name === "error",
  skipped: outcome?.name === "skipped"
})

/** The testcases of one model. */
const casesOf = (model: ModelOutcome): ReadonlyArray<Case> => {
  if (model.failure !== undefined) {
    return [
      testcase(
        model,
        "scan",
        element("error", { message: model.failure.message, type: model.failure.code }, [
          `${model.failure.code}: ${model.failure.message}\nmodel: ${model.modelUri}${
            model.scan === undefined ? "" : `\nscan: ${model.scan.uuid}`
          }`
        ])
      )
    ]
  }
  if (model.verdict === "PENDING") {
    return [testcase(model, "scan", element("skipped", { message: "the verdict was not waited for" }))]
  }
  const cases = model.evaluations.map((evaluation) => {
    if (evaluation.result === "FAILED") {
      return testcase(
        model,
        evaluation.rule_name,
        element(
          "failure",
          {
            message: `${evaluation.rule_instance_state} rule failed: ${plural(evaluation.violation_count, "violation")}`,
            type: evaluation.rule_instance_state
          },
          [failureText(model, evaluation)]
        )
      )
    }
    if (evaluation.result !== "PASSED") {
      return testcase(
        model,
        evaluation.rule_name,
        element("error", {
          message: `the rule's evaluation ended in ${evaluation.result}`,
          type: evaluation.result
        })
      )
    }
    return testcase(model, evaluation.rule_name)
  })
  // A BLOCKED verdict fails its suite even when no failed evaluation was listed.
  if (model.verdict === "BLOCKED" && !cases.some((c) => c.failed)) {
    cases.push(
      testcase(model, "verdict", element("failure", { message: "the scan was BLOCKED", type: "BLOCKED" }))
    )
  }
  return cases
}

interface Counts {
  readonly tests: number
  readonly failures: number
  readonly errors: number
  readonly skipped: number
}

const countsOf = (cases: ReadonlyArray<Case>): Counts => ({
  tests: cases.length,
  failures: cases.filter((c) => c.failed).length,
  errors: cases.filter((c) => c.errored).length,
  skipped: cases.filter((c) => c.skipped).length
})

const properties = (model: ModelOutcome) =>
  element(
    "properties",
    {},
    [
      ["verdict", model.verdict],
      ["model_uri", model.modelUri],
      ["security_group_uuid", model.group?.uuid],
      ["scan_uuid", model.scan?.uuid],
      ["source", model.source === undefined ? undefined : `${model.source.file}:${model.source.line}`]
    ]
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => element("property", { name, value }))
  )

/** The JUnit XML report of a run. */
export const junitReport = (run: GateRun): string => {
  const suites = run.models.map((model, id) => {
    const cases = casesOf(model)
    const counts = countsOf(cases)
    const started = model.scan === undefined ? run.startedAt : new Date(model.scan.created_at)
    return {
      counts,
      element: element(
        "testsuite",
        {
          name: model.modelUri,
          id,
          tests: counts.tests,
          failures: counts.failures,
          errors: counts.errors,
          skipped: counts.skipped,
          time: seconds(model.seconds),
          timestamp: timestamp(Number.isNaN(started.getTime()) ? run.startedAt : started)
        },
        [properties(model), ...cases.map((c) => c.element)]
      )
    }
  })
  const total = (key: keyof Counts) => suites.reduce((sum, suite) => sum + suite.counts[key], 0)
  return xmlDocument(
    element(
      "testsuites",
      {
        name: run.tool.name,
        tests: total("tests"),
        failures: total("failures"),
        errors: total("errors"),
        skipped: total("skipped"),
        time: seconds(run.seconds),
        timestamp: timestamp(run.startedAt)
      },
      suites.map((suite) => suite.element)
    )
  )
}
