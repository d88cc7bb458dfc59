/**
 * The report writers given hostile text (what a model URI, a manifest or the API's strings may hold):
 * workflow commands, XML and Markdown keep it as text, never as syntax; SARIF stays schema-valid. And the
 * manifest reader: the forms it takes, and each mistake named by file and line.
 */
import type { RuleEvaluationResponse, ScanBaseResponse, ViolationResponse } from "@effect-airs/model-security"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { labelValue } from "../src/report/ci-labels.js"
import { annotations, escapeData, escapeProperty, workflowCommand } from "../src/report/github.js"
import { junitReport } from "../src/report/junit.js"
import { parseManifest } from "../src/report/manifest.js"
import { code, escapeMarkdown, markdownReport } from "../src/report/markdown.js"
import { type GateRun, gateRun, type ModelOutcome } from "../src/report/outcome.js"
import { sarifLog, uriOfModel, uriOfPath } from "../src/report/sarif.js"
import { element, xmlDocument } from "../src/report/xml.js"
import { elements, parseWorkflowCommand, parseXml, readJUnit, sarifErrors } from "./report-support.js"

const HOSTILE = `50% a,b:c::d\r\n<e attr="x">&amp; 'f' ]]> \`g\` | *h* [i](javascript:alert(1)) <img src=x onerror=y>`
const CONTROL = "nul\u0000 bell\u0007 lone\uD800 end"

const scan = (modelUri: string, outcome: string): ScanBaseResponse => ({
  uuid: "816d6196-749d-4f65-b01f-816d6188649d",
  tsg_id: "1234567890",
  created_at: "2026-01-02T03:04:05Z",
  updated_at: "2026-01-02T03:04:09Z",
  model_uri: modelUri,
  owner: "ci",
  scan_origin: "MODEL_SECURITY_SDK",
  security_group_uuid: "27f613af-013f-4bd9-bb79-27f613ae713f",
  security_group_name: HOSTILE,
  eval_outcome: outcome,
  source_type: "HUGGING_FACE"
})

const evaluation = (name: string, result: string, state: string): RuleEvaluationResponse => ({
  uuid: "0b4a6b0c-0000-4000-8000-000000000001",
  tsg_id: "1234567890",
  created_at: "2026-01-02T03:04:06Z",
  updated_at: "2026-01-02T03:04:06Z",
  result,
  violation_count: result === "FAILED" ? 1 : 0,
  rule_instance_uuid: `instance-${name}`,
  scan_uuid: "816d6196-749d-4f65-b01f-816d6188649d",
  rule_name: name,
  rule_description: HOSTILE,
  rule_instance_state: state
})

const violation = (rule: string, state: string): ViolationResponse => ({
  uuid: "0b4a6b0c-0000-4000-8000-000000000002",
  tsg_id: "1234567890",
  created_at: "2026-01-02T03:04:07Z",
  updated_at: "2026-01-02T03:04:07Z",
  description: HOSTILE,
  rule_instance_uuid: `instance-${rule}`,
  rule_name: rule,
  rule_description: HOSTILE,
  rule_instance_state: state,
  file: `/weights/${HOSTILE}${CONTROL}.bin`,
  threat: "PAIT-PKL-101",
  threat_description: `${HOSTILE} ${CONTROL}`,
  threat_kb_url: "javascript:alert(1)",
  remediation: { steps: [HOSTILE], url: "https://example.com/a (b)" }
})

const model = (fields: Partial<ModelOutcome>): ModelOutcome => ({
  modelUri: `https://huggingface.co/acme/${encodeURIComponent(HOSTILE)}`,
  source: { file: `dir with, odd:name%/models.txt`, line: 7 },
  verdict: "BLOCKED",
  exitCode: 1,
  group: { uuid: "27f613af-013f-4bd9-bb79-27f613ae713f", name: HOSTILE },
  scan: undefined,
  failure: undefined,
  evaluations: [],
  violations: [],
  seconds: 1.5,
  ...fields
})

const hostileRun = (): GateRun => {
  const blocked = model({
    scan: scan("https://huggingface.co/acme/x", "BLOCKED"),
    evaluations: [
      evaluation(`Rule ${HOSTILE}`, "FAILED", "BLOCKING"),
      evaluation("Passing", "PASSED", "BLOCKING")
    ],
    violations: [violation(`Rule ${HOSTILE}`, "BLOCKING")]
  })
  const errored = model({
    modelUri: `s3://bucket/${HOSTILE}`,
    source: undefined,
    verdict: "ERROR",
    exitCode: 3,
    failure: { code: "MODEL_LOAD_FAILED", message: `${HOSTILE} ${CONTROL}` }
  })
  return gateRun(
    { name: "airs-ms", version: "0.1.0" },
    [blocked, errored],
    new Date(0),
    new Date(2500),
    false
  )
}

describe("workflow commands", () => {
  it("escape %, CR and LF in the message, and also : and , in properties", () => {
    expect(escapeData("50% a\r\nb: c, d")).toBe("50%25 a%0D%0Ab: c, d")
    expect(escapeProperty("50% a\r\nb: c, d")).toBe("50%25 a%0D%0Ab%3A c%2C d")
    expect(workflowCommand("error", { file: "a,b:c.txt", line: 3, col: undefined }, "x::y")).toBe(
      "::error file=a%2Cb%3Ac.txt,line=3::x::y"
    )
  })

  it("any text reads back whole through the runner's grammar", () => {
    const line = workflowCommand("warning", { file: HOSTILE, title: CONTROL }, `${HOSTILE}\n${CONTROL}`)
    expect(line.includes("\n") || line.includes("\r")).toBe(false)
    expect(parseWorkflowCommand(line)).toEqual({
      command: "warning",
      properties: { file: HOSTILE, title: CONTROL },
      message: `${HOSTILE}\n${CONTROL}`
    })
  })

  it("the grammar refuses what the runner would misread", () => {
    expect(parseWorkflowCommand("::error file=a:b::m")).toBeUndefined()
    expect(parseWorkflowCommand("::error title=50%::m")).toBeUndefined()
    expect(parseWorkflowCommand("::error::50% done")).toBeUndefined()
  })

  it("one per violation and one per scan without a verdict, each parsed back", () => {
    const lines = annotations(hostileRun())
    expect(lines.map((line) => parseWorkflowCommand(line))).toEqual([
      {
        command: "error",
        properties: {
          file: "dir with, odd:name%/models.txt",
          line: "7",
          title: `AIRS BLOCKING: Rule ${HOSTILE}`
        },
        message: `PAIT-PKL-101: ${HOSTILE} ${CONTROL} (/weights/${HOSTILE}${CONTROL}.bin in ${hostileRun().models[0]!.modelUri})`
      },
      {
        command: "error",
        properties: { title: "AIRS model security: ERROR" },
        message: `MODEL_LOAD_FAILED: ${HOSTILE} ${CONTROL} (s3://bucket/${HOSTILE})`
      }
    ])
  })
})

describe("XML", () => {
  it("attributes and text read back as written; characters XML cannot hold become U+FFFD", () => {
    const document = parseXml(xmlDocument(element("a", { x: HOSTILE, y: CONTROL }, [HOSTILE, element("b")])))
    const a = document.documentElement!
    expect(a.getAttribute("x")).toBe(HOSTILE)
    expect(a.getAttribute("y")).toBe("nul\uFFFD bell\uFFFD lone\uFFFD end")
    expect(a.firstChild!.textContent!.trim()).toBe(HOSTILE.replace(/\r\n/, "\n").trim())
  })

  it("the JUnit report of hostile names parses, with its counts", () => {
    const junit = readJUnit(junitReport(hostileRun()))
    expect(junit.suites.map((s) => [s.tests, s.failures, s.errors])).toEqual([
      [2, 1, 0],
      [1, 0, 1]
    ])
    expect(junit.suites[0]!.cases[0]!.classname).toBe(HOSTILE)
    expect(junit.suites[1]!.cases[0]!.error!.message).toBe(
      `${HOSTILE} nul\uFFFD bell\uFFFD lone\uFFFD end`.replace(/\r\n/, "\r\n")
    )
    expect(elements(parseXml(junitReport(hostileRun())), "testcase")).toHaveLength(3)
  })
})

describe("Markdown", () => {
  it("escapes what could become emphasis, code, links, HTML or a table cell", () => {
    expect(escapeMarkdown("*a* _b_ `c` [d](e) <f> g|h &amp; ~i~\nj")).toBe(
      "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) &lt;f&gt; g\\|h &amp;amp; \\~i\\~ j"
    )
    expect(code("a`b|c")).toBe("``a`b\\|c``")
    expect(code("`x`")).toBe("`` `x` ``")
  })

  it("links only http(s) pages; the hostile run's report holds no raw HTML and no other link", () => {
    // Code spans show their text as it is, so only what is outside them could be markup.
    const text = markdownReport(hostileRun()).replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "")
    expect(text).not.toMatch(/<(img|e|script)\b/i)
    // A link is `[text](url)` whose `]` is not escaped.
    const links = [...text.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1])
    expect(links).toEqual(["https://example.com/a%20%28b%29"])
  })
})

describe("SARIF", () => {
  it("the validator refuses an invalid log", () => {
    expect(sarifErrors({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }).length).toBeGreaterThan(0)
  })

  it("a run of hostile names is schema-valid; locations are URI references", () => {
    const log = sarifLog(hostileRun())
    expect(sarifErrors(log)).toEqual([])
    const [blocked, errored] = log.runs[0]!.results!
    expect(blocked!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      "dir%20with%2C%20odd%3Aname%25/models.txt"
    )
    expect(errored!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      uriOfModel(`s3://bucket/${HOSTILE}`)
    )
    expect(uriOfPath("/models/a b.txt")).toBe("file:///models/a%20b.txt")
    expect(uriOfModel("models/local model")).toBe("models/local%20model")
    expect(uriOfModel("https://huggingface.co/acme/x")).toBe("https://huggingface.co/acme/x")
  })
})

describe("--ci-labels values", () => {
  it("every character but letters, digits, _ and - becomes -, cut at 256", () => {
    expect(labelValue("acme/models")).toBe("acme-models")
    expect(labelValue("feature/x.y")).toBe("feature-x-y")
    expect(labelValue("Ünïcode ref_1-2")).toBe("-n-code-ref_1-2")
    expect(labelValue("x".repeat(300))).toBe("x".repeat(256))
  })
})

describe("--from manifests", () => {
  const entries = (text: string, name = "models.txt") =>
    Either.getOrThrowWith(parseManifest(text, name), (message) => new Error(message)).map((entry) => [
      entry.modelUri,
      entry.line,
      entry.groupUuid,
      entry.labels
    ])
  const problem = (text: string, name = "models.txt") => Either.getLeft(parseManifest(text, name))

  it("one URI per line; blank lines and # comments ignored", () => {
    expect(entries("# models\n\nhf://acme/a\n  s3://b/c   # the big one\r\nhttps://x/y#frag\n")).toEqual([
      ["hf://acme/a", 3, undefined, []],
      ["s3://b/c", 4, undefined, []],
      ["https://x/y#frag", 5, undefined, []]
    ])
  })

  it("a YAML list of URIs and objects, each at the line naming its model", () => {
    const yaml = `# release
- hf://acme/a
- model_uri: hf://acme/b
  security_group_uuid: 27f613af-013f-4bd9-bb79-27f613ae713f
  labels: { team: ml, tier: 1 }
- labels:
    team: ml
  model_uri: hf://acme/c
`
    expect(entries(yaml, "models.yaml")).toEqual([
      ["hf://acme/a", 2, undefined, []],
      [
        "hf://acme/b",
        3,
        "27f613af-013f-4bd9-bb79-27f613ae713f",
        [
          ["team", "ml"],
          ["tier", "1"]
        ]
      ],
      ["hf://acme/c", 8, undefined, [["team", "ml"]]]
    ])
  })

  it("a JSON list", () => {
    expect(entries('[\n  "hf://acme/a",\n  { "model_uri": "hf://acme/b" }\n]\n', "models.json")).toEqual([
      ["hf://acme/a", 2, undefined, []],
      ["hf://acme/b", 3, undefined, []]
    ])
  })

  it("each mistake named by file and line", () => {
    expect(problem("")).toEqual(Option.some("models.txt: no models in it"))
    expect(problem("hf://a b\n")).toEqual(Option.some("models.txt:1: one model URI per line, got 'hf://a b'"))
    expect(problem("- hf://a\n- security_group: x\n", "m.yaml")).toEqual(
      Either.getLeft(
        Either.left(
          "m.yaml:2: unknown key 'security_group' (expected model_uri, security_group_uuid, labels)"
        )
      )
    )
    expect(problem("- model_uri: hf://a\n  security_group_uuid: nope\n", "m.yaml")).toEqual(
      Option.some("m.yaml:2: security_group_uuid must be a UUID, got 'nope'")
    )
    expect(problem("- model_uri: hf://a\n  labels:\n    team: ml/ops\n", "m.yaml")).toEqual(
      Either.getLeft(
        Either.left(`m.yaml:3: label value 'ml/ops' of 'team' must be 1 to 256 letters, digits, "_" or "-"`)
      )
    )
    expect(problem("- labels: {}\n", "m.yaml")).toEqual(Option.some("m.yaml:1: model_uri is missing"))
    expect(problem("models:\n  - hf://a\n", "m.yaml")).toEqual(
      Option.some("m.yaml:1: expected a list of models")
    )
    expect(problem("- [unclosed\n", "m.yaml")._tag).toBe("Some")
  })
})
