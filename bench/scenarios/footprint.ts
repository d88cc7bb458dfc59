/**
 * Scenario 7: what a Promise user installs — `npm install` of this package (packed from the measured
 * build) and of the existing SDK, each in a fresh folder, measured the same way.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Built } from "../built.js"
import { exec, type Installed, installedIn, npm } from "../install.js"
import { num, ratio, type ScenarioResult } from "../report.js"
import type { BenchConfig } from "./shared.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const EXISTING = "@cdot65/prisma-airs-sdk"

/** This package as npm publishes it, with the measured build as its `dist`. */
const pack = async (built: Built, into: string): Promise<string> => {
  const stage = mkdtempSync(join(tmpdir(), "bench-stage-"))
  try {
    for (const file of ["package.json", "README.md", "THIRD_PARTY_LICENSES.md"])
      cpSync(join(root, file), join(stage, file))
    cpSync(join(root, "src"), join(stage, "src"), { recursive: true })
    cpSync(built.dir, join(stage, "dist"), { recursive: true })
    const { stdout } = await exec(npm, ["pack", "--json", "--pack-destination", into], { cwd: stage })
    return join(into, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename)
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

const install = async (spec: string): Promise<Installed> => {
  const folder = mkdtempSync(join(tmpdir(), "bench-install-"))
  try {
    writeFileSync(
      join(folder, "package.json"),
      JSON.stringify({ name: "fresh", version: "1.0.0", private: true })
    )
    const { stderr } = await exec(npm, ["install", spec, "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: folder,
      timeout: 240_000
    })
    return installedIn(join(folder, "node_modules"), stderr)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

export const footprint = async (config: BenchConfig, built: Built): Promise<ScenarioResult> => {
  const packs = mkdtempSync(join(tmpdir(), "bench-packs-"))
  try {
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[EXISTING]
    const ours = await install(await pack(built, packs))
    const existing = await install(`${EXISTING}@${version}`)
    config.log(`  ours ${num(ours.bytes / 1e6)} MB, existing ${num(existing.bytes / 1e6)} MB`)
    const mb = (bytes: number) => `${num(bytes / 1e6)} MB`
    const row = (label: string, installed: Installed) => [
      label,
      installed.packages.join(", "),
      mb(installed.bytes),
      num(installed.files),
      ratio(installed.bytes / existing.bytes),
      installed.warnings.length === 0 ? "none" : installed.warnings.join("; ")
    ]
    const met = ours.bytes <= existing.bytes && ours.warnings.length === 0
    return {
      id: "7",
      title: "Install: what a Promise user downloads",
      setup:
        "`npm install <package>` in a fresh folder (npm's cache allowed, `--prefer-offline`), for this package " +
        `(packed from the measured build: ${built.how}) and for the existing SDK (${EXISTING} ${version}); ` +
        "*size* adds up the bytes of every file under `node_modules`.",
      tables: [
        {
          columns: ["install", "packages", "size", "files", "× existing", "npm warnings"],
          rows: [
            row("ours: `npm install @effect-airs/model-security`", ours),
            row(`existing: \`npm install ${EXISTING}\``, existing)
          ]
        }
      ],
      targets: [
        {
          target:
            "ours: a Promise user's install takes no more room than the existing SDK's, without warnings",
          measured: `${mb(ours.bytes)} vs ${mb(existing.bytes)} (${ratio(ours.bytes / existing.bytes)}), ${
            ours.warnings.length === 0 ? "no warning" : `${ours.warnings.length} warning(s)`
          }`,
          met
        }
      ],
      notes: [
        "The Promise entry carries what it uses of `effect` and `@effect/platform`; they are optional peers of the Effect entries, which a Promise user does not install."
      ],
      raw: { ours, existing }
    }
  } finally {
    rmSync(packs, { recursive: true, force: true })
  }
}
