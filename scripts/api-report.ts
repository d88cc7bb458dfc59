/**
 * The public surface of every entry of the package, as a text kept in `etc/exports.md`: each exported
 * name with its kind, entry by entry. `test/api-report.test.ts` fails when the code's surface differs
 * from the committed text, so that a change to what users can import shows up in review; `npm run api`
 * writes the text anew.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("..", import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { name: string }

/** Each entry of `package.json`'s `exports`, and the source it is built from. */
export const ENTRIES: ReadonlyArray<readonly [entry: string, source: string]> = [
  [".", "src/index.ts"],
  ["./compat", "src/compat.ts"],
  ["./node", "src/node.ts"],
  ["./testing", "src/testing.ts"]
]

/** The file the report is kept in. */
export const REPORT_PATH = `${root}etc/exports.md`

const KINDS: ReadonlyArray<readonly [ts.SymbolFlags, string]> = [
  [ts.SymbolFlags.Class, "class"],
  [ts.SymbolFlags.Function, "function"],
  [ts.SymbolFlags.Variable, "const"],
  [ts.SymbolFlags.Enum, "enum"],
  [ts.SymbolFlags.Interface, "interface"],
  [ts.SymbolFlags.TypeAlias, "type"],
  [ts.SymbolFlags.Module, "namespace"]
]

const kindsOf = (symbol: ts.Symbol): string =>
  KINDS.filter(([flag]) => (symbol.flags & flag) !== 0)
    .map(([, kind]) => kind)
    .join(" + ") || "other"

/** The report: a section per entry, a line per exported name (sorted), with its kind. */
export const apiReport = (): string => {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${root}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined
    }
  )
  const program = ts.createProgram(
    ENTRIES.map(([, source]) => `${root}${source}`),
    { ...config?.options, noEmit: true }
  )
  const checker = program.getTypeChecker()
  const sections = ENTRIES.map(([entry, source]) => {
    const file = program.getSourceFile(`${root}${source}`)
    const module = file && checker.getSymbolAtLocation(file)
    if (module === undefined) throw new Error(`${source} is not a module`)
    const lines = checker
      .getExportsOfModule(module)
      .sort((a, b) => (a.getName() < b.getName() ? -1 : 1))
      .map((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
        return `- \`${symbol.getName()}\`: ${kindsOf(target)}`
      })
    const name = entry === "." ? pkg.name : `${pkg.name}/${entry.slice(2)}`
    return `## \`${name}\`\n\n${lines.length} exports, from \`${source}\`.\n\n${lines.join("\n")}\n`
  })
  return `# Public exports\n\nWhat each entry of the package exports, and what kind of thing each name is. Written by \`npm run api\`; \`test/api-report.test.ts\` keeps it equal to the code.\n\n${sections.join("\n")}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(REPORT_PATH, apiReport())
  console.log(`wrote ${REPORT_PATH}`)
}
