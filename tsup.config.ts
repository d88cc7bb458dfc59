/**
 * The Effect entries (`.`, `./node`, `./testing`): `effect` and `@effect/platform*` stay the user's. The
 * Promise entry is built apart, self-contained (`tsup.compat.config.ts`).
 */
import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    testing: "src/testing.ts"
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: "node20",
  external: [/^effect($|\/)/, /^@effect\/platform($|\/)/, /^@effect\/platform-node($|\/)/]
})
