/**
 * A real forward proxy on 127.0.0.1 (the `proxy` package, as Squid would answer a client; over plain HTTP,
 * or over TLS with a certificate of the test's), with a log of
 * the tunnels asked of it: each `CONNECT`'s target, so that a test can prove which requests went
 * through it. It may require Basic credentials (a wrong or missing one gets `407`), and a test may have
 * it refuse a tunnel with a status of its choosing, or never answer one.
 */
import { createServer, type IncomingMessage, type Server } from "node:http"
import { createServer as createTlsServer } from "node:https"
import type { AddressInfo, Socket } from "node:net"
import { createProxy } from "proxy"
import type { ServerCertificate } from "./tls.js"

/** What the proxy does with one `CONNECT`: its own handling, a refusal with a status, or no answer. */
export type Verdict = "pass" | number | "hang"

export interface ForwardProxyOptions {
  /** Basic credentials the proxy requires. */
  readonly credentials?: { readonly user: string; readonly password: string }
  /** What to do with the `CONNECT` to `target` (`host:port`), the proxy's `n`-th (from 0). */
  readonly verdict?: (target: string, n: number) => Verdict
  /** A certificate, to be reached over TLS (`https://localhost:port`). */
  readonly tls?: ServerCertificate
}

/** A running forward proxy. */
export interface ForwardProxy {
  /** `http://127.0.0.1:port` (`https://localhost:port` over TLS), without credentials. */
  readonly url: string
  /** `127.0.0.1:port` (`localhost:port` over TLS). */
  readonly authority: string
  /** The target of every `CONNECT` asked, in order, whatever became of it. */
  readonly connects: Array<string>
  readonly close: () => Promise<void>
}

/** Starts a forward proxy on an ephemeral port of 127.0.0.1. */
export const startProxy = async (options: ForwardProxyOptions = {}): Promise<ForwardProxy> => {
  // An HTTPS server takes the same listeners as an HTTP one.
  const server = createProxy(
    options.tls === undefined ? createServer() : (createTlsServer(options.tls) as unknown as Server)
  )
  const { credentials } = options
  if (credentials !== undefined) {
    const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`
    server.authenticate = (request: IncomingMessage) => request.headers["proxy-authorization"] === expected
  }
  const connects: Array<string> = []
  const sockets = new Set<Socket>()
  server.on("connection", (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  // The proxy's own `CONNECT` handling, behind the log and the test's verdict.
  const [handle] = server.listeners("connect") as Array<
    (request: IncomingMessage, socket: Socket, head: Buffer) => void
  >
  server.removeAllListeners("connect")
  server.on("connect", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = request.url ?? ""
    const verdict = options.verdict?.(target, connects.length) ?? "pass"
    connects.push(target)
    if (verdict === "hang") return
    if (verdict === "pass") return handle!.call(server, request, socket, head)
    socket.end(`HTTP/1.1 ${verdict} Refused\r\nContent-Length: 0\r\n\r\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const authority = options.tls === undefined ? `127.0.0.1:${port}` : `localhost:${port}`
  return {
    url: `${options.tls === undefined ? "http" : "https"}://${authority}`,
    authority,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** Proxy credentials with characters that need encoding in a URL: what the tests' proxies require. */
export const PROXY_CREDENTIALS = { user: "proxy-user", password: 'p@ss:w/rd "7"' } as const

/** Every form in which the password of `PROXY_CREDENTIALS` could leak: none may appear in any output. */
export const PROXY_SECRETS: ReadonlyArray<string> = [
  PROXY_CREDENTIALS.password,
  encodeURIComponent(PROXY_CREDENTIALS.password),
  Buffer.from(`${PROXY_CREDENTIALS.user}:${PROXY_CREDENTIALS.password}`).toString("base64"),
  JSON.stringify(PROXY_CREDENTIALS.password).slice(1, -1)
]

/** The URL of `proxy` with `PROXY_CREDENTIALS` in it, percent-encoded. */
export const withCredentials = (proxy: ForwardProxy): string =>
  proxy.url.replace(
    "://",
    `://${encodeURIComponent(PROXY_CREDENTIALS.user)}:${encodeURIComponent(PROXY_CREDENTIALS.password)}@`
  )
