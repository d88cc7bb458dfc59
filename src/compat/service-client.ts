/** What every sub-client of the Promise client shares: one service of the Effect API, run as Promises. */
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ModelSecurityError } from "../errors/index.js"
import type { PageOptions } from "../schemas/common.js"
import { type CallOptions, type IterateOptions, pageOptions, type Runner, type Services } from "./runner.js"

/** The three ways a sub-client runs a method of the service `S`. */
export interface ServiceCalls<S> {
  /** The effect of one method, as a Promise. */
  readonly run: <A>(
    f: (service: S) => Effect.Effect<A, ModelSecurityError>,
    options?: CallOptions
  ) => Promise<A>
  /** A stream of one method, as an async iterable pulled page by page. */
  readonly iterate: <A>(
    f: (service: S, page: PageOptions) => Stream.Stream<A, ModelSecurityError>,
    options?: IterateOptions
  ) => AsyncIterable<A>
  /** A stream of one method, collected. */
  readonly collect: <A>(
    f: (service: S, page: PageOptions) => Stream.Stream<A, ModelSecurityError>,
    options?: IterateOptions
  ) => Promise<Array<A>>
}

/** The calls of a sub-client over the service `tag`. */
export const serviceCalls = <Id extends Services, S>(
  runner: Runner,
  tag: Context.Tag<Id, S>
): ServiceCalls<S> => {
  const stream = <A>(
    f: (service: S, page: PageOptions) => Stream.Stream<A, ModelSecurityError>,
    options: IterateOptions | undefined
  ) => {
    const page = pageOptions(options)
    return Stream.unwrap(Effect.map(tag, (service) => f(service, page)))
  }
  // The service, once the first call has found it in the runtime: later calls skip the lookup.
  let found: S | undefined
  const withService = <A>(f: (service: S) => Effect.Effect<A, ModelSecurityError>) =>
    found === undefined
      ? Effect.flatMap(tag, (service) => {
          found = service
          return f(service)
        })
      : f(found)
  return {
    run: (f, options) => runner.run(withService(f), options),
    iterate: (f, options) => runner.iterate(stream(f, options), options),
    collect: (f, options) => runner.collect(stream(f, options), options)
  }
}

/** `params` without the keys the API does not take, which the existing SDK accepted and sent along. */
export const without = <P extends object>(params: P | undefined, ...keys: ReadonlyArray<string>): P => {
  if (params === undefined || params === null) return {} as P
  if (typeof params !== "object" || !keys.some((key) => key in params)) return params
  const copy: Record<string, unknown> = { ...(params as Record<string, unknown>) }
  for (const key of keys) delete copy[key]
  return copy as P
}
