/** The record the fake keeps of every request it receives, as `FakeAirs.requests` lists it. */
import type { InjectedFault } from "../faults/fault.js"

/**
 * The API-plane a request belongs to.
 * @category Testing
 */
export type PlaneName = "token" | "data" | "mgmt"

/**
 * A request as recorded by the fake.
 * @category Testing
 */
export interface RecordedRequest {
  readonly plane: PlaneName
  readonly method: string
  /** The path after the plane prefix, e.g. "/v1/scans/<uuid>" (raw, still percent-encoded). */
  readonly path: string
  /** Query parameters; repeated keys collected in order. */
  readonly query: Readonly<Record<string, ReadonlyArray<string>>>
  /** Headers, with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  /** Parsed JSON (the raw text when it is not JSON), the form fields for the token endpoint, or undefined. */
  readonly body: unknown
  /**
   * The name of the route the request matched: the SDK's operation name (e.g. "Scans.list",
   * "SecurityGroups.listRuleInstances"), or "token.issue" for the token endpoint; absent for a 404 or 405.
   */
  readonly route?: string
  /** The faults injected into this request, in the order of the rules that fired (absent when none). */
  readonly faults?: ReadonlyArray<InjectedFault>
  /**
   * Whether the client gave up on the request before it was answered: it aborted the fetch (in process)
   * or closed the connection (over HTTP). Set when that happens, so read it after the fact.
   */
  readonly aborted?: boolean
}
