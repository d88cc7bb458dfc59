import { availableParallelism } from "node:os"
import { relative } from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { BaseSequencer, type TestSpecification } from "vitest/node"

const root = fileURLToPath(new URL(".", import.meta.url))
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

/**
 * The files that run the longest, mostly waiting on the processes they start (npm, node, tsc): started
 * first, so that no worker is left with one of them at the end while the other has nothing to do.
 */
const SLOW_FIRST = [
  "test/bench-smoke.test.ts",
  "test/examples.test.ts",
  "test/install-lines.test.ts",
  "cli/test/pack.test.ts",
  "cli/test/all.test.ts",
  "test/package.test.ts",
  "cli/test/bin.test.ts"
]

/** The slow files first, in that order; the others as vitest orders them (the longest last time first). */
class SlowFirst extends BaseSequencer {
  override async sort(files: Array<TestSpecification>): Promise<Array<TestSpecification>> {
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(relative(root, file.moduleId).split("\\").join("/"))
      return at < 0 ? SLOW_FIRST.length : at
    }
    const sorted = await super.sort(files)
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file)
  }
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@effect-airs\/model-security$/, replacement: src("index.ts") },
      { find: /^@effect-airs\/model-security\/(compat|node|testing)$/, replacement: src("$1.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts", "cli/test/**/*.test.ts"],
    // The tarballs some files install, packed once per run (test/support/packed.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // The files of a worker share its modules (`effect`, `src/`, the fake), loaded once instead of once per
    // file: what each file may leave behind is put back after each test (environment variables, globals,
    // mocks) and before each file (`@effect/vitest`'s `it`, the dispatcher of Node's `fetch`:
    // test/support/vitest-setup.ts).
    isolate: false,
    setupFiles: ["test/support/vitest-setup.ts"],
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
    // Vitest's default on 2 cores is a single worker; much of the slow files' time is spent waiting
    // on child processes (npm, node, tsx), so one worker more than there are cores keeps them busy. The
    // workers all live for the whole run: with fewer at the start, shared workers are stopped with work
    // still queued on them ("Terminating worker thread").
    maxWorkers: availableParallelism() + 1,
    minWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowFirst },
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
