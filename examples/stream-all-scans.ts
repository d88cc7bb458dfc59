/**
 * Every scan, page by page with 4 pages fetched ahead (order kept), as NDJSON: one scan per line, on
 * stdout or into a file. Progress and the summary go to stderr.
 *
 *   npx tsx examples/stream-all-scans.ts > scans.ndjson
 *   npx tsx examples/stream-all-scans.ts scans.ndjson
 *   npx tsx examples/stream-all-scans.ts scans.ndjson --live      # the real API (PANW_* credentials)
 */
import { createWriteStream } from "node:fs"
import { NodeSink } from "@effect/platform-node"
import { Scans } from "@effect-airs/model-security"
import { Data, Effect, Stream } from "effect"
import { connect, parseFlags, runExample, UsageError } from "./target.js"

const PAGE_SIZE = 100

/** Writing the output failed (a full disk, or a reader that went away). */
class OutputError extends Data.TaggedError("OutputError")<{ readonly cause: unknown }> {}

const flags = parseFlags(process.argv.slice(2))

runExample(
  Effect.gen(function* () {
    const [file, ...extra] = flags.positional
    if (extra.length > 0) {
      return yield* new UsageError({ message: "usage: stream-all-scans [file.ndjson] [--live]" })
    }
    const target = yield* connect(flags, { scans: 2500 })
    const started = Date.now()
    let scans = 0
    let pages = 0

    const output = NodeSink.fromWritable(
      () => (file === undefined ? process.stdout : createWriteStream(file)),
      (cause) => new OutputError({ cause }),
      { endOnDone: file !== undefined }
    )

    const written = yield* Effect.flatMap(Scans, (client) =>
      client.stream({}, { pageSize: PAGE_SIZE, concurrency: 4 }).pipe(
        // Back to pages, to write (and report) one page at a time.
        Stream.grouped(PAGE_SIZE),
        Stream.map((page) => {
          scans += page.length
          pages += 1
          if (process.stderr.isTTY) process.stderr.write(`\r${scans} scans, ${pages} pages`)
          return [...page].map((scan) => `${JSON.stringify(scan)}\n`).join("")
        }),
        Stream.run(output),
        Effect.as(true),
        // `| head` closing the pipe early is not a failure.
        Effect.catchTag("OutputError", () => Effect.succeed(false))
      )
    ).pipe(Effect.provide(target.layer))

    if (process.stderr.isTTY) process.stderr.write("\r\u001b[2K")
    process.stderr.write(
      `${written ? "wrote" : "stopped after"} ${scans} scans (${pages} pages of ${PAGE_SIZE}) ${
        file === undefined ? "to stdout" : `to ${file}`
      } in ${Date.now() - started} ms, from ${target.description}\n`
    )
  })
)
