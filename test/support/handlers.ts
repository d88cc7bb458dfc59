/** Web handlers that wrap the fake to script failures for one test, and the SDK over such a handler. */
import { Layer } from "effect"
import { ModelSecurity, type ModelSecurityOptions } from "../../src/index.js"
import { fakeOptions, IN_PROCESS_URL } from "../../src/testing/sdk-layers.js"
import { type FakeAirs, layerInProcessHttpClient, type RecordedRequest } from "../../src/testing.js"

export type Handler = (request: Request) => Promise<Response>

/** A canned answer. */
export interface Canned {
  readonly status: number
  readonly body?: string
  readonly headers?: Record<string, string>
}

/**
 * Answers the requests `when` selects with the canned answers in turn (the last one repeats when `repeat`),
 * and everything else with `inner`. Counts the requests it answered itself.
 */
export const scripted = (
  inner: Handler,
  when: (request: Request) => boolean,
  answers: ReadonlyArray<Canned | "hang" | "pass">,
  options: { readonly repeat?: boolean } = {}
) => {
  let used = 0
  const handler: Handler = async (request) => {
    if (!when(request) || (used >= answers.length && !options.repeat)) return inner(request)
    const answer = answers[Math.min(used, answers.length - 1)]!
    used++
    if (answer === "pass") return inner(request)
    if (answer === "hang") {
      return new Promise<Response>((_, reject) => {
        request.signal.addEventListener("abort", () => reject(request.signal.reason))
      })
    }
    return new Response(answer.status === 204 ? null : (answer.body ?? ""), {
      status: answer.status,
      headers: { "content-type": "application/json", ...answer.headers }
    })
  }
  return { handler, answered: () => used }
}

/** Every service of the SDK with `fake`'s credentials (and `options`), its requests answered by `handler` in process. */
export const over = (fake: FakeAirs, handler: Handler, options?: ModelSecurityOptions) =>
  ModelSecurity.layer(fakeOptions(fake, IN_PROCESS_URL, options)).pipe(
    Layer.provide(layerInProcessHttpClient(handler))
  )

export const isData = (request: Request) => new URL(request.url).pathname.startsWith("/aims/data")
export const isToken = (request: Request) => new URL(request.url).pathname.startsWith("/oauth2")
export const isMethod = (method: string) => (request: Request) => isData(request) && request.method === method

export const dataRequests = (requests: ReadonlyArray<RecordedRequest>) =>
  requests.filter((r) => r.plane === "data")
export const tokenRequests = (requests: ReadonlyArray<RecordedRequest>) =>
  requests.filter((r) => r.plane === "token")
