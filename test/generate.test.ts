/** The committed generated modules are what `npm run generate` makes of the specs in `spec/`. */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { generate, OUTPUTS } from "../scripts/generate.js"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("npm run generate", () => {
  const generated = generate()

  it("writes the wire Schemas, the table of operations and the fake's view of the specs", () => {
    expect(Object.keys(generated).sort()).toEqual(Object.values(OUTPUTS).sort())
  })

  it.each(Object.values(OUTPUTS))("%s is up to date with spec/ (run `npm run generate`)", (path) => {
    expect(readFileSync(`${root}${path}`, "utf8")).toBe(generated[path])
  })
})
