/**
 * Scenario 3: every scan, page size 100, with server latency — our Stream at concurrency 1 and 8 against
 * the existing SDK's `listAll` (sequential pages), and the time to the first item against one page.
 */
import {
  type Contestant,
  compat,
  effectFetch,
  effectNode,
  existing,
  floorUndici,
  type Session
} from "../contestants.js"
import { type Entry, runRounds, time, timeWithServer } from "../measure.js"
import { ms, ratio, type ScenarioResult, spread, verdict } from "../report.js"
import type { FakeServer } from "../server.js"
import {
  type BenchConfig,
  closeSessions,
  cpu,
  openSessions,
  samplesOf,
  serverCpu,
  slowServer,
  summaryOf,
  wall
} from "./shared.js"

const PAGE_SIZE = 100
const MIN_SPEEDUP = 5
/** Time to first item may exceed one page round trip by this share (the stream's own set-up). */
const TTFI_ALLOWANCE = 0.1

/** Speed-up over the existing SDK's `listAll` asked of our forms with their default options. */
const MIN_DEFAULT_SPEEDUP = 4

interface ListRun {
  readonly key: string
  readonly contestant: Contestant
  /** "stream" reads item by item; "collect" reads everything into an array (the existing SDK's only form). */
  readonly mode: "stream" | "collect"
  /** Pages in flight; left out, the client's default (ours: 4). */
  readonly concurrency?: number
  readonly label: string
  /** Read with the client's default options, held to `MIN_DEFAULT_SPEEDUP`. */
  readonly byDefault?: boolean
}

const RUNS: ReadonlyArray<ListRun> = [
  {
    key: "floor-c1",
    contestant: floorUndici,
    mode: "stream",
    concurrency: 1,
    label: "floor: raw undici, pages in sequence"
  },
  {
    key: "floor-c4",
    contestant: floorUndici,
    mode: "stream",
    concurrency: 4,
    label: "floor: raw undici, 4 pages ahead"
  },
  {
    key: "floor-c8",
    contestant: floorUndici,
    mode: "stream",
    concurrency: 8,
    label: "floor: raw undici, 8 pages ahead"
  },
  {
    key: "existing",
    contestant: existing,
    mode: "collect",
    concurrency: 1,
    label: `existing: \`scans.listAll({ limit: ${PAGE_SIZE}, max: 0 })\``
  },
  {
    key: "effect-node-c1",
    contestant: effectNode,
    mode: "stream",
    concurrency: 1,
    label: "ours: Effect `scans.stream`, layerNode, concurrency 1"
  },
  {
    key: "effect-node-c8",
    contestant: effectNode,
    mode: "stream",
    concurrency: 8,
    label: "ours: Effect `scans.stream`, layerNode, concurrency 8"
  },
  {
    key: "effect-fetch-c1",
    contestant: effectFetch,
    mode: "stream",
    concurrency: 1,
    label: "ours: Effect `scans.stream`, layerFetch, concurrency 1"
  },
  {
    key: "effect-fetch-c8",
    contestant: effectFetch,
    mode: "stream",
    concurrency: 8,
    label: "ours: Effect `scans.stream`, layerFetch, concurrency 8"
  },
  {
    key: "compat-c8",
    contestant: compat,
    mode: "stream",
    concurrency: 8,
    label: "ours: compat `scans.iterate`, concurrency 8"
  },
  {
    key: "effect-node-default",
    contestant: effectNode,
    mode: "stream",
    label: "ours: Effect `scans.stream()`, layerNode, default options",
    byDefault: true
  },
  {
    key: "compat-iterate-default",
    contestant: compat,
    mode: "stream",
    label: "ours: compat `scans.iterate()`, default options",
    byDefault: true
  },
  {
    key: "compat-listAll-default",
    contestant: compat,
    mode: "collect",
    label: "ours: compat `scans.listAll()`, default options",
    byDefault: true
  }
]

/** Single-page requests, the yardstick of time to first item. */
const PAGES: ReadonlyArray<{ key: string; contestant: Contestant; label: string }> = [
  { key: "page-floor", contestant: floorUndici, label: "floor: raw undici, one page" },
  { key: "page-existing", contestant: existing, label: "existing: `scans.list`" },
  { key: "page-effect-node", contestant: effectNode, label: "ours: Effect `scans.list`, layerNode" },
  { key: "page-effect-fetch", contestant: effectFetch, label: "ours: Effect `scans.list`, layerFetch" },
  { key: "page-compat", contestant: compat, label: "ours: compat `scans.list`" }
]

/** Which single page each stream's first item is compared with: the same client's. */
const OWN_PAGE: Readonly<Record<string, string>> = {
  "floor-undici": "page-floor",
  existing: "page-existing",
  "effect-node": "page-effect-node",
  "effect-fetch": "page-effect-fetch",
  compat: "page-compat"
}

const runList = (server: FakeServer, session: Session, run: ListRun) =>
  timeWithServer(server, async (mark, start) => {
    const options = { pageSize: PAGE_SIZE, concurrency: run.concurrency }
    // The existing SDK reads pages of `limit`; ours with default options are given the same page size,
    // which is also their default (100).
    if (run.mode === "collect" || session.stream === undefined) {
      const items = await session.collect(options)
      // The first item is there when the whole list is.
      mark("ttfi", performance.now() - start)
      mark("items", items.length)
      return
    }
    let first = true
    const count = await session.stream(options, () => {
      if (first) {
        first = false
        mark("ttfi", performance.now() - start)
      }
    })
    mark("items", count)
  })

export const listAll = async (config: BenchConfig): Promise<ScenarioResult> => {
  const server = await slowServer(config)
  const { scans, latencyMs } = server.options
  {
    const contestants = [floorUndici, existing, effectNode, effectFetch, compat]
    const sessions = await openSessions(contestants, server)
    try {
      // Fetch every client's token before measuring.
      for (const session of sessions.values()) await session.listPage(1)
      const entries: Array<Entry> = [
        ...RUNS.map((run) => ({
          key: run.key,
          run: () => runList(server, sessions.get(run.contestant.id)!, run)
        })),
        ...PAGES.map((page) => ({
          key: page.key,
          run: () => time(() => sessions.get(page.contestant.id)!.listPage(PAGE_SIZE))
        }))
      ]
      const samples = await runRounds(entries, { rounds: config.rounds, warmup: config.warmup }, config.log)
      for (const run of RUNS) {
        for (const sample of samplesOf(samples, run.key)) {
          if (sample.extra.items !== scans)
            throw new Error(`${run.key} read ${sample.extra.items} of ${scans} scans`)
        }
      }
      const median = (key: string) => summaryOf(samplesOf(samples, key), wall).median
      const ttfi = (key: string) => summaryOf(samplesOf(samples, key), (s) => s.extra.ttfi ?? Number.NaN)
      const existingMs = median("existing")
      const floorPage = median("page-floor")

      const speedup = existingMs / median("effect-node-c8")
      const mainTtfi = ttfi("effect-node-c8").median
      const ownPage = median("page-effect-node")
      const ttfiRatio = mainTtfi / ownPage
      const defaultTargets = RUNS.filter((run) => run.byDefault).map((run) => {
        const speedupOf = existingMs / median(run.key)
        return {
          target: `${run.label} ≥ ${MIN_DEFAULT_SPEEDUP}× faster than the existing SDK's \`listAll\``,
          measured: `${ratio(speedupOf)} faster`,
          met: speedupOf >= MIN_DEFAULT_SPEEDUP
        }
      })
      const targets = [
        ...defaultTargets,
        {
          target: `Effect \`scans.stream\` (layerNode) at concurrency 8 ≥ ${MIN_SPEEDUP}× faster than the existing SDK's \`listAll\``,
          measured: `${ratio(speedup)} faster`,
          met: speedup >= MIN_SPEEDUP
        },
        {
          target:
            "Effect `scans.stream` (layerNode, concurrency 8): time to first item ≤ one page round trip " +
            `(its own \`scans.list\` of ${PAGE_SIZE}, +${TTFI_ALLOWANCE * 100}% for the stream's set-up)`,
          measured: `${ms(mainTtfi)} vs ${ms(ownPage)} (${ratio(ttfiRatio)})`,
          met: ttfiRatio <= 1 + TTFI_ALLOWANCE
        }
      ]

      const floorFor = (run: ListRun) =>
        median(run.concurrency === 1 ? "floor-c1" : run.concurrency === 8 ? "floor-c8" : "floor-c4")
      const listRows = RUNS.map((run) => {
        const s = samplesOf(samples, run.key)
        const w = summaryOf(s, wall)
        const target =
          run.key === "effect-node-c8"
            ? `≥ ${MIN_SPEEDUP}× faster than existing: ${verdict(speedup >= MIN_SPEEDUP)}`
            : run.byDefault
              ? `≥ ${MIN_DEFAULT_SPEEDUP}× faster than existing: ${verdict(existingMs / w.median >= MIN_DEFAULT_SPEEDUP)}`
              : ""
        return [
          run.label,
          ms(w.median),
          spread(w, ms),
          ms(summaryOf(s, cpu).median),
          ratio(w.median / floorFor(run)),
          ratio(w.median / existingMs),
          ratio(existingMs / w.median),
          target
        ]
      })
      const ttfiRows = RUNS.map((run) => {
        const t = ttfi(run.key)
        const own = median(OWN_PAGE[run.contestant.id]!)
        return [
          run.label,
          ms(t.median),
          spread(t, ms),
          ratio(t.median / own),
          ratio(t.median / floorPage),
          run.key === "effect-node-c8"
            ? `≤ 1 page (+${TTFI_ALLOWANCE * 100}%): ${verdict(t.median / own <= 1 + TTFI_ALLOWANCE)}`
            : ""
        ]
      })
      const pageRows = PAGES.map((page) => {
        const w = summaryOf(samplesOf(samples, page.key), wall)
        return [page.label, ms(w.median), spread(w, ms), ratio(w.median / floorPage)]
      })
      return {
        id: "3",
        title: `All ${scans.toLocaleString("en-US")} scans, page size ${PAGE_SIZE}, ${latencyMs} ms server latency`,
        setup:
          `Every scan of a fake with ${scans.toLocaleString("en-US")} scans and ${latencyMs} ms added to every ` +
          `response (${Math.ceil(scans / PAGE_SIZE)} pages of ${PAGE_SIZE}). Our Stream is drained with ` +
          "`Stream.runForEach`, the compat client with `for await`; the existing SDK has no lazy form for scans, " +
          "so it is timed with `listAll` (its pages are sequential; `limit` is its page size, default 50; " +
          "`max: 0` lifts its default cap of 10,000 items). Ours are also read with their default options (4 pages in " +
          "flight once the first page gives the total). The floor ratio compares with the raw loop at the same " +
          "concurrency (4 for the default options).",
        tables: [
          {
            caption: "**Whole list**",
            columns: [
              "contestant",
              "median",
              "spread (min–max)",
              "client CPU",
              "× floor (same concurrency)",
              "× existing",
              "speed-up vs existing",
              "target met?"
            ],
            rows: listRows
          },
          {
            caption: "**Time to first item** (from the call until the first scan reaches the loop)",
            columns: [
              "contestant",
              "median",
              "spread (min–max)",
              "× own single page",
              "× floor single page",
              "target met?"
            ],
            rows: ttfiRows
          },
          {
            caption: `**One page of ${PAGE_SIZE}** (the yardstick)`,
            columns: ["request", "median", "spread (min–max)", "× floor"],
            rows: pageRows
          }
        ],
        targets,
        notes: [
          "The existing SDK's first item is only available when `listAll` resolves, so its time to first item is the whole list.",
          `The raw loop 8 pages ahead is ${ratio(existingMs / median("floor-c8"))} faster than \`listAll\`: about the ceiling ` +
            `on this machine, where the fake builds pages on one core (${ms(summaryOf(samplesOf(samples, "floor-c8"), serverCpu).median / Math.ceil(scans / PAGE_SIZE))} ` +
            "of server CPU per page)."
        ],
        raw: Object.fromEntries(samples)
      }
    } finally {
      await closeSessions(sessions)
    }
  }
}
