/**
 * Runs Effect API calls as Promises on one `ManagedRuntime`: trailing `{ signal, timeoutMs }` options,
 * tagged errors rejected as `AISecSDKException`, Streams as async iterables and collected arrays.
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { ClientError, type ModelSecurityError, PayloadError } from "../errors/index.js"
import type { PageOptions } from "../schemas/common.js"
import type { ModelSecurityServices } from "../services/model-security.js"
import { AISecSDKException } from "./errors.js"

/**
 * Per-call options, accepted last by every method.
 * @category Options
 */
export interface CallOptions {
  /** Aborting cancels the call, including the HTTP request under way; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal
  /**
   * A deadline for the whole call, retries included, in milliseconds (a positive, finite number);
   * passing it rejects with a `CLIENT_SIDE_ERROR`.
   */
  readonly timeoutMs?: number
}

/** Why a `timeoutMs` (the constructor's or a call's) is refused, if it is: before anything is sent. */
export const invalidTimeoutMs = (timeoutMs: unknown): PayloadError | undefined =>
  timeoutMs === undefined || (typeof timeoutMs === "number" && Number.isFinite(timeoutMs) && timeoutMs > 0)
    ? undefined
    : PayloadError.of([{ field: "timeoutMs", rule: "must be a positive number of milliseconds" }])

/** Why call options are refused, if they are: before anything is sent. */
export const invalidCallOptions = (options: CallOptions): PayloadError | undefined =>
  options.signal !== undefined &&
  !(typeof AbortSignal === "function" && options.signal instanceof AbortSignal)
    ? PayloadError.of([{ field: "signal", rule: "must be an AbortSignal" }])
    : invalidTimeoutMs(options.timeoutMs)

/**
 * Options of the async-iterable and collect-all forms.
 * @category Options
 */
export interface IterateOptions extends PageOptions, CallOptions {}

/** The page options within iterate options. */
export const pageOptions = (options: IterateOptions | undefined): PageOptions => ({
  ...(options?.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  ...(options?.concurrency === undefined ? {} : { concurrency: options.concurrency })
})

/** What a compat method may ask of the runtime. */
export type Services = ModelSecurityServices

/** Runs effects and streams of the Effect API for Promise callers. */
export class Runner {
  private readonly running = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
  /** The scopes of the iterations under way, each holding its stream's fetches. */
  private readonly iterations = new Set<Scope.CloseableScope>()
  private closed = false

  constructor(
    private readonly runtime: ManagedRuntime.ManagedRuntime<Services, never>,
    private readonly defaultTimeoutMs: number | undefined
  ) {}

  /** The effect's value, or a rejection with an `AISecSDKException` (or the signal's reason when aborted). */
  run<A>(effect: Effect.Effect<A, ModelSecurityError, Services>, options: CallOptions = {}): Promise<A> {
    if (this.closed) return Promise.reject(new AISecSDKException(closedError()))
    const invalid = invalidCallOptions(options)
    if (invalid !== undefined) return Promise.reject(new AISecSDKException(invalid))
    const fiber = this.runtime.runFork(this.withDeadline(effect, options))
    this.running.add(fiber)
    const { signal } = options
    const onAbort = () => fiber.unsafeInterruptAsFork(FiberId.none)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener("abort", onAbort, { once: true })
    return new Promise<A>((resolve, reject) =>
      fiber.addObserver((exit) => {
        this.running.delete(fiber)
        signal?.removeEventListener("abort", onAbort)
        if (Exit.isSuccess(exit)) resolve(exit.value)
        else reject(this.rejection(exit.cause, signal))
      })
    )
  }

  /**
   * Every item of the stream, pulled page by page as the loop asks (nothing is pulled ahead of the loop,
   * so the stream fetches no page beyond those its window keeps in flight); leaving the loop stops the
   * stream and the fetches under way.
   */
  async *iterate<A>(
    stream: Stream.Stream<A, ModelSecurityError, Services>,
    options: CallOptions = {}
  ): AsyncGenerator<A, void, undefined> {
    if (this.closed) throw new AISecSDKException(closedError())
    const invalid = invalidCallOptions(options)
    if (invalid !== undefined) throw new AISecSDKException(invalid)
    const { signal } = options
    const fork = Runtime.runFork(await this.runtime.runtime())
    // The stream's scope holds its fetches under way. When the signal aborts, or the client closes
    // (`close` interrupts every fiber in `running` and closes every scope in `iterations`), the pull under
    // way is interrupted and the scope closed, whether or not the loop is waiting; the loop then ends and
    // says why below.
    const scope = Effect.runSync(Scope.make())
    this.iterations.add(scope)
    let current: Fiber.RuntimeFiber<unknown, unknown> | undefined
    const stop = () => {
      current?.unsafeInterruptAsFork(FiberId.none)
      Effect.runFork(Scope.close(scope, Exit.void))
    }
    /** The effect's value (`undefined` once stopped); its failure (an `AISecSDKException`) or defect thrown as it is. */
    const run = <B>(effect: Effect.Effect<B, AISecSDKException, Services>): Promise<B | undefined> => {
      if (signal?.aborted || this.closed) return Promise.resolve(undefined)
      const fiber = fork(effect)
      current = fiber
      this.running.add(fiber)
      return new Promise((resolve, reject) =>
        fiber.addObserver((exit) => {
          current = undefined
          this.running.delete(fiber)
          if (Exit.isSuccess(exit)) resolve(exit.value)
          else if (Cause.isInterruptedOnly(exit.cause) && (signal?.aborted || this.closed)) resolve(undefined)
          else reject(Cause.squash(exit.cause))
        })
      )
    }
    signal?.addEventListener("abort", stop, { once: true })
    try {
      const pull = await run(
        Scope.extend(
          Stream.toPull(stream.pipe(Stream.mapError((error) => new AISecSDKException(error)))),
          scope
        )
      )
      // A chunk (a page) at a time: one trip through the runtime per page, not per item. The end of
      // the stream is a failure with `None`.
      const nextChunk =
        pull &&
        Effect.catchAll(pull, (end) =>
          Option.match(end, { onNone: () => Effect.succeed(undefined), onSome: Effect.fail })
        )
      pages: for (;;) {
        const chunk = nextChunk && (await run(nextChunk))
        if (chunk === undefined) break
        for (const item of chunk) {
          if (signal?.aborted || this.closed) break pages
          yield item
        }
      }
    } finally {
      signal?.removeEventListener("abort", stop)
      this.iterations.delete(scope)
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
    if (options.signal?.aborted) throw options.signal.reason
    if (this.closed) throw new AISecSDKException(closedError())
  }

  /** Ends every call and iteration under way (their requests are cancelled), then releases the runtime. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.running].map((fiber) => Effect.runPromise(Fiber.interrupt(fiber))))
    await Promise.all([...this.iterations].map((scope) => Effect.runPromise(Scope.close(scope, Exit.void))))
    await this.runtime.dispose()
  }

  /** Every item of the stream, collected. */
  collect<A>(
    stream: Stream.Stream<A, ModelSecurityError, Services>,
    options: CallOptions = {}
  ): Promise<Array<A>> {
    return this.run(Effect.map(Stream.runCollect(stream), Chunk.toArray), options)
  }

  private withDeadline<A>(effect: Effect.Effect<A, ModelSecurityError, Services>, options: CallOptions) {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    if (timeoutMs === undefined) return effect
    return Effect.timeoutFail(effect, {
      duration: Duration.millis(timeoutMs),
      onTimeout: () =>
        new ClientError({ message: `The call did not finish within ${timeoutMs} ms`, reason: "Timeout" })
    })
  }

  private rejection(cause: Cause.Cause<ModelSecurityError>, signal: AbortSignal | undefined): unknown {
    const failure = Cause.failureOption(cause)
    if (Option.isSome(failure)) return new AISecSDKException(failure.value)
    if (signal?.aborted && Cause.isInterruptedOnly(cause)) return signal.reason
    if (this.closed && Cause.isInterruptedOnly(cause)) return new AISecSDKException(closedError())
    return Cause.squash(cause)
  }
}

const closedError = () => new ClientError({ message: "The client was closed", reason: "Transport" })
