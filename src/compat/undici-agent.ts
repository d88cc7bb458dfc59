/**
 * undici's dispatchers alone, not the whole package: the Promise entry bundles them, and loads them in
 * Node with the client's first call. An `Agent` straight to the API, or a `ProxyAgent` or
 * `EnvHttpProxyAgent` through a proxy, as the client's settled settings say.
 */
/// <reference path="./undici-module.d.ts" />
import connect from "undici/lib/api/api-connect.js"
import Agent from "undici/lib/dispatcher/agent.js"
import Dispatcher from "undici/lib/dispatcher/dispatcher.js"
import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js"
import Pool from "undici/lib/dispatcher/pool.js"
import ProxyAgent from "undici/lib/dispatcher/proxy-agent.js"
import type { ClosableDispatcher } from "../internal/http-exchange/dispatch.js"
import {
  type DispatcherSettings,
  makeDispatcher as make,
  type UndiciClasses
} from "../internal/http-exchange/undici-dispatcher.js"

// undici's own entry gives every dispatcher `connect` (a `CONNECT` request, how a `ProxyAgent` opens a
// tunnel); this bundle holds the dispatchers without that entry, so it gives it the same way.
Dispatcher.prototype.connect ??= connect

const classes = { Agent, ProxyAgent, EnvHttpProxyAgent, Pool } as unknown as UndiciClasses

/** A pooled, keep-alive dispatcher for `settings`. */
export const makeDispatcher = (settings: DispatcherSettings): ClosableDispatcher => make(classes, settings)
