/** `ModelSecurityClient`: the Promise client, shaped like the existing SDK's, over the Effect services. */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { PayloadError } from "../errors/index.js"
import { checkArguments } from "../internal/arguments.js"
import { DIRECT } from "../internal/http-exchange/connections.js"
import { ModelSecurityConfig, resolveConfig, resolveConfigAndConnections } from "../layers/config.js"
import { ModelSecurity } from "../services/model-security.js"
import { type CustomRulesClient, customRulesClient } from "./custom-rules-client.js"
import { AISecSDKException } from "./errors.js"
import { type ModelsClient, modelsClient } from "./models-client.js"
import { isNode, layerPreferredExchange } from "./preferred-exchange.js"
import { type CallOptions, invalidTimeoutMs, Runner } from "./runner.js"
import { type ScansClient, scansClient } from "./scans-client.js"
import { type SecurityGroupsClient, securityGroupsClient } from "./security-groups-client.js"
import { type SecurityRulesClient, securityRulesClient } from "./security-rules-client.js"
import { ClientSignatures, ConstructorSignature, callChecked, guardClient } from "./signatures.js"

/**
 * Options of `new ModelSecurityClient()`; each falls back to the environment as the README's table says.
 * @category Options
 */
export interface ModelSecurityClientOptions {
  /** OAuth2 client id (else `PANW_MODEL_SEC_CLIENT_ID`, else `PANW_MGMT_CLIENT_ID`). */
  readonly clientId?: string
  /** OAuth2 client secret (else `PANW_MODEL_SEC_CLIENT_SECRET`, else `PANW_MGMT_CLIENT_SECRET`). */
  readonly clientSecret?: string
  /** Tenant service group id (else `PANW_MODEL_SEC_TSG_ID`, else `PANW_MGMT_TSG_ID`). */
  readonly tsgId?: string
  /** Data-plane base URL (else `PANW_MODEL_SEC_DATA_ENDPOINT`). */
  readonly dataEndpoint?: string
  /** Management-plane base URL (else `PANW_MODEL_SEC_MGMT_ENDPOINT`). */
  readonly mgmtEndpoint?: string
  /** Token URL (else `PANW_MODEL_SEC_TOKEN_ENDPOINT`, else `PANW_MGMT_TOKEN_ENDPOINT`). */
  readonly tokenEndpoint?: string
  /**
   * Retries of a transient failure (default 5): an integer, clamped to 0–5 as the existing SDK does;
   * anything else throws `USER_REQUEST_PAYLOAD_ERROR`.
   */
  readonly numRetries?: number
  /** Deadline of each call, retries included, in milliseconds (default: none; each attempt has 30 s). */
  readonly timeoutMs?: number
  /**
   * The largest response body read, in bytes, 1 KiB–256 MiB (default 16 MiB); a longer one is cut off
   * and rejects with a `SERVER_SIDE_ERROR`, without a retry.
   */
  readonly maxResponseBytes?: number | undefined
  /** Allow plain `http://` endpoints on hosts other than loopback (default `false`). */
  readonly allowInsecureHttp?: boolean | undefined
  /**
   * In Node, the proxy of the token request and both planes, `http://[user:password@]host:port` (its
   * credentials never appear in an error), or `false` to connect directly whatever the environment
   * says. Default: `HTTPS_PROXY` (else `HTTP_PROXY`) except the hosts of `NO_PROXY`, read at
   * construction. Elsewhere the runtime's own settings apply, and the option is refused.
   */
  readonly proxy?: string | false | undefined
  /**
   * In Node, certificates to trust besides Node's own (its bundled roots and `NODE_EXTRA_CA_CERTS`), for
   * a private endpoint or a TLS-inspecting proxy: PEM, as a string or its bytes, or a list of them.
   * Certificates are always checked. Elsewhere the option is refused.
   */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | undefined
}

/** The most retries the Effect API's `maxRetries` allows, and what a larger `numRetries` becomes. */
const MAX_RETRIES = 5

/**
 * `numRetries` as the existing SDK reads it: an integer, clamped to 0–5 (so `10` retries 5 times and `-1`
 * never); anything else (a fraction, `NaN`, an infinity, a string) is refused.
 */
const clampedRetries = (numRetries: unknown): Either.Either<number | undefined, PayloadError> =>
  numRetries === undefined
    ? Either.right(undefined)
    : typeof numRetries === "number" && Number.isInteger(numRetries)
      ? Either.right(Math.min(Math.max(numRetries, 0), MAX_RETRIES))
      : Either.left(PayloadError.of([{ field: "numRetries", rule: "must be a finite integer" }]))

/**
 * The PyPI credentials, with the API's `expires_at` and the existing SDK's `expiration`.
 * @category Wire types
 */
export interface PyPIAuth {
  readonly url: string
  readonly expires_at: string
  readonly expiration: string
}

/**
 * The Model Security API as Promises: {@link ModelSecurityClient.scans | scans} ({@link ScansClient}),
 * {@link ModelSecurityClient.models | models} ({@link ModelsClient}),
 * {@link ModelSecurityClient.securityGroups | securityGroups} ({@link SecurityGroupsClient}),
 * {@link ModelSecurityClient.securityRules | securityRules} ({@link SecurityRulesClient}),
 * {@link ModelSecurityClient.customRules | customRules} ({@link CustomRulesClient}) and
 * {@link ModelSecurityClient.getPyPIAuth | getPyPIAuth()}. Every method rejects with an
 * {@link AISecSDKException}.
 *
 * Configuration is resolved at construction; missing credentials throw an `AISecSDKException` of type
 * `MISSING_VARIABLE` before any network I/O.
 *
 * @example
 * ```ts
 * await using client = new ModelSecurityClient({ clientId, clientSecret, tsgId })
 * const model_uri = "https://huggingface.co/org/model"
 * const scan = await client.scans.create({ model_uri, security_group_uuid })
 * const done = await client.scans.waitForCompletion(scan.uuid)
 * ```
 * @category Client
 */
export class ModelSecurityClient implements AsyncDisposable {
  /** Scans and their results (data plane). */
  readonly scans: ScansClient
  /** Models and model versions (data plane). */
  readonly models: ModelsClient
  /** Security groups and their rule instances (management plane). */
  readonly securityGroups: SecurityGroupsClient
  /** The catalogue of security rules (management plane). */
  readonly securityRules: SecurityRulesClient
  /** Custom rules, their assignments and snapshot history (management plane). */
  readonly customRules: CustomRulesClient
  readonly #runner: Runner

  constructor(given?: ModelSecurityClientOptions) {
    const checked = checkArguments(ConstructorSignature, [given])
    if (Either.isLeft(checked)) throw new AISecSDKException(checked.left)
    const options: ModelSecurityClientOptions = checked.right[0] ?? {}
    const numRetries = clampedRetries(options.numRetries)
    if (Either.isLeft(numRetries)) throw new AISecSDKException(numRetries.left)
    const settings = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      tsgId: options.tsgId,
      dataEndpoint: options.dataEndpoint,
      mgmtEndpoint: options.mgmtEndpoint,
      tokenEndpoint: options.tokenEndpoint,
      maxRetries: numRetries.right,
      maxResponseBytes: options.maxResponseBytes,
      allowInsecureHttp: options.allowInsecureHttp,
      proxy: options.proxy,
      ca: options.ca
    }
    // Only in Node does the client own its connections; elsewhere `proxy` and `ca` are refused.
    const resolved = Effect.runSync(
      Effect.either(
        isNode
          ? resolveConfigAndConnections(settings)
          : Effect.map(resolveConfig(settings), (config) => ({ config, connections: DIRECT }))
      )
    )
    if (Either.isLeft(resolved)) throw new AISecSDKException(resolved.left)
    const invalidTimeout = invalidTimeoutMs(options.timeoutMs)
    if (invalidTimeout !== undefined) throw new AISecSDKException(invalidTimeout)
    const runtime = ManagedRuntime.make(
      ModelSecurity.layerServices.pipe(
        Layer.provideMerge(Layer.succeed(ModelSecurityConfig, resolved.right.config)),
        Layer.provide(layerPreferredExchange(resolved.right.connections))
      )
    )
    this.#runner = new Runner(runtime, options.timeoutMs)
    // Every method behind its signature: its own code runs only on arguments of the declared types.
    this.scans = guardClient(ClientSignatures.scans, scansClient(this.#runner))
    this.securityGroups = guardClient(ClientSignatures.securityGroups, securityGroupsClient(this.#runner))
    this.securityRules = guardClient(ClientSignatures.securityRules, securityRulesClient(this.#runner))
    this.models = guardClient(ClientSignatures.models, modelsClient(this.#runner))
    this.customRules = guardClient(ClientSignatures.customRules, customRulesClient(this.#runner))
  }

  /**
   * A Google Artifact Registry URL with an embedded token, for installing the model scanner from PyPI.
   * @example const { url, expiration } = await client.getPyPIAuth()
   */
  getPyPIAuth(options?: CallOptions): Promise<PyPIAuth> {
    return callChecked(ClientSignatures.client.getPyPIAuth, [options], (checked) =>
      this.#runner
        .run(
          Effect.flatMap(ModelSecurity, (airs) => airs.getPyPIAuth()),
          checked as CallOptions | undefined
        )
        .then((auth) => ({ ...auth, expiration: auth.expires_at }))
    ) as Promise<PyPIAuth>
  }

  /**
   * Ends the calls and iterations under way (cancelling their requests) and releases the runtime; calls
   * made afterwards reject. A script that never calls it still exits.
   * @example await client.close()
   */
  close(): Promise<void> {
    return this.#runner.close()
  }

  /** `await using client = new ModelSecurityClient()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}
