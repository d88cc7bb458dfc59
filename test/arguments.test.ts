/**
 * Every public method of both APIs, called with a value of every JavaScript type in each argument
 * position in turn: generated from the signatures (which every method must have) and the table of
 * operations, so that a new operation is covered without editing this file. Each call ends in a value
 * or a typed error, never a `TypeError`, a defect or an unhandled rejection; a value of the wrong type
 * is a `PayloadError` naming the argument (or the field that could not be read) and sends nothing.
 */
import { AISecSDKException, ErrorType, ModelSecurityClient } from "@effect-airs/model-security/compat"
import { Cause, Duration, Effect, Exit, Layer, ManagedRuntime, Option, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type ClientSignature, ClientSignatures } from "../src/compat/signatures.js"
import { ModelSecurity, ModelSecurityConfig, type PayloadIssue } from "../src/index.js"
import type { Argument, ServiceSignature } from "../src/internal/arguments.js"
import { Operations } from "../src/internal/operations.js"
import { Signatures } from "../src/internal/signatures.js"
import { layerNode } from "../src/node.js"
import { FakeAirs } from "../src/testing.js"

const fake = FakeAirs.make({ scans: 5 })
let server: Awaited<ReturnType<FakeAirs["listen"]>>
let runtime: ManagedRuntime.ManagedRuntime<ModelSecurity, unknown>
let client: ModelSecurityClient

beforeAll(async () => {
  server = await fake.listen()
  const options = { ...fake.credentials, ...fake.endpoints(server.url), maxRetries: 0 }
  runtime = ManagedRuntime.make(ModelSecurity.layerFetch(options))
  client = new ModelSecurityClient({ ...options, numRetries: 0 })
})
afterAll(async () => {
  await client.close()
  await runtime.dispose()
  await server.close()
})

const throwing = () => {
  throw new Error("trap")
}
/** A `Proxy` whose every trap throws. */
const trapped = new Proxy(
  {},
  {
    apply: throwing,
    construct: throwing,
    defineProperty: throwing,
    deleteProperty: throwing,
    get: throwing,
    getOwnPropertyDescriptor: throwing,
    getPrototypeOf: throwing,
    has: throwing,
    isExtensible: throwing,
    ownKeys: throwing,
    preventExtensions: throwing,
    set: throwing,
    setPrototypeOf: throwing
  }
)

/** The values tried in every position, by label. */
const values: ReadonlyArray<readonly [string, unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["0", 0],
  ["-1", -1],
  ["NaN", Number.NaN],
  ["1e21", 1e21],
  ['""', ""],
  ['" "', " "],
  ["a 100,000-character string", "x".repeat(100_000)],
  ["{}", {}],
  ["[]", []],
  ["Object.create(null)", Object.create(null)],
  ["a Symbol", Symbol("argument")],
  ["a BigInt", 10n],
  ["a function", () => "function"],
  ["a Date", new Date(0)],
  ["a frozen object", Object.freeze({})],
  ["an object whose getter throws", Object.defineProperty({}, "broken", { get: throwing, enumerable: true })],
  ["a Proxy whose every trap throws", trapped]
]

/** A valid value for an argument that is not the one under test. */
const validFor = (argument: Argument): unknown => {
  switch (argument.kind) {
    case "string":
      // A UUID the fake does not know: a call that goes through ends quickly, with a 404.
      return argument.name === "key" ? "team" : "0b9f3c1e-6f0a-4c5e-9d8b-7a6e5f4d3c2b"
    case "list":
      return ["team"]
    default:
      return argument.optional ? undefined : {}
  }
}

/** The issue a value of the wrong type for `argument` must give, or `undefined` when its type fits. */
const expectedIssue = (argument: Argument, value: unknown): PayloadIssue | undefined => {
  const issue = (rule: string, field = argument.name) => ({ field, rule })
  if (value === undefined) return argument.optional ? undefined : issue("is missing")
  if (argument.kind === "string") return typeof value === "string" ? undefined : issue("must be a string")
  if (value === trapped) return issue("could not be read")
  if (typeof value !== "object" || value === null) {
    return issue(argument.kind === "list" ? "must be an array" : "must be an object")
  }
  if (Object.getOwnPropertyDescriptor(value, "broken")?.get === throwing) {
    return issue("could not be read", "broken")
  }
  if (argument.kind === "list") return Array.isArray(value) ? undefined : issue("must be an array")
  return Array.isArray(value) || value instanceof Date ? issue("must be a plain object") : undefined
}

/** What a call ended with, in words that make a failing case readable. */
type Outcome =
  | { readonly _tag: "Value" }
  | {
      readonly _tag: "Typed"
      readonly tag: string
      readonly issues?: ReadonlyArray<PayloadIssue> | undefined
    }
  | { readonly _tag: "Untyped"; readonly what: string }

const TYPED = new Set(["OAuthError", "ClientError", "ServerError", "MissingVariableError", "PayloadError"])

const effectOutcome = async (run: () => unknown, returns: ServiceSignature["returns"]): Promise<Outcome> => {
  let returned: unknown
  try {
    returned = run()
  } catch (thrown) {
    return { _tag: "Untyped", what: `threw ${String(thrown)}` }
  }
  const effect =
    returns === "stream"
      ? Stream.runDrain(Stream.take(returned as Stream.Stream<unknown, unknown>, 3))
      : (returned as Effect.Effect<unknown, unknown>)
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return { _tag: "Value" }
  const failure = Cause.failureOption(exit.cause)
  const error = Option.getOrUndefined(failure) as { _tag?: string; issues?: ReadonlyArray<PayloadIssue> }
  if (Option.isNone(failure) || Cause.isDie(exit.cause) || !TYPED.has(String(error?._tag))) {
    return { _tag: "Untyped", what: Cause.pretty(exit.cause).split("\n")[0]! }
  }
  return { _tag: "Typed", tag: error._tag!, issues: error.issues }
}

const TYPES = new Set<string>(Object.values(ErrorType))

const compatOutcome = async (run: () => unknown, returns: ClientSignature["returns"]): Promise<Outcome> => {
  try {
    const returned = run()
    if (returns === "iterable") {
      for await (const _ of returned as AsyncIterable<unknown>) break
    } else {
      await (returned as Promise<unknown>)
    }
    return { _tag: "Value" }
  } catch (thrown) {
    if (!(thrown instanceof AISecSDKException) || !TYPES.has(thrown.errorType)) {
      return { _tag: "Untyped", what: `rejected with ${String(thrown)}` }
    }
    const cause = thrown.cause as { _tag: string; issues?: ReadonlyArray<PayloadIssue> }
    return { _tag: "Typed", tag: cause._tag, issues: cause.issues }
  }
}

/** What went wrong with one call, if anything. */
const problemOf = (
  argument: Argument,
  value: unknown,
  outcome: Outcome,
  sent: number
): string | undefined => {
  const expected = expectedIssue(argument, value)
  if (outcome._tag === "Untyped") return `not a typed error: ${outcome.what}`
  if (outcome._tag === "Typed" && outcome.tag === "PayloadError" && sent > 0) {
    return `a PayloadError, but ${sent} request(s) sent`
  }
  if (expected === undefined) return undefined
  if (outcome._tag !== "Typed" || outcome.tag !== "PayloadError") {
    return `expected a PayloadError (${expected.field}: ${expected.rule}), got ${
      outcome._tag === "Value" ? "a value" : outcome.tag
    }`
  }
  const found = outcome.issues ?? []
  return found.some((issue) => issue.field === expected.field && issue.rule === expected.rule)
    ? undefined
    : `expected the issue ${expected.field}: ${expected.rule}, got ${JSON.stringify(found)}`
}

/** Calls `call(args)` with each value in each position; the problems found, one line each. */
const tryEveryPosition = async (
  args: ReadonlyArray<Argument>,
  call: (args: Array<unknown>) => Promise<Outcome>
): Promise<Array<string>> => {
  const problems: Array<string> = []
  for (let position = 0; position < args.length; position++) {
    for (const [label, value] of values) {
      const given = args.map((argument, i) => (i === position ? value : validFor(argument)))
      const before = fake.requests.length
      const outcome = await call(given)
      const problem = problemOf(args[position]!, value, outcome, fake.requests.length - before)
      if (problem !== undefined) problems.push(`${args[position]!.name} = ${label}: ${problem}`)
    }
  }
  return problems
}

/** Where each service's methods are on `ModelSecurity`, and on the Promise client. */
const serviceKeys = {
  Scans: "scans",
  Models: "models",
  SecurityGroups: "securityGroups",
  SecurityRules: "securityRules",
  CustomRules: "customRules",
  ModelSecurity: undefined
} as const

const effectMethods = Object.entries(Signatures).flatMap(([service, methods]) =>
  Object.entries(methods as Record<string, ServiceSignature>).map(
    ([method, signature]) =>
      [`${service}.${method}`, service as keyof typeof Signatures, method, signature] as const
  )
)
const compatMethods = Object.entries(ClientSignatures).flatMap(([sub, methods]) =>
  Object.entries(methods as Record<string, ClientSignature>).map(
    ([method, signature]) =>
      [
        sub === "client" ? method : `${sub}.${method}`,
        sub as keyof typeof ClientSignatures,
        method,
        signature
      ] as const
  )
)

describe("every method has a signature, and every operation its methods", () => {
  it("the services' methods are exactly those with signatures", () => {
    const airs = runtime.runSync(ModelSecurity) as unknown as Record<string, unknown>
    for (const [service, key] of Object.entries(serviceKeys)) {
      const instance = (key === undefined ? airs : airs[key]) as Record<string, unknown>
      const methods = Object.keys(instance).filter((name) => typeof instance[name] === "function")
      expect(methods.sort()).toEqual(Object.keys(Signatures[service as keyof typeof Signatures]).sort())
    }
  })

  it("the Promise client's methods are exactly those with signatures", () => {
    const record = client as unknown as Record<string, Record<string, unknown>>
    for (const sub of Object.keys(ClientSignatures).filter((name) => name !== "client")) {
      expect(Object.keys(record[sub]!).sort()).toEqual(
        Object.keys(ClientSignatures[sub as keyof typeof ClientSignatures]).sort()
      )
    }
    const own = Object.getOwnPropertyNames(ModelSecurityClient.prototype).filter(
      (name) => name !== "constructor" && name !== "close"
    )
    expect(own).toEqual(Object.keys(ClientSignatures.client))
  })

  it("each operation of the table has its Effect method and its Promise method", () => {
    for (const op of Object.values(Operations)) {
      expect(effectMethods.map(([name]) => name)).toContain(op.name)
      expect(compatMethods.map(([name]) => name)).toContain(op.compat)
    }
  })
})

describe("the Effect API, every argument of every method", () => {
  it.each(effectMethods)("%s", async (_, service, method, signature) => {
    const airs = runtime.runSync(ModelSecurity) as unknown as Record<string, Record<string, unknown>>
    const key = serviceKeys[service]
    const instance = key === undefined ? airs : airs[key]!
    const fn = instance[method] as (...args: Array<unknown>) => unknown
    const problems = await tryEveryPosition(signature.args, (args) =>
      effectOutcome(() => fn(...args), signature.returns)
    )
    expect(problems).toEqual([])
  })
})

describe("the Promise API, every argument of every method", () => {
  it.each(compatMethods)("%s", async (_, sub, method, signature) => {
    const record = client as unknown as Record<string, Record<string, unknown>>
    const instance = sub === "client" ? record : record[sub]!
    const fn = (instance[method] as (...args: Array<unknown>) => unknown).bind(instance)
    const problems = await tryEveryPosition(signature.args, (args) =>
      compatOutcome(() => fn(...args), signature.returns)
    )
    expect(problems).toEqual([])
  })
})

describe("the Promise client's constructor", () => {
  it.each(values)("new ModelSecurityClient(%s): a client or an AISecSDKException", (_, value) => {
    const argument = { name: "options", kind: "options", optional: true } as const
    const expected = expectedIssue(argument, value)
    let thrown: unknown
    try {
      void new ModelSecurityClient(value as never).close()
    } catch (error) {
      thrown = error
    }
    if (expected !== undefined) {
      expect(thrown).toBeInstanceOf(AISecSDKException)
      expect((thrown as AISecSDKException).cause).toMatchObject({ _tag: "PayloadError", issues: [expected] })
    } else if (thrown !== undefined) {
      // Valid options without credentials, where the environment has none.
      expect(thrown).toBeInstanceOf(AISecSDKException)
      expect((thrown as AISecSDKException).errorType).toBe(ErrorType.MISSING_VARIABLE)
    }
  })
})

describe("the layers' options", () => {
  const layers = [
    ["ModelSecurity.layerFetch", (value: unknown) => ModelSecurity.layerFetch(value as never)],
    ["layerNode", (value: unknown) => layerNode(value as never)],
    ["ModelSecurityConfig.layer", (value: unknown) => ModelSecurityConfig.layer(value as never)]
  ] as const
  const cases = layers.flatMap(([name, layer]) =>
    values.map(([label, value]) => [name, label, layer, value] as const)
  )
  it.each(cases)("%s(%s): the services or a typed error", async (_, __, layer, value) => {
    const expected = expectedIssue({ name: "options", kind: "options", optional: true }, value)
    const exit = await Effect.runPromiseExit(
      Effect.scoped(Layer.build(layer(value) as Layer.Layer<never, unknown>))
    )
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    if (Exit.isFailure(exit)) expect(Cause.isDie(exit.cause)).toBe(false)
    if (expected !== undefined) expect(error).toMatchObject({ _tag: "PayloadError", issues: [expected] })
    // Valid options without credentials, where the environment has none.
    else if (error !== undefined) expect(error).toMatchObject({ _tag: "MissingVariableError" })
  })
})

describe("inside an argument", () => {
  const SCAN = fake.scans[0]!.uuid
  const GROUP = fake.securityGroups[0]!.uuid
  const INSTANCE = fake.ruleInstances(GROUP)[0]!.uuid
  const effectFailure = async (effect: Effect.Effect<unknown, unknown>) => {
    const before = fake.requests.length
    const exit = await Effect.runPromiseExit(effect)
    expect(fake.requests.length - before).toBe(0)
    return Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : "succeeded"
  }
  const airs = () => runtime.runSync(ModelSecurity)

  it("a getter that throws is named by its path", async () => {
    const labels = Object.defineProperty({ ok: "yes" }, "team", { get: throwing, enumerable: true })
    expect(await effectFailure(airs().scans.addLabels(SCAN, { labels }))).toMatchObject({
      _tag: "PayloadError",
      issues: [{ field: "labels.team", rule: "could not be read" }]
    })
  })

  it("a value that contains itself is refused, not sent as a stack overflow", async () => {
    const labels: Record<string, unknown> = { team: "a" }
    labels.self = labels
    expect(await effectFailure(airs().scans.addLabels(SCAN, { labels } as never))).toMatchObject({
      issues: [{ field: "labels.self", rule: "must not contain itself" }]
    })
  })

  it("nesting deeper than 64 levels is refused where it goes too deep", async () => {
    let condition: Record<string, unknown> = { operator: "AND", conditions: [] }
    for (let i = 0; i < 100; i++) condition = { operator: "AND", conditions: [condition] }
    const failure = (await effectFailure(
      airs().customRules.create({ name: "deep", condition } as never)
    )) as { issues: ReadonlyArray<PayloadIssue> }
    expect(failure.issues).toHaveLength(1)
    expect(failure.issues[0]!.rule).toBe("must not be nested more than 64 levels deep")
    expect(failure.issues[0]!.field.startsWith("condition.conditions[0].conditions[0]")).toBe(true)
  })

  it("a BigInt where the API takes any JSON value is refused (JSON cannot carry it)", async () => {
    const body = { state: "BLOCKING", field_values: { threshold: 10n } }
    expect(
      await effectFailure(airs().securityGroups.updateRuleInstance(GROUP, INSTANCE, body as never))
    ).toMatchObject({
      issues: [{ field: "field_values.threshold", rule: expect.stringMatching(/^must be plain data/) }]
    })
  })

  it("a Map, a class instance or a function inside a body is refused", async () => {
    const failure = await effectFailure(
      airs().scans.create({
        model_uri: "https://huggingface.co/org/model",
        security_group_uuid: GROUP,
        labels: new Map([["team", "a"]]),
        name: () => "scan"
      } as never)
    )
    expect(failure).toMatchObject({
      issues: [
        { field: "labels", rule: expect.stringMatching(/^must be plain data/) },
        { field: "name", rule: expect.stringMatching(/^must be plain data/) }
      ]
    })
  })

  it("a __proto__ key is kept as a key (and refused as unknown), never turned into a prototype", async () => {
    const params = JSON.parse('{"__proto__": {"limit": 5}}')
    expect(await effectFailure(airs().scans.list(params))).toMatchObject({
      issues: [{ field: "__proto__", rule: expect.stringMatching(/not a known field/) }]
    })
  })

  it("a Date in a date-time field, a Duration in poll options and a Redacted are kept", async () => {
    const before = fake.requests.length
    const page = await Effect.runPromise(airs().scans.list({ start_time: new Date(0), limit: 1 }))
    expect(page.scans).toHaveLength(1)
    const sent = fake.requests.slice(before).find((request) => request.plane === "data")
    expect(sent?.query.start_time).toEqual(["1970-01-01T00:00:00.000Z"])
    const done = await Effect.runPromise(
      airs().scans.waitForCompletion(SCAN, { interval: Duration.millis(1), timeout: Duration.seconds(5) })
    )
    expect(done.uuid).toBe(SCAN)
  })

  it("the Promise API refuses a signal that is not an AbortSignal, and nothing is sent", async () => {
    const before = fake.requests.length
    const error = await client.scans.get(SCAN, { signal: {} as AbortSignal }).then(
      () => undefined,
      (thrown: unknown) => thrown as AISecSDKException
    )
    expect(error).toBeInstanceOf(AISecSDKException)
    expect(error?.errorType).toBe(ErrorType.USER_REQUEST_PAYLOAD_ERROR)
    expect(error?.cause).toMatchObject({ issues: [{ field: "signal", rule: "must be an AbortSignal" }] })
    expect(fake.requests.length).toBe(before)
  })

  it("the reported case: updateRuleInstance with no group names the group", async () => {
    const failure = await effectFailure(
      airs().securityGroups.updateRuleInstance(undefined as never, INSTANCE, { security_group_uuid: GROUP })
    )
    expect(failure).toMatchObject({ issues: [{ field: "security_group_uuid", rule: "is missing" }] })
    const error = await client.securityGroups
      .updateRuleInstance(undefined as never, INSTANCE, { security_group_uuid: GROUP })
      .then(
        () => undefined,
        (thrown: unknown) => thrown as AISecSDKException
      )
    expect(error?.message).toBe("Invalid input: security_group_uuid: is missing")
  })
})
