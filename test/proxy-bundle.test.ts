/**
 * The built Promise entry carries what proxies and private certificates need: `compat.js`/`compat.cjs`
 * and `undici-agent.cjs`, copied alone into an empty folder, reach the fake AIRS over HTTPS through a real
 * forward proxy, by the environment's variables and by the options. Needs `npm run build` first.
 */
import { execFile } from "node:child_process"
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FakeAirs } from "../src/testing.js"
import { type ForwardProxy, startProxy } from "./support/forward-proxy.js"
import { type HttpsServer, serveHttps } from "./support/https-server.js"
import { makeAuthority, type TestAuthority } from "./support/tls.js"

const DIST = fileURLToPath(new URL("../dist/", import.meta.url))
const USER = "bundle-user"
const PASSWORD = "bundle:pass/word"

let authority: TestAuthority
let fake: FakeAirs
let server: HttpsServer
let forward: ForwardProxy
let folder: string

beforeAll(async () => {
  for (const file of ["compat.js", "compat.cjs", "undici-agent.cjs"])
    if (!existsSync(join(DIST, file)))
      throw new Error(`dist/${file} is missing: run \`npm run build\` before these tests`)
  authority = makeAuthority("AIRS bundle test CA")
  fake = FakeAirs.make({ scans: 3 })
  server = await serveHttps(fake.handler, authority.issueLoopback())
  forward = await startProxy({ credentials: { user: USER, password: PASSWORD } })
  folder = mkdtempSync(join(tmpdir(), "airs-compat-proxy-"))
  for (const file of ["compat.js", "compat.cjs", "undici-agent.cjs"])
    copyFileSync(join(DIST, file), join(folder, file))
  writeFileSync(join(folder, "authority.pem"), authority.cert)
  for (const [name, load] of [
    ["list.cjs", `const { ModelSecurityClient } = require("./compat.cjs")`],
    ["list.mjs", `import { ModelSecurityClient } from "./compat.js"`]
  ] as const)
    writeFileSync(
      join(folder, name),
      `${load}
const options = JSON.parse(process.env.AIRS_OPTIONS)
const client = new ModelSecurityClient(options)
client.scans.list({ limit: 2 }).then(
  (page) => ({ scans: page.scans.length }),
  (error) => ({ error: error.errorType, message: error.message })
).then((outcome) => (console.log(JSON.stringify(outcome)), client.close()))
`
    )
})
afterAll(async () => {
  await Promise.all([server.close(), forward.close()])
})

const run = async (script: string, env: Record<string, string>, options: object) => {
  const child = await promisify(execFile)(process.execPath, [join(folder, script)], {
    cwd: folder,
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? "",
      AIRS_OPTIONS: JSON.stringify({
        ...fake.credentials,
        tokenEndpoint: `${server.url}/oauth2/access_token`,
        dataEndpoint: `${server.url}/aims/data`,
        mgmtEndpoint: `${server.url}/aims/mgmt`,
        ...options
      }),
      ...env
    }
  })
  expect(child.stderr).toBe("")
  return JSON.parse(child.stdout) as unknown
}

const proxyUrl = () =>
  forward.url.replace("http://", `http://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@`)

describe.each(["list.cjs", "list.mjs"])("the built Promise entry (%s), alone in a folder", (script) => {
  it("goes through HTTPS_PROXY (its credentials in the URL) and trusts NODE_EXTRA_CA_CERTS", async () => {
    const before = forward.connects.length
    const outcome = await run(
      script,
      { HTTPS_PROXY: proxyUrl(), NODE_EXTRA_CA_CERTS: join(folder, "authority.pem") },
      {}
    )
    expect(outcome).toEqual({ scans: 2 })
    expect(new Set(forward.connects.slice(before))).toEqual(new Set([server.authority]))
  }, 30_000)

  it("goes through the proxy option and trusts the ca option", async () => {
    const before = forward.connects.length
    expect(await run(script, {}, { proxy: proxyUrl(), ca: authority.cert })).toEqual({ scans: 2 })
    expect(new Set(forward.connects.slice(before))).toEqual(new Set([server.authority]))
  }, 30_000)

  it("a 407 is a typed error naming the proxy, without its credentials", async () => {
    const outcome = await run(script, {}, { proxy: forward.url, ca: authority.cert, numRetries: 0 })
    expect(outcome).toEqual({
      error: "AISEC_OAUTH_ERROR",
      message: `Token request failed: the proxy ${forward.authority} refused the tunnel to ${server.authority} (HTTP 407)`
    })
  }, 30_000)
})
