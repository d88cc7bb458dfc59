/** URLs of the API's operations: path templates filled with percent-encoded values, and query strings. */
import type * as UrlParams from "@effect/platform/UrlParams"

/** The values of a path template's `{name}` segments. */
export type PathValues = Readonly<Record<string, string>>

/** Path templates split once into literal parts and `{name}` segments (the API's templates are constants). */
const splitTemplates = new Map<string, ReadonlyArray<string>>()

/** Substitutes `{name}` segments with percent-encoded values. */
export const fillTemplate = (template: string, values: PathValues | undefined): string => {
  if (values === undefined) return template
  let parts = splitTemplates.get(template)
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/)
    splitTemplates.set(template, parts)
  }
  let path = parts[0]!
  for (let i = 1; i < parts.length; i += 2)
    path += encodeURIComponent(values[parts[i]!] ?? "") + parts[i + 1]!
  return path
}

/** `?a=1&b=x&b=y` from a record; arrays become repeated keys, `undefined` is left out. */
export const queryString = (query: UrlParams.Input | undefined): string => {
  if (query === undefined) return ""
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else if (value !== undefined && value !== null) params.append(key, String(value))
  }
  const text = params.toString()
  return text === "" ? "" : `?${text}`
}
