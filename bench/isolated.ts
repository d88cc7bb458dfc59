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
  /** GETs the first `count` of the ids, at most `concurrency` in flight; the child's wall and CPU time. */
  readonly getAll: (count: number, concurrency: number) => Promise<Pick<Sample, "ms" | "cpuMs">>
  readonly close: () => Promise<void>
}

/** A process per contestant, each with a client against `server` and the uuids it will GET. */
export const openIsolatedSessions = async (
  contestants: ReadonlyArray<Contestant>,
  server: FakeServerInfo,
  ids: ReadonlyArray<string>
): Promise<Map<string, IsolatedSession>> => {
  const entry = await compiled("session-child")
  const info: FakeServerInfo = {
    url: server.url,
    dataEndpoint: server.dataEndpoint,
    mgmtEndpoint: server.mgmtEndpoint,
    tokenEndpoint: server.tokenEndpoint,
    credentials: server.credentials
  }
  const sessions = new Map<string, IsolatedSession>()
  for (const c of contestants) {
    const child = await startLineChild(
      `session ${c.id}`,
      entry,
      ["--contestant", c.id, "--server", JSON.stringify(info)],
      ["--expose-gc"]
    )
    await child.ask(JSON.stringify({ op: "ids", ids }))
    sessions.set(c.id, {
      getAll: (count, concurrency) =>
        child.ask(JSON.stringify({ op: "getAll", count, concurrency })) as Promise<
          Pick<Sample, "ms" | "cpuMs">
        >,
      close: child.close
    })
  }
  return sessions
}

/** Closes every session's process. */
export const closeIsolatedSessions = async (sessions: Map<string, IsolatedSession>): Promise<void> => {
  await Promise.all([...sessions.values()].map((session) => session.close()))
}
