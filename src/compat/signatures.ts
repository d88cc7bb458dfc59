/**
 * What every method of the Promise client takes, argument by argument, and the wrapper that checks calls
 * against it before a method's own code runs: arguments that do not fit reject with an
 * `AISecSDKException` of type `USER_REQUEST_PAYLOAD_ERROR` (for `iterate…`, the first `next()` does), and
 * nothing is sent. Path values are named as the Effect API and the operation's path name them.
 */
import * as Either from "effect/Either"
import {
  type Argument,
  type ArgumentsOf,
  body,
  checkArguments,
  guardMethods,
  list,
  options,
  params,
  type Signature
} from "../internal/arguments.js"
import { pathOf } from "../internal/signatures.js"
import type { CustomRulesClient } from "./custom-rules-client.js"
import { AISecSDKException } from "./errors.js"
import type { ModelsClient } from "./models-client.js"
import type { ScansClient } from "./scans-client.js"
import type { SecurityGroupsClient } from "./security-groups-client.js"
import type { SecurityRulesClient } from "./security-rules-client.js"

/** A method of the Promise client: it returns a `Promise` or an `AsyncIterable`. */
export type ClientSignature = Signature<"promise" | "iterable">

/** The signature of every method of the sub-client `C`. */
export type ClientSignatures<C> = {
  readonly [K in keyof C]: C[K] extends (...args: ReadonlyArray<any>) => Promise<any>
    ? { readonly returns: "promise"; readonly args: ArgumentsOf<C[K]> }
    : C[K] extends (...args: ReadonlyArray<any>) => AsyncIterable<any>
      ? { readonly returns: "iterable"; readonly args: ArgumentsOf<C[K]> }
      : never
}

const promise = <const A extends ReadonlyArray<Argument>>(...args: A) => ({
  returns: "promise" as const,
  args
})
const iterable = <const A extends ReadonlyArray<Argument>>(...args: A) => ({
  returns: "iterable" as const,
  args
})
const id = (name: Parameters<typeof pathOf>[0]) => pathOf(name) as readonly [Argument]
const ids = (name: Parameters<typeof pathOf>[0]) => pathOf(name) as readonly [Argument, Argument]
/** The poll options of `waitForCompletion`. */
const poll: Argument = { ...options, name: "poll" }

const scans: ClientSignatures<ScansClient> = {
  create: promise(body, options),
  list: promise(params, options),
  iterate: iterable(params, options),
  listAll: promise(params, options),
  get: promise(...id("Scans.get"), options),
  waitForCompletion: promise(...id("Scans.get"), poll, options),
  getEvaluations: promise(...id("Scans.getEvaluations"), params, options),
  iterateEvaluations: iterable(...id("Scans.getEvaluations"), params, options),
  listAllEvaluations: promise(...id("Scans.getEvaluations"), params, options),
  getEvaluation: promise(...id("Scans.getEvaluation"), options),
  getFiles: promise(...id("Scans.getFiles"), params, options),
  iterateFiles: iterable(...id("Scans.getFiles"), params, options),
  listAllFiles: promise(...id("Scans.getFiles"), params, options),
  getViolations: promise(...id("Scans.getViolations"), params, options),
  iterateViolations: iterable(...id("Scans.getViolations"), options),
  listAllViolations: promise(...id("Scans.getViolations"), options),
  getViolation: promise(...id("Scans.getViolation"), options),
  addLabels: promise(...id("Scans.addLabels"), body, options),
  setLabels: promise(...id("Scans.setLabels"), body, options),
  deleteLabels: promise(...id("Scans.deleteLabels"), list("keys"), options),
  getLabelKeys: promise(params, options),
  iterateLabelKeys: iterable(params, options),
  listAllLabelKeys: promise(params, options),
  getLabelValues: promise(...id("Scans.getLabelValues"), params, options),
  iterateLabelValues: iterable(...id("Scans.getLabelValues"), params, options),
  listAllLabelValues: promise(...id("Scans.getLabelValues"), params, options)
}

const models: ClientSignatures<ModelsClient> = {
  listModels: promise(params, options),
  iterateModels: iterable(params, options),
  listAllModels: promise(params, options),
  getModel: promise(...id("Models.get"), options),
  listModelVersions: promise(...id("Models.listVersions"), params, options),
  iterateModelVersions: iterable(...id("Models.listVersions"), params, options),
  listAllModelVersions: promise(...id("Models.listVersions"), params, options),
  getModelVersion: promise(...id("Models.getVersion"), options),
  listModelVersionFiles: promise(...id("Models.listVersionFiles"), params, options),
  iterateModelVersionFiles: iterable(...id("Models.listVersionFiles"), options),
  listAllModelVersionFiles: promise(...id("Models.listVersionFiles"), options)
}

const securityGroups: ClientSignatures<SecurityGroupsClient> = {
  create: promise(body, options),
  list: promise(params, options),
  iterate: iterable(params, options),
  listAll: promise(params, options),
  get: promise(...id("SecurityGroups.get"), options),
  update: promise(...id("SecurityGroups.update"), body, options),
  delete: promise(...id("SecurityGroups.delete"), options),
  listRuleInstances: promise(...id("SecurityGroups.listRuleInstances"), params, options),
  iterateRuleInstances: iterable(...id("SecurityGroups.listRuleInstances"), params, options),
  listAllRuleInstances: promise(...id("SecurityGroups.listRuleInstances"), params, options),
  getRuleInstance: promise(...ids("SecurityGroups.getRuleInstance"), options),
  updateRuleInstance: promise(...ids("SecurityGroups.updateRuleInstance"), body, options),
  listRuleInstanceVersions: promise(...id("SecurityGroups.listRuleInstanceVersions"), params, options),
  iterateRuleInstanceVersions: iterable(...id("SecurityGroups.listRuleInstanceVersions"), params, options),
  listAllRuleInstanceVersions: promise(...id("SecurityGroups.listRuleInstanceVersions"), params, options)
}

const securityRules: ClientSignatures<SecurityRulesClient> = {
  list: promise(params, options),
  iterate: iterable(params, options),
  listAll: promise(params, options),
  get: promise(...id("SecurityRules.get"), options),
  listVersions: promise(params, options),
  iterateVersions: iterable(params, options),
  listAllVersions: promise(params, options)
}

const customRules: ClientSignatures<CustomRulesClient> = {
  list: promise(params, options),
  iterate: iterable(params, options),
  listAll: promise(params, options),
  create: promise(body, options),
  get: promise(...id("CustomRules.get"), options),
  update: promise(...id("CustomRules.update"), body, options),
  archive: promise(...id("CustomRules.archive"), options),
  unarchive: promise(...id("CustomRules.unarchive"), options),
  listSecurityGroups: promise(...id("CustomRules.listSecurityGroups"), params, options),
  iterateSecurityGroups: iterable(...id("CustomRules.listSecurityGroups"), options),
  listAllSecurityGroups: promise(...id("CustomRules.listSecurityGroups"), options),
  assignSecurityGroups: promise(...id("CustomRules.assignSecurityGroups"), body, options),
  removeAssignment: promise(...ids("CustomRules.removeAssignment"), options),
  listVersions: promise(params, options),
  iterateVersions: iterable(params, options),
  listAllVersions: promise(params, options)
}

/** Every method of the Promise client, by sub-client; `client` holds the client's own methods. */
export const ClientSignatures = {
  scans,
  models,
  securityGroups,
  securityRules,
  customRules,
  client: { getPyPIAuth: promise(options) }
} as const

/** `new ModelSecurityClient(options)`: it throws what the methods reject with. */
export const ConstructorSignature: ClientSignature = promise(options)

/** An async iterable whose first `next()` rejects with `error`. */
const failing = (error: unknown): AsyncIterable<never> =>
  (async function* () {
    throw error
  })()

/** Calls `method` with the checked arguments, or answers the way it would have failed. */
export const callChecked = (
  signature: ClientSignature,
  given: ArrayLike<unknown>,
  method: (...args: Array<unknown>) => unknown
): unknown => {
  const fail = (error: unknown) => (signature.returns === "iterable" ? failing(error) : Promise.reject(error))
  const checked = checkArguments(signature, given)
  if (Either.isLeft(checked)) return fail(new AISecSDKException(checked.left))
  try {
    return method(...checked.right)
  } catch (defect) {
    return fail(defect)
  }
}

/** `client` with every method behind its signature. */
export const guardClient = <C extends object>(signatures: ClientSignatures<C>, client: C): C =>
  guardMethods<C, ClientSignature>(
    signatures,
    client,
    (signature, method) =>
      (...given) =>
        callChecked(signature, given, method)
  )
