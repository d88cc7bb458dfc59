/** Scenario 5: 1,000 concurrent calls on a cold client (no token yet) must cause exactly one token request. */
import { compat, effectFetch, effectNode, existing, scanIds } from "../contestants.js"
import { runRounds, time } from "../measure.js"
import { ms, type ScenarioResult, verdict } from "../report.js"
import { type BenchConfig, samplesOf, slowServer, summaryOf, wall } from "./shared.js"

const OURS = [effectNode, effectFetch, compat]

export const token = async (config: BenchConfig): Promise<ScenarioResult> => {
  const calls = config.quick ? 20 : 1_000
  // Latency keeps the token request in flight while every call asks for it.
  const server = await slowServer(config)
  {
    const ids = await scanIds(server, calls)
    const contestants = [existing, ...OURS]
    const samples = await runRounds(
      contestants.map((c) => ({
        key: c.id,
        run: async () => {
          const session = await c.open(server)
          await server.reset()
          try {
            const sample = await time(async (mark) => {
              await session.getAll(ids, calls)
              const stats = await server.stats()
              mark("tokenRequests", stats.tokenRequests)
              mark("dataRequests", stats.byPlane.data ?? 0)
            })
            return sample
          } finally {
            await session.close()
          }
        }
      })),
      { rounds: config.quick ? 1 : 3, warmup: 0 },
      config.log
    )
    const tokenCounts = (id: string) => samplesOf(samples, id).map((s) => s.extra.tokenRequests ?? Number.NaN)
    const exactlyOne = (id: string) => tokenCounts(id).every((n) => n === 1)
    const rows = contestants.map((c) => {
      const s = samplesOf(samples, c.id)
      const w = summaryOf(s, wall)
      return [
        c.label,
        tokenCounts(c.id).join(", "),
        s.map((sample) => sample.extra.dataRequests).join(", "),
        ms(w.median),
        c.role === "ours" ? `exactly 1: ${verdict(exactlyOne(c.id))}` : ""
      ]
    })
    return {
      id: "5",
      title: `Token: ${calls.toLocaleString("en-US")} concurrent cold calls`,
      setup:
        `A new client (no token cached) starts ${calls.toLocaleString("en-US")} \`scans.get\` at once, all in flight ` +
        `together; the fake (${server.options.latencyMs} ms latency, so the token request is still under way while the calls pile up) ` +
        "counts the requests to its token endpoint. A fresh client every round.",
      tables: [
        {
          columns: [
            "contestant",
            "token requests (per round)",
            "data requests (per round)",
            "median wall time",
            "target met?"
          ],
          rows
        }
      ],
      targets: OURS.map((c) => ({
        target: `${c.label}: ${calls.toLocaleString("en-US")} concurrent cold calls → exactly 1 token request`,
        measured: `${tokenCounts(c.id).join(", ")} token request(s)`,
        met: exactlyOne(c.id)
      })),
      notes: [],
      raw: Object.fromEntries(samples)
    }
  }
}
