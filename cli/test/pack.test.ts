/**
 * The packed CLI is one self-contained package: its built files, README and the licenses of what it
 * bundles, no dependencies and no install scripts, and code that imports nothing but its own files and
 * Node's modules. `test/install-lines.test.ts` installs it (`npm install -g`, `npx`) and runs it.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { beforeAll, describe, expect, it } from "vitest"
import { ROOT } from "../../test/support/pack.js"
import { packed } from "../../test/support/packed.js"

const exec = promisify(execFile)

let unpacked: string

beforeAll(async () => {
  const tarball = await packed("cli")
  unpacked = mkdtempSync(join(tmpdir(), "airs-cli-unpacked-"))
  await exec("tar", ["-xzf", tarball, "-C", unpacked])
  unpacked = join(unpacked, "package")
}, 120_000)

/** Every module a file of `dist` imports or requires (its bundled CommonJS through `__require`). */
const specifiers = (code: string): ReadonlyArray<string> =>
  [
    // `import{a}from"./chunk.js"`, `export{b}from"…"`, `import"./x.js"` at the start of a statement
    /(?:^|[;\n}])\s*(?:import|export)\b[^;"'`]*?from\s*["']([^"']+)["']/g,
    /(?:^|[;\n}])\s*import\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /require\(\s*["']([^"']+)["']\s*\)/g
  ].flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1]!))

describe("npm pack of the CLI", () => {
  it("holds the built files, the README and the third-party licenses, nothing else", () => {
    const dist = readdirSync(join(unpacked, "dist"))
    expect(readdirSync(unpacked).sort()).toEqual([
      "README.md",
      "THIRD_PARTY_LICENSES.md",
      "dist",
      "package.json"
    ])
    expect(dist).toContain("bin.js")
    expect(dist.filter((file) => !/^[\w-]+\.js$/.test(file))).toEqual([])
  })

  it("declares no dependencies and no install scripts", () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"))
    const declared = Object.keys(manifest).filter((key) => /dependencies$/i.test(key))
    expect(
      declared.filter((key) => Object.keys(manifest[key]).length > 0 && key !== "devDependencies")
    ).toEqual([])
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => /install|prepare/.test(name))).toEqual([])
    expect(manifest.bin).toEqual({ "airs-ms": "./dist/bin.js" })
  })

  it("imports nothing but its own files and Node's modules", () => {
    const builtins = new Set(builtinModules)
    const outside = readdirSync(join(unpacked, "dist")).flatMap((file) =>
      specifiers(readFileSync(join(unpacked, "dist", file), "utf8"))
        .filter(
          (specifier) =>
            !specifier.startsWith("./") && !specifier.startsWith("node:") && !builtins.has(specifier)
        )
        .map((specifier) => `${file}: ${specifier}`)
    )
    expect(outside).toEqual([])
  })

  it("ships the license of each bundled package, as the package has it", () => {
    const licenses = readFileSync(join(unpacked, "THIRD_PARTY_LICENSES.md"), "utf8")
    const sections = new Map(
      [...licenses.matchAll(/^## (\S+)\n\n```\n([\s\S]*?)\n```$/gm)].map((m) => [m[1]!, m[2]!])
    )
    for (const name of [
      "effect",
      "@effect/cli",
      "@effect/platform",
      "@effect/platform-node",
      "undici",
      "yaml"
    ])
      expect([...sections.keys()], name).toContain(name)
    const differing = [...sections].filter(([name, text]) => {
      const dir = join(ROOT, "node_modules", name)
      const file = readdirSync(dir).find((entry) => /^licen[cs]e(\.(md|txt))?$/i.test(entry))
      return file === undefined || readFileSync(join(dir, file), "utf8").trim() !== text
    })
    expect(differing.map(([name]) => name)).toEqual([])
  })
})
