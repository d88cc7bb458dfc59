/** Every TypeScript block of the README compiles against the package as users import it. */
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const readme = readFileSync(`${root}README.md`, "utf8")
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "")

describe("README", () => {
  it("has TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4)
  })

  it("type-checks every TypeScript block", () => {
    const dir = `${root}node_modules/.readme-check`
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    blocks.forEach((code, index) => {
      writeFileSync(`${dir}/block-${index + 1}.ts`, `${code}\nexport {}\n`)
    })
    writeFileSync(
      `${dir}/tsconfig.json`,
      JSON.stringify({
        extends: "../../tsconfig.json",
        include: ["./*.ts"],
        compilerOptions: { noUnusedLocals: false }
      })
    )
    let output = ""
    try {
      execFileSync(
        process.execPath,
        [`${root}node_modules/typescript/bin/tsc`, "--noEmit", "-p", `${dir}/tsconfig.json`],
        {
          encoding: "utf8"
        }
      )
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error)
    }
    expect(output).toBe("")
  }, 120_000)
})
