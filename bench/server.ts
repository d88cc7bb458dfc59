/**
 * Starts a server in a child process and talks to it: the fake AIRS (`fake-server.ts`, realistic: it
 * builds every answer) or the server of precomputed bodies (`fast-server.ts`, which costs the server
 * next to nothing, so that the client's own cost shows).
 */
import { startLineChild } from "./child.js"
import { compiled } from "./compile.js"

/** Which server, how it is seeded and how slow it answers. */
export interface FakeServerOptions {
  readonly scans: number
  readonly latencyMs: number
  /** `fake` (default): the fake AIRS; `precomputed`: `fast-server.ts`. */
  readonly kind?: "fake" | "precomputed"
  /** The precomputed server's claimed number of scans, its pages cycling through the real ones. */
  readonly total?: number
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
  const child =
    options.kind === "precomputed"
      ? await startLineChild("precomputed server", await compiled("fast-server"), [
          "--scans",
          String(options.scans),
          "--latency",
          String(options.latencyMs),
          ...(options.total === undefined ? [] : ["--total", String(options.total)])
        ])
      : await startLineChild("fake server", await compiled("fake-server"), [
          "--scans",
          String(options.scans),
          "--latency",
          String(options.latencyMs)
        ])
  return {
    ...(child.ready as FakeServerInfo),
    options,
    stats: () => child.ask("stats") as Promise<FakeServerStats>,
    reset: async () => {
      await child.ask("reset")
    },
    close: child.close
  }
}

/** Fake servers shared by the scenarios that need the same settings, started on first use. */
export class FakeServerPool {
  private readonly servers = new Map<string, Promise<FakeServer>>()

  /** The server with these settings (its request log reset). */
  async get(options: FakeServerOptions): Promise<FakeServer> {
    const key = `${options.kind ?? "fake"}/${options.scans}/${options.latencyMs}/${options.total ?? ""}`
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
