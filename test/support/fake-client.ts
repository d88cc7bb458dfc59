/** Raw HTTP access to a fake AIRS in process, for tests of the fake itself: a token, then each plane. */
import type { FakeAirs } from "../../src/testing.js"

export const BASE = "http://fake-airs.test"

/** A token the fake issued for its own credentials. */
export const issueToken = async (fake: FakeAirs): Promise<string> => {
  const { clientId, clientSecret, tsgId } = fake.credentials
  const issued = await fake.handler(
    new Request(`${BASE}/oauth2/access_token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        "content-type": "application/x-www-form-urlencoded"
      },
      body: `grant_type=client_credentials&scope=tsg_id:${tsgId}`
    })
  )
  return ((await issued.json()) as { access_token: string }).access_token
}

/** An answer: its status and parsed JSON body (undefined when empty). */
export interface Reply {
  readonly status: number
  readonly body: any
}

/** Requests to one plane of `fake` with `token`. */
export const planeClient = (fake: FakeAirs, token: string, plane: "data" | "mgmt") => {
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const response = await fake.handler(
      new Request(`${BASE}/aims/${plane}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
    )
    const text = await response.text()
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
  }
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    del: (path: string) => call("DELETE", path)
  }
}

/** Both planes of `fake`, holding a fresh token. */
export const connect = async (fake: FakeAirs) => {
  const token = await issueToken(fake)
  return { token, data: planeClient(fake, token, "data"), mgmt: planeClient(fake, token, "mgmt") }
}
