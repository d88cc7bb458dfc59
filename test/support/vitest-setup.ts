/**
 * Runs before each test file. The files of a worker share its modules (`isolate: false` in
 * vitest.config.ts), and `@effect/vitest`'s `it.layer` assigns its layered `effect`, `scoped` and `layer`
 * onto vitest's shared `it`: the methods as the worker first loaded them are put back, so that a file's
 * `it.effect` never runs in the layer of a file before it. And Node's `fetch` sends through one dispatcher
 * per process, undici's global one (Node's own, or the `undici` package's once it is imported): a file
 * starts with a fresh one, so that no connection of a file before it is in its way.
 */
import { it } from "@effect/vitest"
import type { Dispatcher } from "undici"
import * as V from "vitest"

type Methods = Pick<typeof it, "effect" | "scoped" | "layer" | "prop" | "flakyTest">

const key = Symbol.for("@effect-airs/model-security/test/it-methods")
const store = globalThis as unknown as Record<symbol, Methods | undefined>

/** The methods as loaded before any file ran, kept across the re-runs of this file. */
const original = (): Methods => {
  const saved = store[key]
  if (saved !== undefined) return saved
  const methods = {
    effect: it.effect,
    scoped: it.scoped,
    layer: it.layer,
    prop: it.prop,
    flakyTest: it.flakyTest
  }
  store[key] = methods
  return methods
}

Object.assign(V.it, original())

const dispatchers = [Symbol.for("undici.globalDispatcher.1"), Symbol.for("undici.globalDispatcher.2")]
const global = globalThis as unknown as Record<symbol, Dispatcher | undefined>
const previous = global[dispatchers[0]!]
if (previous !== undefined) {
  // A new one of its own class: Node's built-in agent, or the `undici` package's.
  const fresh = new (previous.constructor as new () => Dispatcher)()
  for (const key of dispatchers) if (key in global) global[key] = fresh
  void previous.destroy().catch(() => undefined)
}
