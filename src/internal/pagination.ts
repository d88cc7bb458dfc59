/**
 * The streaming forms of list operations. Offset pages (`skip`/`limit`): lazy, fetching pages ahead
 * once the first gives a total (up to `concurrency` in flight, order kept), ending at
 * `pagination.total_items` or at a short page. Cursor pages
 * (`next_token`): one after another, each token sent back exactly as received, ending when none comes.
 */
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type CallError, type PayloadError, ServerError } from "../errors/index.js"
import type { PageOptions } from "../schemas/common.js"
import { Int } from "../schemas/formats.js"
import type { AirsHttp } from "./http.js"
import { validator } from "./input.js"
import {
  type AnyOperation,
  type Checked,
  check,
  type OperationInput,
  type Success,
  send
} from "./operation.js"

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

/** The items of the page before, and its index. */
interface Progress<A> {
  readonly items: ReadonlyArray<A>
  readonly index: number
}

/** Whether a page holds the same items as the one before it (first and last compared): nothing new. */
const repeats = <A>(previous: ReadonlyArray<A>, page: ReadonlyArray<A>): boolean =>
  page.length > 0 &&
  page.length === previous.length &&
  itemKey(page[0]) === itemKey(previous[0]) &&
  itemKey(page[page.length - 1]) === itemKey(previous[previous.length - 1])

/**
 * Pages `1 … count - 1`, in order, fetched ahead through a window of `concurrency` pages in flight: while
 * the consumer waits for page `i`, pages `i … i + concurrency - 1` are under way; as soon as page `i`'s
 * body arrives, page `i + concurrency` starts too, before page `i` is decoded. So at most `concurrency`
 * pages are in flight and at most one arrived page waits for the consumer; a consumer that stops at page `i`
 * has caused no fetch past page `i + concurrency`, and the pages still under way are interrupted with the
 * stream. At concurrency 1 the window fetches strictly on demand: page `i + 1` starts when the consumer
 * asks for it.
 */
const window = <A, E, R>(
  fetchIndex: (index: number, arrived: Effect.Effect<void, never, R>) => Effect.Effect<Page<A>, E, R>,
  count: number,
  concurrency: number
): Stream.Stream<Page<A>, E, R> =>
  Stream.unwrapScoped(
    Effect.map(Effect.scope, (scope) => {
      const pages = new Map<number, Deferred.Deferred<Page<A>, E>>()
      let highest = 0
      let awaited = 1
      const arrived = new Set<number>()
      /** Starts every page the window allows that has not started yet; each page's result is ready to await at once. */
      const fill: Effect.Effect<void, never, R> = Effect.suspend(() => {
        const last = Math.min(
          awaited + concurrency - (concurrency > 1 && arrived.has(awaited) ? 0 : 1),
          count - 1
        )
        const fresh: Array<readonly [number, Deferred.Deferred<Page<A>, E>]> = []
        for (; highest < last; highest++) {
          const deferred = Deferred.unsafeMake<Page<A>, E>(FiberId.none)
          pages.set(highest + 1, deferred)
          fresh.push([highest + 1, deferred])
        }
        return Effect.forEach(
          fresh,
          ([index, deferred]) => Effect.forkIn(Effect.intoDeferred(fetch(index), deferred), scope),
          { discard: true }
        )
      })
      /** Page `index` has arrived (once its body is in, or at the latest once it is decoded). */
      const onArrival = (index: number): Effect.Effect<void, never, R> =>
        Effect.suspend(() => {
          if (arrived.has(index) || index < awaited) return Effect.void
          arrived.add(index)
          return index === awaited ? fill : Effect.void
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
              const deferred = pages.get(index)!
              pages.delete(index)
              return Option.some([yield* Deferred.await(deferred), index + 1] as const)
            })
      )
    })
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
      const rest =
        typeof total === "number"
          ? window(fetchIndex, Math.ceil(total / pageSize), concurrency)
          : Stream.iterate(1, (index) => index + 1).pipe(Stream.mapEffect((index) => fetchIndex(index)))
      return Stream.concat(
        head,
        rest.pipe(
          Stream.takeUntil(isShort),
          Stream.mapAccumEffect(
            { items: first.items, index: 0 } as Progress<A>,
            (previous, page): Effect.Effect<readonly [Progress<A>, Page<A>], ServerError> =>
              repeats(previous.items, page.items)
                ? Effect.fail(noProgress(operation, previous.index + 1, pageSize))
                : Effect.succeed([{ items: page.items, index: previous.index + 1 }, page] as const)
          ),
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
export const makePages = (http: AirsHttp["Type"], defaults: PagingPlan) => {
  const withQuery = (checked: Checked, extra: Readonly<Record<string, unknown>>): Checked => ({
    ...checked,
    query: { ...checked.query, ...extra }
  })
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
              Effect.map(send(http, op, withQuery(checked, page), arrived), (list) => ({
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
              send(http, op, token === undefined ? checked : withQuery(checked, { next_token: token })),
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
