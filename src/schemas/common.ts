/** Options shared by the streaming forms of list operations. */

/** Page options for the streaming forms of list operations. */
export interface PageOptions {
  /** Items per request, 1–100 (default: the configured page size). */
  readonly pageSize?: number
  /** Pages fetched ahead while keeping order, 1–16 (default: the configured concurrency). */
  readonly concurrency?: number
}

/** Filters of a stream: the list filters without `skip` and `limit`, which the stream drives. */
export type StreamParams<P> = Omit<P, "skip" | "limit">
