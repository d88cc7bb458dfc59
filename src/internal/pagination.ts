/**
 * The streaming forms of list operations. Offset pages (`skip`/`limit`): lazy, fetching pages ahead
 * once the first gives a total (up to `concurrency` in flight, order kept), ending at
 * `pagination.total_items` or at a short page. Cursor pages
 * (`next_token`): one after another, each token sent back exactly as received, ending when none comes.
 * Each page fetched is counted (`airs.model_security.pages`).
 */
import type * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type CallError, type PayloadError, ServerError } from "../errors/index.js"
import type { PageOptions } from "../schemas/common.js"
import { Int } from "../schemas/formats.js"
import { validator } from "./input.js"
import { countPage } from "./metrics.js"
import {
  type AnyOperation,
  type Checked,
  check,
  type OperationInput,
  type Success,
  send
} from "./operation.js"
import type { Transport } from "./transport.js"

/** One page as the stream needs it. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly pagination: { readonly total_items?: number | null | undefined }
}

/** How to page. */
export interface PagingPlan {
  readonly pageSize: number
  readonly concurrency: number
  /** The operation paged, for the error that ends a stream making no progress (e.g. `GET /v1/scans`). */
  readonly operation?: string
}

/** What tells two items apart cheaply: a record's `uuid`, else the item as JSON. */
const itemKey = (item: unknown): string => {
  const uuid = typeof item === "object" && item !== null ? (item as { uuid?: unknown }).uuid : undefined
  return typeof uuid === "string" ? uuid : JSON.stringify(item)
}

/**
 * What a page is told apart by: its length and the keys of its first and last items. Only these are kept
 * from one page to the next, not the page itself, so that no page outlives its turn.
 */
interface Outline {
  readonly length: number
  readonly first: string | undefined
  readonly last: string | undefined
}

const outline = (items: ReadonlyArray<unknown>): Outline =>
  items.length === 0
    ? { length: 0, first: undefined, last: undefined }
    : { length: items.length, first: itemKey(items[0]), last: itemKey(items[items.length - 1]) }

/** Whether a page holds the same items as the one before it (first and last compared): nothing new. */
const repeats = (previous: Outline, page: Outline): boolean =>
  page.length > 0 &&
  page.length === previous.length &&
  page.first === previous.first &&
  page.last === previous.last

/**
 * Pages `1 … count - 1`, in order, fetched ahead: at most `concurrency` pages in flight (sent, their body
 * not in yet), and none past page `i + concurrency` while the consumer is at page `i`. A page starts as
 * soon as both allow it: when any page in flight arrives (its body in, before it is decoded), whatever
 * its order, or when the consumer moves on. So a consumer that stops at page `i` has caused no fetch past
 * page `i + concurrency`, and the pages still under way are interrupted with the stream. At concurrency 1
 * the window fetches strictly on demand: page `i + 1` starts when the consumer asks for it. `accept` sees
 * each page in order as the consumer takes it, and may end the stream with an error.
 */
const window = <A, E, E2, R>(
  fetchIndex: (index: number, arrived: Effect.Effect<void, never, R>) => Effect.Effect<Page<A>, E, R>,
  count: number,
  concurrency: number,
  accept: (page: Page<A>, index: number) => E2 | undefined
): Stream.Stream<Page<A>, E | E2, R> =>
  Stream.unwrapScoped(
    Effect.map(Effect.scope, (scope) => {
      const pages = new Map<number, Slot<Page<A>, E>>()
      let highest = 0
      let awaited = 1
      const arrived = new Set<number>()
      /** Starts every page the window allows that has not started yet. */
      const fill: Effect.Effect<void, never, R> = Effect.suspend(() => {
        // Pages from `awaited` on that have started but not arrived (those before it are taken).
        const inFlight = highest - awaited + 1 - arrived.size
        const last = Math.min(
          concurrency === 1 ? awaited : Math.min(awaited + concurrency, highest + concurrency - inFlight),
          count - 1
        )
        const fresh: Array<readonly [number, Slot<Page<A>, E>]> = []
        for (; highest < last; highest++) {
          const slot = new Slot<Page<A>, E>()
          pages.set(highest + 1, slot)
          fresh.push([highest + 1, slot])
        }
        return Effect.forEach(fresh, ([index, slot]) => Effect.forkIn(settle(slot, fetch(index)), scope), {
          discard: true
        })
      })
      /** Page `index` has arrived (once its body is in, or at the latest once it is decoded). */
      const onArrival = (index: number): Effect.Effect<void, never, R> =>
        Effect.suspend(() => {
          if (arrived.has(index) || index < awaited) return Effect.void
          arrived.add(index)
          return fill
        })
      const fetch = (index: number): Effect.Effect<Page<A>, E, R> =>
        Effect.tap(fetchIndex(index, onArrival(index)), () => onArrival(index))
      return Stream.unfoldEffect(1, (index) =>
        index >= count
          ? Effect.succeed(Option.none())
          : Effect.gen(function* () {
              arrived.delete(awaited)
              awaited = index
              yield* fill
              const slot = pages.get(index)!
              pages.delete(index)
              const page = yield* take(slot)
              const refused = accept(page, index)
              if (refused !== undefined) return yield* Effect.fail(refused)
              return Option.some([page, index + 1] as const)
            })
      )
    })
  )

/**
 * Where a page fetched ahead waits for the consumer: its outcome, or the consumer already waiting for
 * it. The outcome is handed over once and dropped from the slot, and the fiber that fetched it ends with
 * nothing, so no slot or finished fiber keeps a page alive after the consumer took it. (Not a
 * `Deferred`, which keeps its value for as long as it lives: a spent page that an object in the old
 * generation still points to is promoted instead of dying young, and collecting it there costs more than
 * paging it.)
 */
class Slot<A, E> {
  /** Whether the outcome is known: the value itself, or the failure. */
  done = false
  value: A | undefined = undefined
  failure: Cause.Cause<E> | undefined = undefined
  waiter: ((effect: Effect.Effect<void>) => void) | undefined = undefined
}

/** The effect that hands over a slot's outcome, made when it is handed over, and the slot emptied. */
const handOver = <A, E>(slot: Slot<A, E>): Effect.Effect<A, E> => {
  const outcome =
    slot.failure === undefined ? Effect.succeed(slot.value as A) : Effect.failCause(slot.failure)
  slot.value = undefined
  slot.failure = undefined
  return outcome
}

/** Runs `effect` into `slot`, handing its outcome to the consumer waiting or keeping it until asked. */
const settle = <A, E, R>(slot: Slot<A, E>, effect: Effect.Effect<A, E, R>): Effect.Effect<void, never, R> => {
  const deliver = () => {
    slot.done = true
    const waiter = slot.waiter
    if (waiter !== undefined) {
      slot.waiter = undefined
      waiter(Effect.void)
    }
  }
  return Effect.matchCause(effect, {
    onFailure: (cause) => {
      slot.failure = cause
      deliver()
    },
    onSuccess: (value) => {
      slot.value = value
      deliver()
    }
  })
}

/** The outcome of `slot`, now or once it comes. */
const take = <A, E>(slot: Slot<A, E>): Effect.Effect<A, E> =>
  slot.done
    ? handOver(slot)
    : Effect.zipRight(
        Effect.async<void>((resume) => {
          slot.waiter = resume
          return Effect.sync(() => {
            slot.waiter = undefined
          })
        }),
        Effect.suspend(() => handOver(slot))
      )

/**
 * Every item of every offset page, in order. Once the first page gives `total_items`, the pages after it
 * are fetched ahead, `concurrency` at a time (see `window`); without a total, one after another. A page
 * that brings nothing new (the same items as the page before: a server that ignores `skip`, whatever
 * `total_items` it claims) ends the stream with a `ServerError` instead of repeating them forever.
 */
export const paginate = <A, E, R>(
  fetchPage: (
    page: { readonly skip: number; readonly limit: number },
    /** To run as soon as the page's body has arrived, before it is decoded (optional). */
    arrived: Effect.Effect<void, never, R>
  ) => Effect.Effect<Page<A>, E, R>,
  { pageSize, concurrency, operation = "the list" }: PagingPlan
): Stream.Stream<A, E | ServerError, R> => {
  const isShort = (page: Page<A>) => page.items.length < pageSize
  const fetchIndex = (index: number, arrived: Effect.Effect<void, never, R> = Effect.void) =>
    fetchPage({ skip: index * pageSize, limit: pageSize }, arrived)
  return Stream.unwrap(
    Effect.map(fetchIndex(0), (first) => {
      const head = Stream.fromIterable(first.items)
      if (isShort(first)) return head
      const total = first.pagination.total_items
      // Run by run: what the page before held. Pages are checked in order where they are taken, not in a
      // stream stage of their own, whose per-page overhead would outweigh comparing two outlines.
      let previous = outline(first.items)
      const accept = (page: Page<A>, index: number): ServerError | undefined => {
        const current = outline(page.items)
        if (repeats(previous, current)) return noProgress(operation, index, pageSize)
        previous = current
        return undefined
      }
      const rest =
        typeof total === "number"
          ? window(fetchIndex, Math.ceil(total / pageSize), concurrency, accept)
          : Stream.iterate(1, (index) => index + 1).pipe(
              Stream.mapEffect((index) =>
                Effect.flatMap(fetchIndex(index), (page) => {
                  const refused = accept(page, index)
                  return refused === undefined ? Effect.succeed(page) : Effect.fail(refused)
                })
              )
            )
      return Stream.concat(
        head,
        rest.pipe(
          Stream.takeUntil(isShort),
          Stream.mapConcat((page) => page.items)
        )
      )
    })
  )
}

const noProgress = (operation: string, index: number, pageSize: number) =>
  new ServerError({
    message: `${operation} answered skip=${index * pageSize} with the same items as skip=${
      (index - 1) * pageSize
    }: the server ignores skip, so the stream stops rather than repeat them`,
    operation,
    reason: "Decode"
  })

const PagingOptions = Schema.Struct({
  pageSize: Schema.optional(Int(1, 100)),
  concurrency: Schema.optional(Int(1, 16))
})
const pagingOptions = validator(PagingOptions)

/** The pages a list operation answers with, and the items on each. */
type Items<Op extends AnyOperation, A> = (page: Success<Op>) => ReadonlyArray<A>

/** The streaming forms of list operations, with the configured page size and concurrency as defaults. */
export const makePages = (http: Transport["Type"], defaults: PagingPlan) => {
  const withQuery = (checked: Checked, extra: Readonly<Record<string, unknown>>): Checked => ({
    ...checked,
    query: { ...checked.query, ...extra }
  })
  /** One page, counted once it is in. */
  const sendPage = <Op extends AnyOperation>(op: Op, checked: Checked, arrived?: Effect.Effect<void>) =>
    Effect.zipLeft(send(http, op, checked, arrived), countPage(op.name, op.plane))
  return {
    /** Every item of an offset-paged list: the input is checked once, then each page is fetched. */
    offset: <Op extends AnyOperation, A>(
      op: Op,
      input: OperationInput,
      items: Items<Op, A>,
      options: PageOptions | undefined
    ): Stream.Stream<A, PayloadError | CallError> =>
      Either.match(Either.all([check(op, input), pagingOptions(options ?? {})]), {
        onLeft: (error) => Stream.fail(error),
        onRight: ([checked, paging]) =>
          paginate(
            (page, arrived) =>
              Effect.map(sendPage(op, withQuery(checked, page), arrived), (list) => ({
                items: items(list),
                pagination: (list as { readonly pagination: Page<A>["pagination"] }).pagination
              })),
            {
              pageSize: paging.pageSize ?? defaults.pageSize,
              concurrency: paging.concurrency ?? defaults.concurrency,
              operation: `${op.method} ${op.path}`
            }
          )
      }),

    /**
     * Every item of a cursor-paged list, following `pagination.next_token` to the end; a token the server
     * gave before ends the stream with a `ServerError` rather than looping.
     */
    cursor: <Op extends AnyOperation, A>(
      op: Op,
      input: OperationInput,
      items: Items<Op, A>
    ): Stream.Stream<A, PayloadError | CallError> =>
      Either.match(check(op, input), {
        onLeft: (error) => Stream.fail(error),
        onRight: (checked) => {
          const seen = new Set<string>()
          return Stream.paginateChunkEffect(undefined as string | undefined, (token) =>
            Effect.flatMap(
              sendPage(op, token === undefined ? checked : withQuery(checked, { next_token: token })),
              (list) => {
                const next = (list as { readonly pagination: { readonly next_token?: string | null } })
                  .pagination.next_token
                if (typeof next === "string" && seen.has(next)) {
                  return Effect.fail(
                    new ServerError({
                      message: `${op.method} ${op.path} returned a next_token it had returned before`,
                      operation: `${op.method} ${op.path}`,
                      reason: "Decode"
                    })
                  )
                }
                if (typeof next === "string") seen.add(next)
                return Effect.succeed([
                  Chunk.fromIterable(items(list)),
                  typeof next === "string" && next !== "" ? Option.some(next) : Option.none()
                ] as const)
              }
            )
          )
        }
      })
  }
}

/** The streaming forms of list operations. */
export type Pages = ReturnType<typeof makePages>
