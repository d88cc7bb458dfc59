/**
 * Runs npm scripts side by side: `node test/support/parallel.mjs check build docs` (what `npm test` does
 * before vitest: the type checks and lint of `check`, the build, and the API reference, whose warnings are
 * errors and whose JSON model `test/docs.test.ts` reads). Each script's output is printed whole once it
 * has ended, in the order given; the exit code is 1 when any script failed.
 */
import { spawn } from "node:child_process"

const npm = process.platform === "win32" ? "npm.cmd" : "npm"
const scripts = process.argv.slice(2)

/** `npm run <script>`: its output (stdout and stderr as they came) and its exit code. */
const run = (script) =>
  new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(npm, ["run", script], {
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32"
    })
    const output = []
    child.stdout.on("data", (chunk) => output.push(chunk))
    child.stderr.on("data", (chunk) => output.push(chunk))
    child.on("error", (error) => resolve({ script, code: 1, output: [Buffer.from(`${error.message}\n`)] }))
    child.on("close", (code, signal) =>
      resolve({ script, code: code ?? 1, signal, output, seconds: (Date.now() - started) / 1000 })
    )
  })

const runs = scripts.map(run)
let failed = false
for (const done of runs) {
  const { script, code, signal, output, seconds } = await done
  process.stdout.write(Buffer.concat(output))
  const how = signal ? `killed by ${signal}` : `exit code ${code}`
  process.stdout.write(`\n[${script}: ${how}${seconds === undefined ? "" : `, ${seconds.toFixed(1)} s`}]\n`)
  if (code !== 0) failed = true
}
process.exitCode = failed ? 1 : 0
