/** Test utilities: `FakeAirs`, an in-memory fake of the Prisma AIRS Model Security API for tests and demos. */
export { FakeAirs, type FakeAirsOptions, type ResolvedFakeAirsOptions } from "./testing/fake-airs.js"
export { Fault, type InjectedFault, type MalformedBody } from "./testing/faults/fault.js"
export type { FaultRule, FaultRuleHandle } from "./testing/faults/fault-rule.js"
export type { FakeAirsServer, ListenOptions } from "./testing/http/node-server.js"
export type { PlaneName, RecordedRequest } from "./testing/http/recorded-request.js"
export type { RouteInfo } from "./testing/http/routes.js"
export type {
  ConditionRecord,
  CustomRuleRecord,
  EvalSummaryRecord,
  EvaluationRecord,
  FileRecord,
  LabelRecord,
  ModelRecord,
  ModelVersionRecord,
  RuleEditableFieldRecord,
  RuleInstanceRecord,
  ScanRecord,
  SecurityGroupRecord,
  SecurityRuleRecord,
  SnapshotVersionRecord,
  ViolationRecord
} from "./testing/records.js"
export {
  layerInProcess,
  layerInProcessHttpClient,
  layerServed,
  type WebHandler
} from "./testing/sdk-layers.js"
