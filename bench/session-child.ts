/**
 * One contestant's client in a process of its own (started by `isolated.ts`), so that its code is
 * compiled, and its garbage collected, apart from the other contestants' code and garbage: as in a
 * user's program, which runs one client.
 *
 *   node --expose-gc session-child.mjs --contestant effect-node --server '<json>'
 *
 * Prints `{ "ready": true }` once its session is open, then answers one JSON command a line:
 *   `{ "op": "ids", "ids": [...] }` → `{ "ok": true }` (the uuids the runs GET)
 *   `{ "op": "getAll", "count": n, "concurrency": c }` → `{ "ms", "cpuMs" }`: GETs the first `count`
 *     uuids, at most `c` in flight; garbage is collected first, and the time is this process's.
 * It closes its session and exits when stdin closes.
 */
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { contestant } from "./contestants.js"
import { time } from "./measure.js"
import type { FakeServerInfo } from "./server.js"

const { values } = parseArgs({
  options: { contestant: { type: "string" }, server: { type: "string" } }
})
const session = await contestant(values.contestant!).open(JSON.parse(values.server!) as FakeServerInfo)
let ids: ReadonlyArray<string> = []

type Command =
  | { readonly op: "ids"; readonly ids: ReadonlyArray<string> }
  | { readonly op: "getAll"; readonly count: number; readonly concurrency: number }

const answer = async (command: Command): Promise<unknown> => {
  switch (command.op) {
    case "ids":
      ids = command.ids
      return { ok: true }
    case "getAll": {
      const { ms, cpuMs } = await time(() => session.getAll(ids.slice(0, command.count), command.concurrency))
      return { ms, cpuMs }
    }
  }
}

const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
reply({ ready: true })
for await (const line of createInterface({ input: process.stdin })) reply(await answer(JSON.parse(line)))
await session.close()
process.exit(0)
