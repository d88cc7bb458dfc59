/**
 * `NODE_EXTRA_CA_CERTS` as Node defines it: read by Node when a process starts, so each case runs a child
 * `node` (the Effect entry and the Promise entry from `src/`, through tsx) against the fake AIRS served
 * over HTTPS with a certificate of a test authority, with the variable naming that authority's
 * certificate, or not.
 */
import { execFile } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FakeAirs } from "../src/testing.js"
import { type ForwardProxy, startProxy } from "./support/forward-proxy.js"
import { type HttpsServer, serveHttps } from "./support/https-server.js"
import { makeAuthority } from "./support/tls.js"

const ROOT = fileURLToPath(new URL("..", import.meta.url))
// Inside the repository, so that the scripts resolve `effect` from its node_modules.
const DIR = join(ROOT, "node_modules", ".extra-ca-check")

/** Lists two scans with `layerNode`, printing their count or the error's tag and message. */
const EFFECT_SCRIPT = `
import { Effect } from "effect"
import { ModelSecurity } from ${JSON.stringify(join(ROOT, "src/index.ts"))}
import { layerNode } from ${JSON.stringify(join(ROOT, "src/node.ts"))}
const options = JSON.parse(process.env.AIRS_OPTIONS ?? "{}")
Effect.flatMap(ModelSecurity, (airs) => airs.scans.list({ limit: 2 })).pipe(
  Effect.provide(layerNode(options)),
  Effect.match({
    onSuccess: (page) => ({ scans: page.scans.length }),
    onFailure: (error) => ({ error: error._tag, message: error.message })
  }),
  Effect.runPromise
).then((outcome) => console.log(JSON.stringify(outcome)))
`

/** The same with the Promise client. */
const COMPAT_SCRIPT = `
import { ModelSecurityClient } from ${JSON.stringify(join(ROOT, "src/compat.ts"))}
const client = new ModelSecurityClient(JSON.parse(process.env.AIRS_OPTIONS ?? "{}"))
client.scans.list({ limit: 2 }).then(
  (page) => ({ scans: page.scans.length }),
  (error) => ({ error: error.errorType, message: error.message })
).then((outcome) => {
  console.log(JSON.stringify(outcome))
  return client.close()
})
`

let fake: FakeAirs
let server: HttpsServer
let forward: ForwardProxy
let caFile: string
let otherAuthority: string

beforeAll(async () => {
  const authority = makeAuthority("AIRS extra CA test")
  otherAuthority = makeAuthority("Another CA").cert
  fake = FakeAirs.make({ scans: 3 })
  server = await serveHttps(fake.handler, authority.issueLoopback())
  forward = await startProxy()
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  caFile = join(DIR, "authority.pem")
  writeFileSync(caFile, authority.cert)
  writeFileSync(join(DIR, "effect.ts"), EFFECT_SCRIPT)
  writeFileSync(join(DIR, "compat.ts"), COMPAT_SCRIPT)
})
afterAll(async () => {
  await Promise.all([server.close(), forward.close()])
  rmSync(DIR, { recursive: true, force: true })
})

/** Runs `script` in a child `node` with only `env` (and `PATH`) in its environment; its printed outcome. */
const runChild = async (script: string, env: Record<string, string>, options: object = {}) => {
  const run = await promisify(execFile)(process.execPath, ["--import", "tsx", join(DIR, script)], {
    cwd: ROOT,
    timeout: 60_000,
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
  return JSON.parse(run.stdout) as unknown
}

describe.each([
  ["layerNode", "effect.ts", { error: "OAuthError" }, { maxRetries: 0 }],
  ["the Promise client", "compat.ts", { error: "AISEC_OAUTH_ERROR" }, { numRetries: 0 }]
])("NODE_EXTRA_CA_CERTS with %s", (_, script, refused, noRetries) => {
  it("trusts the authority the file names", async () => {
    expect(await runChild(script, { NODE_EXTRA_CA_CERTS: caFile })).toEqual({ scans: 2 })
  }, 60_000)

  it("without it, the same server is refused with a typed error", async () => {
    expect(await runChild(script, {}, noRetries)).toEqual({
      ...refused,
      message: "Token request failed: network error (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
    })
  }, 60_000)

  it("still counts when the ca option adds another authority", async () => {
    expect(await runChild(script, { NODE_EXTRA_CA_CERTS: caFile }, { ca: otherAuthority })).toEqual({
      scans: 2
    })
  }, 60_000)

  it("holds through the proxy of HTTPS_PROXY: the tunnel ends at the API, whose certificate is checked", async () => {
    const before = forward.connects.length
    expect(await runChild(script, { NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: forward.url })).toEqual({
      scans: 2
    })
    // The token request and the call may take a tunnel each: both lead to the one server.
    expect(new Set(forward.connects.slice(before))).toEqual(new Set([server.authority]))
  }, 60_000)
})
