/**
 * How an exchange that owns its connections (undici's: `layerNode`, `layerUndici`, the Promise client in
 * Node) reaches the network: through which proxy, trusting which certificates besides the runtime's own.
 * Settled once, when the exchange is built: the options, else the conventional variables (`https_proxy`,
 * `HTTPS_PROXY`, `http_proxy`, `HTTP_PROXY`, `no_proxy`, `NO_PROXY`, read through `effect/Config`). A
 * malformed value is a `PayloadError` naming the option or the variable; its rule never repeats the
 * value, since a proxy URL may hold credentials.
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { PayloadIssue } from "../../errors/index.js"
import type { DispatcherSettings } from "./undici-dispatcher.js"

/** A certificate (or several) in PEM: text, or its bytes. */
export type Certificate = string | Uint8Array

/** What the options may say about connections. */
export interface ConnectionOptions {
  /** A proxy URL (`http://user:password@proxy:3128`), or `false` for none whatever the environment says. */
  readonly proxy?: string | Redacted.Redacted<string> | false | undefined
  /** Certificates to trust besides the runtime's own. */
  readonly ca?: Certificate | ReadonlyArray<Certificate> | undefined
}

/** Where requests go: straight to the API, through one proxy, or as the environment's variables say. */
export type ProxyRoute =
  | { readonly _tag: "Direct" }
  | { readonly _tag: "Fixed"; readonly url: Redacted.Redacted<string> }
  | {
      readonly _tag: "Environment"
      /** The proxy of `https:` endpoints (`https_proxy`, `HTTPS_PROXY`), if any. */
      readonly https: Redacted.Redacted<string> | undefined
      /** The proxy of `http:` endpoints, and of `https:` ones when no other is set (`http_proxy`, `HTTP_PROXY`). */
      readonly http: Redacted.Redacted<string> | undefined
      /** The hosts reached directly (`no_proxy`, `NO_PROXY`), as the variable has them; empty for none. */
      readonly noProxy: string
    }

/** How an exchange connects. */
export interface Connections {
  readonly proxy: ProxyRoute
  /** PEM certificates trusted besides the runtime's own; `undefined` for the runtime's alone. */
  readonly ca: ReadonlyArray<string> | undefined
}

/** Straight to the API, trusting the runtime's certificates. */
export const DIRECT: Connections = { proxy: { _tag: "Direct" }, ca: undefined }

const PROXY_RULE = "must be an http(s) proxy URL: http://[user:password@]host[:port], without a path"

/**
 * The proxy URL with its scheme (a bare `host:port` is `http://`, as curl and Go read it), or why it
 * is not one: nothing of the value goes into the rule.
 */
const proxyUrl = (value: string): { readonly url: string } | { readonly rule: string } => {
  // `new URL` silently drops tabs and line breaks, so they are looked for in the text itself.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\u0000-\u0020\u007f]/.test(value)) return { rule: "must not contain spaces or control characters" }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  if (!URL.canParse(url)) return { rule: PROXY_RULE }
  const parsed = new URL(url)
  if (
    (parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
    parsed.hostname === "" ||
    parsed.pathname !== "/" ||
    url.includes("?") ||
    url.includes("#")
  )
    return { rule: PROXY_RULE }
  return { url }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/
const CA_RULE = "must be PEM certificates (-----BEGIN CERTIFICATE-----…), as a string or its bytes"

const decoder = new TextDecoder()

/** The certificates of the `ca` option as PEM text, or the issues that prevent it. */
const certificates = (ca: unknown, issues: Array<PayloadIssue>): ReadonlyArray<string> | undefined => {
  if (ca === undefined) return undefined
  const list = Array.isArray(ca) ? ca : [ca]
  const pems: Array<string> = []
  list.forEach((item: unknown, index) => {
    const field = Array.isArray(ca) ? `ca.${index}` : "ca"
    const pem =
      typeof item === "string" ? item : item instanceof Uint8Array ? decoder.decode(item) : undefined
    if (pem === undefined || !PEM_CERTIFICATE.test(pem)) issues.push({ field, rule: CA_RULE })
    else pems.push(pem)
  })
  return pems
}

/** The value of the first of `names` that is set and not empty, kept secret. */
const variable = (names: ReadonlyArray<string>) =>
  Effect.forEach(names, (name) =>
    Config.option(Config.string(name)).pipe(
      Effect.map(Option.filter((value) => value !== "")),
      Effect.map(Option.map((value) => ({ name, value })))
    )
  ).pipe(
    Effect.map((found) => Option.getOrUndefined(Option.firstSomeOf(found))),
    Effect.orElseSucceed(() => undefined)
  )

/** A proxy of the environment, checked; the issue names the variable it came from. */
const proxyVariable = (
  found: { readonly name: string; readonly value: string } | undefined,
  issues: Array<PayloadIssue>
): Redacted.Redacted<string> | undefined => {
  if (found === undefined) return undefined
  const checked = proxyUrl(found.value)
  if ("rule" in checked) {
    issues.push({ field: found.name, rule: checked.rule })
    return undefined
  }
  return Redacted.make(checked.url)
}

/**
 * The connections the options ask for, the environment filling in the proxy when the option is not
 * given: every issue of both, or the settled `Connections`. `given` is plain data (checked by the caller).
 */
export const resolveConnections = (
  given: ConnectionOptions
): Effect.Effect<Connections, ReadonlyArray<PayloadIssue>> =>
  Effect.gen(function* () {
    const issues: Array<PayloadIssue> = []
    const ca = certificates(given.ca, issues)
    const option: unknown = given.proxy
    let proxy: ProxyRoute = { _tag: "Direct" }
    if (typeof option === "string" || Redacted.isRedacted(option)) {
      const value = typeof option === "string" ? option : Redacted.value(option as Redacted.Redacted<unknown>)
      const checked = typeof value === "string" ? proxyUrl(value) : { rule: PROXY_RULE }
      if ("rule" in checked) issues.push({ field: "proxy", rule: checked.rule })
      else proxy = { _tag: "Fixed", url: Redacted.make(checked.url) }
    } else if (option === undefined) {
      const https = proxyVariable(yield* variable(["https_proxy", "HTTPS_PROXY"]), issues)
      const http = proxyVariable(yield* variable(["http_proxy", "HTTP_PROXY"]), issues)
      const noProxy = (yield* variable(["no_proxy", "NO_PROXY"]))?.value ?? ""
      if (https !== undefined || http !== undefined) proxy = { _tag: "Environment", https, http, noProxy }
    } else if (option !== false) {
      issues.push({ field: "proxy", rule: "must be a proxy URL (a string or a Redacted one) or false" })
    }
    return issues.length > 0 ? yield* Effect.fail(issues) : { proxy, ca }
  })

/** The issues of connection options given to a layer that does not own its connections. */
export const connectionOptionsRefused = (given: ConnectionOptions): ReadonlyArray<PayloadIssue> => {
  const rule =
    "applies to layerNode and the Promise client in Node; over fetch or an HttpClient the runtime's (or your client's) own settings apply"
  return [
    ...(given.proxy === undefined ? [] : [{ field: "proxy", rule }]),
    ...(given.ca === undefined ? [] : [{ field: "ca", rule }])
  ]
}

/** What undici's dispatcher is made for: the proxies' URLs revealed, for the dispatcher alone. */
export const dispatcherSettings = ({ proxy, ca }: Connections): DispatcherSettings => {
  const reveal = (url: Redacted.Redacted<string> | undefined) =>
    url === undefined ? "" : Redacted.value(url)
  switch (proxy._tag) {
    case "Direct":
      return { route: proxy, ca }
    case "Fixed":
      return { route: { _tag: "Fixed", url: Redacted.value(proxy.url) }, ca }
    case "Environment":
      return {
        route: {
          _tag: "Environment",
          https: reveal(proxy.https),
          http: reveal(proxy.http),
          noProxy: proxy.noProxy
        },
        ca
      }
  }
}
