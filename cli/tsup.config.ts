import { defineConfig } from "tsup"

export default defineConfig({
  entry: { bin: "src/bin.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  // Every dependency (the SDK, effect, @effect/*) is imported at run time, not bundled.
  external: [/^@effect-airs\/model-security($|\/)/, /^effect($|\/)/, /^@effect\//, /^yaml$/]
})
