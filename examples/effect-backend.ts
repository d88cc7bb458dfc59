/**
 * The SDK inside an Effect backend: your own service (`ModelGate`, in model-gate.ts) built on the
 * SDK's services, everything composed with Layers, and every failure handled by its tag: the
 * endpoints below turn them into HTTP statuses.
 *
 *   npx tsx examples/effect-backend.ts                          # against an embedded fake AIRS
 *   npx tsx examples/effect-backend.ts --live [--allow-writes]  # the real API (PANW_* credentials)
 */
import { Scans } from "@effect-airs/model-security"
import { Console, Effect, Layer } from "effect"
import { ModelGate } from "./model-gate.js"
import { connect, parseFlags, runExample, type Target } from "./target.js"

/** What an endpoint answers. */
interface Reply {
  readonly status: number
  readonly body: unknown
}

const reply = (status: number, body: unknown): Reply => ({ status, body })

/** `POST /deployments { modelUri }`: deploy only what the gate admits. */
const deploy = (target: Target, modelUri: string) =>
  Effect.flatMap(ModelGate, (gate) => gate.admit(modelUri, { poll: target.poll })).pipe(
    Effect.map((scan) => reply(201, { modelUri, scan: scan.uuid, outcome: scan.eval_outcome })),
    // Your errors and the SDK's, side by side in the type, each handled by its tag.
    Effect.catchTags({
      ModelBlocked: (e) =>
        Effect.succeed(reply(403, { error: "model blocked", scan: e.scanUuid, rules: e.rules })),
      ScanFailed: (e) => Effect.succeed(reply(422, { error: "scan failed", reason: e.reason })),
      NoSecurityGroup: (e) => Effect.succeed(reply(409, { error: `no security group for ${e.sourceType}` })),
      PayloadError: (e) => Effect.succeed(reply(400, { error: e.message, field: e.field })),
      ClientError: (e) => Effect.succeed(reply(e.reason === "Timeout" ? 504 : 502, { error: e.message })),
      ServerError: (e) => Effect.succeed(reply(502, { error: e.message })),
      OAuthError: (e) => Effect.succeed(reply(503, { error: `AIRS refused our credentials: ${e.message}` })),
      MissingVariableError: (e) => Effect.succeed(reply(500, { error: e.message }))
    })
  )

/** `GET /scans/:id`: a scan, 400 for an id that is not a UUID (nothing is sent), 404 when unknown. */
const getScan = (id: string) =>
  Effect.flatMap(Scans, (scans) => scans.get(id)).pipe(
    Effect.map((scan) => reply(200, { model: scan.model_uri, outcome: scan.eval_outcome })),
    Effect.catchTags({
      PayloadError: (e) => Effect.succeed(reply(400, { error: `${e.field} ${e.rule}` })),
      ClientError: (e) =>
        e.status === 404 ? Effect.succeed(reply(404, { error: e.message })) : Effect.fail(e)
    }),
    // What is left (a 5xx, the token endpoint, the network) is a 502.
    Effect.catchAll((e) => Effect.succeed(reply(502, { error: e._tag })))
  )

/** `GET /blocked`: the latest blocked scans and why. */
const blocked = Effect.flatMap(ModelGate, (gate) => gate.recentlyBlocked(3)).pipe(
  Effect.map((list) =>
    reply(
      200,
      list.map(({ scan, rules }) => ({ model: scan.model_uri, rules }))
    )
  ),
  Effect.catchAll((e) => Effect.succeed(reply(502, { error: e._tag })))
)

const log = (request: string, { status, body }: Reply) =>
  Console.log(`${request}\n  → ${status} ${JSON.stringify(body)}`)

const flags = parseFlags(process.argv.slice(2))

runExample(
  Effect.gen(function* () {
    const target = yield* connect(flags, { scans: 200, scanPolls: 2 })
    yield* Console.log(`target: ${target.description}\n`)

    // Your service over the SDK's services (and those stay available to the program too).
    const AppLayer = ModelGate.Default.pipe(Layer.provideMerge(target.layer))

    yield* Effect.gen(function* () {
      if (target.writable) {
        for (const modelUri of [
          "https://huggingface.co/google-bert/bert-base-uncased",
          "https://huggingface.co/unverified-user/unsafe-llama-lora",
          "" // not a URI: refused before anything is sent
        ]) {
          yield* log(`POST /deployments ${JSON.stringify({ modelUri })}`, yield* deploy(target, modelUri))
        }
      }
      const latest = yield* Effect.flatMap(Scans, (scans) => scans.list({ limit: 1 }))
      for (const id of [latest.scans[0]?.uuid ?? "", "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
        yield* log(`GET /scans/${id}`, yield* getScan(id))
      }
      yield* log("GET /blocked", yield* blocked)
    }).pipe(Effect.provide(AppLayer))
  })
)
