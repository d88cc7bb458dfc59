/**
 * `airs-ms` behind a company proxy, with real parts: the fake AIRS served over HTTPS with a certificate
 * of a test authority (token endpoint, data plane and management plane each on its own port, so each is
 * a tunnel of its own) and a real forward proxy on loopback whose log of `CONNECT`s proves which
 * requests went through it. Most cases run the command tree in process with their own environment; the
 * last runs the built bin, trusting the authority through `NODE_EXTRA_CA_CERTS` as Node defines it.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FakeAirs } from "@effect-airs/model-security/testing"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import {
  type ForwardProxy,
  type ForwardProxyOptions,
  PROXY_CREDENTIALS,
  PROXY_SECRETS,
  startProxy,
  withCredentials
} from "../../test/support/forward-proxy.js"
import { type HttpsServer, serveHttps } from "../../test/support/https-server.js"
import { makeAuthority } from "../../test/support/tls.js"
import { requireBuild, runBin, runInProcess } from "./support.js"

const { user: USER, password: PASSWORD } = PROXY_CREDENTIALS

let fake: FakeAirs
let token: HttpsServer
let data: HttpsServer
let mgmt: HttpsServer
let caFile: string
const proxies: Array<ForwardProxy> = []

beforeAll(async () => {
  const authority = makeAuthority("airs-ms proxy test CA")
  const certificate = authority.issueLoopback()
  fake = FakeAirs.make({ scans: 5 })
  ;[token, data, mgmt] = await Promise.all([
    serveHttps(fake.handler, certificate),
    serveHttps(fake.handler, certificate),
    serveHttps(fake.handler, certificate)
  ])
  caFile = join(mkdtempSync(join(tmpdir(), "airs-ms-ca-")), "ca.pem")
  writeFileSync(caFile, authority.cert)
})
afterAll(async () => {
  await Promise.all([token.close(), data.close(), mgmt.close()])
})
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
})

const proxy = async (options?: ForwardProxyOptions) => {
  const started = await startProxy(options)
  proxies.push(started)
  return started
}

/** Credentials and the three HTTPS endpoints, as the environment gives them. */
const endpoints = () => ({
  PANW_MODEL_SEC_CLIENT_ID: fake.credentials.clientId,
  PANW_MODEL_SEC_CLIENT_SECRET: fake.credentials.clientSecret,
  PANW_MODEL_SEC_TSG_ID: fake.credentials.tsgId,
  PANW_MODEL_SEC_TOKEN_ENDPOINT: `${token.url}/oauth2/access_token`,
  PANW_MODEL_SEC_DATA_ENDPOINT: `${data.url}/aims/data`,
  PANW_MODEL_SEC_MGMT_ENDPOINT: `${mgmt.url}/aims/mgmt`
})

/** A data-plane command, then a management-plane one, in process; their outputs and exit codes. */
const bothPlanes = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const options = { env: { ...endpoints(), ...env } }
  const scans = await runInProcess(["scans", "list", "--limit", "2", "-o", "json", ...args], options)
  const groups = await runInProcess(["groups", "list", "--limit", "1", "-o", "json", ...args], options)
  return {
    codes: [scans.code, groups.code],
    stderr: scans.stderr + groups.stderr,
    counts: [
      scans.code === 0 ? JSON.parse(scans.stdout).length : scans.stdout,
      groups.code === 0 ? JSON.parse(groups.stdout).length : groups.stdout
    ]
  }
}

/** Each command in turn: a tunnel to the token endpoint, then one to its plane. */
const tunnels = () => [token.authority, data.authority, token.authority, mgmt.authority]

const expectNoProxySecret = (text: string) => {
  for (const secret of PROXY_SECRETS) expect(text).not.toContain(secret)
}

describe("airs-ms behind a proxy", () => {
  it("HTTPS_PROXY: the token request and both planes go through the proxy", async () => {
    const forward = await proxy()
    const result = await bothPlanes(["--ca-file", caFile], { HTTPS_PROXY: forward.url })
    expect(result).toEqual({ codes: [0, 0], stderr: "", counts: [2, 1] })
    // Each command is a process of its own in real use: its own token, its own tunnels.
    expect(forward.connects).toEqual(tunnels())
  })

  it("NO_PROXY: the hosts it names are reached directly", async () => {
    const forward = await proxy()
    const result = await bothPlanes(["--ca-file", caFile], {
      HTTPS_PROXY: forward.url,
      NO_PROXY: "example.com,localhost"
    })
    expect(result).toEqual({ codes: [0, 0], stderr: "", counts: [2, 1] })
    expect(forward.connects).toEqual([])
  })

  it("--proxy with credentials wins over HTTPS_PROXY; --debug and errors never show them", async () => {
    const [wanted, ignored] = await Promise.all([
      proxy({ credentials: { user: USER, password: PASSWORD } }),
      proxy()
    ])
    const result = await bothPlanes(["--ca-file", caFile, "--proxy", withCredentials(wanted), "--debug"], {
      HTTPS_PROXY: ignored.url
    })
    expect(result.codes).toEqual([0, 0])
    expect(result.counts).toEqual([2, 1])
    expect(result.stderr).toMatch(/GET .*scans.* 200/)
    expectNoProxySecret(result.stderr)
    expect(wanted.connects).toEqual(tunnels())
    expect(ignored.connects).toEqual([])
  })

  it("--proxy none connects directly whatever the environment says", async () => {
    const forward = await proxy()
    const result = await bothPlanes(["--ca-file", caFile, "--proxy", "none"], { HTTPS_PROXY: forward.url })
    expect(result).toEqual({ codes: [0, 0], stderr: "", counts: [2, 1] })
    expect(forward.connects).toEqual([])
  })

  it("the profile's proxy and caFile are used when no flag is given", async () => {
    const forward = await proxy()
    const config = mkdtempSync(join(tmpdir(), "airs-ms-config-"))
    writeFileSync(
      join(config, "config.json"),
      JSON.stringify({ profiles: { default: { proxy: forward.url, caFile } } })
    )
    const result = await bothPlanes([], { AIRS_MS_CONFIG_DIR: config })
    expect(result).toEqual({ codes: [0, 0], stderr: "", counts: [2, 1] })
    expect(forward.connects).toEqual(tunnels())
  })

  it("a proxy that refuses with 407: exit 3, the proxy's host and status on stderr, no credentials", async () => {
    const forward = await proxy({ credentials: { user: USER, password: "another" } })
    const r = await runInProcess(
      ["scans", "list", "--ca-file", caFile, "--proxy", withCredentials(forward), "-o", "json"],
      { env: endpoints() }
    )
    expect(r.code).toBe(3)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("127.0.0.1")
    expect(r.stderr).toContain("407")
    expectNoProxySecret(r.stderr)
  })

  it("a malformed --proxy is a usage error naming the option, not its value; nothing is sent", async () => {
    const r = await runInProcess(["scans", "list", "--proxy", "ftp://proxy-user:s3cret-pw@proxy:21"], {
      env: endpoints()
    })
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "airs-ms: PayloadError: Invalid input: proxy: must be an http(s) proxy URL: http://[user:password@]host[:port], without a path\n"
    })
  })

  it("a --ca-file that cannot be read is a usage error naming it", async () => {
    const missing = join(tmpdir(), "airs-ms-no-such-ca.pem")
    const r = await runInProcess(["scans", "list", "--ca-file", missing], { env: endpoints() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--ca-file: cannot read ${missing}`)
  })

  it("without the authority, the certificate is refused: exit 3, not a silent insecure connection", async () => {
    const r = await runInProcess(["scans", "list", "-o", "json"], { env: endpoints() })
    expect(r.code).toBe(3)
    expect(r.stdout).toBe("")
  })
})

describe("the built bin behind a proxy", () => {
  it("HTTPS_PROXY and NODE_EXTRA_CA_CERTS: token and both planes through the proxy", async () => {
    requireBuild()
    const forward = await proxy({ credentials: { user: USER, password: PASSWORD } })
    const env = { ...endpoints(), HTTPS_PROXY: withCredentials(forward), NODE_EXTRA_CA_CERTS: caFile }
    const scans = await runBin(["scans", "list", "--limit", "2", "-o", "json", "--debug"], { env })
    const groups = await runBin(["groups", "list", "--limit", "1", "-o", "json"], { env })
    expect([scans.code, groups.code]).toEqual([0, 0])
    expect([JSON.parse(scans.stdout).length, JSON.parse(groups.stdout).length]).toEqual([2, 1])
    expectNoProxySecret(scans.stderr + groups.stderr)
    expect(forward.connects).toEqual(tunnels())
  })
})
