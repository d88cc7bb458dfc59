/** Config, token and transport layers. */
export * from "./config.js"
export { AirsHttp, type CallError, type CallOptions, type Method, type PlaneClient } from "./http.js"
export { AccessToken } from "./token.js"
