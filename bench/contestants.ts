/**
 * The contestants: what a user could call instead of our SDK (raw `undici.request` and raw `fetch`
 * loops with a pre-fetched token — the floor — and the existing Promise SDK), and our SDK in three
 * forms (Effect API over undici, Effect API over fetch, compat Promise client). Each opens a `Session`
 * against a fake server, with the same operations for every scenario.
 */
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { Effect, Layer } from "effect"
import type { ModelSecurityServices, Scans } from "../src/index.js"
import { builtDir } from "./built.js"
import type { FakeServerInfo } from "./server.js"

// Each contestant imports its client when it opens a session, so that a child process measuring one
// contestant (memory, cold start) loads nothing of the others.

/** How a list is read. */
export interface ListOptions {
  readonly pageSize: number
  /** Pages fetched ahead (ignored by clients that cannot); left out, each client's default (the floor's: 1). */
  readonly concurrency?: number | undefined
  /** Stop after this many items (the lazy form only; used to warm up). */
  readonly take?: number
}

/** One client of one contestant, talking to one fake server. */
export interface Session {
  /** GETs every scan of `ids`, at most `concurrency` in flight. */
  readonly getAll: (ids: ReadonlyArray<string>, concurrency: number) => Promise<void>
  /** Lists one page of `pageSize` scans; resolves with the number of scans in it. */
  readonly listPage: (pageSize: number) => Promise<number>
  /** Reads every scan item by item (the lazy form); `undefined` when the client has none. */
  readonly stream: ((options: ListOptions, onItem: (item: unknown) => void) => Promise<number>) | undefined
  /** Reads every scan into one array. */
  readonly collect: (options: ListOptions) => Promise<ReadonlyArray<unknown>>
  readonly close: () => Promise<void>
}

/** Who is measured: the floor, the existing SDK, or ours. */
export type Role = "floor" | "existing" | "ours"

export interface Contestant {
  /** A stable id, used on the command line and in the report. */
  readonly id: string
  readonly label: string
  readonly role: Role
  /** A new client. Floors fetch their token here; SDK clients start cold (no token). */
  readonly open: (server: FakeServerInfo) => Promise<Session>
}

/** Runs `f` over `items`, at most `concurrency` at a time (1: a plain sequential loop). */
export const pool = async <A>(
  items: ReadonlyArray<A>,
  concurrency: number,
  f: (item: A) => Promise<unknown>
): Promise<void> => {
  let next = 0
  const worker = async () => {
    while (next < items.length) await f(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
}

interface ScanPage {
  readonly scans: ReadonlyArray<unknown>
  readonly pagination: { readonly total_items?: number | null }
}

/**
 * Every page in order, `concurrency` fetched ahead: the first page alone (it gives the total), then a
 * window over the rest. What a careful user would write by hand.
 */
const pagesInOrder = async (
  fetchPage: (skip: number, limit: number) => Promise<ScanPage>,
  { pageSize, concurrency = 1, take = Number.POSITIVE_INFINITY }: ListOptions,
  onItem: (item: unknown) => void
): Promise<number> => {
  const first = await fetchPage(0, pageSize)
  let count = 0
  for (const item of first.scans) onItem(item)
  count += first.scans.length
  const total = Math.min(take, first.pagination.total_items ?? first.scans.length)
  const pages = Math.ceil(total / pageSize)
  const inFlight = new Map<number, Promise<ScanPage>>()
  let next = 1
  for (let index = 1; index < pages; index++) {
    for (; next < pages && next < index + concurrency; next++)
      inFlight.set(next, fetchPage(next * pageSize, pageSize))
    const page = await inFlight.get(index)!
    inFlight.delete(index)
    for (const item of page.scans) onItem(item)
    count += page.scans.length
  }
  return count
}

/** A raw client: one way to GET a URL as JSON, with a bearer token fetched up front. */
const rawSession = async (
  server: FakeServerInfo,
  getJson: (url: string, headers: Record<string, string>) => Promise<unknown>,
  postForm: (url: string, headers: Record<string, string>, body: string) => Promise<unknown>
): Promise<Session> => {
  const { clientId, clientSecret, tsgId } = server.credentials
  const token = (await postForm(
    server.tokenEndpoint,
    {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded"
    },
    new URLSearchParams({ grant_type: "client_credentials", scope: `tsg_id:${tsgId}` }).toString()
  )) as { access_token: string }
  const headers = { authorization: `Bearer ${token.access_token}`, accept: "application/json" }
  const scansUrl = `${server.dataEndpoint}/v1/scans`
  const fetchPage = (skip: number, limit: number) =>
    getJson(`${scansUrl}?skip=${skip}&limit=${limit}`, headers) as Promise<ScanPage>
  return {
    getAll: (ids, concurrency) => pool(ids, concurrency, (id) => getJson(`${scansUrl}/${id}`, headers)),
    listPage: async (pageSize) => (await fetchPage(0, pageSize)).scans.length,
    stream: (options, onItem) => pagesInOrder(fetchPage, options, onItem),
    collect: async (options) => {
      const items: Array<unknown> = []
      await pagesInOrder(fetchPage, options, (item) => items.push(item))
      return items
    },
    close: async () => {}
  }
}

const expectOk = (status: number, url: string, text: string) => {
  if (status < 200 || status >= 300) throw new Error(`${url}: HTTP ${status}: ${text.slice(0, 200)}`)
}

/** Raw `undici.request` + `JSON.parse`, token fetched once. */
export const floorUndici: Contestant = {
  id: "floor-undici",
  label: "floor: raw undici.request",
  role: "floor",
  open: async (server) => {
    const { request } = await import("undici")
    return rawSession(
      server,
      async (url, headers) => {
        const response = await request(url, { headers })
        const text = await response.body.text()
        expectOk(response.statusCode, url, text)
        return JSON.parse(text)
      },
      async (url, headers, body) => {
        const response = await request(url, { method: "POST", headers, body })
        const text = await response.body.text()
        expectOk(response.statusCode, url, text)
        return JSON.parse(text)
      }
    )
  }
}

/** Raw global `fetch` + `JSON.parse`, token fetched once. */
export const floorFetch: Contestant = {
  id: "floor-fetch",
  label: "floor: raw fetch",
  role: "floor",
  open: (server) =>
    rawSession(
      server,
      async (url, headers) => {
        const response = await fetch(url, { headers })
        const text = await response.text()
        expectOk(response.status, url, text)
        return JSON.parse(text)
      },
      async (url, headers, body) => {
        const response = await fetch(url, { method: "POST", headers, body })
        const text = await response.text()
        expectOk(response.status, url, text)
        return JSON.parse(text)
      }
    )
}

/** `@cdot65/prisma-airs-sdk`'s `ModelSecurityClient` (fetch, zod). */
export const existing: Contestant = {
  id: "existing",
  label: "existing: @cdot65/prisma-airs-sdk 0.34.0",
  role: "existing",
  open: async (server) => {
    const { ModelSecurityClient: ExistingClient } = await import("@cdot65/prisma-airs-sdk")
    const client = new ExistingClient({
      ...server.credentials,
      dataEndpoint: server.dataEndpoint,
      mgmtEndpoint: server.mgmtEndpoint,
      tokenEndpoint: server.tokenEndpoint
    })
    return {
      getAll: (ids, concurrency) => pool(ids, concurrency, (id) => client.scans.get(id)),
      listPage: async (pageSize) => (await client.scans.list({ limit: pageSize })).scans.length,
      // No lazy form for scans: `listAll` is the only way to read them all.
      stream: undefined,
      // `limit` is its page size (default 50); `max: 0` lifts its default cap of 10,000 items.
      collect: ({ pageSize }) => client.scans.listAll({ limit: pageSize, max: 0 }),
      close: async () => {}
    }
  }
}

/** The page options an SDK is given: the page size, and the concurrency only when one is asked for. */
const paging = ({ pageSize, concurrency }: ListOptions) =>
  concurrency === undefined ? { pageSize } : { pageSize, concurrency }

const effectSession = async (layer: Layer.Layer<ModelSecurityServices, unknown>): Promise<Session> => {
  const [{ Chunk, Effect, ManagedRuntime, Stream }, { Scans }] = await Promise.all([
    import("effect"),
    import("../src/services/scans.js")
  ])
  const runtime = ManagedRuntime.make(layer)
  const withScans = <A>(f: (scans: Scans.Service) => Effect.Effect<A, unknown>) =>
    runtime.runPromise(Effect.flatMap(Scans, f))
  return {
    getAll: (ids, concurrency) =>
      withScans((scans) => Effect.forEach(ids, (id) => scans.get(id), { concurrency, discard: true })),
    listPage: (pageSize) =>
      withScans((scans) => Effect.map(scans.list({ limit: pageSize }), (page) => page.scans.length)),
    stream: (options, onItem) =>
      withScans((scans) => {
        let count = 0
        const each = (item: unknown) =>
          Effect.sync(() => {
            count++
            onItem(item)
          })
        const items = scans.stream({}, paging(options))
        const taken = options.take === undefined ? items : Stream.take(items, options.take)
        return Effect.map(Stream.runForEach(taken, each), () => count)
      }),
    collect: (options) =>
      withScans((scans) =>
        Effect.map(Stream.runCollect(scans.stream({}, paging(options))), Chunk.toReadonlyArray)
      ),
    close: () => runtime.dispose()
  }
}

const sdkOptions = (server: FakeServerInfo) => ({
  ...server.credentials,
  dataEndpoint: server.dataEndpoint,
  mgmtEndpoint: server.mgmtEndpoint,
  tokenEndpoint: server.tokenEndpoint
})

/** Our Effect API over undici (`layerNode`): the main contestant. */
export const effectNode: Contestant = {
  id: "effect-node",
  label: "ours: Effect API, layerNode (undici)",
  role: "ours",
  open: async (server) => effectSession((await import("../src/node.js")).layerNode(sdkOptions(server)))
}

/** Our Effect API over the runtime's fetch (`ModelSecurity.layerFetch`). */
export const effectFetch: Contestant = {
  id: "effect-fetch",
  label: "ours: Effect API, layerFetch",
  role: "ours",
  open: async (server) => {
    const { ModelSecurity } = await import("../src/services/model-security.js")
    return effectSession(ModelSecurity.layerFetch(sdkOptions(server)))
  }
}

/**
 * Our compat Promise client (`ModelSecurityClient`), as a Promise user installs it: the built,
 * self-contained entry (`dist/compat.js`, see `built.ts`), over its bundled undici `Agent`.
 */
export const compat: Contestant = {
  id: "compat",
  label: "ours: compat ModelSecurityClient",
  role: "ours",
  open: async (server) => {
    const entry = pathToFileURL(join(builtDir(), "compat.js")).href
    const { ModelSecurityClient } = (await import(entry)) as typeof import("../src/compat.js")
    const client = new ModelSecurityClient(sdkOptions(server))
    return {
      getAll: (ids, concurrency) => pool(ids, concurrency, (id) => client.scans.get(id)),
      listPage: async (pageSize) => (await client.scans.list({ limit: pageSize })).scans.length,
      stream: async (options, onItem) => {
        let count = 0
        const { take = Number.POSITIVE_INFINITY } = options
        for await (const item of client.scans.iterate({}, paging(options))) {
          count++
          onItem(item)
          if (count >= take) break
        }
        return count
      },
      collect: (options) => client.scans.listAll({}, paging(options)),
      close: () => client.close()
    }
  }
}

/** Every contestant, in report order. */
export const CONTESTANTS: ReadonlyArray<Contestant> = [
  floorUndici,
  floorFetch,
  existing,
  effectNode,
  effectFetch,
  compat
]

/** The contestant with `id`. */
export const contestant = (id: string): Contestant => {
  const found = CONTESTANTS.find((c) => c.id === id)
  if (found === undefined) throw new Error(`unknown contestant ${id}`)
  return found
}

/** The uuids of the first `count` scans (newest first), read with a raw client. */
export const scanIds = async (server: FakeServerInfo, count: number): Promise<ReadonlyArray<string>> => {
  const { ModelSecurityClient: ExistingClient } = await import("@cdot65/prisma-airs-sdk")
  const client = new ExistingClient({ ...sdkOptions(server), numRetries: 0 })
  const ids: Array<string> = []
  while (ids.length < count) {
    const page = await client.scans.list({ skip: ids.length, limit: Math.min(100, count - ids.length) })
    if (page.scans.length === 0) throw new Error(`the fake has ${ids.length} scans, ${count} wanted`)
    for (const scan of page.scans) ids.push(scan.uuid)
  }
  return ids
}
