/**
 * `npm start`: the SDK doing its job against a fake AIRS on a free local port, no credentials needed.
 * Lists scans, starts a scan of a model, waits for the verdict, reads why, labels it and streams
 * every scan.
 */
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect, Layer, Stream } from "effect"
import { ModelSecurity, Scans } from "../src/index.js"
import { FakeAirs, fakeOptions } from "../src/testing.js"

const program = Effect.gen(function* () {
  const scans = yield* Scans

  const page = yield* scans.list({ limit: 5 })
  yield* Console.log(`${page.pagination.total_items} scans on record; the latest ${page.scans.length}:`)
  for (const scan of page.scans) yield* Console.log(`  ${scan.eval_outcome.padEnd(8)} ${scan.model_uri}`)

  const group = fake.securityGroups.find((g) => g.source_type === "HUGGING_FACE")!
  const created = yield* scans.create({
    model_uri: "https://huggingface.co/acme/unsafe-pickle-model",
    security_group_uuid: group.uuid,
    labels: { team: "ml-platform" }
  })
  yield* Console.log(`\nStarted scan ${created.uuid} (${created.eval_outcome})`)
  const done = yield* scans.waitForCompletion(created.uuid, { interval: "300 millis", timeout: "30 seconds" })
  yield* Console.log(`Outcome: ${done.eval_outcome}`)

  if (done.eval_outcome === "BLOCKED") {
    const violations = yield* scans.getViolations(done.uuid, { limit: 10 })
    for (const v of violations.violations) yield* Console.log(`  ✗ ${v.rule_name}: ${v.description}`)
  }

  yield* scans.addLabels(done.uuid, { labels: { env: "staging" } })
  yield* Console.log(`Labels: ${JSON.stringify((yield* scans.get(done.uuid)).labels)}`)

  const outcomes = yield* scans.stream({}, { pageSize: 100, concurrency: 4 }).pipe(
    Stream.runFold({} as Record<string, number>, (counts, scan) => ({
      ...counts,
      [scan.eval_outcome]: (counts[scan.eval_outcome] ?? 0) + 1
    }))
  )
  yield* Console.log(`\nEvery scan, streamed: ${JSON.stringify(outcomes)}`)
})

const fake = FakeAirs.make({ scans: 250 })

const main = Effect.gen(function* () {
  const server = yield* fake.serve()
  yield* Console.log(`Fake AIRS listening on ${server.url}\n`)
  yield* program.pipe(
    Effect.provide(
      ModelSecurity.layer(fakeOptions(fake, server.url)).pipe(Layer.provide(FetchHttpClient.layer))
    )
  )
})

Effect.runPromise(Effect.scoped(main)).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
