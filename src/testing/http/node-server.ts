/** Serving the fake over HTTP until a scope closes, with `@effect/platform-node` loaded on first use. */
import type * as Http from "node:http"
import type * as Net from "node:net"
import type * as HttpApp from "@effect/platform/HttpApp"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * Where a running fake listens.
 * @category Testing
 */
export interface FakeAirsServer {
  /** Base URL, e.g. "http://127.0.0.1:53412". */
  readonly url: string
  /** `url` + "/aims/data". */
  readonly dataEndpoint: string
  /** `url` + "/aims/mgmt". */
  readonly mgmtEndpoint: string
  /** `url` + "/oauth2/access_token". */
  readonly tokenEndpoint: string
  /** The number of client connections open right now (kept-alive idle ones included). */
  connections(): number
  /** The number of requests received and not yet answered (nor dropped by the client or a reset). */
  requestsInFlight(): number
}

/**
 * Options of `serve` and `listen`.
 * @category Testing
 */
export interface ListenOptions {
  /** Port to listen on (default 0: an ephemeral port). */
  readonly port?: number
  /** Host to bind (default "127.0.0.1"). */
  readonly host?: string
}

/** A bound host as a URL shows it: a wildcard address as the loopback one, IPv6 in brackets. */
const urlHost = (host: string) => {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host
  return reachable.includes(":") ? `[${reachable}]` : reachable
}

/**
 * Serves `app` over HTTP until the scope closes; open connections are closed with it (their sockets are
 * added to `closingSockets` first). `endpoints` gives the endpoint URLs of the base URL it listens at.
 */
export const serveApp = (
  app: HttpApp.Default,
  closingSockets: WeakSet<Net.Socket>,
  endpoints: (url: string) => { dataEndpoint: string; mgmtEndpoint: string; tokenEndpoint: string },
  options: ListenOptions
): Effect.Effect<FakeAirsServer, ServeError, Scope.Scope> =>
  Effect.gen(function* () {
    const [{ createServer }, NodeHttpServer] = yield* Effect.promise(() =>
      Promise.all([import("node:http"), import("@effect/platform-node/NodeHttpServer")])
    )
    let nodeServer: Http.Server | undefined
    const sockets = new Set<Net.Socket>()
    const inFlight = new Set<Http.ServerResponse>()
    const server = yield* NodeHttpServer.make(
      () => {
        nodeServer = createServer()
        nodeServer.on("connection", (socket: Net.Socket) => {
          sockets.add(socket)
          socket.once("close", () => sockets.delete(socket))
        })
        nodeServer.on("request", (_request: Http.IncomingMessage, response: Http.ServerResponse) => {
          inFlight.add(response)
          response.once("close", () => inFlight.delete(response))
        })
        return nodeServer
      },
      { port: options.port ?? 0, host: options.host ?? "127.0.0.1" }
    )
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const socket of sockets) closingSockets.add(socket)
        nodeServer?.closeAllConnections()
      })
    )
    yield* server.serve(app)
    const address = server.address
    const url =
      address._tag === "TcpAddress"
        ? `http://${urlHost(options.host ?? address.hostname)}:${address.port}`
        : `http://unix:${address.path}`
    return {
      url,
      ...endpoints(url),
      connections: () => sockets.size,
      requestsInFlight: () => inFlight.size
    }
  })
