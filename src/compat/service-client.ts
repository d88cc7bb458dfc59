/** What every sub-client of the Promise client shares: one service of the Effect API, run as Promises. */
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ModelSecurityError } from "../errors/index.js"
import { type CallOptions, type IterateOptions, pageOptions, type Runner, type Services } from "./runner.js"

/** A sub-client over the service `tag`. */
export abstract class ServiceClient<Id extends Services, S> {
  /** @internal */
  constructor(
    private readonly runner: Runner,
    private readonly tag: Context.Tag<Id, S>
  ) {}

  /** The effect of one method, as a Promise. */
  protected run<A>(
    f: (service: S) => Effect.Effect<A, ModelSecurityError>,
    options?: CallOptions
  ): Promise<A> {
    return this.runner.run(Effect.flatMap(this.tag, f), options)
  }

  /** A stream of one method, as an async iterable pulled page by page. */
  protected iterateWith<A>(
    f: (service: S, page: ReturnType<typeof pageOptions>) => Stream.Stream<A, ModelSecurityError>,
    options?: IterateOptions
  ): AsyncIterable<A> {
    return this.runner.iterate(this.stream(f, options), options)
  }

  /** A stream of one method, collected. */
  protected collectWith<A>(
    f: (service: S, page: ReturnType<typeof pageOptions>) => Stream.Stream<A, ModelSecurityError>,
    options?: IterateOptions
  ): Promise<Array<A>> {
    return this.runner.collect(this.stream(f, options), options)
  }

  private stream<A>(
    f: (service: S, page: ReturnType<typeof pageOptions>) => Stream.Stream<A, ModelSecurityError>,
    options: IterateOptions | undefined
  ) {
    const page = pageOptions(options)
    return Stream.unwrap(Effect.map(this.tag, (service) => f(service, page)))
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
