/** Pagination of in-memory lists, as the API's `skip`/`limit` parameters page them. */

/** A page of results and the number of items across all pages. */
export interface Page<A> {
  readonly total: number
  readonly items: ReadonlyArray<A>
}

/** One page of `items` after skipping `skip`; a negative `skip` or `limit` counts as 0. */
export const paginate = <A>(items: ReadonlyArray<A>, skip: number, limit: number): Page<A> => {
  const start = Math.max(0, skip)
  return { total: items.length, items: items.slice(start, start + Math.max(0, limit)) }
}
