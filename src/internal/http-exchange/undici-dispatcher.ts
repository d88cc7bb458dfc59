/**
 * The undici dispatcher for settled connections: an `Agent` straight to the API, a `ProxyAgent` through
 * the proxy of the options, or an `EnvHttpProxyAgent` over the environment's proxies, given the values
 * read when the exchange was built (it never reads `process.env` for them afterwards). One dispatcher
 * carries the token request and both planes.
 *
 * Extra certificates are trusted besides Node's own (its bundled roots, `NODE_EXTRA_CA_CERTS`, and the
 * system's under `--use-system-ca`), for the API and for an `https:` proxy alike; certificates are always
 * checked. A tunnel the proxy refuses, or a proxy that cannot be reached, fails with an error marked
 * `PROXY_FAILURE` that names the proxy by host and port only.
 *
 * Node only, and without `effect`: the Promise entry bundles this module apart, with undici's classes,
 * and passes them in; `./node` passes `@effect/platform-node`'s.
 */
import { readFileSync } from "node:fs"
import * as tls from "node:tls"
import type { ClosableDispatcher } from "./dispatch.js"
import { PROXY_FAILURE, type ProxyFailure } from "./proxy-failure.js"

/** Where requests go; the proxy URLs, credentials included, as plain text. */
export type Route =
  | { readonly _tag: "Direct" }
  | { readonly _tag: "Fixed"; readonly url: string }
  | { readonly _tag: "Environment"; readonly https: string; readonly http: string; readonly noProxy: string }

/** What the dispatcher is made for: its route, and the PEM certificates trusted besides Node's own. */
export interface DispatcherSettings {
  readonly route: Route
  readonly ca: ReadonlyArray<string> | undefined
}

/** What `ProxyAgent` asks of the client it opens tunnels with: `connect` (a `CONNECT` request). */
export interface TunnelClient extends ClosableDispatcher {
  connect(request: { readonly path: string }): Promise<{
    readonly statusCode: number
    readonly socket: { on(event: "error", listener: () => void): { destroy(): void } }
  }>
}

/** The undici classes the dispatcher is made of; any undici of version 7 has them. */
export interface UndiciClasses {
  readonly Agent: new (options: object) => ClosableDispatcher
  readonly ProxyAgent: new (options: object) => ClosableDispatcher
  readonly EnvHttpProxyAgent: new (options: object) => ClosableDispatcher
  readonly Pool: new (origin: URL, options: object) => TunnelClient
}

/** `error`, marked as having happened at a proxy. */
const atProxy = (error: unknown, failure: ProxyFailure): Error =>
  Object.assign(new Error("proxy failure", { cause: error }), { [PROXY_FAILURE]: failure })

const ignore = () => {}

/**
 * `ProxyAgent`'s `clientFactory`: a pool to the proxy whose tunnels fail with a marked error when the
 * proxy answers another status than `200` (undici's own error names no proxy) or cannot be reached.
 */
const tunnelClients =
  (Pool: UndiciClasses["Pool"]) =>
  (origin: URL, options: object): TunnelClient => {
    const pool = new Pool(origin, options)
    // `host` is `host:port`, without the URL's credentials.
    const proxy = origin.host
    const open = pool.connect.bind(pool)
    pool.connect = (request) =>
      open(request).then(
        (tunnel) => {
          if (tunnel.statusCode === 200) return tunnel
          tunnel.socket.on("error", ignore).destroy()
          throw atProxy(undefined, { proxy, target: request.path, status: tunnel.statusCode })
        },
        (error: unknown) => {
          throw atProxy(error, { proxy, target: request.path })
        }
      )
    return pool
  }

/**
 * The certificates Node trusts by default: `tls.getCACertificates("default")` where Node has it (22.15
 * and later); before, its bundled roots and the file `NODE_EXTRA_CA_CERTS` names, which Node itself
 * reads at start-up (a file it cannot read, it skips with a warning, and so does this).
 */
const nodeCertificates = (): ReadonlyArray<string> => {
  const { getCACertificates } = tls as { getCACertificates?: (type: "default") => Array<string> }
  if (typeof getCACertificates === "function") return getCACertificates("default")
  const extra = process.env.NODE_EXTRA_CA_CERTS
  let extraPem: Array<string> = []
  if (extra !== undefined && extra !== "") {
    try {
      extraPem = [readFileSync(extra, "latin1")]
    } catch {
      extraPem = []
    }
  }
  return [...tls.rootCertificates, ...extraPem]
}

/** The dispatcher for `settings`, made of `undici`'s classes. */
export const makeDispatcher = (undici: UndiciClasses, settings: DispatcherSettings): ClosableDispatcher => {
  // One secure context for every connection: Node's certificates and the extra ones, parsed once.
  const trust =
    settings.ca === undefined
      ? undefined
      : { secureContext: tls.createSecureContext({ ca: [...nodeCertificates(), ...settings.ca] }) }
  const direct = trust === undefined ? {} : { connect: trust }
  const tunnelled = { clientFactory: tunnelClients(undici.Pool), requestTls: trust, proxyTls: trust }
  const route = settings.route
  switch (route._tag) {
    case "Direct":
      return new undici.Agent(direct)
    case "Fixed":
      return new undici.ProxyAgent({ uri: route.url, ...tunnelled })
    case "Environment":
      // Empty strings stand for none: undici would read `process.env` for a missing one.
      return new undici.EnvHttpProxyAgent({
        httpsProxy: route.https,
        httpProxy: route.http,
        noProxy: route.noProxy,
        ...direct,
        ...tunnelled
      })
  }
}
