// The Promise client from plain JavaScript (CommonJS), against a fake AIRS started with
// `@effect-airs/model-security/testing`'s `listen()`; with --live, the real API (PANW_* credentials).
// Needs the package built (`npm run build`): the package's own name resolves to dist/.
//
//   node examples/promise-client.cjs
//   node examples/promise-client.cjs --live [--allow-writes]
const { AISecSDKException, ErrorType, ModelSecurityClient } = require("@effect-airs/model-security/compat")
const { FakeAirs } = require("@effect-airs/model-security/testing")

const live = process.argv.includes("--live")
const writable = !live || process.argv.includes("--allow-writes")

async function main() {
  // The fake's URLs and credentials are passed explicitly; live, they come from the environment.
  const fake = live ? undefined : FakeAirs.make({ scans: 500, scanPolls: 2 })
  const server = fake && (await fake.listen())
  const client = fake
    ? new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
    : new ModelSecurityClient()
  console.log(`target: ${server ? `fake AIRS at ${server.url}` : "Prisma AIRS (live)"}`)

  try {
    const page = await client.scans.list({ limit: 3 })
    console.log(`${page.pagination.total_items} scans; the latest ${page.scans.length}:`)
    for (const scan of page.scans) console.log(`  ${scan.eval_outcome.padEnd(8)} ${scan.model_uri}`)

    // Every blocked scan, collected (pages fetched 4 ahead).
    const blocked = await client.scans.listAll(
      { eval_outcomes: ["BLOCKED"] },
      { pageSize: 100, concurrency: 4 }
    )
    console.log(`blocked scans, collected: ${blocked.length}`)

    if (writable) {
      const groups = await client.securityGroups.listAll({ source_types: ["HUGGING_FACE"] })
      const created = await client.scans.create({
        model_uri: "https://huggingface.co/google-bert/bert-base-uncased",
        security_group_uuid: groups[0].uuid
      })
      const done = await client.scans.waitForCompletion(created.uuid, {
        interval: live ? "5 seconds" : "200 millis",
        timeout: "15 minutes"
      })
      console.log(`scanned ${done.model_uri}: ${done.eval_outcome}`)
    }

    // A deadline and cancellation on any call; failures are AISecSDKException with an ErrorType.
    const controller = new AbortController()
    const latest = page.scans[0]
    if (latest) {
      const options = { signal: controller.signal, timeoutMs: 5000 }
      const evaluations = await client.scans.getEvaluations(latest.uuid, { limit: 5 }, options)
      console.log(`evaluations of the latest scan: ${evaluations.pagination.total_items}`)
    }
    try {
      await client.scans.create({ model_uri: "https://huggingface.co/org/model" })
    } catch (error) {
      if (!(error instanceof AISecSDKException) || error.errorType !== ErrorType.USER_REQUEST_PAYLOAD_ERROR)
        throw error
      console.log(`refused: ${error.errorType}: ${error.message}`)
    }
  } finally {
    await client.close()
    await server?.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
