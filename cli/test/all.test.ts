/**
 * `--all` over 100,000 scans: the built bin streams NDJSON page by page, and its peak RSS stays near
 * what the same command takes for a single page, far below what holding the scans would take.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { requireBuild, runBin, serveFake } from "./support.js"

const SCANS = 100_000

let served: Awaited<ReturnType<typeof serveFake>>
beforeAll(async () => {
  requireBuild()
  served = await serveFake({ scans: SCANS })
})
afterAll(async () => {
  await served.server.close()
})

describe("scans list --all --output ndjson", () => {
  it(`streams ${SCANS.toLocaleString("en")} scans with a bounded peak RSS`, {
    timeout: 120_000
  }, async () => {
    const baseline = await runBin(["scans", "list", "--limit", "100", "-o", "ndjson"], {
      env: served.env,
      probeRss: true,
      countLines: true
    })
    expect(baseline.code).toBe(0)
    expect(baseline.lines).toBe(100)

    const started = Date.now()
    const all = await runBin(["scans", "list", "--all", "-o", "ndjson"], {
      env: served.env,
      probeRss: true,
      countLines: true,
      timeoutMs: 110_000
    })
    const seconds = (Date.now() - started) / 1000
    expect(all.stderr).toBe("")
    expect(all.code).toBe(0)
    expect(all.lines).toBe(SCANS)
    const first = JSON.parse(all.firstLine)
    const last = JSON.parse(all.lastLine)
    expect(first.uuid).not.toBe(last.uuid)

    const baseMb = baseline.maxRssKb! / 1024
    const peakMb = all.maxRssKb! / 1024
    const textMb = all.bytes / 1024 / 1024
    console.log(
      `--all over ${SCANS} scans: ${textMb.toFixed(0)} MiB of NDJSON in ${seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MiB (one page: ${baseMb.toFixed(0)} MiB)`
    )
    // Holding the scans, even only as the text written (84 MiB), would add at least that much to the
    // peak, and far more as objects; streaming page by page adds GC headroom only (about 50 MiB measured).
    expect(textMb).toBeGreaterThan(80)
    expect(peakMb - baseMb).toBeLessThan(80)
  })
})
