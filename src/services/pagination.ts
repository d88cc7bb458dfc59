/**
 * Streams over skip/limit pages: lazy (nothing is fetched until items are pulled), optionally fetching
 * pages ahead while keeping order, ending at `pagination.total_items` or at a short page.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { PayloadError } from "../errors/index.js"
import { Limit, type PageOptions, type Pagination } from "../schemas/common.js"
import { validator } from "./input.js"

/** Filters of a stream: the list filters without `skip` and `limit`, which the stream drives. */
export type StreamParams<P> = Omit<P, "skip" | "limit">

/** One page as the stream needs it. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly pagination: Pagination
}

/** How to page. */
export interface PagingPlan {
  readonly pageSize: number
  readonly concurrency: number
}

/** Every item of every page, in order. */
export const paginate = <A, E, R>(
  fetchPage: (page: { readonly skip: number; readonly limit: number }) => Effect.Effect<Page<A>, E, R>,
  { pageSize, concurrency }: PagingPlan
): Stream.Stream<A, E, R> => {
  const isShort = (page: Page<A>) => page.items.length < pageSize
  const fetchIndex = (index: number) => fetchPage({ skip: index * pageSize, limit: pageSize })
  return Stream.unwrap(
    Effect.map(fetchIndex(0), (first) => {
      const head = Stream.fromIterable(first.items)
      if (isShort(first)) return head
      const total = first.pagination.total_items
      const rest =
        typeof total === "number"
          ? Stream.range(1, Math.ceil(total / pageSize) - 1).pipe(
              Stream.mapEffect(fetchIndex, { concurrency })
            )
          : Stream.iterate(1, (index) => index + 1).pipe(Stream.mapEffect(fetchIndex))
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

const PagingOptions = Schema.Struct({
  pageSize: Schema.optional(Limit),
  concurrency: Schema.optional(
    Schema.Number.pipe(
      Schema.filter((n) => Number.isInteger(n) && n >= 1 && n <= 16, {
        message: () => "must be an integer from 1 to 16"
      })
    )
  )
})
const pagingOptions = validator(PagingOptions)

/** The streaming forms of list operations, with the configured page size and concurrency as defaults. */
export const pageStreams = (defaults: PagingPlan) => ({
  /** Validates `query` and the page options, then streams every item. */
  stream: <Q, L extends { readonly pagination: Pagination }, A, E>(
    query: Either.Either<Q, PayloadError>,
    options: PageOptions | undefined,
    fetch: (query: Q, page: { readonly skip: number; readonly limit: number }) => Effect.Effect<L, E>,
    items: (page: L) => ReadonlyArray<A>
  ): Stream.Stream<A, E | PayloadError> =>
    Stream.unwrap(
      Effect.map(Either.all([query, pagingOptions(options ?? {})]), ([valid, paging]) =>
        paginate(
          (page) =>
            Effect.map(fetch(valid, page), (list) => ({ items: items(list), pagination: list.pagination })),
          {
            pageSize: paging.pageSize ?? defaults.pageSize,
            concurrency: paging.concurrency ?? defaults.concurrency
          }
        )
      )
    )
})
