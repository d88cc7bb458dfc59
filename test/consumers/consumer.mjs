// An ES module user of the built package: compat client against the fake, never calling close().
import { createRequire } from "node:module"
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { FakeAirs } from "@effect-airs/model-security/testing"

const fake = FakeAirs.make()
const server = await fake.listen()
const client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
const page = await client.scans.list({ limit: 3 })
const failure = await client.scans.get("not-a-uuid").catch((error) => error)
const fromRequire = createRequire(import.meta.url)("@effect-airs/model-security/compat")
console.log(
  JSON.stringify({
    scans: page.scans.length,
    errorType: failure.errorType,
    isPayload: failure.errorType === ErrorType.USER_REQUEST_PAYLOAD_ERROR,
    instanceOf: failure instanceof AISecSDKException,
    instanceOfOtherFormat: failure instanceof fromRequire.AISecSDKException
  })
)
await server.close()
