/**
 * A web-standard handler (`fake.handler`, or a test's own) served over HTTPS on 127.0.0.1, with a
 * certificate the test made: the fake AIRS as a real HTTPS endpoint, for tests of TLS and proxies.
 */
import { createServer, type Server } from "node:https"
import type { AddressInfo, Socket } from "node:net"
import type { ServerCertificate } from "./tls.js"

/** A web-standard handler: a `Request` in, a `Response` out. */
export type WebHandler = (request: Request) => Promise<Response>

/** A running HTTPS server. */
export interface HttpsServer {
  /** `https://localhost:port`: the name its certificate holds. */
  readonly url: string
  /** `localhost:port`, as a proxy's `CONNECT` names it. */
  readonly authority: string
  readonly port: number
  readonly close: () => Promise<void>
}

const readBody = (request: import("node:http").IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks)))
    request.on("error", reject)
  })

/** Serves `handler` over HTTPS with `certificate` on an ephemeral port of 127.0.0.1. */
export const serveHttps = async (
  handler: WebHandler,
  certificate: ServerCertificate
): Promise<HttpsServer> => {
  const sockets = new Set<Socket>()
  const server: Server = createServer(certificate, async (request, response) => {
    try {
      const body = await readBody(request)
      const headers = new Headers()
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers.set(name, value)
        else if (Array.isArray(value)) for (const item of value) headers.append(name, item)
      const answer = await handler(
        new Request(`https://${request.headers.host}${request.url}`, {
          method: request.method ?? "GET",
          headers,
          ...(body.length === 0 ? {} : { body: body.toString("utf8") })
        })
      )
      const bytes = Buffer.from(await answer.arrayBuffer())
      response.writeHead(answer.status, Object.fromEntries(answer.headers))
      response.end(bytes)
    } catch {
      response.destroy()
    }
  })
  server.on("connection", (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  // A client refusing the certificate ends the handshake; the server has nothing to add.
  server.on("tlsClientError", () => {})
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `https://localhost:${port}`,
    authority: `localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
