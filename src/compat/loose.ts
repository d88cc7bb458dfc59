/** Input types as the existing Promise SDK types them: enum fields accept any string (checked at run time). */

/**
 * The object type `T` as the existing SDK typed its input: string literal unions widened to `string`, in
 * nested objects and arrays too. A `Date` (a date-time field) stays a `Date`.
 * @category Options
 */
export type Loose<T> = { [K in keyof T]: LooseValue<T[K]> }

/**
 * A field's value in a {@link Loose} input: strings widened, `Date`s and functions kept, arrays and
 * objects loosened in turn.
 * @category Options
 */
export type LooseValue<V> = V extends string
  ? string
  : V extends Date | ((...args: ReadonlyArray<never>) => unknown)
    ? V
    : V extends ReadonlyArray<infer Item>
      ? ReadonlyArray<LooseValue<Item>>
      : V extends object
        ? Loose<V>
        : V

/** Hands loosely typed input to the strictly typed Effect API, which validates it before sending. */
export const strict = <T>(input: unknown): T => input as T
