/**
 * Runs before each test file. The files of a worker share its modules (`isolate: false` in
 * vitest.config.ts), and `@effect/vitest`'s `it.layer` assigns its layered `effect`, `scoped` and `layer`
 * onto vitest's shared `it`: the methods as the worker first loaded them are put back, so that a file's
 * `it.effect` never runs in the layer of a file before it.
 */
import { it } from "@effect/vitest"
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
