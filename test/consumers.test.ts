/** The built package as users load it: `import` and `require`, run by plain `node`, exiting by itself. */
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

describe.each(["consumer.mjs", "consumer.cjs"])("%s", (file) => {
  it("uses the compat client against the fake and exits without close()", () => {
    expect(existsSync(`${root}dist/compat.js`), "the package must be built first (npm run build)").toBe(true)
    const run = spawnSync(process.execPath, [`test/consumers/${file}`], {
      cwd: root,
      encoding: "utf8",
      timeout: 20_000
    })
    expect(run.error, "the process did not exit by itself").toBeUndefined()
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      scans: 3,
      errorType: "AISEC_USER_REQUEST_PAYLOAD_ERROR",
      isPayload: true,
      instanceOf: true,
      instanceOfOtherFormat: true
    })
  })
})
