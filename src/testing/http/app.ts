/**
 * The fake as an Effect HttpApp and as an in-process web handler: every request located, recorded and
 * answered by its route, with the fault plan's faults and the fake's latency applied, and the client's
 * aborts recorded.
 */
import type * as Net from "node:net"
import * as HttpApp from "@effect/platform/HttpApp"
import { clientAbortFiberId } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import {
  connectionResetError,
  malformedAnswer,
  type RawAnswer,
  statusAnswer
} from "../faults/fault-answers.js"
import type { FaultDecision, FaultPlan } from "../faults/fault-plan.js"
import type { FakeResponse, IncomingRequest } from "./messages.js"
import type { RecordedRequest } from "./recorded-request.js"
import { locate, recordOf, respond } from "./router.js"
import type { Plane } from "./routes.js"
import type { TokenStore } from "./token-endpoint.js"

/** A route's response over HTTP: its body as JSON, or no body. */
const toServerResponse = (response: FakeResponse): HttpServerResponse.HttpServerResponse => {
  const options = { status: response.status, ...(response.headers ? { headers: response.headers } : {}) }
  return response.body === undefined
    ? HttpServerResponse.empty(options)
    : HttpServerResponse.unsafeJson(response.body, options)
}

/** A fault's answer over HTTP, its text as given. */
const rawResponse = (answer: RawAnswer): HttpServerResponse.HttpServerResponse =>
  answer.text === undefined
    ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers })
    : HttpServerResponse.text(answer.text, {
        status: answer.status,
        headers: answer.headers,
        ...(answer.contentType === undefined ? {} : { contentType: answer.contentType })
      })

/** A recorded request, updated in place when the client aborts it. */
type Entry = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] }

/** What a request arrived on: a Node `IncomingMessage` (over HTTP) or a web `Request` (in process). */
const socketOf = (source: unknown): Net.Socket | undefined => {
  const socket =
    typeof source === "object" && source !== null ? (source as { socket?: unknown }).socket : undefined
  return typeof socket === "object" && socket !== null && "destroy" in socket
    ? (socket as Net.Socket)
    : undefined
}

/** What the app routes requests to, the state its faults act on, and where it records requests. */
export interface AppParts {
  readonly planes: ReadonlyArray<Plane>
  /** Every recorded request is appended here. */
  readonly log: Array<RecordedRequest>
  /** The tokens a `revokeTokens` fault revokes. */
  readonly tokens: TokenStore
  readonly faults: FaultPlan
  /** Read on every request: `latencyMs` is added to each answer. */
  readonly options: { readonly validate: boolean; readonly latencyMs: number }
  /** Sockets the server is closing: their interrupted requests were not aborted by the client. */
  readonly closingSockets: WeakSet<Net.Socket>
}

/** The fake's Effect HttpApp, and a web-standard in-process handler that runs it as `fetch` would. */
export const makeApp = (
  parts: AppParts
): { readonly app: HttpApp.Default; readonly handler: (request: Request) => Promise<Response> } => {
  const { planes, log, tokens, options, faults: plan, closingSockets: closing } = parts
  const settings = { validate: options.validate }
  /** Requests (web `Request`s) the app reset: the in-process handler rejects them. */
  const resets = new WeakSet<object>()
  /** The answer to a request with faults, or with the fake's own latency. */
  const faulted = (
    decision: FaultDecision | undefined,
    handle: () => FakeResponse,
    reset: () => Effect.Effect<HttpServerResponse.HttpServerResponse>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
    if (decision?.revokeTokens) tokens.revokeAll()
    const fault = decision?.answer
    let response: HttpServerResponse.HttpServerResponse | undefined
    if (fault === undefined) response = toServerResponse(handle())
    else if (fault.kind === "status") response = rawResponse(statusAnswer(fault))
    else if (fault.kind === "malformed")
      response = rawResponse(malformedAnswer(fault, fault.body === "html502" ? { status: 502 } : handle()))
    const latency = options.latencyMs + (decision?.latencyMs ?? 0)
    const delay = latency > 0 ? Effect.sleep(latency) : Effect.void
    if (response !== undefined) return Effect.as(delay, response)
    if (fault?.kind === "hang") return Effect.zipRight(delay, Effect.never)
    return Effect.zipRight(delay, Effect.suspend(reset))
  }
  const app: HttpApp.Default = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.orElseSucceed(request.text, () => "")
    const incoming: IncomingRequest = {
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      body
    }
    const located = locate(planes, incoming)
    if (located === undefined) return toServerResponse(respond(located, incoming, settings).response)
    const entry: Entry = recordOf(located, incoming)
    const decision = plan.active
      ? plan.decide({
          plane: located.plane.name,
          route: located.matched?.route.name,
          method: request.method,
          url: request.url,
          request: entry
        })
      : undefined
    if (decision !== undefined) entry.faults = decision.injected
    log.push(entry)
    if (decision === undefined && options.latencyMs === 0) {
      return toServerResponse(respond(located, incoming, settings).response)
    }
    let resetting = false
    const answer = Effect.suspend(() =>
      faulted(
        decision,
        () => respond(located, incoming, settings).response,
        () => {
          const socket = socketOf(request.source)
          if (socket === undefined) {
            resets.add(request.source as object)
            return Effect.succeed(HttpServerResponse.empty({ status: 500 }))
          }
          resetting = true
          if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
          else socket.destroy()
          return Effect.never
        }
      )
    )
    // HttpApp runs apps uninterruptibly; a slow or hung answer opts in, so that a client abort stops it.
    return yield* Effect.interruptible(answer).pipe(
      Effect.onInterrupt((interruptors) =>
        Effect.sync(() => {
          const byClient = [...interruptors].some((id) => Equal.equals(id, clientAbortFiberId))
          const socket = socketOf(request.source)
          if (byClient && !resetting && (socket === undefined || !closing.has(socket))) entry.aborted = true
        })
      )
    )
  })
  const handle = HttpApp.toWebHandler(app)
  // Like `fetch`: a reset rejects with a network error, an abort with the signal's reason.
  const handler = (request: Request) =>
    new Promise<Response>((resolve, reject) => {
      const signal = request.signal as AbortSignal | undefined
      const onAbort = () => reject(signal?.reason)
      signal?.addEventListener("abort", onAbort, { once: true })
      handle(request).then(
        (response) => {
          signal?.removeEventListener("abort", onAbort)
          if (resets.has(request)) reject(connectionResetError())
          else resolve(response)
        },
        (error: unknown) => {
          signal?.removeEventListener("abort", onAbort)
          reject(error)
        }
      )
    })
  return { app, handler }
}
