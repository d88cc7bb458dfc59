/**
 * Test utilities: {@link FakeAirs}, an in-memory fake of the Prisma AIRS Model Security API for tests and
 * demos, the layers that run the SDK against it ({@link layerInProcess}, {@link layerServed}), fault
 * injection ({@link Fault}) and the records it serves.
 *
 * @module @effect-airs/model-security/testing
 */
export { FakeAirs, type FakeAirsOptions, type ResolvedFakeAirsOptions } from "./testing/fake-airs.js"
export { Fault, type InjectedFault, type MalformedBody } from "./testing/faults/fault.js"
export type { FaultRule, FaultRuleHandle } from "./testing/faults/fault-rule.js"
export type { FakeAirsServer, ListenOptions } from "./testing/http/node-server.js"
export type { PlaneName, RecordedRequest } from "./testing/http/recorded-request.js"
export type { RouteInfo } from "./testing/http/routes.js"
export type {
  Complete,
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
export type {
  ConditionGroup,
  LabelCondition,
  RuleEditableFieldType,
  RuleResultCondition,
  RuleType,
  SourceType
} from "./testing/vendor-spec.js"
