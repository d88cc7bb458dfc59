/**
 * undici's `Agent` alone, not the whole package: the Promise entry bundles it, and loads it in Node with
 * the client's first call.
 */
/// <reference path="./undici-module.d.ts" />
import Agent from "undici/lib/dispatcher/agent.js"
import type { ClosableDispatcher } from "../internal/http-exchange/dispatch.js"

/** A pooled, keep-alive `Agent`. */
export const makeAgent = (): ClosableDispatcher => new Agent()
