/**
 * The fake AIRS in its own process, so that the client under test has a core to itself.
 *
 *   tsx bench/fake-server.ts --scans 10000 --latency 20 [--validate]
 *
 * Prints one JSON line `{ "url", "dataEndpoint", "mgmtEndpoint", "tokenEndpoint", "credentials" }` on
 * stdout once listening, then answers commands read from stdin, one a line, each with one JSON line:
 *   `stats` → `{ "requests": n, "tokenRequests": n, "byPlane": {...}, "cpuMs": n }` (requests since the
 *             last reset; `cpuMs`: this process's CPU time since it started)
 *   `reset` → `{ "ok": true }` (forgets the recorded requests)
 * It exits when stdin closes.
 */
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { FakeAirs } from "../src/testing.js"

const { values } = parseArgs({
  options: {
    scans: { type: "string", default: "10000" },
    latency: { type: "string", default: "0" },
    validate: { type: "boolean", default: false },
    port: { type: "string", default: "0" }
  }
})

const fake = FakeAirs.make({
  scans: Number(values.scans),
  latencyMs: Number(values.latency),
  validate: values.validate,
  // Long-lived tokens: no refresh during a run.
  tokenTtlSeconds: 24 * 3600
})
const server = await fake.listen({ port: Number(values.port) })

const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)

reply({
  url: server.url,
  dataEndpoint: server.dataEndpoint,
  mgmtEndpoint: server.mgmtEndpoint,
  tokenEndpoint: server.tokenEndpoint,
  credentials: fake.credentials
})

const stats = () => {
  const byPlane: Record<string, number> = {}
  const requests = fake.requests
  for (const request of requests) byPlane[request.plane] = (byPlane[request.plane] ?? 0) + 1
  const cpu = process.cpuUsage()
  return {
    requests: requests.length,
    tokenRequests: byPlane.token ?? 0,
    byPlane,
    cpuMs: (cpu.user + cpu.system) / 1000
  }
}

// Keep the request log small between the parent's resets: a long run would otherwise grow it without bound.
const trim = setInterval(() => {
  if (fake.requests.length > 100_000) fake.clearRequests()
}, 5_000)
trim.unref()

const lines = createInterface({ input: process.stdin })
lines.on("line", (line) => {
  const command = line.trim()
  if (command === "stats") reply(stats())
  else if (command === "reset") {
    fake.clearRequests()
    reply({ ok: true })
  } else reply({ error: `unknown command: ${command}` })
})
lines.on("close", () => {
  void server.close().finally(() => process.exit(0))
})
