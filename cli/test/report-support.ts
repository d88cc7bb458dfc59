/**
 * What the report tests read the reports with: the official SARIF 2.1.0 schemas (the OASIS one and its
 * stricter errata 01, copied into fixtures/) through ajv with its formats, a strict XML parser for
 * JUnit, the grammar of GitHub workflow commands; manifests in a temporary workspace; and a fake AIRS
 * behind a proxy that ends the scans of "broken" models in ERROR and never those of "slow" ones.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { FakeAirs } from "@effect-airs/model-security/testing"
import { DOMParser, type Element } from "@xmldom/xmldom"
import Ajv from "ajv"
import formats from "ajv-formats"
import { envFor } from "./support.js"

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as Record<string, unknown>

const sarifValidators = () => {
  // The schemas' patterns are written for non-Unicode regular expressions.
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false })
  formats.default(ajv)
  const oasis = ajv.compile(fixture("sarif-schema-2.1.0.json"))
  // Errata 01 is a draft-04 schema: read as draft-07, its root `id` is `$id`.
  const { id, $schema: _draft, ...errata } = fixture("sarif-schema-2.1.0-errata01.json")
  const errata01 = ajv.compile({ ...errata, $id: id as string })
  return { oasis, errata01 }
}

let validators: ReturnType<typeof sarifValidators> | undefined

/** The schema errors of a SARIF log, against both schemas (none when it is valid). */
export const sarifErrors = (log: unknown): Array<string> => {
  validators ??= sarifValidators()
  return Object.entries(validators).flatMap(([name, validate]) =>
    validate(log) ? [] : (validate.errors ?? []).map((e) => `${name}: ${e.instancePath} ${e.message}`)
  )
}

/**
 * Parses XML, failing on any error or warning of the parser but the one that U+FFFD is there (the
 * writer puts it in place of the characters XML cannot hold).
 */
export const parseXml = (text: string) =>
  new DOMParser({
    onError: (level, message) => {
      if (level === "warning" && message.startsWith("Unicode replacement character detected")) return
      throw new Error(`XML ${level}: ${message}`)
    }
  }).parseFromString(text, "text/xml")

/** The elements named `name` under `node`, in document order. */
export const elements = (node: { getElementsByTagName(name: string): ArrayLike<Element> }, name: string) =>
  Array.from(node.getElementsByTagName(name))

/** A JUnit report as its suites, their counts and their cases. */
export const readJUnit = (text: string) => {
  const document = parseXml(text)
  const root = document.documentElement!
  const count = (element: Element, name: string) => Number(element.getAttribute(name))
  return {
    name: root.tagName,
    tests: count(root, "tests"),
    failures: count(root, "failures"),
    errors: count(root, "errors"),
    time: root.getAttribute("time"),
    suites: elements(root, "testsuite").map((suite) => ({
      name: suite.getAttribute("name"),
      tests: count(suite, "tests"),
      failures: count(suite, "failures"),
      errors: count(suite, "errors"),
      skipped: count(suite, "skipped"),
      time: suite.getAttribute("time"),
      timestamp: suite.getAttribute("timestamp"),
      properties: Object.fromEntries(
        elements(suite, "property").map((p) => [p.getAttribute("name"), p.getAttribute("value")])
      ),
      cases: elements(suite, "testcase").map((testcase) => {
        const failure = elements(testcase, "failure")[0]
        const error = elements(testcase, "error")[0]
        return {
          name: testcase.getAttribute("name"),
          classname: testcase.getAttribute("classname"),
          file: testcase.getAttribute("file"),
          line: testcase.getAttribute("line"),
          time: testcase.getAttribute("time"),
          failure:
            failure === undefined
              ? undefined
              : {
                  type: failure.getAttribute("type"),
                  message: failure.getAttribute("message"),
                  text: failure.textContent
                },
          error:
            error === undefined
              ? undefined
              : {
                  type: error.getAttribute("type"),
                  message: error.getAttribute("message"),
                  text: error.textContent
                }
        }
      })
    }))
  }
}

/** A workflow command, read as the runner reads it. */
export interface WorkflowCommand {
  readonly command: string
  readonly properties: Record<string, string>
  readonly message: string
}

const unescapeData = (text: string) => text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%")
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ":").replace(/%2C/g, ","))

// `::name key=value,key=value::message`: no raw CR or LF; a property value holds neither `:` nor `,`,
// and `%` only as one of the escapes (the message likewise for `%`).
const COMMAND =
  /^::([a-z-]+)(?: ((?:[A-Za-z]+=(?:[^%:,\r\n]|%25|%0D|%0A|%3A|%2C)*)(?:,[A-Za-z]+=(?:[^%:,\r\n]|%25|%0D|%0A|%3A|%2C)*)*))?::((?:[^%\r\n]|%25|%0D|%0A)*)$/

/** Parses one line as a workflow command; `undefined` when it is none or breaks the escaping rules. */
export const parseWorkflowCommand = (line: string): WorkflowCommand | undefined => {
  const match = COMMAND.exec(line)
  if (match === null) return undefined
  const properties: Record<string, string> = {}
  for (const pair of match[2]?.split(",") ?? []) {
    const at = pair.indexOf("=")
    properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
  }
  return { command: match[1]!, properties, message: unescapeData(match[3]!) }
}

/** A fresh directory holding `files` (paths relative to it). */
export const workspace = (files: Readonly<Record<string, string>> = {}): string => {
  const root = mkdtempSync(join(tmpdir(), "airs-ms-ws-"))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/**
 * A fake AIRS behind a proxy that turns the finished scans of a model whose URI holds "broken" into
 * ERROR (MODEL_LOAD_FAILED), as the API reports a model it could not download, and keeps the scans of a
 * model whose URI holds "slow" PENDING.
 */
export const serveTroubledFake = async () => {
  const fake = FakeAirs.make({ scans: 0, scanPolls: 1 })
  const proxy = Http.createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(key, value)
    const answer = await fake.handler(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method!,
        headers,
        ...(body.length > 0 ? { body } : {})
      })
    )
    let text = await answer.text()
    if (req.method === "GET" && /\/v1\/scans\/[0-9a-f-]{36}$/.test(req.url ?? "")) {
      const scan = JSON.parse(text)
      if (scan.model_uri.includes("broken") && scan.eval_outcome !== "PENDING") {
        text = JSON.stringify({
          ...scan,
          eval_outcome: "ERROR",
          error_code: "MODEL_LOAD_FAILED",
          error_message: "the model could not be downloaded"
        })
      }
      if (scan.model_uri.includes("slow")) text = JSON.stringify({ ...scan, eval_outcome: "PENDING" })
    }
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
    res.end(text)
  })
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  return {
    env: envFor(fake.credentials, url),
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve()))
  }
}
