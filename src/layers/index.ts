/** Config, token and exchange layers. */
export {
  DEFAULT_DATA_ENDPOINT,
  DEFAULT_MGMT_ENDPOINT,
  DEFAULT_TOKEN_ENDPOINT,
  ModelSecurityConfig,
  type ModelSecurityOptions,
  type ResolvedConfig
} from "./config.js"
export { type ExchangeFailure, HttpExchange, type OutgoingRequest, type RawResponse } from "./exchange.js"
export { AccessToken } from "./token.js"
