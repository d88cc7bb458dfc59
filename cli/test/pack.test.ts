/**
 * The packed tarballs of both packages, installed in a fresh folder, give a working `npx airs-ms --fake …`.
 * The install reaches the npm registry (or its cache) only for the named dependencies of the tarballs.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { requireBuild } from "./support.js"

const exec = promisify(execFile)
const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const npm = process.platform === "win32" ? "npm.cmd" : "npm"

describe("npm pack", () => {
  it("both tarballs install in a fresh folder and run the gate against the embedded fake", {
    timeout: 300_000
  }, async () => {
    requireBuild()
    const packs = mkdtempSync(join(tmpdir(), "airs-ms-packs-"))
    await exec(npm, ["pack", "--pack-destination", packs], { cwd: ROOT })
    await exec(npm, ["pack", "-w", "cli", "--pack-destination", packs], { cwd: ROOT })
    const tarballs = readdirSync(packs)
      .filter((name) => name.endsWith(".tgz"))
      .sort()
    expect(tarballs).toEqual([
      "effect-airs-model-security-0.1.0.tgz",
      "effect-airs-model-security-cli-0.1.0.tgz"
    ])

    const fresh = mkdtempSync(join(tmpdir(), "airs-ms-fresh-"))
    writeFileSync(
      join(fresh, "package.json"),
      JSON.stringify({ name: "fresh", version: "1.0.0", private: true })
    )
    await exec(
      npm,
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        ...tarballs.map((name) => join(packs, name))
      ],
      { cwd: fresh, timeout: 240_000 }
    )
    const gate = await exec(
      npm,
      [
        "exec",
        "--offline",
        "--",
        "airs-ms",
        "--fake",
        "scan",
        "https://huggingface.co/acme/unsafe-model",
        "--wait",
        "-o",
        "json"
      ],
      { cwd: fresh, env: { PATH: process.env.PATH ?? "", HOME: fresh } }
    ).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error
    )
    expect(gate.code).toBe(1)
    expect(JSON.parse(gate.stdout)).toMatchObject({ verdict: "BLOCKED", exit_code: 1 })
    const allowed = await exec(
      npm,
      [
        "exec",
        "--offline",
        "--",
        "airs-ms",
        "--fake",
        "scan",
        "https://huggingface.co/acme/sentiment",
        "--wait",
        "-o",
        "json"
      ],
      { cwd: fresh, env: { PATH: process.env.PATH ?? "", HOME: fresh } }
    )
    expect(JSON.parse(allowed.stdout).verdict).toBe("ALLOWED")
  })
})
