/** What every scenario gets, and helpers they share. */
import { CONTESTANTS, type Contestant, type Session, scanIds } from "../contestants.js"
import { closeIsolatedSessions, type IsolatedSession, openIsolatedSessions } from "../isolated.js"
import { runRounds, type Sample, withServerCpu } from "../measure.js"
import type { FakeServer, FakeServerInfo, FakeServerPool } from "../server.js"
import { type Summary, summarize } from "../stats.js"

/** How big and how often. */
export interface BenchConfig {
  /** Small counts, one round, no warm-up: keeps the harness from rotting, measures nothing. */
  readonly quick: boolean
  readonly rounds: number
  readonly warmup: number
  readonly log: (line: string) => void
  readonly servers: FakeServerPool
  /** Build what is measured afresh (`--build`), even when the repo's build is up to date. */
  readonly build: boolean
}

/**
 * The server of precomputed bodies (`fast-server.ts`): it answers in a few tens of microseconds of CPU,
 * so that the per-call scenarios show the client's own cost.
 */
export const precomputedServer = (config: BenchConfig): Promise<FakeServer> =>
  config.servers.get({ scans: config.quick ? 100 : 5_000, latencyMs: 0, kind: "precomputed" })

/** The fake AIRS with no added latency: the realistic case, where the server builds every answer. */
export const realisticServer = (config: BenchConfig): Promise<FakeServer> =>
  config.servers.get({ scans: config.quick ? 200 : 10_000, latencyMs: 0 })

/** A server a scenario runs against; its targets are measured on the precomputed one. */
export interface ScenarioServer {
  readonly key: "precomputed" | "fake"
  readonly label: string
  readonly server: FakeServer
}

/** The precomputed server, then the fake, each started when its turn comes. */
const serverPair = async (
  precomputed: readonly [label: string, start: () => Promise<FakeServer>],
  fake: readonly [label: string, start: () => Promise<FakeServer>]
): Promise<ReadonlyArray<ScenarioServer>> => [
  { key: "precomputed", label: precomputed[0], server: await precomputed[1]() },
  { key: "fake", label: fake[0], server: await fake[1]() }
]

/** The two servers the per-call scenarios run against. */
export const perCallServers = (config: BenchConfig): Promise<ReadonlyArray<ScenarioServer>> =>
  serverPair(
    ["precomputed bodies (`bench/fast-server.ts`): the client's own cost", () => precomputedServer(config)],
    ["the fake AIRS (`bench/fake-server.ts`): the realistic case", () => realisticServer(config)]
  )

/**
 * The server of precomputed bodies with latency (20 ms; 5 ms in quick mode): every answer waits on a
 * timer and costs the server next to nothing, so that a list shows the round trips and the client's cost.
 */
export const slowPrecomputedServer = (config: BenchConfig): Promise<FakeServer> =>
  config.servers.get({
    scans: config.quick ? 300 : 10_000,
    latencyMs: config.quick ? 5 : 20,
    kind: "precomputed"
  })

/** The two servers a list runs against, with latency. */
export const listServers = (config: BenchConfig): Promise<ReadonlyArray<ScenarioServer>> =>
  serverPair(
    [
      "precomputed bodies with latency (`bench/fast-server.ts --latency`): the round trips and the client's cost",
      () => slowPrecomputedServer(config)
    ],
    [
      "the fake AIRS with latency (`bench/fake-server.ts --latency`): the realistic case",
      () => slowServer(config)
    ]
  )

/** The fake with server latency (20 ms; 5 ms in quick mode). */
export const slowServer = (config: BenchConfig): Promise<FakeServer> =>
  config.servers.get({ scans: config.quick ? 300 : 10_000, latencyMs: config.quick ? 5 : 20 })

/** One client per contestant, all against `server`. */
export const openSessions = async (
  contestants: ReadonlyArray<Contestant>,
  server: FakeServerInfo
): Promise<Map<string, Session>> => {
  const sessions = new Map<string, Session>()
  for (const c of contestants) sessions.set(c.id, await c.open(server))
  return sessions
}

export const closeSessions = async (sessions: Map<string, Session>): Promise<void> => {
  for (const session of sessions.values()) await session.close()
}

/** The summary of one measurement across the samples. */
export const summaryOf = (samples: ReadonlyArray<Sample>, pick: (sample: Sample) => number): Summary =>
  summarize(samples.map(pick))

/** The samples of `key`, which must exist. */
export const samplesOf = (all: Map<string, ReadonlyArray<Sample>>, key: string): ReadonlyArray<Sample> => {
  const found = all.get(key)
  if (found === undefined) throw new Error(`no samples for ${key}`)
  return found
}

export const wall = (sample: Sample) => sample.ms
export const cpu = (sample: Sample) => sample.cpuMs
export const serverCpu = (sample: Sample) => sample.extra.serverCpuMs ?? Number.NaN

/** A contestant's label, by id. */
export const label = (id: string): string => CONTESTANTS.find((c) => c.id === id)!.label

/**
 * Every contestant's samples of `count` gets of distinct scans against `server`, at most `inFlight` at a
 * time, each contestant in a process of its own (scenarios 1 and 2).
 */
export const measureGets = async (
  config: BenchConfig,
  server: FakeServer,
  {
    count,
    inFlight,
    warmCount
  }: { readonly count: number; readonly inFlight: number; readonly warmCount: number }
) => {
  const ids = await scanIds(server, count)
  const sessions = config.quick
    ? await quickSessions(server, ids)
    : await openIsolatedSessions(CONTESTANTS, server, ids)
  try {
    return await runRounds(
      CONTESTANTS.map((c) => ({
        key: c.id,
        run: () => withServerCpu(server, () => sessions.get(c.id)!.getAll(count, inFlight)),
        warm: () => sessions.get(c.id)!.getAll(Math.min(warmCount, count), inFlight)
      })),
      // At least one warm-up: it fetches the token and warms the JIT.
      { rounds: config.rounds, warmup: Math.max(1, config.warmup) },
      config.log
    )
  } finally {
    if (!config.quick) await closeIsolatedSessions(sessions)
  }
}

/** Quick runs' isolated sessions, by server: started together, shared by scenarios 1 and 2. */
const quickPool = new Map<string, Promise<Map<string, IsolatedSession>>>()

const quickSessions = async (
  server: FakeServer,
  ids: ReadonlyArray<string>
): Promise<Map<string, IsolatedSession>> => {
  let sessions = quickPool.get(server.url)
  if (sessions === undefined) {
    sessions = openIsolatedSessions(CONTESTANTS, server, ids, { together: true })
    quickPool.set(server.url, sessions)
    return sessions
  }
  const open = await sessions
  await Promise.all([...open.values()].map((session) => session.setIds(ids)))
  return open
}

/** Closes the sessions that quick runs share. */
export const closeQuickSessions = async (): Promise<void> => {
  const all = [...quickPool.values()]
  quickPool.clear()
  await Promise.all(all.map(async (sessions) => closeIsolatedSessions(await sessions)))
}
