/**
 * Hostile `node:http` servers on 127.0.0.1 for the reliability tests: an OAuth2 token endpoint that
 * issues a token, and an API answered by the test's own handler, each request recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { ModelSecurityClient, type ModelSecurityClientOptions } from "@effect-airs/model-security/compat"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import {
  HttpExchange,
  ModelSecurity,
  ModelSecurityConfig,
  type ModelSecurityOptions,
  type ModelSecurityServices,
  Scans
} from "../../src/index.js"
import { layerUndici } from "../../src/node.js"

export const CLIENT_ID = "hostile-client"
export const CLIENT_SECRET = 'hostile-secret-7b1e/9c"d+x=='
export const TSG_ID = "1234567890"
export const TOKEN = 'tok-3f9a/c1"e8+b=='

/** A request the server received, body included. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/** Answers one request; `body` is the request body read in full. */
export type Answer = (request: IncomingMessage, response: ServerResponse, body: string) => void

/** A running server, its recorded requests and the count of connections that closed. */
export interface HostileServer {
  readonly url: string
  readonly seen: Array<Seen>
  /** Requests whose path starts with `prefix`. */
  readonly requests: (prefix: string) => Array<Seen>
  /** Connections closed so far. */
  readonly closed: () => number
  /** Connections open right now. */
  readonly open: () => number
  readonly close: () => Promise<void>
}

/** Answers a token request with `TOKEN`, Bearer, 900 seconds. */
export const issueToken: Answer = (_, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.end(JSON.stringify({ access_token: TOKEN, token_type: "Bearer", expires_in: 900 }))
}

/** Answers JSON. */
export const json = (response: ServerResponse, status: number, body: unknown, headers = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(typeof body === "string" ? body : JSON.stringify(body))
}

/** Starts a server: `/oauth2/…` goes to `token` (default: `issueToken`), everything else to `api`. */
export const listen = async (api: Answer, token: Answer = issueToken): Promise<HostileServer> => {
  const seen: Array<Seen> = []
  const sockets = new Set<Socket>()
  let closed = 0
  const server = createServer((request, response) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body })
      ;(request.url?.startsWith("/oauth2") ? token : api)(request, response, body)
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => {
      sockets.delete(socket)
      closed++
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    requests: (prefix) => seen.filter((request) => request.url.startsWith(prefix)),
    closed: () => closed,
    open: () => sockets.size,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** The credentials and the three endpoints of `server`, as both APIs take them. */
const reaching = (server: { readonly url: string }) => ({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tsgId: TSG_ID,
  dataEndpoint: `${server.url}/aims/data`,
  mgmtEndpoint: `${server.url}/aims/mgmt`,
  tokenEndpoint: `${server.url}/oauth2/access_token`
})

/** The options that point the SDK at `server` (no retries unless asked). */
export const optionsFor = (server: { readonly url: string }, options: ModelSecurityOptions = {}) => ({
  ...reaching(server),
  maxRetries: 0,
  ...options
})

/** The compat client's options that point it at `server` (no retries unless asked). */
export const compatOptionsFor = (
  server: { readonly url: string },
  options: ModelSecurityClientOptions = {}
) => ({
  ...reaching(server),
  numRetries: 0,
  ...options
})

/**
 * The typed failure of an exit as a plain object (its own fields), so that a test can say exactly what
 * it expects with `toEqual`; a defect or an interruption is returned as the string `Cause.pretty` gives.
 */
export const failureOf = (exit: Exit.Exit<unknown, unknown>): unknown => {
  if (Exit.isSuccess(exit)) return "success"
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) return Cause.pretty(exit.cause)
  const error = failure.value as { readonly _tag: string; readonly message: string }
  return { ...error, _tag: error._tag, message: error.message }
}

/** A server as a scoped Effect resource. */
export const served = (api: Answer, token?: Answer) =>
  Effect.acquireRelease(
    Effect.promise(() => listen(api, token)),
    (server) => Effect.promise(() => server.close())
  )

/** The three exchanges, by name. */
export const exchanges: ReadonlyArray<readonly [string, Layer.Layer<HttpExchange>]> = [
  ["fetch", HttpExchange.layerFetch],
  ["undici", layerUndici],
  ["platform HttpClient (fetch)", HttpExchange.layerHttpClient.pipe(Layer.provide(FetchHttpClient.layer))]
]

/** Every service over `exchange`, pointed at `server`. */
export const servicesOver = (
  exchange: Layer.Layer<HttpExchange>,
  server: { readonly url: string },
  options: ModelSecurityOptions = {}
) =>
  ModelSecurity.layerServices.pipe(
    Layer.provide(exchange),
    Layer.provideMerge(ModelSecurityConfig.layer(optionsFor(server, options)))
  )

/** The undici exchange, where one exchange is enough. */
export const undici = exchanges[1]![1]

/** `Scans.list()` without parameters, the call most of these tests make. */
export const listScans = Effect.flatMap(Scans, (scans) => scans.list())

/** The exit of `effect` run with every service over an exchange, pointed at a server (as `servicesOver`). */
export const exitOver = <A, E>(
  effect: Effect.Effect<A, E, ModelSecurityServices>,
  ...over: Parameters<typeof servicesOver>
) => Effect.exit(effect.pipe(Effect.provide(servicesOver(...over))))

/** The failure of `effect` run as `exitOver` runs it, as `failureOf` gives it. */
export const failureOver = <A, E>(
  effect: Effect.Effect<A, E, ModelSecurityServices>,
  ...over: Parameters<typeof servicesOver>
) => Effect.map(exitOver(effect, ...over), failureOf)

/** The answers of a server: its API's, and its token endpoint's (by default `issueToken`). */
export interface Answers {
  readonly api: Answer
  readonly token?: Answer | undefined
}

/** Runs `body` with a server giving `answers`, closed after. */
export const withServer = async <A>(
  { api, token }: Answers,
  body: (server: HostileServer) => Promise<A>
): Promise<A> => {
  const server = await listen(api, token)
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

/** Runs `body` with a compat client (`options`, no retries unless asked) pointed at a server giving `answers`; both closed after. */
export const withCompat = <A>(
  { api, token, ...options }: Answers & ModelSecurityClientOptions,
  body: (client: ModelSecurityClient, server: HostileServer) => Promise<A>
): Promise<A> =>
  withServer({ api, token }, async (server) => {
    const client = new ModelSecurityClient(compatOptionsFor(server, options))
    try {
      return await body(client, server)
    } finally {
      await client.close()
    }
  })

/** Polls `check` every 5 ms (real time) until it holds, for up to 3 seconds. */
export const until = (check: () => boolean) =>
  Effect.promise(async () => {
    for (let i = 0; i < 600 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
    return check()
  })
