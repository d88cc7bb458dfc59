/**
 * Loads undici's dispatchers (`undici-agent.ts`). The build gives this module a body per format that
 * `require`s the bundled `undici-agent.cjs` (tsup.compat.config.ts): Node scans a CommonJS file that an
 * `import()` loads for its named exports first, which for undici's bundle costs about as much again as
 * loading it.
 */
export const loadUndiciAgent = (): Promise<typeof import("./undici-agent.js")> => import("./undici-agent.js")
