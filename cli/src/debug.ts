/**
 * `--debug`: a tracer that prints a line on stderr as each request ends. The SDK's transport runs every
 * request in a client span (when a tracer other than Effect's built-in one is installed) and sets on it
 * only the method, the path template, the response status and the attempt count; this reads those four
 * attributes and the span's duration, nothing else, so no token, secret or query value can reach the log.
 * The token request runs in an `AccessToken.fetch` span, logged by name.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Tracer from "effect/Tracer"

const builtIn = Effect.runSync(Effect.tracer)

/** One debug line for a finished span, or nothing for spans that are not requests. */
export const describeSpan = (span: Tracer.Span, endTime: bigint, exit: Exit.Exit<unknown, unknown>) => {
  const ms = Number((endTime - span.status.startTime) / 1_000_000n)
  if (span.name === "AccessToken.fetch") {
    return `POST <token endpoint> (AccessToken.fetch) ${Exit.isSuccess(exit) ? "ok" : "failed"} ${ms}ms`
  }
  if (span.kind !== "client") return undefined
  const method = span.attributes.get("http.request.method")
  const template = span.attributes.get("url.template")
  if (typeof method !== "string" || typeof template !== "string") return undefined
  const status = span.attributes.get("http.response.status_code")
  const attempts = span.attributes.get("airs.attempts")
  return `${method} ${template} ${typeof status === "number" ? status : "no response"} attempts=${
    typeof attempts === "number" ? attempts : 0
  } ${ms}ms (${span.name})`
}

/** A tracer that keeps Effect's in-memory spans and prints each request as it ends. */
export const debugTracer = (write: (line: string) => void): Tracer.Tracer =>
  Tracer.make({
    span(name, parent, context, links, startTime, kind, options) {
      const span = builtIn.span(name, parent, context, links, startTime, kind, options)
      const end = span.end.bind(span)
      span.end = (endTime, exit) => {
        end(endTime, exit)
        const line = describeSpan(span, endTime, exit)
        if (line !== undefined) write(`airs-ms debug: ${line}\n`)
      }
      return span
    },
    context: (f, fiber) => builtIn.context(f, fiber)
  })
