/**
 * What every method of the Effect services takes, argument by argument: the declarations
 * `guardService` checks calls against before a method's own code runs. Path values are named as the
 * operation's path names them, so that a missing UUID and a malformed one are reported alike.
 */
import type * as Effect from "effect/Effect"
import type { CustomRules } from "../services/custom-rules.js"
import type { Models } from "../services/models.js"
import type { Scans } from "../services/scans.js"
import type { SecurityGroups } from "../services/security-groups.js"
import type { SecurityRules } from "../services/security-rules.js"
import {
  type Argument,
  body,
  effect,
  list,
  options,
  params,
  type ServiceSignatures,
  stream,
  string
} from "./arguments.js"
import { type OperationName, Operations } from "./operations.js"

/** The path values of an operation, in the order of its path template, as string arguments. */
export const pathOf = (name: OperationName): ReadonlyArray<Argument> =>
  Array.from(Operations[name].path.matchAll(/\{([^}]+)\}/g), (match) => string(match[1]!))

/** The path values of an operation, as a fixed number of string arguments. */
const path1 = (name: OperationName) => pathOf(name) as readonly [Argument]
const path2 = (name: OperationName) => pathOf(name) as readonly [Argument, Argument]

const scans: ServiceSignatures<Scans.Service> = {
  create: effect(body),
  list: effect(params),
  get: effect(...path1("Scans.get")),
  getEvaluations: effect(...path1("Scans.getEvaluations"), params),
  getEvaluation: effect(...path1("Scans.getEvaluation")),
  getFiles: effect(...path1("Scans.getFiles"), params),
  getViolations: effect(...path1("Scans.getViolations"), params),
  getViolation: effect(...path1("Scans.getViolation")),
  addLabels: effect(...path1("Scans.addLabels"), body),
  setLabels: effect(...path1("Scans.setLabels"), body),
  deleteLabels: effect(...path1("Scans.deleteLabels"), list("keys")),
  getLabelKeys: effect(params),
  getLabelValues: effect(...path1("Scans.getLabelValues"), params),
  stream: stream(params, options),
  streamEvaluations: stream(...path1("Scans.getEvaluations"), params, options),
  streamFiles: stream(...path1("Scans.getFiles"), params, options),
  streamViolations: stream(...path1("Scans.getViolations"), options),
  streamLabelKeys: stream(params, options),
  streamLabelValues: stream(...path1("Scans.getLabelValues"), params, options),
  watch: stream(...path1("Scans.get"), options),
  waitForCompletion: effect(...path1("Scans.get"), options)
}

const models: ServiceSignatures<Models.Service> = {
  list: effect(params),
  get: effect(...path1("Models.get")),
  listVersions: effect(...path1("Models.listVersions"), params),
  getVersion: effect(...path1("Models.getVersion")),
  listVersionFiles: effect(...path1("Models.listVersionFiles"), params),
  stream: stream(params, options),
  streamVersions: stream(...path1("Models.listVersions"), params, options),
  streamVersionFiles: stream(...path1("Models.listVersionFiles"), options)
}

const securityGroups: ServiceSignatures<SecurityGroups.Service> = {
  create: effect(body),
  list: effect(params),
  get: effect(...path1("SecurityGroups.get")),
  update: effect(...path1("SecurityGroups.update"), body),
  delete: effect(...path1("SecurityGroups.delete")),
  listRuleInstances: effect(...path1("SecurityGroups.listRuleInstances"), params),
  getRuleInstance: effect(...path2("SecurityGroups.getRuleInstance")),
  updateRuleInstance: effect(...path2("SecurityGroups.updateRuleInstance"), body),
  listRuleInstanceVersions: effect(...path1("SecurityGroups.listRuleInstanceVersions"), params),
  stream: stream(params, options),
  streamRuleInstances: stream(...path1("SecurityGroups.listRuleInstances"), params, options),
  streamRuleInstanceVersions: stream(...path1("SecurityGroups.listRuleInstanceVersions"), params)
}

const securityRules: ServiceSignatures<SecurityRules.Service> = {
  list: effect(params),
  get: effect(...path1("SecurityRules.get")),
  listVersions: effect(params),
  stream: stream(params, options),
  streamVersions: stream(params)
}

const customRules: ServiceSignatures<CustomRules.Service> = {
  create: effect(body),
  list: effect(params),
  get: effect(...path1("CustomRules.get")),
  update: effect(...path1("CustomRules.update"), body),
  archive: effect(...path1("CustomRules.archive")),
  unarchive: effect(...path1("CustomRules.unarchive")),
  listSecurityGroups: effect(...path1("CustomRules.listSecurityGroups"), params),
  assignSecurityGroups: effect(...path1("CustomRules.assignSecurityGroups"), body),
  assignSecurityGroupsOrFail: effect(...path1("CustomRules.assignSecurityGroups"), body),
  removeAssignment: effect(...path2("CustomRules.removeAssignment")),
  listVersions: effect(params),
  stream: stream(params, options),
  streamSecurityGroups: stream(...path1("CustomRules.listSecurityGroups"), options),
  streamVersions: stream(params)
}

/**
 * The methods of `ModelSecurity` itself (its services are guarded on their own), typed by shape: the
 * service's module builds on this one.
 */
const modelSecurity: ServiceSignatures<{ readonly getPyPIAuth: () => Effect.Effect<unknown, unknown> }> = {
  getPyPIAuth: effect()
}

/** Every method of every service, by service. */
export const Signatures = {
  Scans: scans,
  Models: models,
  SecurityGroups: securityGroups,
  SecurityRules: securityRules,
  CustomRules: customRules,
  ModelSecurity: modelSecurity
} as const
