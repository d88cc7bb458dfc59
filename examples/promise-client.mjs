// The Promise client from plain JavaScript (an ES module), against a fake AIRS started with
// `@effect-airs/model-security/testing`'s `listen()`; with --live, the real API (PANW_* credentials).
// Needs the package built (`npm run build`): the package's own name resolves to dist/.
//
//   node examples/promise-client.mjs
//   node examples/promise-client.mjs --live [--allow-writes]
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { FakeAirs } from "@effect-airs/model-security/testing"

const live = process.argv.includes("--live")
const writable = !live || process.argv.includes("--allow-writes")

// The fake's URLs and credentials are passed explicitly; live, they come from the environment.
const fake = live ? undefined : FakeAirs.make({ scans: 500, scanPolls: 2 })
const server = fake && (await fake.listen())
const client = fake
  ? new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
  : new ModelSecurityClient()
console.log(`target: ${server ? `fake AIRS at ${server.url}` : "Prisma AIRS (live)"}`)

try {
  // One page, with the API's filters.
  const page = await client.scans.list({ limit: 3, sort_order: "desc" })
  console.log(`${page.pagination.total_items} scans; the latest ${page.scans.length}:`)
  for (const scan of page.scans) console.log(`  ${scan.eval_outcome.padEnd(8)} ${scan.model_uri}`)

  // Every blocked scan: pages fetched 4 ahead, one at a time as the loop asks.
  let blocked = 0
  for await (const _scan of client.scans.iterate(
    { eval_outcomes: ["BLOCKED"] },
    { pageSize: 100, concurrency: 4 }
  )) {
    blocked += 1
  }
  console.log(`blocked scans, iterated: ${blocked}`)

  const rules = await client.securityRules.listAll({ source_type: "HUGGING_FACE" })
  console.log(`security rules for Hugging Face: ${rules.length}`)

  if (writable) {
    const { security_groups: groups } = await client.securityGroups.list({
      source_types: ["HUGGING_FACE"],
      limit: 1
    })
    const created = await client.scans.create({
      model_uri: "https://huggingface.co/hacker-lab/malicious-gguf-template",
      security_group_uuid: groups[0].uuid,
      labels: { team: "ml-platform" }
    })
    const done = await client.scans.waitForCompletion(created.uuid, {
      interval: live ? "5 seconds" : "200 millis",
      timeout: "15 minutes"
    })
    console.log(`scanned ${done.model_uri}: ${done.eval_outcome}`)
    const { violations } = await client.scans.getViolations(done.uuid, { limit: 10 })
    for (const v of violations) console.log(`  ✗ ${v.rule_name}: ${v.threat} in ${v.file}`)
  }

  // Errors are AISecSDKException with an ErrorType; bad input is refused before anything is sent.
  try {
    await client.scans.get("not-a-uuid", { timeoutMs: 5_000 })
  } catch (error) {
    if (!(error instanceof AISecSDKException) || error.errorType !== ErrorType.USER_REQUEST_PAYLOAD_ERROR)
      throw error
    console.log(`refused: ${error.errorType}: ${error.message}`)
  }
} finally {
  await client.close()
  await server?.close()
}
