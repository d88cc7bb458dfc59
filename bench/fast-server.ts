/**
 * A server of precomputed bodies, in its own process: the fake AIRS's answers, computed once and then
 * replayed as bytes, so that a request costs the server a few tens of microseconds and the client's own
 * cost shows. It speaks the same protocol as `fake-server.ts` (one JSON line once listening, then
 * `stats` and `reset` on stdin).
 *
 *   node fast-server.mjs --scans 5000 [--total 1000000] [--latency 20]
 *
 * At start it computes `GET /v1/scans/{uuid}` of every scan and `GET /v1/scans?skip=…&limit=100` of every
 * page. With `--total N`, the list claims `N` scans and answers any page of 100 below it, cycling through
 * the real pages (so that a stream can be as long as asked). Any other request is answered by the fake
 * the first time and replayed afterwards (a `POST` is always the fake's). Tokens are not checked. With
 * `--latency ms`, every answer but the token's is written that much later (a timer per request, no work).
 */
import { type AddressInfo, createServer, type Socket } from "node:net"
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { FakeAirs } from "../src/testing.js"

const { values } = parseArgs({
  options: {
    scans: { type: "string", default: "5000" },
    total: { type: "string" },
    latency: { type: "string", default: "0" },
    port: { type: "string", default: "0" }
  }
})

const PAGE = 100
const latencyMs = Number(values.latency)
const fake = FakeAirs.make({ scans: Number(values.scans), validate: false, tokenTtlSeconds: 24 * 3600 })
const base = "http://fast.invalid"
const endpoints = fake.endpoints(base)
const dataPath = new URL(endpoints.dataEndpoint).pathname

/** A precomputed answer: the whole HTTP/1.1 response, status line, headers and body, as bytes. */
type Answer = Buffer

const REASONS: Readonly<Record<number, string>> = { 200: "OK", 201: "Created", 204: "No Content" }

const answerOf = (status: number, contentType: string | null, body: Buffer): Answer =>
  Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}\r\ncontent-type: ${contentType ?? "application/json"}\r\n` +
        `content-length: ${body.byteLength}\r\nconnection: keep-alive\r\n\r\n`
    ),
    body
  ])

const token = await (
  await fake.handler(
    new Request(endpoints.tokenEndpoint, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.credentials.clientId}:${fake.credentials.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded"
      },
      body: `grant_type=client_credentials&scope=tsg_id:${fake.credentials.tsgId}`
    })
  )
).json()
const bearer = { authorization: `Bearer ${(token as { access_token: string }).access_token}` }

/** The fake's answer to `method url`, with `body`. */
const respond = (method: string, url: string, headers: Record<string, string>, body?: Buffer) =>
  fake.handler(
    new Request(`${base}${url}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: new Uint8Array(body) })
    })
  )

/** The fake's answer to `method url`, with `body`, as bytes. */
const ask = async (method: string, url: string, headers: Record<string, string>, body?: Buffer) => {
  const response = await respond(method, url, headers, body)
  return {
    status: response.status,
    answer: answerOf(
      response.status,
      response.headers.get("content-type"),
      Buffer.from(await response.arrayBuffer())
    )
  }
}

/** The body of the fake's answer to `method url`. */
const askText = async (method: string, url: string, headers: Record<string, string>) =>
  (await respond(method, url, headers)).text()

const cache = new Map<string, Answer>()
const scans = fake.scans
for (const scan of scans) {
  const url = `${dataPath}/v1/scans/${scan.uuid}`
  cache.set(url, (await ask("GET", url, bearer)).answer)
}

const total = values.total === undefined ? scans.length : Number(values.total)
const pages: Array<Answer> = []
for (let skip = 0; skip < scans.length; skip += PAGE) {
  const page = JSON.parse(await askText("GET", `${dataPath}/v1/scans?skip=${skip}&limit=${PAGE}`, bearer))
  pages.push(
    answerOf(
      200,
      null,
      Buffer.from(JSON.stringify({ ...page, pagination: { ...page.pagination, total_items: total } }))
    )
  )
}

/** A page of 100 below the claimed total: the real page, or, past the real scans, one of them again. */
const listPage = (url: string): Answer | undefined => {
  const query = new URLSearchParams(url.slice(url.indexOf("?") + 1))
  const skip = Number(query.get("skip") ?? "0")
  if ([...query.keys()].some((key) => key !== "skip" && key !== "limit") || query.get("limit") !== `${PAGE}`)
    return undefined
  if (!Number.isInteger(skip) || skip % PAGE !== 0 || skip >= total) return undefined
  return pages[(skip / PAGE) % pages.length]!
}

let requests = 0
let tokenRequests = 0
const listPrefix = `${dataPath}/v1/scans?`
const tokenPath = new URL(endpoints.tokenEndpoint).pathname

/** A request read off a connection. */
interface Incoming {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: Buffer
}

/** The precomputed answer to `GET url`, if there is one. */
const precomputed = (url: string): Answer | undefined =>
  cache.get(url) ?? (url.startsWith(listPrefix) ? listPage(url) : undefined)

/** The fake's answer (a `GET` answered 200 is kept for the next time). */
const askFake = async ({ method, url, headers, body }: Incoming): Promise<Answer> => {
  if (url === tokenPath) tokenRequests++
  const fresh = await ask(method, url, headers, method === "GET" || method === "DELETE" ? undefined : body)
  if (method === "GET" && fresh.status === 200) cache.set(url, fresh.answer)
  return fresh.answer
}

/** The headers of a request head, those of the connection left out. */
const headersOf = (head: string): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":")
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!HOP_BY_HOP.has(name)) headers[name] = line.slice(colon + 1).trim()
  }
  return headers
}

/**
 * Reads HTTP/1.1 requests off a connection, one at a time (the clients measured do not pipeline), and
 * writes each answer whole. Only what the clients send is understood: a request line, headers, and a
 * body of `content-length` bytes.
 */
const serve = (socket: Socket) => {
  socket.setNoDelay(true)
  let buffered: Buffer = Buffer.alloc(0)
  let busy = false
  const next = () => {
    while (!busy) {
      const end = buffered.indexOf("\r\n\r\n")
      if (end === -1) return
      const head = buffered.toString("latin1", 0, end)
      const space = head.indexOf(" ")
      const method = head.slice(0, space)
      const url = head.slice(space + 1, head.indexOf(" ", space + 1))
      const length = method === "GET" ? 0 : Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffered.length < end + 4 + length) return
      const body = buffered.subarray(end + 4, end + 4 + length)
      buffered = buffered.subarray(end + 4 + length)
      requests++
      const cached = method === "GET" ? precomputed(url) : undefined
      if (cached !== undefined && latencyMs === 0) {
        socket.write(cached)
        continue
      }
      busy = true
      const answer = (bytes: Answer) => {
        busy = false
        if (!socket.destroyed) socket.write(bytes)
        next()
      }
      if (cached !== undefined) setTimeout(answer, latencyMs, cached)
      else
        void askFake({ method, url, headers: headersOf(head), body }).then((bytes) =>
          url === tokenPath || latencyMs === 0 ? answer(bytes) : setTimeout(answer, latencyMs, bytes)
        )
    }
  }
  socket.on("data", (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    next()
  })
  socket.on("error", () => socket.destroy())
}

/** Headers of the connection, not of the request, left out when a request is passed to the fake. */
const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding"])

const sockets = new Set<Socket>()
const server = createServer((socket) => {
  sockets.add(socket)
  socket.on("close", () => sockets.delete(socket))
  serve(socket)
})
await new Promise<void>((resolve) => server.listen(Number(values.port), "127.0.0.1", resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
reply({ url, ...fake.endpoints(url), credentials: fake.credentials })

const lines = createInterface({ input: process.stdin })
lines.on("line", (line) => {
  const command = line.trim()
  if (command === "stats") {
    const cpu = process.cpuUsage()
    reply({
      requests,
      tokenRequests,
      byPlane: { token: tokenRequests },
      cpuMs: (cpu.user + cpu.system) / 1000
    })
  } else if (command === "reset") {
    requests = 0
    tokenRequests = 0
    reply({ ok: true })
  } else reply({ error: `unknown command: ${command}` })
})
lines.on("close", () => {
  for (const socket of sockets) socket.destroy()
  server.close(() => process.exit(0))
})
