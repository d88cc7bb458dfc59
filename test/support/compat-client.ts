/** The fake served over HTTP to the tests of the enclosing suite, with a compat client pointed at it. */
import { ModelSecurityClient, type ModelSecurityClientOptions } from "@effect-airs/model-security/compat"
import { afterAll, beforeAll } from "vitest"
import type { FakeAirs } from "../../src/testing.js"

/**
 * Serves `fake` and makes a compat client for it (`options` added) before the suite's tests, and closes
 * both after them: the client, for the tests to call.
 */
export const compatClientFor = (fake: FakeAirs, options: ModelSecurityClientOptions = {}) => {
  let server: Awaited<ReturnType<FakeAirs["listen"]>> | undefined
  let client: ModelSecurityClient | undefined
  beforeAll(async () => {
    server = await fake.listen()
    client = new ModelSecurityClient({ ...fake.credentials, ...fake.endpoints(server.url), ...options })
  })
  afterAll(async () => {
    await client?.close()
    await server?.close()
  })
  return (): ModelSecurityClient => {
    if (client === undefined) throw new Error("the compat client is made before the suite's tests")
    return client
  }
}
