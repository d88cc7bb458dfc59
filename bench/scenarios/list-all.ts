/**
 * Scenario 3: every scan, page size 100, with server latency — our Stream at concurrency 1, 8 and by
 * default against the existing SDK's `listAll` (sequential pages), and the time to the first item against
 * one page; against precomputed bodies (the targets) and the fake AIRS (the realistic case).
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
import { type Entry, runRounds, type Sample, time, timeWithServer } from "../measure.js"
import { ms, ratio, type ScenarioResult, spread, type Table, verdict } from "../report.js"
import type { FakeServer } from "../server.js"
import {
  type BenchConfig,
  closeSessions,
  cpu,
  listServers,
  openSessions,
  samplesOf,
  serverCpu,
  summaryOf,
  wall
} from "./shared.js"

const PAGE_SIZE = 100
const MIN_SPEEDUP = 5
/** The pages a sample's list read (its items over the page size). */
const pagesRead = (samples: ReadonlyArray<Sample>) =>
  Math.ceil((samples[0]?.extra.items ?? PAGE_SIZE) / PAGE_SIZE)

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

/** Every run and single page of the scenario against `server`, over the configured rounds. */
const measureOn = async (
  config: BenchConfig,
  server: FakeServer
): Promise<Map<string, ReadonlyArray<Sample>>> => {
  const sessions = await openSessions([floorUndici, existing, effectNode, effectFetch, compat], server)
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
        if (sample.extra.items !== server.options.scans)
          throw new Error(`${run.key} read ${sample.extra.items} of ${server.options.scans} scans`)
      }
    }
    return samples
  } finally {
    await closeSessions(sessions)
  }
}

const wholeList = (
  caption: string,
  samples: Map<string, ReadonlyArray<Sample>>,
  targeted: boolean
): Table => {
  const median = (key: string) => summaryOf(samplesOf(samples, key), wall).median
  const existingMs = median("existing")
  const floorFor = (run: ListRun) =>
    median(run.concurrency === 1 ? "floor-c1" : run.concurrency === 8 ? "floor-c8" : "floor-c4")
  return {
    caption,
    columns: [
      "contestant",
      "median",
      "spread (min–max)",
      "client CPU",
      "server CPU per page",
      "× floor (same concurrency)",
      "× existing",
      "speed-up vs existing",
      "target met?"
    ],
    rows: RUNS.map((run) => {
      const s = samplesOf(samples, run.key)
      const w = summaryOf(s, wall)
      const speedup = existingMs / w.median
      const target = !targeted
        ? ""
        : run.key === "effect-node-c8"
          ? `≥ ${MIN_SPEEDUP}× faster than existing: ${verdict(speedup >= MIN_SPEEDUP)}`
          : run.byDefault
            ? `≥ ${MIN_DEFAULT_SPEEDUP}× faster than existing: ${verdict(speedup >= MIN_DEFAULT_SPEEDUP)}`
            : ""
      return [
        run.label,
        ms(w.median),
        spread(w, ms),
        ms(summaryOf(s, cpu).median),
        ms(summaryOf(s, serverCpu).median / pagesRead(s)),
        ratio(w.median / floorFor(run)),
        ratio(w.median / existingMs),
        ratio(speedup),
        target
      ]
    })
  }
}

export const listAll = async (config: BenchConfig): Promise<ScenarioResult> => {
  const servers = await listServers(config)
  const results = new Map<string, Map<string, ReadonlyArray<Sample>>>()
  for (const { key, server } of servers) {
    config.log(`  against ${key}`)
    results.set(key, await measureOn(config, server))
  }
  const samples = results.get("precomputed")!
  const { scans, latencyMs } = servers[0]!.server.options
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
      target: `${run.label} ≥ ${MIN_DEFAULT_SPEEDUP}× faster than the existing SDK's \`listAll\` (precomputed server)`,
      measured: `${ratio(speedupOf)} faster`,
      met: speedupOf >= MIN_DEFAULT_SPEEDUP
    }
  })
  const targets = [
    ...defaultTargets,
    {
      target: `Effect \`scans.stream\` (layerNode) at concurrency 8 ≥ ${MIN_SPEEDUP}× faster than the existing SDK's \`listAll\` (precomputed server)`,
      measured: `${ratio(speedup)} faster`,
      met: speedup >= MIN_SPEEDUP
    },
    {
      target:
        "Effect `scans.stream` (layerNode, concurrency 8): time to first item ≤ one page round trip " +
        `(its own \`scans.list\` of ${PAGE_SIZE}, +${TTFI_ALLOWANCE * 100}% for the stream's set-up; precomputed server)`,
      measured: `${ms(mainTtfi)} vs ${ms(ownPage)} (${ratio(ttfiRatio)})`,
      met: ttfiRatio <= 1 + TTFI_ALLOWANCE
    }
  ]

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
  const fake = results.get("fake")!
  const serverPerPage = (of: Map<string, ReadonlyArray<Sample>>) => {
    const s = samplesOf(of, "floor-c4")
    return ms(summaryOf(s, serverCpu).median / pagesRead(s))
  }
  return {
    id: "3",
    title: `All ${scans.toLocaleString("en-US")} scans, page size ${PAGE_SIZE}, ${latencyMs} ms server latency`,
    setup:
      `Every scan of a list of ${scans.toLocaleString("en-US")} scans with ${latencyMs} ms added to every ` +
      `response (${Math.ceil(scans / PAGE_SIZE)} pages of ${PAGE_SIZE}), against two servers: precomputed bodies ` +
      "(`bench/fast-server.ts --latency`: each page computed once by the fake, then written after a timer, so that " +
      "the server costs less than any client and a list shows its round trips and the client's own cost; the targets " +
      "are measured here) and the fake AIRS (the realistic case, where the server builds every page on one core). Our " +
      "Stream is drained with `Stream.runForEach`, the compat client with `for await`; the existing SDK has no lazy " +
      "form for scans, so it is timed with `listAll` (its pages are sequential; `limit` is its page size, default 50; " +
      "`max: 0` lifts its default cap of 10,000 items). Ours are also read with their default options (4 pages in " +
      "flight once the first page gives the total). The floor ratio compares with the raw loop at the same " +
      "concurrency (4 for the default options).",
    tables: [
      ...servers.map(({ key, label }) =>
        wholeList(`**Whole list, against ${label}**`, results.get(key)!, key === "precomputed")
      ),
      {
        caption:
          "**Time to first item** (precomputed server; from the call until the first scan reaches the loop)",
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
        caption: `**One page of ${PAGE_SIZE}** (precomputed server; the yardstick)`,
        columns: ["request", "median", "spread (min–max)", "× floor"],
        rows: pageRows
      }
    ],
    targets,
    notes: [
      "The existing SDK's first item is only available when `listAll` resolves, so its time to first item is the whole list.",
      `With 4 pages in flight a list of ${Math.ceil(scans / PAGE_SIZE)} pages takes at least ` +
        `${1 + Math.ceil((Math.ceil(scans / PAGE_SIZE) - 1) / 4)} round trips, against the existing SDK's ` +
        `${Math.ceil(scans / PAGE_SIZE)}: the raw loop 4 pages ahead is the ceiling at that concurrency ` +
        `(${ratio(existingMs / median("floor-c4"))} faster than \`listAll\` on precomputed bodies, ` +
        `${ratio(summaryOf(samplesOf(fake, "existing"), wall).median / summaryOf(samplesOf(fake, "floor-c4"), wall).median)} on the fake).`,
      `The fake spends ${serverPerPage(fake)} of CPU on each page (precomputed bodies: ${serverPerPage(samples)}), ` +
        "more than the clients measured, and builds pages one at a time: with several pages in flight its queue adds " +
        "to every round trip, which is why the targets are measured on precomputed bodies."
    ],
    raw: Object.fromEntries([...results].map(([key, of]) => [key, Object.fromEntries(of)]))
  }
}
