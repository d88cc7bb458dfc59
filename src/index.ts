/**
 * Effect API of the Prisma AIRS Model Security SDK: services (`Scans`, `ModelSecurity`), their layers,
 * the wire Schemas, the tagged errors and the metrics the SDK records.
 */
export * from "./errors/index.js"
export { ModelSecurityMetrics } from "./internal/metrics.js"
export * from "./layers/index.js"
export * from "./schemas/index.js"
export * from "./services/index.js"
