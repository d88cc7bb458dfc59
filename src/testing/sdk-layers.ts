/** Layers that point the SDK at a fake AIRS: in process (no sockets) or over real HTTP on a free port. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ModelSecurityOptions } from "../layers/config.js"
import { ModelSecurity } from "../services/model-security.js"
import type { FakeAirs } from "./fake-airs.js"

/** The base URL the in-process client pretends to talk to. */
export const IN_PROCESS_URL = "http://fake-airs.invalid"

/**
 * A web-standard request handler, such as `FakeAirs.handler`.
 * @category Layers
 */
export type WebHandler = (request: Request) => Promise<Response>

/**
 * An `HttpClient` whose requests are answered by `handler` (e.g. `fake.handler`) in process, without sockets.
 * @category Layers
 */
export const layerInProcessHttpClient = (handler: WebHandler): Layer.Layer<HttpClient.HttpClient> => {
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handler(new Request(input, init))) as typeof globalThis.fetch
  return Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transform(client, (effect) => Effect.provideService(effect, FetchHttpClient.Fetch, fetch))
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))
}

/** The options that point the SDK at `fake` served at `baseUrl`, with its credentials. */
export const fakeOptions = (
  fake: FakeAirs,
  baseUrl: string,
  options: ModelSecurityOptions = {}
): ModelSecurityOptions => ({
  ...fake.credentials,
  ...fake.endpoints(baseUrl),
  ...options
})

/**
 * Every SDK service, talking to `fake` in process.
 * @category Layers
 */
export const layerInProcess = (fake: FakeAirs, options?: ModelSecurityOptions) =>
  ModelSecurity.layer(fakeOptions(fake, IN_PROCESS_URL, options)).pipe(
    Layer.provide(layerInProcessHttpClient(fake.handler))
  )

/**
 * Every SDK service, talking to `fake` over real HTTP on an ephemeral port of 127.0.0.1 (closed with the layer).
 * @category Layers
 */
export const layerServed = (fake: FakeAirs, options?: ModelSecurityOptions) =>
  Layer.unwrapScoped(
    Effect.map(fake.serve(), (server) =>
      ModelSecurity.layer(fakeOptions(fake, server.url, options)).pipe(Layer.provide(FetchHttpClient.layer))
    )
  )
