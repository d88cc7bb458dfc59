/**
 * The packed tarballs of both packages, installed in a fresh folder, give a working `npx airs-ms --fake …`.
 * The install reaches the npm registry (or its cache) only for the named dependencies of the tarballs.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { packed } from "../../test/support/packed.js"

const exec = promisify(execFile)
const npm = process.platform === "win32" ? "npm.cmd" : "npm"

describe("npm pack", () => {
  it("both tarballs install in a fresh folder and run the gate against the embedded fake", {
    timeout: 300_000
  }, async () => {
    const tarballs = await Promise.all([packed("sdk"), packed("cli")])
    expect(tarballs.map((path) => basename(path))).toEqual([
      "effect-airs-model-security-0.1.0.tgz",
      "effect-airs-model-security-cli-0.1.0.tgz"
    ])

    const fresh = mkdtempSync(join(tmpdir(), "airs-ms-fresh-"))
    writeFileSync(
      join(fresh, "package.json"),
      JSON.stringify({ name: "fresh", version: "1.0.0", private: true })
    )
    await exec(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], {
      cwd: fresh,
      timeout: 240_000
    })
    // `npx airs-ms --fake scan … --wait`: exit 1 for a blocked model, 0 for an allowed one.
    const gate = (model: string) =>
      exec(npm, ["exec", "--offline", "--", "airs-ms", "--fake", "scan", model, "--wait", "-o", "json"], {
        cwd: fresh,
        env: { PATH: process.env.PATH ?? "", HOME: fresh }
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => error
      )
    const [blocked, allowed] = await Promise.all([
      gate("https://huggingface.co/acme/unsafe-model"),
      gate("https://huggingface.co/acme/sentiment")
    ])
    expect(blocked.code).toBe(1)
    expect(JSON.parse(blocked.stdout)).toMatchObject({ verdict: "BLOCKED", exit_code: 1 })
    expect(allowed.code).toBe(0)
    expect(JSON.parse(allowed.stdout).verdict).toBe("ALLOWED")
  })
})
