/** The three ways to the network behave alike: fetch, undici and any platform HttpClient. */
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer } from "effect"
import { HttpExchange } from "../src/index.js"
import { layerUndici } from "../src/node.js"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/** A server that answers `/ok` with JSON and Retry-After, echoes what it got, and never answers `/hang`. */
const server = Effect.acquireRelease(
  Effect.promise(async () => {
    const seen: Array<Seen> = []
    let closed = 0
    const http = createServer((request, response) => {
      let body = ""
      request.on("data", (chunk) => {
        body += chunk
      })
      request.on("end", () => {
        seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body })
        if (request.url === "/hang") {
          request.socket.on("close", () => closed++)
          return
        }
        response.writeHead(503, { "content-type": "application/json", "retry-after": "7" })
        response.end('{"detail":"busy"}')
      })
    })
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))
    const { port } = http.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, seen, closed: () => closed, http }
  }),
  ({ http }) =>
    Effect.promise(() => {
      http.closeAllConnections()
      return new Promise<void>((resolve) => http.close(() => resolve()))
    })
)

const closedPort = Effect.promise(
  () =>
    new Promise<number>((resolve) => {
      const probe = createServer()
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
)

const waitUntil = (check: () => boolean) =>
  Effect.promise(async () => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    return check()
  })

const exchanges: ReadonlyArray<readonly [string, Layer.Layer<HttpExchange>]> = [
  ["fetch", HttpExchange.layerFetch],
  ["undici", layerUndici],
  ["platform HttpClient", HttpExchange.layerHttpClient.pipe(Layer.provide(FetchHttpClient.layer))]
]

describe.each(exchanges)("HttpExchange over %s", (_, layer) => {
  it.live("sends method, headers and body; reads status, text and Retry-After", () =>
    Effect.gen(function* () {
      const { url, seen } = yield* server
      const exchange = yield* HttpExchange
      const response = yield* exchange.send(
        {
          method: "POST",
          url: `${url}/ok?a=1&a=2`,
          headers: { "content-type": "application/json", "x-test": "yes" },
          body: '{"hello":"world"}'
        },
        Duration.seconds(5)
      )
      expect(response).toEqual({ status: 503, text: '{"detail":"busy"}', retryAfter: "7" })
      expect(seen[0]).toMatchObject({ method: "POST", url: "/ok?a=1&a=2", body: '{"hello":"world"}' })
      expect(seen[0]?.headers["x-test"]).toBe("yes")
    }).pipe(Effect.provide(layer), Effect.scoped)
  )

  it.live("a request past its timeout is a Timeout failure, and the connection is closed", () =>
    Effect.gen(function* () {
      const { url, closed } = yield* server
      const exchange = yield* HttpExchange
      const failure = yield* Effect.flip(
        exchange.send({ method: "GET", url: `${url}/hang`, headers: {} }, Duration.millis(100))
      )
      expect(failure).toEqual({ _tag: "Timeout", message: "no response within 100ms" })
      expect(yield* waitUntil(() => closed() === 1)).toBe(true)
    }).pipe(Effect.provide(layer), Effect.scoped)
  )

  it.live("interruption cancels the request under way", () =>
    Effect.gen(function* () {
      const { url, seen, closed } = yield* server
      const exchange = yield* HttpExchange
      const fiber = yield* Effect.fork(
        exchange.send({ method: "GET", url: `${url}/hang`, headers: {} }, Duration.seconds(30))
      )
      expect(yield* waitUntil(() => seen.length === 1)).toBe(true)
      yield* Fiber.interrupt(fiber)
      expect(yield* waitUntil(() => closed() === 1)).toBe(true)
    }).pipe(Effect.provide(layer), Effect.scoped)
  )

  it.live("a refused connection is a Transport failure saying so", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const exchange = yield* HttpExchange
      const failure = yield* Effect.flip(
        exchange.send({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: {} }, Duration.seconds(5))
      )
      expect(failure).toEqual({
        _tag: "Transport",
        message: "network error (ECONNREFUSED)",
        connectionRefused: true
      })
    }).pipe(Effect.provide(layer), Effect.scoped)
  )
})
