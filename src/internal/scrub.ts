/** Keeps secrets a server might echo back (the token, the client secret) out of error messages. */

/** `text` with every occurrence of each non-empty secret replaced by `[redacted]`. */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((clean, secret) => (secret === "" ? clean : clean.replaceAll(secret, "[redacted]")), text)
