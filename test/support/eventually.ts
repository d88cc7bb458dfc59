/** Waits for real I/O (not time) to catch up: yields to the event loop until `check` holds. */
import { Effect } from "effect"

const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

export const eventually = (check: () => boolean, what = "condition") =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000 && !check(); i++) yield* tick
    if (!check()) return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

/** A few event-loop turns, for asserting that something did NOT happen. */
export const settle = Effect.gen(function* () {
  for (let i = 0; i < 50; i++) yield* tick
})
