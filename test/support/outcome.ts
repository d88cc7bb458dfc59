/** What a call came to, as a value a test can compare. */
import type { AISecSDKException } from "@effect-airs/model-security/compat"
import { Cause, Chunk, type Effect, Exit, type ManagedRuntime, Option } from "effect"
import { expect } from "vitest"

/** How `pending` settled: its value, or its error. */
export const outcome = <A>(pending: Promise<A>) =>
  pending.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error })
  )

/** The error `pending` rejects with, typed as the compat client's; it fails the test if `pending` resolves. */
export const rejection = (pending: Promise<unknown>) =>
  pending.then(
    () => {
      throw new Error("expected the call to reject")
    },
    (error: unknown) => error as AISecSDKException
  )

/**
 * Runs effects on `runtime` as Promises: a typed failure rejects with the error itself; a defect or an
 * interruption fails the test.
 */
export const promiseOn =
  <R, ER>(runtime: ManagedRuntime.ManagedRuntime<R, ER>) =>
  <A, E>(effect: Effect.Effect<A, E, R>): Promise<A> =>
    runtime.runPromiseExit(effect).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      expect(Chunk.toReadonlyArray(Cause.defects(exit.cause)), "the defects").toEqual([])
      expect(Cause.isInterruptedOnly(exit.cause), "interrupted only").toBe(false)
      throw Option.getOrThrow(Cause.failureOption(exit.cause))
    })
