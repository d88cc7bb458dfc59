/**
 * What a fault rule can do to a request (slow it, fail it, reset it, leave it hanging, revoke the tokens,
 * malform its body), and the record of a fault injected into one.
 */

/**
 * A body that breaks the API contract in one way. Except for `html502`, these are made from the answer
 * the fake would have given, after it handled the request (so a POST takes effect):
 *
 * - `html502`: a proxy's `502 Bad Gateway` HTML page; the request never reaches the API.
 * - `textPlain`: `200`, `content-type: text/plain`, body `OK`.
 * - `truncatedJson`: the first half of the JSON body, with a matching `content-length`.
 * - `arrayInsteadOfObject`: the body wrapped in a one-element array.
 * - `missingField`: the body without `field` (default: the `uuid` of the first list item, else the
 *   object's `uuid`, else its first field other than `pagination`).
 * - `wrongType`: `field` with a value of another JSON type (a string becomes a number, anything else a string).
 * - `nullList`: the list property of a page (`scans`, `security_groups`, …; or `field`) set to `null`.
 * - `emptyBody`: `200` with an empty body.
 * - `noContent`: `204` without a body, whatever the method.
 * - `hugeBody`: the answer padded to about `bytes` (default 5 MiB) with an extra string field on each
 *   list item (or on the object): still valid.
 * - `unknownEnum`: enum fields (`eval_outcome`, `source_type`, `state`, …) set to a value the API does
 *   not have yet, and an extra field added to the object and to each list item: still valid for a
 *   tolerant client.
 * @category Faults
 */
export type MalformedBody =
  | "html502"
  | "textPlain"
  | "truncatedJson"
  | "arrayInsteadOfObject"
  | "missingField"
  | "wrongType"
  | "nullList"
  | "emptyBody"
  | "noContent"
  | "hugeBody"
  | "unknownEnum"

/**
 * What an injected fault does to a request.
 * @category Faults
 */
export type Fault =
  /** Answers normally, `ms` milliseconds late. Latencies of several rules add up. */
  | { readonly kind: "latency"; readonly ms: number }
  /**
   * Answers `status` without handling the request (the API did not act on it). `retryAfter` sets the
   * `Retry-After` header (seconds, or an HTTP date as a string). The body defaults to the FastAPI
   * `{"detail": "<reason>"}` as JSON; `body` and `contentType` replace it.
   */
  | {
      readonly kind: "status"
      readonly status: number
      readonly retryAfter?: number | string
      readonly body?: string
      readonly contentType?: string
    }
  /**
   * Drops the connection without an answer: over HTTP the socket is reset (RST); in process the
   * handler's promise rejects with a `TypeError("fetch failed")` whose cause has `code: "ECONNRESET"`,
   * as `fetch` does.
   */
  | { readonly kind: "reset" }
  /**
   * Never answers. The request stays open until the client aborts it (recorded as `aborted`), or the
   * server closes.
   */
  | { readonly kind: "hang" }
  /**
   * Revokes every token issued so far, then handles the request (which therefore gets `401`). The API
   * cannot tell an expired token from a revoked one: both are a `401`, so this also stands for expiry.
   */
  | { readonly kind: "revokeTokens" }
  /** Answers with a malformed body; see `MalformedBody`. */
  | {
      readonly kind: "malformed"
      readonly body: MalformedBody
      /** The dotted path of the field `missingField`, `wrongType` and `nullList` change, e.g. `scans.0.uuid`. */
      readonly field?: string
      /** The size `hugeBody` aims for, in bytes (default 5 MiB). */
      readonly bytes?: number
    }

/**
 * Short constructors of `Fault`s.
 * @category Faults
 */
export const Fault = {
  /** Answers normally, `ms` milliseconds late. */
  latency: (ms: number): Fault => ({ kind: "latency", ms }),
  /** Answers `status` (e.g. 500, 502, 503, 504, 429) without handling the request. */
  status: (
    status: number,
    options: {
      readonly retryAfter?: number | string
      readonly body?: string
      readonly contentType?: string
    } = {}
  ): Fault => ({ kind: "status", status, ...options }),
  /** Drops the connection (socket reset; in process, a rejected `fetch`). */
  reset: { kind: "reset" } as Fault,
  /** Never answers until the client aborts. */
  hang: { kind: "hang" } as Fault,
  /** Revokes every token issued so far, then handles the request (a `401`). */
  revokeTokens: { kind: "revokeTokens" } as Fault,
  /** Answers with a malformed body. */
  malformed: (
    body: MalformedBody,
    options: { readonly field?: string; readonly bytes?: number } = {}
  ): Fault => ({ kind: "malformed", body, ...options })
} as const

/**
 * One fault injected into a request, as recorded on it.
 * @category Faults
 */
export interface InjectedFault {
  /** The name of the rule that fired. */
  readonly rule: string
  readonly fault: Fault
}
