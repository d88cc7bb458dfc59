/**
 * Output: a value or a stream of items in the chosen format, written to stdout page by page (respecting
 * backpressure, so `--all` runs in constant memory), and progress on stderr only when it is a terminal.
 */
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DataFormat, ReportFormat } from "./options.js"
import { Stdio } from "./stdio.js"

/** The YAML module, loaded when a command writes or reads YAML. */
export const yaml: Effect.Effect<typeof import("yaml")> = Effect.promise(() =>
  // The default export is the module itself, whether Node or the bundle loads it.
  import("yaml").then((module) => module.default)
)

/** What one invocation decided about its output. */
export interface SessionShape {
  /** The output format. */
  readonly format: DataFormat
  /** The report `scan --wait` writes on stdout instead (`-o sarif|junit|markdown`), if one was asked. */
  readonly report?: ReportFormat | undefined
  /** Whether to show progress (stderr is a terminal). */
  readonly progress: boolean
  /** Whether commands run against the embedded fake. */
  readonly fake: boolean
}

/** The output settings of the running command. */
export class Session extends Context.Tag("@effect-airs/model-security-cli/Session")<
  Session,
  SessionShape
>() {}

/** Writes to stdout, waiting for `drain` when the pipe is full. */
export const writeOut = (text: string): Effect.Effect<void> =>
  text === "" ? Effect.void : Effect.flatMap(Stdio, (stdio) => stdio.out(text))

/** Writes a line to stderr. */
export const writeErr = (line: string): Effect.Effect<void> =>
  Effect.flatMap(Stdio, (stdio) =>
    Effect.sync(() => {
      stdio.err(line.endsWith("\n") ? line : `${line}\n`)
    })
  )

/** A progress line on stderr (overwritten by the next), only when stderr is a terminal. */
export const progress = (line: string): Effect.Effect<void, never, Session> =>
  Effect.flatMap(Session, (session) =>
    session.progress
      ? Effect.flatMap(Stdio, (stdio) =>
          Effect.sync(() => {
            stdio.err(`\r\x1b[2K${line}`)
          })
        )
      : Effect.void
  )

/** Clears the progress line. */
export const progressDone: Effect.Effect<void, never, Session> = Effect.flatMap(Session, (session) =>
  session.progress
    ? Effect.flatMap(Stdio, (stdio) =>
        Effect.sync(() => {
          stdio.err("\r\x1b[2K")
        })
      )
    : Effect.void
)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Nested objects become `a.b` keys; arrays stay values. A non-object becomes `{ value }`. */
export const flatten = (value: unknown, prefix = "", into: Record<string, unknown> = {}) => {
  if (!isPlainObject(value)) {
    into[prefix === "" ? "value" : prefix] = value
    return into
  }
  for (const [key, inner] of Object.entries(value)) {
    const name = prefix === "" ? key : `${prefix}.${key}`
    if (isPlainObject(inner) && Object.keys(inner).length > 0) flatten(inner, name, into)
    else into[name] = inner
  }
  return into
}

const isLabel = (item: unknown): item is { key: unknown; value: unknown } =>
  isPlainObject(item) && "key" in item && "value" in item && Object.keys(item).length === 2

/** A value as one cell: labels as `k=v, …`, other arrays and objects as JSON, nothing as "". */
export const cell = (value: unknown): string => {
  if (value === null || value === undefined) return ""
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isLabel)) return value.map((l) => `${l.key}=${l.value}`).join(", ")
    if (value.every((item) => typeof item !== "object" || item === null)) return value.join(", ")
    return JSON.stringify(value)
  }
  if (typeof value === "object") return JSON.stringify(value)
  return String(value)
}

/** The value at a dotted path (`eval_summary.rules_failed`); a non-object item is its own `value`. */
export const pick = (item: unknown, path: string): unknown => {
  if (!isPlainObject(item)) return path === "value" ? item : undefined
  let current: unknown = item
  for (const part of path.split(".")) {
    if (!isPlainObject(current)) return undefined
    current = current[part]
  }
  return current
}

/** A CSV field, quoted when it must be. */
export const csvField = (text: string): string =>
  /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text

/** A CSV row, CRLF-terminated. */
export const csvRow = (fields: ReadonlyArray<string>) => `${fields.map(csvField).join(",")}\r\n`

const MAX_WIDTH = 60

const fit = (text: string, width: number) => {
  const flat = text.replace(/\s*\n\s*/g, " ")
  return flat.length > width ? `${flat.slice(0, Math.max(width - 1, 0))}…` : flat.padEnd(width)
}

const tableLines = (rows: ReadonlyArray<ReadonlyArray<string>>, widths: ReadonlyArray<number>) =>
  rows
    .map(
      (row) =>
        `${row
          .map((text, i) => fit(text, widths[i]!))
          .join("  ")
          .trimEnd()}\n`
    )
    .join("")

const indentJson = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, "\n  ")

/** How a list is written. */
export interface ListShape {
  /** Columns of the table format (dotted paths). */
  readonly columns: ReadonlyArray<string>
  /** What the items are, for "No scans." */
  readonly noun: string
}

/**
 * Writes every item of a stream in `format`, one chunk (a page) at a time: JSON as an array, NDJSON a
 * line per item, CSV with the flattened fields of the first page as header, YAML as a sequence, a table
 * sized on the first page. Returns the number of items.
 */
export const writeStream = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  format: DataFormat,
  shape: ListShape
): Effect.Effect<number, E, R> =>
  Effect.flatMap(format === "yaml" ? yaml : Effect.succeed(undefined), (YAML) => {
    let count = 0
    let header: ReadonlyArray<string> | undefined
    let widths: ReadonlyArray<number> | undefined
    const render = (items: ReadonlyArray<A>): string => {
      const first = count === 0
      count += items.length
      switch (format) {
        case "json":
          return `${first ? "[\n  " : ",\n  "}${items.map(indentJson).join(",\n  ")}`
        case "ndjson": {
          let text = ""
          for (const item of items) text += `${JSON.stringify(item)}\n`
          return text
        }
        case "yaml":
          return YAML!.stringify(items)
        case "csv": {
          const flat = items.map((item) => flatten(item))
          let prefix = ""
          if (header === undefined) {
            const keys = new Set<string>()
            for (const row of flat) for (const key of Object.keys(row)) keys.add(key)
            header = [...keys]
            prefix = csvRow(header)
          }
          const names = header
          return prefix + flat.map((row) => csvRow(names.map((key) => cell(row[key])))).join("")
        }
        case "table": {
          const rows = items.map((item) => shape.columns.map((column) => cell(pick(item, column))))
          let prefix = ""
          if (widths === undefined) {
            const titles = shape.columns.map((column) => column.toUpperCase())
            widths = titles.map((title, i) =>
              Math.min(MAX_WIDTH, Math.max(title.length, ...rows.map((row) => row[i]!.length)))
            )
            prefix = tableLines([titles], widths)
          }
          return prefix + tableLines(rows, widths)
        }
      }
    }
    const finish = (): string => {
      if (count === 0) {
        if (format === "json") return "[]\n"
        if (format === "yaml") return "[]\n"
        if (format === "table") return `No ${shape.noun}.\n`
        return ""
      }
      return format === "json" ? "\n]\n" : ""
    }
    return Stream.runForEachChunk(stream, (chunk) =>
      Chunk.isEmpty(chunk) ? Effect.void : writeOut(render(Chunk.toReadonlyArray(chunk)))
    ).pipe(
      Effect.zipRight(Effect.suspend(() => writeOut(finish()))),
      Effect.map(() => count)
    )
  })

/**
 * One value as text in `format`; the table format lists its flattened fields, one per line. `YAML` is
 * the `yaml` module, loaded only for that format.
 */
const valueText = (value: unknown, format: DataFormat, YAML: typeof import("yaml") | undefined): string => {
  switch (format) {
    case "json":
      return `${JSON.stringify(value, null, 2)}\n`
    case "ndjson":
      return `${JSON.stringify(value)}\n`
    case "yaml":
      return YAML!.stringify(value)
    case "csv": {
      const flat = flatten(value)
      const keys = Object.keys(flat)
      return csvRow(keys) + csvRow(keys.map((key) => cell(flat[key])))
    }
    case "table": {
      const flat = flatten(value)
      const keys = Object.keys(flat)
      const width = Math.max(0, ...keys.map((key) => key.length))
      return (
        keys
          .map((key) =>
            `${key.padEnd(width)}  ${cell(flat[key])
              .replace(/\n/g, `\n${" ".repeat(width + 2)}`)
              .trimEnd()}`.trimEnd()
          )
          .join("\n") + (keys.length > 0 ? "\n" : "")
      )
    }
  }
}

/** Writes one value in `format` (see `valueText`). */
export const writeValue = (value: unknown, format: DataFormat): Effect.Effect<void> =>
  Effect.flatMap(format === "yaml" ? yaml : Effect.succeed(undefined), (YAML) =>
    writeOut(valueText(value, format, YAML))
  )

/** Writes a value in the session's format. */
export const emit = (value: unknown): Effect.Effect<void, never, Session> =>
  Effect.flatMap(Session, (session) => writeValue(value, session.format))
