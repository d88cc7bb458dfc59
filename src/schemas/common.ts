/** Options shared by the streaming forms of list operations. */

/**
 * Page options for the streaming forms of list operations.
 * @category Options
 */
export interface PageOptions {
  /** Items per request, 1–100 (default: the configured page size). */
  readonly pageSize?: number
  /**
   * Pages in flight once the first page gives a total, order kept, 1–16 (default: the configured
   * concurrency, 4); 1 fetches one page at a time.
   */
  readonly concurrency?: number
}

/**
 * Filters of a stream: the list filters without `skip` and `limit`, which the stream drives.
 * @category Options
 */
export type StreamParams<P> = Omit<P, "skip" | "limit">
