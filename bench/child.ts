/** A child process that speaks in JSON lines: it prints one when ready, then answers each command with one. */
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"

/** A running child: its first line, a way to ask, and a way to end it. */
export interface LineChild {
  /** The line the child printed once ready, parsed. */
  readonly ready: unknown
  /** Writes `command` as one line and resolves with the child's next line, parsed. */
  readonly ask: (command: string) => Promise<unknown>
  /** Closes the child's stdin (it exits then), killing it if it has not exited within 5 s. */
  readonly close: () => Promise<void>
}

/** Starts `node entry ...args` and waits for its first line. */
export const startLineChild = async (
  name: string,
  entry: string,
  args: ReadonlyArray<string>,
  nodeOptions: ReadonlyArray<string> = []
): Promise<LineChild> => {
  const child = spawn(process.execPath, [...nodeOptions, entry, ...args], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const lines = createInterface({ input: child.stdout })
  const waiting: Array<(line: string) => void> = []
  const queued: Array<string> = []
  lines.on("line", (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else queued.push(line)
  })
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited (code ${code})`)))
  })
  exited.catch(() => {})
  const nextLine = async () =>
    JSON.parse(
      await Promise.race([
        new Promise<string>((resolve) => {
          const line = queued.shift()
          if (line !== undefined) resolve(line)
          else waiting.push(resolve)
        }),
        exited
      ])
    ) as unknown

  const ready = await nextLine()
  return {
    ready,
    ask: (command) => {
      child.stdin.write(`${command}\n`)
      return nextLine()
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.stdin.end()
        setTimeout(() => child.kill(), 5_000).unref()
      })
  }
}
