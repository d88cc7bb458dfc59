/**
 * Every `npm install` line of the README's Install section, pasted in a fresh folder with the packed
 * tarball standing for this package, installs without warnings about peers (without any warning for the
 * Promise line) and makes a first call against the fake. The named packages come from the npm registry
 * (or npm's cache); without a registry the tests are skipped, saying so. The CLI's lines (`npm install -g`
 * and `npx`, the packed CLI standing for its package) need no registry: they run offline.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, dirname, join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { npmWarnings, packagesIn } from "../bench/install.js"
import { FakeAirs } from "../src/testing.js"
import { exec, npm, ROOT } from "./support/pack.js"
import { packed } from "./support/packed.js"

const npx = process.platform === "win32" ? "npx.cmd" : "npx"
const PACKAGE = "@effect-airs/model-security"
const CLI = "@effect-airs/model-security-cli"
const CLEAN = "https://huggingface.co/acme/sentiment-model"
const EXISTING = "@cdot65/prisma-airs-sdk"

/** The `npm install` lines of the README's Install section, comments dropped. */
const installLines = (): ReadonlyArray<string> => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8")
  const section = readme.slice(
    readme.indexOf("\n## Install\n"),
    readme.indexOf("\n## ", readme.indexOf("\n## Install\n") + 1)
  )
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split("\n"))
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line.startsWith("npm install "))
}

/** What a line installs, as the first call that proves it works. */
const kindOf = (line: string): "promise" | "effect" | "node" =>
  line.includes("@effect/platform-node") ? "node" : /\beffect@/.test(line) ? "effect" : "promise"

const FIRST_CALL = {
  promise: `import { ModelSecurityClient } from "${PACKAGE}/compat"
const page = await new ModelSecurityClient(JSON.parse(process.env.AIRS_OPTIONS)).scans.list({ limit: 3 })
console.log(JSON.stringify({ scans: page.scans.length }))
`,
  effect: `import { Effect } from "effect"
import { ModelSecurity, Scans } from "${PACKAGE}"
const page = await Effect.runPromise(
  Effect.flatMap(Scans, (scans) => scans.list({ limit: 3 })).pipe(
    Effect.provide(ModelSecurity.layerFetch(JSON.parse(process.env.AIRS_OPTIONS)))
  )
)
console.log(JSON.stringify({ scans: page.scans.length }))
`,
  node: `import { Effect } from "effect"
import { Scans } from "${PACKAGE}"
import { layerNode } from "${PACKAGE}/node"
import { FakeAirs } from "${PACKAGE}/testing"
const fake = FakeAirs.make({ scans: 5 })
const server = await fake.listen()
const page = await Effect.runPromise(
  Effect.flatMap(Scans, (scans) => scans.list({ limit: 3 })).pipe(
    Effect.provide(layerNode({ ...fake.credentials, ...fake.endpoints(server.url) }))
  )
)
await server.close()
console.log(JSON.stringify({ scans: page.scans.length }))
`
} as const

/** Types a Promise user writes, checked with `skipLibCheck` off and no `@types` at all. */
const PROMISE_TYPES = `import { AISecSDKException, ModelSecurityClient, type ScanBaseResponse } from "${PACKAGE}/compat"
const client = new ModelSecurityClient({ clientId: "id", clientSecret: "secret", tsgId: "1" })
export const first = async (): Promise<ScanBaseResponse | undefined> => {
  try {
    return (await client.scans.list({ limit: 1 })).scans[0]
  } catch (error) {
    if (error instanceof AISecSDKException && error.cause._tag === "ClientError") return undefined
    throw error
  }
}
`

const fresh = (name: string): string => {
  const folder = mkdtempSync(join(tmpdir(), `airs-install-${name}-`))
  writeFileSync(
    join(folder, "package.json"),
    JSON.stringify({ name: "fresh", version: "1.0.0", private: true, type: "module" })
  )
  return folder
}

/** `npm install` as pasted, with the tarball for this package; npm's own report of it. */
const install = async (folder: string, args: ReadonlyArray<string>) =>
  exec(npm, ["install", ...args, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: folder,
    timeout: 240_000
  })

const installs = new Map<string, Promise<{ readonly folder: string; readonly stderr: string }>>()

/**
 * A fresh folder with `args` installed, and npm's report; made once per list of arguments (the Promise
 * line, its types and its size all install the tarball alone) and shared by the tests that read it.
 */
const installed = (name: string, args: ReadonlyArray<string>) => {
  const key = JSON.stringify(args)
  let done = installs.get(key)
  if (done === undefined) {
    const folder = fresh(name)
    done = install(folder, args).then(({ stderr }) => ({ folder, stderr }))
    // Awaited by the tests; a failure is theirs to report.
    done.catch(() => undefined)
    installs.set(key, done)
  }
  return done
}

/** The arguments of an install line, with the tarball for this package. */
const argsOf = (line: string): ReadonlyArray<string> =>
  line
    .split(/\s+/)
    .slice(2)
    .map((word) => (word === PACKAGE ? tarball : word))

const existingArgs = (): ReadonlyArray<string> => {
  const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies[EXISTING]
  return [`${EXISTING}@${version}`]
}

/** Bytes of every file under `path`. */
const bytes = (path: string): number =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0)
    : statSync(path).size

const registryReachable = () =>
  promisify(execFile)(npm, ["ping"], { timeout: 30_000 }).then(
    () => true,
    () => false
  )

const lines = installLines()
let tarball = ""
let online = false
let fake: FakeAirs
let server: Awaited<ReturnType<FakeAirs["listen"]>>

beforeAll(async () => {
  ;[online, tarball] = await Promise.all([registryReachable(), packed("sdk")])
  fake = FakeAirs.make({ scans: 5 })
  server = await fake.listen()
  // Every install starts now, side by side; each test awaits the ones it reads.
  if (online) {
    for (const line of lines) installed(kindOf(line), argsOf(line))
    installed("existing", existingArgs())
  }
}, 120_000)
afterAll(() => server?.close())

describe("README install lines", () => {
  it("are the Promise line, the Effect line and the Effect line with ./node and ./testing", () => {
    expect(lines.map(kindOf)).toEqual(["promise", "effect", "node"])
  })

  it("name effect and @effect/platform on their supported lines wherever they name them", () => {
    for (const line of lines) {
      for (const name of line.split(/\s+/).filter((word) => /^(effect|@effect\/)/.test(word)))
        expect(name, line).toMatch(
          /^(effect@\^3\.22|@effect\/platform@\^0\.97|@effect\/platform-node@\^0\.108)$/
        )
    }
  })

  it.for(lines)("`%s` installs and makes a first call", { timeout: 300_000 }, async (line, context) => {
    context.skip(!online, "the npm registry is unreachable: the README's install lines cannot be run")
    const kind = kindOf(line)
    const { folder, stderr } = await installed(kind, argsOf(line))
    if (kind === "promise") expect(stderr).toBe("")
    else expect(stderr).not.toMatch(/peer|ERESOLVE|override/i)

    const modules = readdirSync(join(folder, "node_modules")).filter((name) => !name.startsWith("."))
    if (kind === "promise") expect(modules).toEqual(["@effect-airs"])
    else {
      const effect = JSON.parse(readFileSync(join(folder, "node_modules/effect/package.json"), "utf8"))
      expect(effect.version).toMatch(/^3\./)
    }

    writeFileSync(join(folder, "first-call.mjs"), FIRST_CALL[kind])
    const run = await exec(process.execPath, ["first-call.mjs"], {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? "",
        AIRS_OPTIONS: JSON.stringify({ ...fake.credentials, ...fake.endpoints(server.url) })
      }
    })
    expect(run.stderr).toBe("")
    expect(JSON.parse(run.stdout)).toEqual({ scans: 3 })
  })

  it("for the Promise API gives types that check without effect installed", {
    timeout: 300_000
  }, async (context) => {
    context.skip(!online, "the npm registry is unreachable: the README's install lines cannot be run")
    const { folder } = await installed("types", [tarball])
    writeFileSync(join(folder, "user.ts"), PROMISE_TYPES)
    for (const [module, moduleResolution] of [
      ["nodenext", "nodenext"],
      ["esnext", "bundler"]
    ]) {
      writeFileSync(
        join(folder, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            lib: ["ES2022", "DOM", "ESNext.Disposable"],
            module,
            moduleResolution,
            strict: true,
            exactOptionalPropertyTypes: true,
            noEmit: true,
            skipLibCheck: false,
            types: []
          },
          files: ["user.ts"]
        })
      )
      const checked = await exec(process.execPath, [
        join(ROOT, "node_modules/typescript/bin/tsc"),
        "-p",
        folder
      ]).catch((error: { stdout: string }) => error)
      expect(checked.stdout, moduleResolution).toBe("")
    }
  })

  it("for the Promise API takes no more room than the existing SDK's", {
    timeout: 300_000
  }, async (context) => {
    context.skip(!online, "the npm registry is unreachable: the README's install lines cannot be run")
    const [ours, existing] = await Promise.all([
      installed("ours", [tarball]),
      installed("existing", existingArgs())
    ])
    expect(bytes(join(ours.folder, "node_modules"))).toBeLessThanOrEqual(
      bytes(join(existing.folder, "node_modules"))
    )
  })
})

/** The README's CLI section: its `npm install -g` line and the `npx` of its GitHub Actions step. */
const cliLines = () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8")
  const section = readme.slice(
    readme.indexOf("\n## CLI\n"),
    readme.indexOf("\n## ", readme.indexOf("\n## CLI\n") + 1)
  )
  const line = (pattern: RegExp) => pattern.exec(section)?.[0].replace(/#.*$/, "").trim()
  return { install: line(/npm install -g \S+.*/), npx: line(/npx -y -p \S+ airs-ms/) }
}

const UNSAFE = "https://huggingface.co/acme/unsafe-model"

describe("the CLI's install lines, the packed CLI standing for its package, offline", () => {
  // npm, node and the bin's `#!/usr/bin/env node` find node on PATH; npm's cache is a fresh folder.
  const cliEnv = (home: string) => ({
    PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter),
    HOME: home,
    npm_config_cache: join(home, "npm-cache")
  })

  it("are `npm install -g @effect-airs/model-security-cli` and `npx -y -p @effect-airs/model-security-cli airs-ms`", () => {
    expect(cliLines()).toEqual({ install: `npm install -g ${CLI}`, npx: `npx -y -p ${CLI} airs-ms` })
  })

  it("`npm install -g` puts one package of at most 5 MB under the prefix, without a warning, and airs-ms runs", {
    timeout: 120_000
  }, async () => {
    const cli = await packed("cli")
    const home = mkdtempSync(join(tmpdir(), "airs-cli-global-"))
    const prefix = join(home, "prefix")
    const args = cliLines()
      .install!.split(/\s+/)
      .slice(1)
      .map((word) => (word === CLI ? cli : word))
    const installed = await exec(npm, [...args, "--prefix", prefix, "--offline", "--no-audit", "--no-fund"], {
      cwd: home,
      env: cliEnv(home),
      timeout: 100_000
    })
    expect(npmWarnings(installed.stderr)).toEqual([])
    const modules = join(prefix, process.platform === "win32" ? "node_modules" : "lib/node_modules")
    expect(packagesIn(modules)).toEqual([CLI])
    expect(bytes(modules)).toBeLessThanOrEqual(5_000_000)

    const bin = join(prefix, process.platform === "win32" ? "airs-ms.cmd" : "bin/airs-ms")
    const version = await exec(bin, ["--version"], { env: cliEnv(home) })
    expect(version.stdout).toBe(
      `${JSON.parse(readFileSync(join(ROOT, "cli/package.json"), "utf8")).version}\n`
    )
    // The CI gate as a pipeline runs it: a manifest of a clean and an unsafe model, SARIF on stdout and
    // JUnit to a file, the results pointing at the manifest's line.
    writeFileSync(join(home, "models.yaml"), `# models\n- ${CLEAN}\n- model_uri: ${UNSAFE}\n`)
    const gate = await exec(
      bin,
      ["--fake", "scan", "--from", "models.yaml", "--wait", "-o", "sarif", "--report", "junit=airs.xml"],
      { env: cliEnv(home), cwd: home }
    ).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error
    )
    expect(gate.stderr).toBe("")
    expect(gate.code).toBe(1)
    const sarif = JSON.parse(gate.stdout) as {
      version: string
      runs: Array<{
        tool: { driver: { name: string } }
        results: Array<{
          level: string
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }
          }>
        }>
      }>
    }
    expect(sarif.version).toBe("2.1.0")
    expect(sarif.runs.map((run) => run.tool.driver.name)).toEqual(["airs-ms"])
    const places = sarif.runs[0]!.results.map((result) => ({
      level: result.level,
      uri: result.locations[0]?.physicalLocation.artifactLocation.uri,
      line: result.locations[0]?.physicalLocation.region.startLine
    }))
    expect(places.length).toBeGreaterThan(0)
    expect(new Set(places.map((place) => JSON.stringify(place)))).toEqual(
      new Set([JSON.stringify({ level: "error", uri: "models.yaml", line: 3 })])
    )
    const junit = readFileSync(join(home, "airs.xml"), "utf8")
    expect([...junit.matchAll(/<testsuite name="([^"]+)"/g)].map((match) => match[1])).toEqual([
      CLEAN,
      UNSAFE
    ])
  })

  it("`npx -y -p <the CLI> airs-ms` runs it without a warning", { timeout: 120_000 }, async () => {
    const cli = await packed("cli")
    const home = mkdtempSync(join(tmpdir(), "airs-cli-npx-"))
    const [command, ...args] = cliLines()
      .npx!.split(/\s+/)
      .map((word) => (word === CLI ? cli : word))
    const run = await exec(
      command === "npx" ? npx : command!,
      [...args, "--fake", "scans", "list", "--limit", "2", "-o", "json"],
      { cwd: home, env: { ...cliEnv(home), npm_config_offline: "true" }, timeout: 100_000 }
    )
    expect(npmWarnings(run.stderr)).toEqual([])
    expect(JSON.parse(run.stdout)).toHaveLength(2)
  })
})
