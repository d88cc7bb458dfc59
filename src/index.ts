/**
 * Effect API of the Prisma AIRS Model Security SDK: services (`Scans`, `ModelSecurity`), their layers,
 * the wire Schemas and the tagged errors.
 */
export * from "./errors/index.js"
export * from "./layers/index.js"
export * from "./schemas/index.js"
export * from "./services/index.js"
export { ModelSecurityMetrics } from "./internal/metrics.js"
