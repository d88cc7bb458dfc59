/**
 * Writes each TypeScript block of the README to `test/readme-blocks/block-N.ts` (not committed), so that the project's type
 * check (`npm run typecheck`) compiles them against the package as users import it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const dir = `${root}test/readme-blocks`

/**
 * The README's TypeScript blocks, in order, each as the file the type check reads: a module whose
 * top-level declarations are exported, since a snippet may declare what it only shows.
 */
export const readmeBlocks = () =>
  [...readFileSync(`${root}README.md`, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (match) => `${(match[1] ?? "").replace(/^(const|let|function|class) /gm, "export $1 ")}\nexport {}\n`
  )

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const [index, code] of readmeBlocks().entries()) writeFileSync(`${dir}/block-${index + 1}.ts`, code)
}
