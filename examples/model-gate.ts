/**
 * Your application's code: a gate that lets a model through only when Prisma AIRS allows it, written
 * as an Effect service over the SDK's `Scans` and `SecurityGroups`. `effect-backend.ts` serves it,
 * `testing-with-fake.test.ts` tests it against the fake AIRS.
 */
import {
  type ModelSecurityError,
  type PollOptions,
  type ScanBaseResponse,
  Scans,
  SecurityGroups,
  type SourceType
} from "@effect-airs/model-security"
import { Data, Effect, Stream } from "effect"

/** The model was scanned and a BLOCKING rule failed. */
export class ModelBlocked extends Data.TaggedError("ModelBlocked")<{
  readonly modelUri: string
  readonly scanUuid: string
  /** The names of the rules that reported violations. */
  readonly rules: ReadonlyArray<string>
}> {}

/** The scan ended in ERROR (the model could not be read, say). */
export class ScanFailed extends Data.TaggedError("ScanFailed")<{
  readonly modelUri: string
  readonly scanUuid: string
  readonly reason: string
}> {}

/** No security group covers the model's source. */
export class NoSecurityGroup extends Data.TaggedError("NoSecurityGroup")<{ readonly sourceType: string }> {}

/** Where a model URI points, as the API names source types. */
export const sourceTypeOf = (modelUri: string): SourceType => {
  const uri = modelUri.toLowerCase()
  if (uri.startsWith("https://huggingface.co/") || uri.startsWith("hf://")) return "HUGGING_FACE"
  if (uri.startsWith("s3://")) return "S3"
  if (uri.startsWith("gs://")) return "GCS"
  if (uri.includes(".blob.core.windows.net")) return "AZURE"
  if (uri.includes("artifactory")) return "ARTIFACTORY"
  if (uri.includes("gitlab")) return "GITLAB"
  return "LOCAL"
}

/** Admits models after a scan, and explains refusals. */
export class ModelGate extends Effect.Service<ModelGate>()("examples/ModelGate", {
  effect: Effect.gen(function* () {
    const scans = yield* Scans
    const groups = yield* SecurityGroups

    const groupFor = (sourceType: SourceType) =>
      Effect.flatMap(groups.list({ source_types: [sourceType], limit: 1 }), (page) => {
        const group = page.security_groups[0]
        return group === undefined
          ? Effect.fail(new NoSecurityGroup({ sourceType }))
          : Effect.succeed(group.uuid)
      })

    /** The distinct rules that reported violations on a scan. */
    const blockingRules = (scanUuid: string) =>
      scans.streamViolations(scanUuid).pipe(
        Stream.runCollect,
        Effect.map((violations) => [...new Set([...violations].map((v) => v.rule_name))])
      )

    return {
      /**
       * Scans the model against `groupUuid` (default: the first group for its source) and succeeds
       * with the finished scan when it is ALLOWED.
       */
      admit: (
        modelUri: string,
        options: { readonly groupUuid?: string; readonly poll?: PollOptions } = {}
      ): Effect.Effect<ScanBaseResponse, ModelBlocked | ScanFailed | NoSecurityGroup | ModelSecurityError> =>
        Effect.gen(function* () {
          const group = options.groupUuid ?? (yield* groupFor(sourceTypeOf(modelUri)))
          const started = yield* scans.create({
            model_uri: modelUri,
            security_group_uuid: group,
            labels: { gate: "model-gate" }
          })
          const scan = yield* scans.waitForCompletion(started.uuid, options.poll)
          if (scan.eval_outcome === "ALLOWED") return scan
          if (scan.eval_outcome === "BLOCKED") {
            const rules = yield* blockingRules(scan.uuid)
            return yield* new ModelBlocked({ modelUri, scanUuid: scan.uuid, rules })
          }
          return yield* new ScanFailed({
            modelUri,
            scanUuid: scan.uuid,
            reason: scan.error_message ?? scan.error_code ?? scan.eval_outcome
          })
        }),

      /** Read-only: the latest blocked scans, each with the rules that blocked it. */
      recentlyBlocked: (limit: number) =>
        Effect.flatMap(scans.list({ eval_outcomes: ["BLOCKED"], limit }), (page) =>
          Effect.forEach(
            page.scans,
            (scan) => Effect.map(blockingRules(scan.uuid), (rules) => ({ scan, rules })),
            { concurrency: 4 }
          )
        )
    }
  })
}) {}
