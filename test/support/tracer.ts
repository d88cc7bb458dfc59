/**
 * A tracer that keeps every span, so tests can read names and attributes, and everything each span was
 * told as text (its start, attributes, events, links and exit), so tests can look for what must not show.
 */
import { inspect } from "node:util"
import { Cause, Exit, Layer, type Option, Tracer } from "effect"

export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly parent: Option.Option<Tracer.AnySpan>
}

export const makeRecordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  const texts: Array<string> = []
  let ids = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const attributes = new Map<string, unknown>()
      texts.push(`span ${name}`)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: `span-${++ids}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end(_endTime, exit) {
          texts.push(`${name} attributes ${inspect([...attributes], { depth: 10 })}`)
          texts.push(`${name} exit ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "success"}`)
        },
        attribute(key, value) {
          attributes.set(key, value)
          texts.push(`${name} attribute ${key}=${inspect(value, { depth: 10 })}`)
        },
        event(event, _time, eventAttributes) {
          texts.push(`${name} event ${event} ${inspect(eventAttributes, { depth: 10 })}`)
        },
        addLinks(added) {
          texts.push(`${name} links ${inspect(added, { depth: 5 })}`)
        }
      }
      spans.push({ name, attributes, parent })
      return span
    },
    context: (f) => f()
  })
  return { spans, texts, layer: Layer.setTracer(tracer) }
}
