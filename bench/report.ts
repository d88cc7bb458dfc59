/** The report: scenario results as data, and their rendering as `RESULTS.md`. */
import type { Summary } from "./stats.js"

/** A target of the issue and whether this run met it. */
export interface TargetCheck {
  /** What is asked, e.g. "Effect API (layerNode) ≤ 1.15× the undici floor". */
  readonly target: string
  /** What was measured, e.g. "1.08×". */
  readonly measured: string
  readonly met: boolean
}

/** A table: a header row and rows of cells. */
export interface Table {
  readonly caption?: string
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  /** "1" … "6". */
  readonly id: string
  readonly title: string
  /** How it was run: counts, latency, rounds. */
  readonly setup: string
  readonly tables: ReadonlyArray<Table>
  readonly targets: ReadonlyArray<TargetCheck>
  readonly notes: ReadonlyArray<string>
  /** The raw measurements, for `results.json`. */
  readonly raw: unknown
  /** Headline figures by name (`cli.version`), for the before-and-after table. */
  readonly figures?: Readonly<Record<string, number>>
}

/** Figures from before a change (`bench/before.json`): when they were measured, and each by name. */
export interface Before {
  readonly when: string
  readonly figures: Readonly<Record<string, number>>
}

/** The rows of the before-and-after table: a figure's name, what it is, how it reads. */
const BEFORE_AFTER: ReadonlyArray<readonly [name: string, label: string, show: (value: number) => string]> = [
  ["cli.version", "`airs-ms --version`, fresh process", (v) => ms(v)],
  ["cli.existingVersion", "`airs-cli --version` (existing CLI), fresh process", (v) => ms(v)],
  ["cli.fakeList", "`airs-ms --fake rules list -o json`, fresh process", (v) => ms(v)],
  ["cli.installedMb", "CLI installed from its tarball (`npm install -g`), size", (v) => `${num(v)} MB`],
  ["cli.packages", "CLI installed from its tarball, packages", (v) => String(v)],
  ["cli.warnings", "CLI installed from its tarball, npm warnings", (v) => String(v)],
  ["compat.coldStart", "compat: fresh `node` → import → construct → first `scans.list`", (v) => ms(v)],
  ["compat.existingColdStart", "existing SDK: the same", (v) => ms(v)],
  ["effect.coldStart", "Effect entry (`layerNode`): the same", (v) => ms(v)]
]

const beforeAfter = (before: Before, scenarios: ReadonlyArray<ScenarioResult>): Array<string> => {
  const after: Record<string, number> = Object.assign({}, ...scenarios.map((s) => s.figures ?? {}))
  const rows = BEFORE_AFTER.filter(([name]) => name in after || name in before.figures).map(
    ([name, label, show]) => {
      const was = before.figures[name]
      const is = after[name]
      return [label, was === undefined ? "—" : show(was), is === undefined ? "not run" : show(is)]
    }
  )
  return [
    "",
    "## Before and after",
    "",
    `*Before:* ${before.when}.`,
    "",
    renderTable({ columns: ["", "before", "this run"], rows })
  ]
}

/** The machine and run a report describes. */
export interface RunInfo {
  readonly date: string
  readonly node: string
  readonly cpu: string
  readonly cores: number
  readonly platform: string
  readonly memoryGb: number
  readonly commit: string
  readonly quick: boolean
  readonly rounds: number
  readonly durationS: number
  readonly command: string
  /** 1-minute load average when the run started and when it ended (other work on the machine skews results). */
  readonly load: readonly [number, number]
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "—")

/** A number with about three significant digits. */
export const num = (value: number): string =>
  !Number.isFinite(value)
    ? "—"
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString("en-US")
      : Math.abs(value) >= 10
        ? fixed(value, 1)
        : fixed(value, 2)

/** "123 ms". */
export const ms = (value: number): string => `${num(value)} ms`
/** "1.08×". */
export const ratio = (value: number): string => (Number.isFinite(value) ? `${fixed(value, 2)}×` : "—")
/** "✅ yes" / "❌ no". */
export const verdict = (met: boolean): string => (met ? "✅ yes" : "❌ no")
/** "min–max" of a summary, formatted by `format` (unit once, at the end). */
export const spread = (summary: Summary, format: (value: number) => string = num): string =>
  `${format(summary.min)}–${format(summary.max)}`
/** "q1–q3". */
export const iqr = (summary: Summary, format: (value: number) => string = num): string =>
  `${format(summary.q1)}–${format(summary.q3)}`

const escapeCell = (cell: string) => cell.replaceAll("|", "\\|")

const renderTable = (table: Table): string => {
  const lines = [
    ...(table.caption === undefined ? [] : [`${table.caption}`, ""]),
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `|${table.columns.map(() => "---").join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`)
  ]
  return lines.join("\n")
}

/** `RESULTS.md`. */
export const renderMarkdown = (
  info: RunInfo,
  scenarios: ReadonlyArray<ScenarioResult>,
  before?: Before
): string => {
  const targets = scenarios.flatMap((s) => s.targets.map((t) => ({ ...t, scenario: s.id })))
  const met = targets.filter((t) => t.met).length
  const parts = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`bench/run.ts`); do not edit by hand. Benchmarks report, they do not",
    "gate CI (`test/bench-smoke.test.ts` only checks that the harness still runs).",
    "",
    `**Machine:** Node ${info.node}, ${info.cpu}, ${info.cores} cores, ${info.platform}, ${info.memoryGb} GB RAM.  `,
    `**Run:** ${info.date}, commit ${info.commit}, \`${info.command}\`, ${info.rounds} measured round(s)` +
      `${info.quick ? " (--quick: small counts, not meaningful)" : ""}, ${Math.round(info.durationS)} s in all; ` +
      `load average ${info.load[0].toFixed(2)} at the start, ${info.load[1].toFixed(2)} at the end.`,
    "",
    "The servers run in their own processes, so the client process has a core to itself; the server's time is",
    "still inside every wall-clock number. The fake AIRS (`bench/fake-server.ts`) builds every answer, as a real",
    "server would; the server of precomputed bodies (`bench/fast-server.ts`) replays answers the fake computed",
    "once, so that the client's own cost shows. In scenarios 1 and 2 each contestant runs in a process of its",
    "own; the others run in this one. *Client CPU* is the CPU time of the client",
    "process alone. Garbage is collected before each run. Medians over the rounds; spread is min–max; contestants run in a",
    "different order each round. Floors are raw loops with a token fetched beforehand and `JSON.parse`,",
    "no validation: the least any client can do.",
    "",
    `## Targets: ${met} of ${targets.length} met`,
    "",
    renderTable({
      columns: ["scenario", "target", "measured", "met?"],
      rows: targets.map((t) => [t.scenario, t.target, t.measured, verdict(t.met)])
    }),
    ...(before === undefined ? [] : beforeAfter(before, scenarios))
  ]
  for (const scenario of scenarios) {
    parts.push("", `## ${scenario.id}. ${scenario.title}`, "", scenario.setup)
    for (const table of scenario.tables) parts.push("", renderTable(table))
    if (scenario.notes.length > 0) parts.push("", ...scenario.notes.map((note) => `- ${note}`))
  }
  return `${parts.join("\n")}\n`
}
