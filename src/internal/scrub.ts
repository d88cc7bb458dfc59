/**
 * What server text may carry into an error message, a span or a log: never a secret (the token, the
 * client secret, the Basic credentials), in any of the forms a server might echo it, never a control
 * character, and never more than a sane length.
 */

/** Replaces every known secret in a text by `[redacted]`. */
export interface Scrubber {
  (text: string): string
  /** The length of the longest form it replaces. */
  readonly longest: number
}

const hex4 = (code: number) => code.toString(16).padStart(4, "0")

/**
 * The forms of a secret a server may echo: as sent, JSON-escaped (`\"`, `\\`, `\/`, `\uXXXX`, each
 * character as `\uXXXX` in either case) and URL- or form-encoded. Text a server sends as JSON is decoded
 * before it is scrubbed, so an escape in the JSON cannot hide a secret either.
 */
const formsOf = (secret: string): Array<string> => {
  const json = JSON.stringify(secret).slice(1, -1)
  const everyChar = Array.from(secret, (char) => `\\u${hex4(char.charCodeAt(0))}`).join("")
  const form = new URLSearchParams({ s: secret }).toString().slice(2)
  return [
    secret,
    json,
    json.replaceAll("/", "\\/"),
    json.replace(/[\u007f-\uffff]/g, (char) => `\\u${hex4(char.charCodeAt(0))}`),
    everyChar,
    everyChar.toUpperCase().replaceAll("\\U", "\\u"),
    encodeURIComponent(secret),
    form
  ]
}

/**
 * A scrubber for `secrets` (empty ones ignored): build it once per set of secrets (per token), not per
 * message. Longer forms are replaced first, so that no part of one survives a shorter one's match.
 */
export const makeScrubber = (secrets: ReadonlyArray<string>): Scrubber => {
  const forms = [...new Set(secrets.filter((secret) => secret !== "").flatMap(formsOf))].sort(
    (a, b) => b.length - a.length
  )
  const scrubber = (text: string) => {
    let clean = text
    for (const form of forms) if (clean.includes(form)) clean = clean.replaceAll(form, "[redacted]")
    return clean
  }
  return Object.assign(scrubber, { longest: forms[0]?.length ?? 0 })
}

/** `text` with every occurrence of each non-empty secret, in any of its echoed forms, replaced. */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string => makeScrubber(secrets)(text)

/** The most characters of server text an error message carries. */
export const MAX_SERVER_TEXT = 1000

// C0 and C1 controls, DEL, line and paragraph separators and the bidirectional overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/**
 * Server text made safe to print: secrets scrubbed, control characters escaped (`\u001b`, so no line
 * can be forged in a log and no terminal sequence reaches one), and cut to `max` characters, saying
 * how long it was. A long text is cut before it is scrubbed, so a 5 MB message costs no more than a
 * short one; the cut drops as much again as the longest secret form, so that no part of one survives.
 */
export const serverText = (text: string, scrubber: Scrubber, max: number = MAX_SERVER_TEXT): string => {
  const window = 4 * max + scrubber.longest
  const long = text.length > window
  // A form cut off at the end of the window is not scrubbed: drop as much as one could hold.
  let safe = long ? scrubber(text.slice(0, window)).slice(0, -(scrubber.longest + 10)) : scrubber(text)
  if (HAS_UNSAFE.test(safe)) safe = safe.replace(UNSAFE, (char) => `\\u${hex4(char.charCodeAt(0))}`)
  if (!long && safe.length <= max) return safe
  if (safe.length > max) safe = safe.slice(0, max)
  // Cut before a lone high surrogate, so that the text stays well-formed.
  let end = safe.length
  const last = safe.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${safe.slice(0, end)}… (cut from ${text.length} characters)`
}
