/** Starts `fake-server.ts` in a child process and talks to it. */
import { type ChildProcessByStdio, spawn } from "node:child_process"
import { createInterface, type Interface } from "node:readline"
import type { Readable, Writable } from "node:stream"
import { compiled } from "./compile.js"

/** How the fake is seeded and how slow it answers. */
export interface FakeServerOptions {
  readonly scans: number
  readonly latencyMs: number
}

/** Where the fake listens and the credentials it accepts. */
export interface FakeServerInfo {
  readonly url: string
  readonly dataEndpoint: string
  readonly mgmtEndpoint: string
  readonly tokenEndpoint: string
  readonly credentials: { readonly clientId: string; readonly clientSecret: string; readonly tsgId: string }
}

/** Requests the fake received since the last reset. */
export interface FakeServerStats {
  readonly requests: number
  readonly tokenRequests: number
  readonly byPlane: Readonly<Record<string, number>>
  /** CPU time of the server process since it started, in ms. */
  readonly cpuMs: number
}

/** A running fake in its own process. */
export interface FakeServer extends FakeServerInfo {
  readonly options: FakeServerOptions
  readonly stats: () => Promise<FakeServerStats>
  readonly reset: () => Promise<void>
  readonly close: () => Promise<void>
}

/** Starts a fake AIRS process and waits until it listens. */
export const startFakeServer = async (options: FakeServerOptions): Promise<FakeServer> => {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    [await compiled("fake-server"), "--scans", String(options.scans), "--latency", String(options.latencyMs)],
    { stdio: ["pipe", "pipe", "inherit"] }
  )
  const lines: Interface = createInterface({ input: child.stdout })
  const waiting: Array<(line: string) => void> = []
  const queued: Array<string> = []
  lines.on("line", (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else queued.push(line)
  })
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`fake server exited (code ${code})`)))
  })
  exited.catch(() => {})
  const nextLine = () =>
    Promise.race([
      new Promise<string>((resolve) => {
        const line = queued.shift()
        if (line !== undefined) resolve(line)
        else waiting.push(resolve)
      }),
      exited
    ])
  const ask = async (command: string): Promise<unknown> => {
    child.stdin.write(`${command}\n`)
    return JSON.parse(await nextLine())
  }

  const info = JSON.parse(await nextLine()) as FakeServerInfo
  return {
    ...info,
    options,
    stats: () => ask("stats") as Promise<FakeServerStats>,
    reset: async () => {
      await ask("reset")
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.stdin.end()
        setTimeout(() => child.kill(), 5_000).unref()
      })
  }
}

/** Fake servers shared by the scenarios that need the same settings, started on first use. */
export class FakeServerPool {
  private readonly servers = new Map<string, Promise<FakeServer>>()

  /** The server with these settings (its request log reset). */
  async get(options: FakeServerOptions): Promise<FakeServer> {
    const key = `${options.scans}/${options.latencyMs}`
    let server = this.servers.get(key)
    if (server === undefined) {
      server = startFakeServer(options)
      this.servers.set(key, server)
    }
    const ready = await server
    await ready.reset()
    return ready
  }

  async closeAll(): Promise<void> {
    const all = [...this.servers.values()]
    this.servers.clear()
    await Promise.all(all.map(async (server) => (await server).close()))
  }
}

/** Runs `f` with a fake server, closing it afterwards. */
export const withFakeServer = async <A>(
  options: FakeServerOptions,
  f: (server: FakeServer) => Promise<A>
): Promise<A> => {
  const server = await startFakeServer(options)
  try {
    return await f(server)
  } finally {
    await server.close()
  }
}
