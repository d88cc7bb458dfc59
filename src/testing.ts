/** Test utilities: `FakeAirs`, an in-memory fake of the Prisma AIRS Model Security API for tests and demos. */
export {
  FakeAirs,
  type FakeAirsOptions,
  type FakeAirsServer,
  type ListenOptions,
  type ResolvedFakeAirsOptions
} from "./testing/fake-airs.js"
export {
  Fault,
  type FaultRule,
  type FaultRuleHandle,
  type InjectedFault,
  type MalformedBody
} from "./testing/faults.js"
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
export type { PlaneName, RecordedRequest, RouteInfo } from "./testing/router.js"
export * from "./testing/sdk-layers.js"
