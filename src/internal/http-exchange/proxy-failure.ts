/**
 * The mark of an error that happened at a proxy, shared by the undici dispatcher that raises it and the
 * exchange that reports it. It imports nothing: the Promise entry bundles the dispatcher apart, without
 * `effect`, and the symbol is registered (`Symbol.for`) so that both copies agree on it.
 */

/** The key of the mark on an error. */
export const PROXY_FAILURE = Symbol.for("@effect-airs/model-security/ProxyFailure")

/**
 * What the mark carries: the proxy's `host:port` (never its credentials), where the tunnel was to lead,
 * and the status the proxy answered instead of opening it, if it answered.
 */
export interface ProxyFailure {
  readonly proxy: string
  readonly target: string
  readonly status?: number | undefined
}
