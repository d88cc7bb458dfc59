/**
 * FastAPI/pydantic-style request validation, interpreted from the vendor specs: an operation's path and
 * query parameters and JSON body checked as pydantic's lax mode does, defaults filled in, and every
 * issue reported together as a 422 `detail`.
 */
import type { SpecOperation, SpecSchema } from "../vendor-spec.js"
import { NO_ISSUES, type ValidationIssue } from "./check.js"
import type { SchemaCompiler } from "./schema-compiler.js"

/** A request's parts as the router sees them: path parameters (decoded), query values, raw body. */
export interface RawRequest {
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The values of a validated request. */
export interface ValidatedParts {
  readonly path: Readonly<Record<string, unknown>>
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly issues: ReadonlyArray<ValidationIssue>
}

/** Validates a whole request of one operation. */
export type RequestValidator = (request: RawRequest) => ValidatedParts

/** Parses a JSON request body the way FastAPI does: non-JSON content types yield the raw text. */
const readJsonBody = (
  request: RawRequest
): { readonly input: unknown } | { readonly issue: ValidationIssue } | { readonly missing: true } => {
  if (request.body.length === 0) return { missing: true }
  const contentType = request.headers["content-type"]
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase()
  if (
    mediaType !== undefined &&
    mediaType !== "application/json" &&
    !/^application\/.+\+json$/.test(mediaType)
  ) {
    return { input: request.body }
  }
  try {
    return { input: JSON.parse(request.body) }
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1]
    return {
      issue: {
        type: "json_invalid",
        loc: ["body", position === undefined ? 0 : Number(position)],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" }
      }
    }
  }
}

/** Whether a parameter takes every occurrence of a repeated query key (a list, possibly nullable). */
const isList = (compiler: SchemaCompiler, schema: SpecSchema): boolean => {
  const resolved = compiler.resolve(schema)
  return (
    resolved.type === "array" ||
    ((resolved.anyOf ?? resolved.oneOf) as ReadonlyArray<SpecSchema> | undefined)?.some((member) =>
      isList(compiler, member)
    ) === true
  )
}

/**
 * The validator of one operation: path parameters, then query parameters (in the spec's order), then
 * the JSON body, all issues reported together as FastAPI does. A repeated query key gives a list
 * parameter all its values and any other parameter the last one; an absent parameter takes its default.
 */
export const compileOperation = (compiler: SchemaCompiler, operation: SpecOperation): RequestValidator => {
  const parameters = operation.parameters.map((parameter) => ({
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    check: compiler.compile(parameter.schema),
    list: parameter.in === "query" && isList(compiler, parameter.schema),
    hasDefault: "default" in parameter.schema,
    fallback: parameter.schema.default as unknown
  }))
  const body = operation.body === undefined ? undefined : compiler.compile(operation.body)
  return (request) => {
    const path: Record<string, unknown> = {}
    const query: Record<string, unknown> = {}
    const issues: Array<ValidationIssue> = []
    for (const parameter of parameters) {
      const target = parameter.in === "path" ? path : query
      let raw: unknown
      if (parameter.in === "path") raw = request.params[parameter.name]
      else {
        const values = request.query[parameter.name]
        if (values !== undefined && values.length > 0)
          raw = parameter.list ? values : values[values.length - 1]
      }
      if (raw === undefined) {
        if (parameter.required) {
          issues.push({
            type: "missing",
            loc: [parameter.in, parameter.name],
            msg: "Field required",
            input: null
          })
        } else if (parameter.hasDefault) target[parameter.name] = parameter.fallback
        continue
      }
      const checked = parameter.check(raw, [parameter.in, parameter.name])
      if (checked.issues.length > 0) issues.push(...checked.issues)
      if (checked.value !== undefined) target[parameter.name] = checked.value
      else if (parameter.hasDefault) target[parameter.name] = parameter.fallback
    }
    let value: unknown
    if (body !== undefined) {
      const read = readJsonBody(request)
      if ("issue" in read) issues.push(read.issue)
      else if ("missing" in read)
        issues.push({ type: "missing", loc: ["body"], msg: "Field required", input: null })
      else {
        const checked = body(read.input, ["body"])
        if (checked.issues.length > 0) issues.push(...checked.issues)
        value = checked.value
      }
    }
    return { path, query, body: value, issues: issues.length === 0 ? NO_ISSUES : issues }
  }
}
