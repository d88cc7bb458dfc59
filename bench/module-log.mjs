// `node --import ./bench/module-log.mjs …` appends the URL of every ES module the process loads to the
// file named by BENCH_MODULE_LOG. The same file is the hook (in the hooks thread) and registers it (in
// the main thread).
import { appendFileSync } from "node:fs"
import { register } from "node:module"
import { isMainThread } from "node:worker_threads"

const log = process.env.BENCH_MODULE_LOG

if (isMainThread) register(import.meta.url)

export async function load(url, context, nextLoad) {
  if (log !== undefined) appendFileSync(log, `${url}\n`)
  return nextLoad(url, context)
}
