/**
 * A CI gate: scan a model, wait for the verdict, fail the build when it is BLOCKED and say why.
 *
 *   npx tsx examples/ci-gate.ts <model-uri> [--group <security-group-uuid>]
 *   npx tsx examples/ci-gate.ts <model-uri> --live --allow-writes     # the real API (PANW_* credentials)
 *
 * Exit code: 0 ALLOWED, 1 BLOCKED, 2 usage, 3 the scan ended in ERROR or the API call failed.
 */
import { Scans, SecurityGroups } from "@effect-airs/model-security"
import { Effect, Stream } from "effect"
import { sourceTypeOf } from "./model-gate.js"
import { connect, describeError, parseFlags, runExample, UsageError } from "./target.js"

const USAGE = "usage: ci-gate <model-uri> [--group <security-group-uuid>] [--live --allow-writes]"

const flags = parseFlags(process.argv.slice(2), ["group"])

const gate = (
  modelUri: string,
  groupOption: string | undefined,
  poll: Parameters<Scans.Service["watch"]>[1]
) =>
  Effect.gen(function* () {
    const scans = yield* Scans
    const groups = yield* SecurityGroups

    const sourceType = sourceTypeOf(modelUri)
    const group =
      groupOption === undefined
        ? (yield* groups.list({ source_types: [sourceType], limit: 1 })).security_groups[0]
        : yield* groups.get(groupOption)
    if (group === undefined) {
      return yield* new UsageError({ message: `no ${sourceType} security group: pass --group <uuid>` })
    }
    console.log(`Scanning ${modelUri}\n  security group: ${group.name} (${group.uuid})`)

    const created = yield* scans.create({
      model_uri: modelUri,
      security_group_uuid: group.uuid,
      labels: { origin: "ci-gate" }
    })
    console.log(`  scan: ${created.uuid}`)
    const scan = yield* scans.waitForCompletion(created.uuid, poll)
    const summary = scan.eval_summary
    const rules =
      summary?.total_rules == null
        ? ""
        : ` (${summary.rules_failed ?? 0} of ${summary.total_rules} rules failed)`
    console.log(`Verdict: ${scan.eval_outcome}${rules}`)

    if (scan.eval_outcome === "ALLOWED") return 0
    if (scan.eval_outcome !== "BLOCKED") {
      console.log(`  ${scan.error_code ?? "error"}: ${scan.error_message ?? "the scan did not finish"}`)
      return 3
    }
    const violations = yield* Stream.runCollect(scans.streamViolations(scan.uuid))
    console.log(`Violations (${violations.length}):`)
    for (const v of violations) {
      console.log(`  ✗ ${v.rule_name} [${v.rule_instance_state}]`)
      console.log(`      file: ${v.file ?? "-"}   threat: ${v.threat ?? "-"}`)
      console.log(`      ${v.threat_description ?? v.description}`)
    }
    const failed = yield* Stream.runCollect(scans.streamEvaluations(scan.uuid, { result: "FAILED" }))
    const withoutViolations = [...failed].filter((e) => e.violation_count === 0)
    for (const e of withoutViolations)
      console.log(`  ✗ ${e.rule_name} [${e.rule_instance_state}]: ${e.rule_description}`)
    return 1
  })

runExample(
  Effect.gen(function* () {
    const [modelUri, ...extra] = flags.positional
    if (modelUri === undefined || extra.length > 0) return yield* new UsageError({ message: USAGE })
    const target = yield* connect(flags, { scans: 0 })
    if (!target.writable) {
      return yield* new UsageError({ message: "ci-gate starts a scan: with --live, pass --allow-writes too" })
    }
    return yield* gate(modelUri, flags.options.get("group"), target.poll).pipe(
      Effect.provide(target.layer),
      Effect.catchIf(
        (e) => e._tag !== "UsageError",
        (e) =>
          Effect.sync(() => {
            console.error(describeError(e))
            return 3
          })
      )
    )
  })
)
