/**
 * Aggregates a V8 `.cpuprofile` (`node --cpu-prof`, or `profile.ts`) by self time: per function
 * (name, file:line) and per package. Frames in the harness's bundles (node_modules/.cache/airs-bench)
 * are mapped back to their source files and lines through the bundles' source maps.
 *
 *   tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 30]
 */
import { existsSync, readFileSync } from "node:fs"
import { SourceMap } from "node:module"
import { dirname, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface Profile {
  readonly nodes: ReadonlyArray<{ readonly id: number; readonly callFrame: CallFrame }>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

export interface SelfTime {
  readonly name: string
  readonly micros: number
  readonly share: number
}

const root = fileURLToPath(new URL("..", import.meta.url))
const maps = new Map<string, SourceMap | undefined>()

const sourceMapOf = (path: string): SourceMap | undefined => {
  if (!maps.has(path)) {
    const file = `${path}.map`
    maps.set(path, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : undefined)
  }
  return maps.get(path)
}

/** A frame's file (repo-relative when inside the repo) and 1-based line, through a source map when there is one. */
const locate = (frame: CallFrame): { readonly file: string; readonly line: number } | undefined => {
  if (frame.url === "") return undefined
  if (frame.url.startsWith("node:")) return { file: frame.url, line: frame.lineNumber + 1 }
  const path = frame.url.startsWith("file:") ? fileURLToPath(frame.url) : frame.url
  const entry = sourceMapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber)
  if (entry !== undefined && "originalSource" in entry) {
    const source = entry.originalSource.startsWith("file:")
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(path), entry.originalSource)
    return { file: relative(root, source), line: entry.originalLine + 1 }
  }
  return { file: relative(root, path), line: frame.lineNumber + 1 }
}

/** The package of a file: `node_modules/<name>`, else the repo-relative file itself. */
const packageOf = (file: string): string => {
  if (file.startsWith("node:")) return "node internals"
  const at = file.lastIndexOf("node_modules/")
  if (at < 0) return file
  const [scope, name] = file.slice(at + "node_modules/".length).split("/")
  return scope?.startsWith("@") ? `${scope}/${name}` : (scope ?? "?")
}

/** Self time by function and by package, largest first. */
export const aggregate = (profile: Profile) => {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const selfById = new Map<number, number>()
  let total = 0
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    selfById.set(id, (selfById.get(id) ?? 0) + delta)
    total += delta
  })
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [id, micros] of selfById) {
    const frame = frames.get(id)!
    const at = locate(frame)
    const shortFile = at?.file.replace(/^.*node_modules\//, "")
    const name = `${frame.functionName || "(anonymous)"}${at === undefined ? "" : `  ${shortFile}:${at.line}`}`
    functions.set(name, (functions.get(name) ?? 0) + micros)
    const pkg =
      at === undefined
        ? frame.functionName.startsWith("(")
          ? frame.functionName
          : "(native)"
        : packageOf(at.file)
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros)
  }
  const sorted = (map: Map<string, number>): Array<SelfTime> =>
    [...map]
      .map(([name, micros]) => ({ name, micros, share: micros / total }))
      .sort((a, b) => b.micros - a.micros)
  return { totalMicros: total, functions: sorted(functions), packages: sorted(packages) }
}

/** A plain-text report of the top entries. */
export const formatTop = (profile: Profile, top: number): string => {
  const { totalMicros, functions, packages } = aggregate(profile)
  const line = (entry: SelfTime) =>
    `${(entry.share * 100).toFixed(1).padStart(5)}%  ${(entry.micros / 1000).toFixed(0).padStart(6)} ms  ${entry.name}`
  return [
    `total sampled: ${(totalMicros / 1000).toFixed(0)} ms`,
    "",
    "self time by package (or src file):",
    ...packages.slice(0, 20).map(line),
    "",
    `top ${top} functions by self time:`,
    ...functions.slice(0, top).map(line)
  ].join("\n")
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "30" } }
  })
  const file = positionals[0]
  if (file === undefined) throw new Error("usage: cpuprofile-top.ts <file.cpuprofile> [--top 30]")
  process.stdout.write(
    `${formatTop(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(values.top))}\n`
  )
}
