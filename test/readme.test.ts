/**
 * Every TypeScript block of the README compiles against the package as users import it: the type check
 * of `npm test` (`npm run typecheck`) writes them to `test/readme-blocks/` and compiles them with the
 * project, so this file checks that what it compiled is the README as it stands.
 */
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
// @ts-expect-error: a plain script of the project, without declarations
import { readmeBlocks } from "../scripts/readme-blocks.mjs"

const dir = fileURLToPath(new URL("./readme-blocks/", import.meta.url))
const blocks: ReadonlyArray<string> = readmeBlocks()

describe("README", () => {
  it("has TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4)
  })

  it("its blocks, as they stand, are what the type check compiled (run `npm run typecheck` if not)", () => {
    const written = readdirSync(dir)
      .filter((name) => /^block-\d+\.ts$/.test(name))
      .sort((a, b) => Number(a.slice(6, -3)) - Number(b.slice(6, -3)))
      .map((name) => readFileSync(`${dir}${name}`, "utf8"))
    expect(written).toEqual(blocks)
  })
})
