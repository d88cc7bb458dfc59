/**
 * The Effect API of the Prisma AIRS Model Security SDK: one service per area of the API
 * ({@link Scans:class | Scans}, {@link Models:class | Models}, {@link SecurityGroups:class | SecurityGroups},
 * {@link SecurityRules:class | SecurityRules}, {@link CustomRules:class | CustomRules}, and
 * {@link ModelSecurity:class | ModelSecurity} holding them all), the layers that provide them from one config
 * and one token, the wire types and their Schemas, the tagged errors every call can fail with, and the metrics the SDK records
 * ({@link ModelSecurityMetrics}).
 *
 * ```ts
 * import { Effect } from "effect"
 * import { ModelSecurity, Scans } from "@effect-airs/model-security"
 *
 * const program = Effect.gen(function* () {
 *   const scans = yield* Scans
 *   const scan = yield* scans.create({ model_uri: "https://huggingface.co/org/model", security_group_uuid })
 *   return yield* scans.waitForCompletion(scan.uuid)
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(ModelSecurity.layerFetch())))
 * ```
 *
 * @module @effect-airs/model-security
 */
export * from "./errors/index.js"
export { ModelSecurityMetrics } from "./internal/metrics.js"
export * from "./layers/index.js"
export * from "./schemas/index.js"
export * from "./services/index.js"
