/**
 * Contestants each in a process of their own (`session-child.ts`), for the per-call scenarios: one
 * client's JIT feedback, compiled code and garbage do not slow another's, as none would in a program
 * that uses one client. The parent only sends commands; wall and CPU time are the child's.
 */
import { startLineChild } from "./child.js"
import { compiled } from "./compile.js"
import type { Contestant } from "./contestants.js"
import type { Sample } from "./measure.js"
import type { FakeServerInfo } from "./server.js"

/** One contestant's client in its own process. */
export interface IsolatedSession {
  /** Replaces the uuids the runs GET. */
  readonly setIds: (ids: ReadonlyArray<string>) => Promise<void>
  /** GETs the first `count` of the ids, at most `concurrency` in flight; the child's wall and CPU time. */
  readonly getAll: (count: number, concurrency: number) => Promise<Pick<Sample, "ms" | "cpuMs">>
  readonly close: () => Promise<void>
}

/**
 * A process per contestant, each with a client against `server` and the uuids it will GET; started one
 * after another, or with `together` all at once (quick runs, which measure nothing).
 */
export const openIsolatedSessions = async (
  contestants: ReadonlyArray<Contestant>,
  server: FakeServerInfo,
  ids: ReadonlyArray<string>,
  { together = false }: { readonly together?: boolean } = {}
): Promise<Map<string, IsolatedSession>> => {
  const entry = await compiled("session-child")
  const info: FakeServerInfo = {
    url: server.url,
    dataEndpoint: server.dataEndpoint,
    mgmtEndpoint: server.mgmtEndpoint,
    tokenEndpoint: server.tokenEndpoint,
    credentials: server.credentials
  }
  const open = async (c: Contestant): Promise<readonly [string, IsolatedSession]> => {
    const child = await startLineChild(
      `session ${c.id}`,
      entry,
      ["--contestant", c.id, "--server", JSON.stringify(info)],
      ["--expose-gc"]
    )
    const setIds = async (next: ReadonlyArray<string>) => {
      await child.ask(JSON.stringify({ op: "ids", ids: next }))
    }
    await setIds(ids)
    return [
      c.id,
      {
        setIds,
        getAll: (count, concurrency) =>
          child.ask(JSON.stringify({ op: "getAll", count, concurrency })) as Promise<
            Pick<Sample, "ms" | "cpuMs">
          >,
        close: child.close
      }
    ]
  }
  if (together) return new Map(await Promise.all(contestants.map(open)))
  const sessions = new Map<string, IsolatedSession>()
  for (const c of contestants) {
    const [id, session] = await open(c)
    sessions.set(id, session)
  }
  return sessions
}

/** Closes every session's process. */
export const closeIsolatedSessions = async (sessions: Map<string, IsolatedSession>): Promise<void> => {
  await Promise.all([...sessions.values()].map((session) => session.close()))
}
