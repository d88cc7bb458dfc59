/** Requests and responses as the fake's routes see them, independent of the HTTP server carrying them. */
import type { ValidationIssue } from "../validation/check.js"

/** A request as the fake sees it, independent of the HTTP server carrying it. */
export interface IncomingRequest {
  readonly method: string
  /** Path and query, as sent (still percent-encoded). */
  readonly url: string
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A response before it is turned into HTTP: a JSON body, or no body when `body` is `undefined`. */
export interface FakeResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A JSON response. */
export const json = (
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>
): FakeResponse => (headers === undefined ? { status, body } : { status, body, headers })

/** A FastAPI-style error response `{ "detail": message }`. */
export const detail = (status: number, message: string): FakeResponse => json(status, { detail: message })

/** A page answer: `{ pagination: { total_items }, [property]: items }`. */
export const page = <A>(property: string, result: { total: number; items: ReadonlyArray<A> }): FakeResponse =>
  json(200, { pagination: { total_items: result.total }, [property]: result.items })

/** A FastAPI 422 response. */
export const validationError = (issues: ReadonlyArray<ValidationIssue>): FakeResponse =>
  json(422, { detail: issues })
