/**
 * An esbuild plugin (for tsup) that writes the licenses of the packages a bundle holds, read from its
 * inputs (the build's metafile): every package under `node_modules` whose code ended up in an output,
 * with its license file. The builds of one process that name the same file write it together, so a
 * file may list the packages of several builds (the Promise entry and its undici bundle).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, resolve, sep } from "node:path"
import type { Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

/** The package directory (`…/node_modules/name` or `…/node_modules/@scope/name`) of a bundled file. */
export const packageDirOf = (file: string): string | undefined => {
  const parts = resolve(file).split(sep)
  const at = parts.lastIndexOf("node_modules")
  if (at < 0 || at + 1 >= parts.length) return undefined
  const length = parts[at + 1]!.startsWith("@") ? 3 : 2
  return parts.slice(0, at + length).join(sep)
}

/** A package's name and its license text (the first `LICENSE*`/`LICENCE*` file of its directory). */
export const licenseOf = (dir: string): { readonly name: string; readonly text: string } => {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }
  const file = readdirSync(dir)
    .filter((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name))
    .sort()[0]
  if (file === undefined) throw new Error(`${manifest.name} (${dir}) has no LICENSE file to ship`)
  return { name: manifest.name, text: readFileSync(join(dir, file), "utf8").trim() }
}

/** The Markdown file: a title, what bundles what, and each package's license, by package name. */
export const renderLicenses = (intro: string, packageDirs: Iterable<string>): string => {
  const licenses = [...new Set(packageDirs)]
    .map(licenseOf)
    .sort((a, b) => a.name.replace(/^@/, "").localeCompare(b.name.replace(/^@/, "")))
  const sections = licenses.map(({ name, text }) => `## ${name}\n\n\`\`\`\n${text}\n\`\`\`\n`)
  return `# Third-party licenses\n\n${intro}\n\n${sections.join("\n")}`
}

const bundled = new Map<string, Set<string>>()

/**
 * Writes `out` when a build ends: `intro`, then the license of every package whose code the build's
 * outputs (and those of the other builds writing `out` in this process) hold.
 */
export const thirdPartyLicenses = (options: { readonly out: string; readonly intro: string }): Plugin => ({
  name: "third-party-licenses",
  setup: (build) => {
    build.initialOptions.metafile = true
    build.onEnd((result) => {
      if (result.metafile === undefined || result.errors.length > 0) return
      let dirs = bundled.get(options.out)
      if (dirs === undefined) {
        dirs = new Set()
        bundled.set(options.out, dirs)
      }
      for (const output of Object.values(result.metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          const dir = bytesInOutput > 0 ? packageDirOf(input) : undefined
          if (dir !== undefined) dirs.add(dir)
        }
      }
      writeFileSync(options.out, renderLicenses(options.intro, dirs))
    })
  }
})
