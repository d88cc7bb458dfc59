/**
 * Runs `airs-ms` against a fake AIRS served on 127.0.0.1: in process (the command tree of `cli/src`, with
 * captured output, its own environment and no terminal), or as the built bin in a real process.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { format } from "node:util"
import { FakeAirs, type FakeAirsOptions } from "@effect-airs/model-security/testing"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import { run as runCommand } from "../src/main.js"
import { Stdio } from "../src/stdio.js"

/** The built bin (`npm run build` at the root builds it). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))
const PROBE = fileURLToPath(new URL("./rss-probe.mjs", import.meta.url))

export const requireBuild = () => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`npm run build\` at the repository root first`)
}

/** What a run printed and how it ended. */
export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  /** Lines of stdout, when `countLines` was asked instead of keeping stdout. */
  readonly lines: number
  /** Bytes of stdout, with `countLines`. */
  readonly bytes: number
  /** The first and last lines of stdout, with `countLines`. */
  readonly firstLine: string
  readonly lastLine: string
  /** Peak resident set size in KiB, with `probeRss`. */
  readonly maxRssKb: number | undefined
}

export interface RunOptions {
  /** Environment besides PATH, HOME and a fresh config directory (nothing else is inherited). */
  readonly env?: Readonly<Record<string, string>>
  /** Written to stdin, then closed (stdin is closed at once otherwise). */
  readonly stdin?: string
  /** Count stdout's lines instead of keeping it (for very long outputs). */
  readonly countLines?: boolean
  /** Report the process's peak RSS (through a preloaded module printing `process.resourceUsage().maxRSS`). */
  readonly probeRss?: boolean
  /** Milliseconds before the process is killed (default 30 s). */
  readonly timeoutMs?: number
}

/** A fresh, empty config directory. */
export const freshConfigDir = () => mkdtempSync(join(tmpdir(), "airs-ms-config-"))

/** What an in-process run printed and the exit code it ended with. */
export interface InProcessResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface InProcessOptions {
  /** Environment besides PATH, HOME and a fresh config directory (as the bin's runs get). */
  readonly env?: Readonly<Record<string, string>>
  /** What stdin holds (empty otherwise). */
  readonly stdin?: string
  /** Whether stdout and stderr are terminals (neither by default, as in a pipe). */
  readonly tty?: boolean
}

/**
 * Runs `airs-ms args…` in this process: the CLI's own `run` (parsing, commands, exit code), its output
 * captured from the streams it writes to and from the Console that @effect/cli prints help and usage
 * errors on, and the SDK's configuration read from `env` only.
 */
export const runInProcess = async (
  args: ReadonlyArray<string>,
  options: InProcessOptions = {}
): Promise<InProcessResult> => {
  let stdout = ""
  let stderr = ""
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    AIRS_MS_CONFIG_DIR: freshConfigDir(),
    ...options.env
  }
  const tty = options.tty === true
  const base = Effect.runSync(Effect.console)
  const code = await runCommand(["node", "airs-ms", ...args]).pipe(
    Effect.provideService(Stdio, {
      out: (text) =>
        Effect.sync(() => {
          stdout += text
        }),
      err: (text) => {
        stderr += text
      },
      readStdin: Effect.succeed(options.stdin ?? ""),
      stdinIsTTY: () => false,
      stdoutIsTTY: () => tty,
      stderrIsTTY: () => tty,
      env: () => env
    }),
    Effect.withConsole({
      ...base,
      log: (...parts) =>
        Effect.sync(() => {
          stdout += `${format(...parts)}\n`
        }),
      error: (...parts) =>
        Effect.sync(() => {
          stderr += `${format(...parts)}\n`
        })
    }),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
    Effect.runPromise
  )
  return { code, stdout, stderr }
}

/** Runs the built `airs-ms args…` as a process and waits for it to exit. */
export const runBin = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Result> =>
  new Promise((resolve, reject) => {
    const nodeArgs = [...(options.probeRss ? ["--import", PROBE] : []), BIN, ...args]
    const child = spawn(process.execPath, nodeArgs, {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? tmpdir(),
        AIRS_MS_CONFIG_DIR: freshConfigDir(),
        ...options.env
      },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let lines = 0
    let firstLine: string | undefined
    let partial = ""
    let lastComplete = ""
    let bytes = 0
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (text: string) => {
      if (!options.countLines) {
        stdout += text
        return
      }
      bytes += Buffer.byteLength(text)
      const parts = (partial + text).split("\n")
      partial = parts.pop()!
      lines += parts.length
      if (firstLine === undefined && parts.length > 0) firstLine = parts[0]
      if (parts.length > 0) lastComplete = parts[parts.length - 1]!
    })
    child.stderr.setEncoding("utf8")
    child.stderr.on("data", (text: string) => {
      stderr += text
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      const rss = /airs-ms-test maxRSS=(\d+)/.exec(stderr)
      resolve({
        code,
        stdout,
        stderr: stderr.replace(/\n?airs-ms-test maxRSS=\d+\n/, ""),
        lines,
        bytes,
        firstLine: firstLine ?? "",
        lastLine: lastComplete,
        maxRssKb: rss === null ? undefined : Number(rss[1])
      })
    })
    child.stdin.end(options.stdin ?? "")
  })

/** A fake AIRS served on a free port of 127.0.0.1, and the environment pointing the CLI at it. */
export const serveFake = async (options: FakeAirsOptions = {}) => {
  const fake = FakeAirs.make(options)
  const server = await fake.listen()
  return {
    fake,
    server,
    url: server.url,
    env: envFor(fake.credentials, server.url)
  }
}

/** PANW_MODEL_SEC_* variables for credentials and a base URL. */
export const envFor = (
  credentials: { readonly clientId: string; readonly clientSecret: string; readonly tsgId: string },
  url: string
): Record<string, string> => ({
  PANW_MODEL_SEC_CLIENT_ID: credentials.clientId,
  PANW_MODEL_SEC_CLIENT_SECRET: credentials.clientSecret,
  PANW_MODEL_SEC_TSG_ID: credentials.tsgId,
  PANW_MODEL_SEC_DATA_ENDPOINT: `${url}/aims/data`,
  PANW_MODEL_SEC_MGMT_ENDPOINT: `${url}/aims/mgmt`,
  PANW_MODEL_SEC_TOKEN_ENDPOINT: `${url}/oauth2/access_token`
})

/** Parses CSV (RFC 4180: quoted fields with doubled quotes, CRLF rows). */
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ",") {
      row.push(field)
      field = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field)
      rows.push(row)
      row = []
      field = ""
      i++
    } else field += c
  }
  if (field !== "" || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
