/** The fake OAuth2 token endpoint (client credentials) and the bearer tokens it issues. */
import { type FakeResponse, type IncomingRequest, json } from "./messages.js"
import type { Plane } from "./routes.js"

/** The credentials the token endpoint accepts. */
export interface TokenConfig {
  readonly clientId: string
  readonly clientSecret: string
  readonly tsgId: string
  readonly tokenTtlSeconds: number
}

const randomToken = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32))
  return `fake-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`
}

const decodeBase64 = (text: string): string | undefined => {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (char) => char.charCodeAt(0)))
  } catch {
    return undefined
  }
}

/** Tokens issued so far, their expiry (wall clock), and revocation. */
export class TokenStore {
  private readonly expiry = new Map<string, number>()
  private readonly issuedList: Array<string> = []

  /** Every token issued, oldest first. */
  get issued(): ReadonlyArray<string> {
    return this.issuedList
  }

  /** Issues a new token valid for `ttlSeconds`. */
  issue(ttlSeconds: number): string {
    const token = randomToken()
    this.expiry.set(token, Date.now() + ttlSeconds * 1000)
    this.issuedList.push(token)
    return token
  }

  /** Whether a token was issued, is not revoked and has not expired by `Date.now()`. */
  isValid(token: string): boolean {
    const expiresAt = this.expiry.get(token)
    return expiresAt !== undefined && Date.now() < expiresAt
  }

  /** Makes every token issued so far invalid. */
  revokeAll(): void {
    this.expiry.clear()
  }
}

const oauthError = (status: number, error: string, description: string): FakeResponse =>
  json(status, { error, error_description: description })

const formDecode = (text: string): string => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "))
  } catch {
    return text
  }
}

/** Whether an `Authorization: Basic` header carries these credentials, plain or form-encoded (RFC 6749 2.3.1). */
const hasBasicCredentials = (header: string | undefined, id: string, secret: string): boolean => {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "")
  if (match === null) return false
  const decoded = decodeBase64(match[1]!)
  const colon = decoded?.indexOf(":") ?? -1
  if (decoded === undefined || colon < 0) return false
  const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
  return (user === id && password === secret) || (formDecode(user) === id && formDecode(password) === secret)
}

/**
 * `POST /oauth2/access_token`: HTTP Basic client authentication, form body
 * `grant_type=client_credentials&scope=tsg_id:<tsg>`. The scope may list other space-separated scopes.
 */
export const tokenPlane = (config: TokenConfig, store: TokenStore): Plane => ({
  name: "token",
  prefix: "/oauth2",
  body: "form",
  routes: [
    {
      name: "token.issue",
      method: "POST",
      path: "/access_token",
      handle: (request) => {
        if (!hasBasicCredentials(request.headers.authorization, config.clientId, config.clientSecret)) {
          return oauthError(401, "invalid_client", "Client authentication failed")
        }
        const form = new URLSearchParams(request.body)
        if (form.get("grant_type") !== "client_credentials") {
          return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported")
        }
        const scope = `tsg_id:${config.tsgId}`
        if (!(form.get("scope") ?? "").split(/\s+/).includes(scope)) {
          return oauthError(400, "invalid_scope", `The requested scope is invalid; expected ${scope}`)
        }
        return json(200, {
          access_token: store.issue(config.tokenTtlSeconds),
          token_type: "Bearer",
          expires_in: config.tokenTtlSeconds,
          scope
        })
      }
    }
  ]
})

/** Rejects data and management plane requests without a valid bearer token, as the API gateway does. */
export const requireBearer =
  (store: TokenStore) =>
  (request: IncomingRequest): FakeResponse | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")
    return match !== null && store.isValid(match[1]!)
      ? undefined
      : json(401, { detail: "Not authenticated" }, { "www-authenticate": "Bearer" })
  }
