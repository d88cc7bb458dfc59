// A CommonJS user of the built package: compat client against the fake, never calling close().
const { AISecSDKException, ErrorType, ModelSecurityClient } = require("@effect-airs/model-security/compat")
const { FakeAirs } = require("@effect-airs/model-security/testing")

const main = async () => {
  const fake = FakeAirs.make()
  const server = await fake.listen()
  const client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url) })
  const page = await client.scans.list({ limit: 3 })
  const failure = await client.scans.get("not-a-uuid").catch((error) => error)
  const fromImport = await import("@effect-airs/model-security/compat")
  console.log(
    JSON.stringify({
      scans: page.scans.length,
      errorType: failure.errorType,
      isPayload: failure.errorType === ErrorType.USER_REQUEST_PAYLOAD_ERROR,
      instanceOf: failure instanceof AISecSDKException,
      instanceOfOtherFormat: failure instanceof fromImport.AISecSDKException
    })
  )
  await server.close()
}
main()
