/** Reading response headers, which may arrive repeated. */

/** The first value of a header, if present. */
export const headerValue = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : value?.[0]
