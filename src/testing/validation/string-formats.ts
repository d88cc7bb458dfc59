/** The string formats pydantic parses in requests: UUIDs in every form it accepts, and ISO 8601 date-times. */

const UUID_GROUPS = [8, 4, 4, 4, 12] as const
const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The canonical (lower-case, hyphenated) form of a UUID in any form pydantic accepts, or why it is not one. */
export const parseUuid = (text: string): { readonly uuid: string } | { readonly error: string } => {
  let body = text
  let offset = 0
  let simple = true
  if (text.length >= 2 && text.startsWith("{") && text.endsWith("}")) {
    body = text.slice(1, -1)
    offset = 1
    simple = false
  } else if (text.startsWith("urn:uuid:")) {
    body = text.slice(9)
    offset = 9
    simple = false
  }
  if (HYPHENATED.test(body)) return { uuid: body.toLowerCase() }
  if (simple && /^[0-9a-f]{32}$/i.test(body)) {
    const hex = body.toLowerCase()
    return {
      uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    }
  }
  const bounds: Array<number> = []
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!
    if (char === "-") bounds.push(index)
    else if (!/[0-9a-fA-F]/.test(char)) {
      return {
        error: `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${char}\` at ${index + offset + 1}`
      }
    }
  }
  if (bounds.length === 0 && simple) {
    return { error: `invalid length: expected length 32 for simple format, found ${text.length}` }
  }
  if (bounds.length !== 4) return { error: `invalid group count: expected 5, found ${bounds.length + 1}` }
  const starts = [0, 9, 14, 19, 24]
  for (let group = 0; group < 4; group++) {
    if (bounds[group] !== starts[group + 1]! - 1) {
      return {
        error: `invalid group length in group ${group}: expected ${UUID_GROUPS[group]}, found ${bounds[group]! - starts[group]!}`
      }
    }
  }
  return { error: `invalid group length in group 4: expected 12, found ${body.length - 24}` }
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

/** Milliseconds since the epoch of an ISO 8601 date or date-time (UTC when no offset), or unix seconds. */
export const parseDateTime = (text: string): number | undefined => {
  const trimmed = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed)
    return Math.abs(n) > 2e10 ? n : n * 1000
  }
  const match = DATE_TIME.exec(trimmed)
  if (match === null) return undefined
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = match
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, "0").slice(0, 3))
  )
  const check = new Date(ms)
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59
  ) {
    return undefined
  }
  if (zone === undefined || zone.toUpperCase() === "Z") return ms
  const sign = zone.startsWith("-") ? -1 : 1
  const digits = zone.slice(1).replace(":", "")
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000
}
