/** Input types as the existing Promise SDK types them: enum fields accept any string (checked at run time). */

/**
 * `T` with string literal unions widened to `string`, recursively.
 * @category Options
 */
export type Loose<T> = T extends string
  ? string
  : T extends ReadonlyArray<infer Item>
    ? ReadonlyArray<Loose<Item>>
    : T extends object
      ? { [K in keyof T]: Loose<T[K]> }
      : T

/** Hands loosely typed input to the strictly typed Effect API, which validates it before sending. */
export const strict = <T>(input: unknown): T => input as T
