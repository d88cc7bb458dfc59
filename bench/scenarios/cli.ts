/**
 * Scenario 8: the CLI as a new user gets it — `npm install -g` of our packed CLI and of the existing CLI
 * (`@cdot65/prisma-airs-cli`, the version of the dev dependency), each into a temporary prefix and
 * measured the same way; then fresh processes of the installed bins, side by side: `--version`, and ours
 * `--fake rules list -o json` (the command parser, the SDK and the embedded fake, no network).
 */
import { execFileSync, spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { exec, type Installed, installedIn, npm } from "../install.js"
import { ms, num, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import { roundOrder, summarize } from "../stats.js"
import type { BenchConfig } from "./shared.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const cliRoot = join(root, "cli")
const EXISTING = "@cdot65/prisma-airs-cli"
/** Where the CLI is built when `cli/dist` is missing or older than its sources. */
const privateCliDist = join(root, "node_modules", ".cache", "airs-bench", "cli-dist")

const TARGETS = { versionRatio: 0.5, fakeListMs: 400, installedMb: 5 } as const

const newestMtime = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }, 0)

/** The built CLI: `cli/dist` when newer than `cli/src` and `src`, else a fresh build in a private folder. */
const builtCli = (config: BenchConfig, force: boolean): { readonly dir: string; readonly how: string } => {
  const dist = join(cliRoot, "dist")
  const bin = join(dist, "bin.js")
  const fresh =
    existsSync(bin) &&
    Math.max(newestMtime(join(cliRoot, "src")), newestMtime(join(root, "src"))) <= statSync(bin).mtimeMs
  if (fresh && !force) return { dir: dist, how: "the repo's `cli/dist`" }
  config.log("  building the CLI with cli/tsup.config.ts into node_modules/.cache/airs-bench/cli-dist…")
  const script = `import("tsup").then(({ build }) => build({ config: "tsup.config.ts", outDir: ${JSON.stringify(privateCliDist)}, silent: true }))`
  execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: cliRoot,
    stdio: ["ignore", 2, 2]
  })
  return { dir: privateCliDist, how: "a fresh build of `cli/src` with `cli/tsup.config.ts`" }
}

/** The CLI as npm publishes it, with `dist` as its built files: the tarball and its unpacked size. */
const packCli = async (dist: string, into: string) => {
  const stage = mkdtempSync(join(tmpdir(), "bench-cli-stage-"))
  try {
    for (const file of ["package.json", "README.md", "THIRD_PARTY_LICENSES.md"])
      cpSync(join(cliRoot, file), join(stage, file))
    cpSync(dist, join(stage, "dist"), { recursive: true })
    const { stdout } = await exec(npm, ["pack", "--json", "--pack-destination", into], { cwd: stage })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; unpackedSize: number }>
    return { tarball: join(into, packed!.filename), unpackedSize: packed!.unpackedSize }
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

/** `npm install -g --prefix <new folder> spec`: what it installed, and the folder. */
const installGlobally = async (
  spec: string
): Promise<{ readonly prefix: string; readonly installed: Installed }> => {
  const prefix = mkdtempSync(join(tmpdir(), "bench-cli-prefix-"))
  const { stderr } = await exec(
    npm,
    ["install", "-g", "--prefix", prefix, spec, "--no-audit", "--no-fund", "--prefer-offline"],
    { timeout: 240_000, maxBuffer: 16 << 20 }
  )
  const modules = join(prefix, process.platform === "win32" ? "node_modules" : "lib/node_modules")
  return { prefix, installed: installedIn(modules, stderr) }
}

/** The installed package's folder under a global prefix. */
const packageIn = (prefix: string, name: string) =>
  join(prefix, process.platform === "win32" ? "node_modules" : "lib/node_modules", name)

/** Milliseconds from spawn to exit of `node args…`, failing on a non-zero exit. */
const timeRun = (args: ReadonlyArray<string>): number => {
  const started = performance.now()
  const run = spawnSync(process.execPath, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH ?? "" }
  })
  const elapsed = performance.now() - started
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`)
  return elapsed
}

export const cliScenario = async (config: BenchConfig): Promise<ScenarioResult> => {
  const built = builtCli(config, config.build)
  const packs = mkdtempSync(join(tmpdir(), "bench-cli-packs-"))
  const prefixes: Array<string> = []
  try {
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[EXISTING]
    const packed = await packCli(built.dir, packs)
    const ours = await installGlobally(packed.tarball)
    prefixes.push(ours.prefix)
    // In --quick, the existing CLI is not installed (a hundred packages from the registry): its dev
    // dependency stands in for its bin.
    const existing = config.quick ? undefined : await installGlobally(`${EXISTING}@${version}`)
    if (existing !== undefined) prefixes.push(existing.prefix)
    const oursBin = join(packageIn(ours.prefix, "@effect-airs/model-security-cli"), "dist/bin.js")
    const existingBin = join(
      existing === undefined ? join(root, "node_modules", EXISTING) : packageIn(existing.prefix, EXISTING),
      JSON.parse(readFileSync(join(root, "node_modules", EXISTING, "package.json"), "utf8")).bin["airs-cli"]
    )

    const runs = [
      { key: "floor", label: "floor: `node -e 0`", args: ["-e", "0"] },
      { key: "version", label: "ours: `airs-ms --version`", args: [oursBin, "--version"] },
      {
        key: "existing",
        label: `existing: \`airs-cli --version\` (${EXISTING} ${version})`,
        args: [existingBin, "--version"]
      },
      {
        key: "fake",
        label: "ours: `airs-ms --fake rules list -o json`",
        args: [oursBin, "--fake", "rules", "list", "-o", "json"]
      },
      {
        key: "help",
        label: "ours: `airs-ms scan --help` (the command parser and the SDK, loaded)",
        args: [oursBin, "scan", "--help"]
      }
    ] as const
    const rounds = config.quick ? 1 : Math.max(config.rounds, 11)
    const samples = new Map<string, Array<number>>(runs.map((r) => [r.key, []]))
    if (!config.quick) for (const r of runs) timeRun(r.args)
    for (let round = 0; round < rounds; round++)
      for (const r of roundOrder(runs, round)) samples.get(r.key)!.push(timeRun(r.args))
    config.log(`  ${rounds} runs each`)

    const of = (key: string) => summarize(samples.get(key)!)
    const floor = of("floor").median
    const existingVersion = of("existing").median
    const versionRatio = of("version").median / existingVersion
    const fakeList = of("fake").median
    const mb = (bytes: number) => `${num(bytes / 1e6)} MB`
    const noWarning = ours.installed.warnings.length === 0
    const installMet =
      ours.installed.bytes <= TARGETS.installedMb * 1e6 && ours.installed.packages.length === 1 && noWarning
    const installRow = (label: string, installed: Installed | undefined) =>
      installed === undefined
        ? [label, "not installed in --quick", "—", "—", "—", "—"]
        : [
            label,
            installed.packages.length === 1
              ? installed.packages[0]!
              : `${installed.packages.length} packages`,
            mb(installed.bytes),
            String(installed.files),
            existing === undefined ? "—" : ratio(installed.bytes / existing.installed.bytes),
            installed.warnings.length === 0 ? "none" : installed.warnings.join("; ")
          ]
    return {
      id: "8",
      title: "CLI: install, start, a command against the embedded fake",
      setup:
        `\`npm install -g --prefix <fresh folder>\` of our CLI, packed from ${built.how} (${mb(packed.unpackedSize)} unpacked), ` +
        `and of the existing CLI (${EXISTING} ${version}, npm's cache allowed, \`--prefer-offline\`); *size* adds up the bytes of every ` +
        `file the install put under the prefix's \`lib/node_modules\`. Then fresh \`node <installed bin>\` processes, ${rounds} of each in ` +
        "alternating order after one unrecorded run each; times are from spawn to exit, medians.",
      tables: [
        {
          columns: [
            "command",
            "median",
            "spread (min–max)",
            "× floor",
            "× existing `--version`",
            "target met?"
          ],
          rows: runs.map((r) => [
            r.label,
            ms(of(r.key).median),
            spread(of(r.key), ms),
            ratio(of(r.key).median / floor),
            ratio(of(r.key).median / existingVersion),
            r.key === "version"
              ? `≤ ${TARGETS.versionRatio}× existing: ${verdict(versionRatio <= TARGETS.versionRatio)}`
              : r.key === "fake"
                ? `< ${TARGETS.fakeListMs} ms: ${verdict(fakeList < TARGETS.fakeListMs)}`
                : ""
          ])
        },
        {
          columns: ["install", "packages", "size", "files", "× existing", "npm warnings"],
          rows: [
            installRow("ours: `npm install -g @effect-airs/model-security-cli`", ours.installed),
            installRow(`existing: \`npm install -g ${EXISTING}\``, existing?.installed)
          ]
        }
      ],
      targets: [
        {
          target: `ours: \`airs-ms --version\` in a fresh process ≤ ${TARGETS.versionRatio}× the existing CLI's`,
          measured: `${ms(of("version").median)} vs ${ms(existingVersion)} (${ratio(versionRatio)})`,
          met: versionRatio <= TARGETS.versionRatio
        },
        {
          target: `ours: \`airs-ms --fake rules list -o json\` in a fresh process < ${TARGETS.fakeListMs} ms`,
          measured: ms(fakeList),
          met: fakeList < TARGETS.fakeListMs
        },
        {
          target: `ours: \`npm install -g\` of the CLI installs one package of ≤ ${TARGETS.installedMb} MB, without npm warnings`,
          measured: `${ours.installed.packages.length} package(s), ${mb(ours.installed.bytes)}, ${
            noWarning ? "no warning" : `${ours.installed.warnings.length} warning(s)`
          }`,
          met: installMet
        }
      ],
      notes: [
        "`airs-ms` is one package: the bin bundled with what it uses of its dependencies, the commands, the SDK, undici and the fake in files of their own that a command line loads only when it needs them. `--version` is answered before the command parser loads; `scan --help` shows what loading the parser, the `scan` command and the SDK costs.",
        "Other work on the machine skews these times (see the load average above); the ratios between rows of one run are the comparison."
      ],
      raw: {
        samples: Object.fromEntries(samples),
        ours: ours.installed,
        existing: existing?.installed,
        packed
      },
      figures: {
        "cli.version": of("version").median,
        "cli.existingVersion": existingVersion,
        "cli.fakeList": fakeList,
        "cli.installedMb": ours.installed.bytes / 1e6,
        "cli.packages": ours.installed.packages.length,
        "cli.warnings": ours.installed.warnings.length
      }
    }
  } finally {
    for (const prefix of [packs, ...prefixes]) rmSync(prefix, { recursive: true, force: true })
  }
}
