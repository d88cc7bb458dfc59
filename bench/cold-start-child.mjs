// One cold start in a fresh `node` process (plain Node, no tsx): import a client, create it, await its
// first `scans.list()` (token included) against the server in BENCH_SERVER, and print one JSON line of
// timings, in milliseconds since the process started (`performance.now()`), and the process's CPU time:
//   { scriptAt, importMs, firstCallMs, totalMs, cpuMs, modules? }
// argv[2]: "raw" (global fetch, nothing imported), "compat" (compat.js of the built package in
// BENCH_DIST, default ../dist), "effect" (the Effect entry of the same build: `layerNode`, with `effect`
// and `@effect/platform-node` from node_modules), "existing" (@cdot65/prisma-airs-sdk); add "cjs" as
// argv[3] to load the CommonJS builds with require and list the files in require.cache.
import { createRequire } from "node:module"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

const scriptAt = performance.now()
const [target = "compat", format = "esm"] = process.argv.slice(2)
const server = JSON.parse(process.env.BENCH_SERVER ?? "{}")
const options = {
  ...server.credentials,
  dataEndpoint: server.dataEndpoint,
  mgmtEndpoint: server.mgmtEndpoint,
  tokenEndpoint: server.tokenEndpoint
}
const require = createRequire(import.meta.url)
const load = (esm, cjs) => (format === "cjs" ? Promise.resolve(require(cjs)) : import(esm))

let listScans
const importStart = performance.now()
if (target === "compat") {
  const dist = process.env.BENCH_DIST ?? new URL("../dist", import.meta.url).pathname
  const { ModelSecurityClient } = await load(
    pathToFileURL(join(dist, "compat.js")).href,
    join(dist, "compat.cjs")
  )
  listScans = () => new ModelSecurityClient(options).scans.list()
} else if (target === "effect") {
  const dist = process.env.BENCH_DIST ?? new URL("../dist", import.meta.url).pathname
  const entry = (name) => load(pathToFileURL(join(dist, `${name}.js`)).href, join(dist, `${name}.cjs`))
  const [Effect, { Scans }, { layerNode }] = await Promise.all([
    load("effect/Effect", "effect/Effect"),
    entry("index"),
    entry("node")
  ])
  listScans = () =>
    Effect.runPromise(Effect.flatMap(Scans, (scans) => scans.list()).pipe(Effect.provide(layerNode(options))))
} else if (target === "existing") {
  const { ModelSecurityClient } = await load("@cdot65/prisma-airs-sdk", "@cdot65/prisma-airs-sdk")
  listScans = () => new ModelSecurityClient(options).scans.list()
} else {
  listScans = async () => {
    const { clientId, clientSecret, tsgId } = options
    const tokenResponse = await fetch(options.tokenEndpoint, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded"
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: `tsg_id:${tsgId}` })
    })
    const { access_token } = await tokenResponse.json()
    const response = await fetch(`${options.dataEndpoint}/v1/scans`, {
      headers: { authorization: `Bearer ${access_token}` }
    })
    return JSON.parse(await response.text())
  }
}
const importMs = performance.now() - importStart

const callStart = performance.now()
const page = await listScans()
const firstCallMs = performance.now() - callStart
if (!Array.isArray(page?.scans) || page.scans.length === 0) throw new Error("the first call listed no scan")

const totalMs = performance.now()
const cpu = process.cpuUsage()
const cpuMs = (cpu.user + cpu.system) / 1000
const modules = format === "cjs" ? Object.keys(require.cache) : undefined
process.stdout.write(`${JSON.stringify({ scriptAt, importMs, firstCallMs, totalMs, cpuMs, modules })}\n`)
process.exit(0)
