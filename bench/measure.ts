/** Timing one run (wall clock and this process's CPU) and running entries in alternating rounds. */
import { roundOrder } from "./stats.js"

/** One measured run. */
export interface Sample {
  /** Wall-clock milliseconds. */
  readonly ms: number
  /** CPU milliseconds of this (the client) process, user + system. */
  readonly cpuMs: number
  /** Extra measurements of the run, e.g. time to first item. */
  readonly extra: Readonly<Record<string, number>>
}

const gc = (globalThis as { gc?: (options?: { type: "major"; execution: "sync" }) => void }).gc

/**
 * Collects garbage when the process runs with `--expose-gc`, so one run does not pay for another's.
 * A plain major collection: a bare `gc()` collects "all available garbage", which also throws away
 * compiled code, so the next run would measure the JIT warming up again rather than the client.
 */
export const collectGarbage = (): void => gc?.({ type: "major", execution: "sync" })

/** Times `f`; it may record extra measurements through `mark`. */
export const time = async (
  f: (mark: (name: string, value: number) => void, startedAt: number) => Promise<unknown>
): Promise<Sample> => {
  collectGarbage()
  const extra: Record<string, number> = {}
  const cpu = process.cpuUsage()
  const start = performance.now()
  await f((name, value) => {
    extra[name] = value
  }, start)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { ms, cpuMs: (used.user + used.system) / 1000, extra }
}

/** A sample taken by `run`, with the server's CPU time during it added as `extra.serverCpuMs`. */
export const withServerCpu = async (
  server: { readonly stats: () => Promise<{ readonly cpuMs: number }>; readonly reset: () => Promise<void> },
  run: () => Promise<Pick<Sample, "ms" | "cpuMs"> & Partial<Pick<Sample, "extra">>>
): Promise<Sample> => {
  await server.reset() // keeps the request log (and the cost of reading it) small
  const before = await server.stats()
  const { ms, cpuMs, extra } = await run()
  const after = await server.stats()
  return { ms, cpuMs, extra: { ...extra, serverCpuMs: after.cpuMs - before.cpuMs } }
}

/** `time(f)`, adding the server's CPU time during the run as `extra.serverCpuMs`. */
export const timeWithServer = (
  server: Parameters<typeof withServerCpu>[0],
  f: Parameters<typeof time>[0]
): Promise<Sample> => withServerCpu(server, () => time(f))

/** Something measured once per round. */
export interface Entry {
  readonly key: string
  readonly run: () => Promise<Sample>
  /** The warm-up, when lighter than a run. */
  readonly warm?: () => Promise<unknown>
}

/**
 * Runs every entry `warmup` times unrecorded, then `rounds` times recorded; each round visits the
 * entries in a different order (rotated, and reversed every other round) so that no entry always runs
 * right after the same neighbour.
 */
export const runRounds = async (
  entries: ReadonlyArray<Entry>,
  { rounds, warmup }: { readonly rounds: number; readonly warmup: number },
  log: (line: string) => void
): Promise<Map<string, Array<Sample>>> => {
  const samples = new Map<string, Array<Sample>>(entries.map((entry) => [entry.key, []]))
  for (let round = 0; round < warmup; round++) {
    for (const entry of roundOrder(entries, round)) await (entry.warm ?? entry.run)()
    log(`  warm-up ${round + 1}/${warmup} done`)
  }
  for (let round = 0; round < rounds; round++) {
    const parts: Array<string> = []
    for (const entry of roundOrder(entries, round)) {
      const sample = await entry.run()
      samples.get(entry.key)!.push(sample)
      parts.push(`${entry.key} ${sample.ms.toFixed(0)}ms`)
    }
    log(`  round ${round + 1}/${rounds}: ${parts.join(", ")}`)
  }
  return samples
}
