import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@effect-airs\/model-security$/, replacement: src("index.ts") },
      { find: /^@effect-airs\/model-security\/(compat|node|testing)$/, replacement: src("$1.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts", "cli/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
