/** Config, token and transport layers. */
export * from "./config.js"
export {
  type ExchangeFailure,
  fromPromise,
  HttpExchange,
  type OutgoingRequest,
  type RawResponse
} from "./exchange.js"
export { layerFetchExchange } from "./exchange-fetch.js"
export { layerHttpClientExchange } from "./exchange-http-client.js"
export { AirsHttp, type CallError, type CallOptions, type Method, type PlaneClient } from "./http.js"
export { AccessToken } from "./token.js"
