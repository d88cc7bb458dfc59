/**
 * Config, token and exchange layers.
 * @module
 */
export { ModelSecurityConfig, type ModelSecurityOptions } from "./config.js"
export { HttpExchange } from "./http-exchange.js"
export { AccessToken } from "./token.js"
