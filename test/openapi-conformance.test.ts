/**
 * OpenAPI conformance of the fake AIRS: every response of every operation of the vendor specs in spec/
 * validates against them (as written, and with undocumented properties forbidden), 422s for bad input
 * included.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { ValidateFunction } from "ajv"
import Ajv2020 from "ajv/dist/2020.js"
import formats from "ajv-formats"
import { beforeAll, describe, expect, it } from "vitest"
import { parse } from "yaml"
import { specOperations } from "../src/testing/vendor-spec.js"
import {
  type CustomRuleRecord,
  FakeAirs,
  type ModelRecord,
  type RuleInstanceRecord,
  type ScanRecord,
  type SecurityGroupRecord,
  type SecurityRuleRecord
} from "../src/testing.js"
import { issueToken as issueFakeToken } from "./support/fake-client.js"

const BASE = "http://fake-airs.test"
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
const SPEC_DIR = fileURLToPath(new URL("../spec/", import.meta.url))

type Plane = "data" | "mgmt"
type Method = "get" | "post" | "put" | "delete"
const METHODS: ReadonlyArray<Method> = ["get", "post", "put", "delete"]

const PLANES: Readonly<
  Record<Plane, { readonly file: string; readonly prefix: string; readonly id: string }>
> = {
  data: { file: "model-security-data.yaml", prefix: "/aims/data", id: "https://fake-airs.test/data.json" },
  mgmt: { file: "model-security-mgmt.yaml", prefix: "/aims/mgmt", id: "https://fake-airs.test/mgmt.json" }
}

// ---------------------------------------------------------------------------------------------
// The specs and their validators
// ---------------------------------------------------------------------------------------------

const loadSpec = (plane: Plane): any => parse(readFileSync(`${SPEC_DIR}${PLANES[plane].file}`, "utf8"))
const SPECS: Readonly<Record<Plane, any>> = { data: loadSpec("data"), mgmt: loadSpec("mgmt") }

/** A copy of `schema` whose local `$ref`s point into the spec registered as `id`. */
const anchored = (schema: unknown, id: string): unknown => {
  if (Array.isArray(schema)) return schema.map((item) => anchored(item, id))
  if (typeof schema !== "object" || schema === null) return schema
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#")
        ? `${id}${value}`
        : anchored(value, id)
    ])
  )
}

/** A copy of a spec where every object schema with `properties` forbids undocumented properties. */
const closed = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(closed)
  if (typeof schema !== "object" || schema === null) return schema
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, closed(value)])
  )
  if ("properties" in copy && !("additionalProperties" in copy)) copy.additionalProperties = false
  return copy
}

const makeAjv = (transform: (spec: unknown) => unknown) => {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true })
  formats.default(ajv)
  for (const plane of ["data", "mgmt"] as const)
    ajv.addSchema(transform(SPECS[plane]) as object, PLANES[plane].id)
  return ajv
}
/** Validates against the specs as written. */
const ajv = makeAjv((spec) => spec)
/** Validates against the specs with undocumented properties forbidden. */
const strictAjv = makeAjv(closed)

/** An operation of a spec. */
interface Operation {
  /** The SDK's name of the operation, e.g. "SecurityGroups.get". */
  readonly name: string
  /** E.g. "mgmt GET /v1/security-groups/{uuid}". */
  readonly key: string
  readonly plane: Plane
  readonly method: Method
  readonly path: string
  readonly spec: any
  readonly pattern: RegExp
  readonly parameters: number
}

const OPERATIONS: ReadonlyArray<Operation> = (["data", "mgmt"] as const).flatMap((plane) =>
  Object.entries(SPECS[plane].paths as Record<string, any>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map(
      (method): Operation => ({
        name:
          specOperations.find(
            (op) => op.plane === plane && op.method === method.toUpperCase() && op.path === path
          )?.name ?? `(unnamed) ${plane} ${method.toUpperCase()} ${path}`,
        key: `${plane} ${method.toUpperCase()} ${path}`,
        plane,
        method,
        path,
        spec: item[method],
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
        parameters: (path.match(/\{/g) ?? []).length
      })
    )
  )
)
const operation = (name: string): Operation => {
  const found = OPERATIONS.find((candidate) => candidate.name === name)
  if (found === undefined) throw new Error(`no operation ${name} in the specs`)
  return found
}
/** The operation FastAPI would route a concrete path to: the matching template with the fewest parameters. */
const routeOf = (plane: Plane, method: Method, path: string): Operation | undefined =>
  OPERATIONS.filter((op) => op.plane === plane && op.method === method && op.pattern.test(path)).sort(
    (a, b) => a.parameters - b.parameters
  )[0]

const documented = (op: Operation): ReadonlyArray<number> => Object.keys(op.spec.responses).map(Number)

const validators = new Map<string, ValidateFunction>()
const validatorFor = (
  which: "response" | "strict" | "request",
  op: Operation,
  status?: number
): ValidateFunction => {
  const key = `${which} ${op.key} ${status ?? ""}`
  let validate = validators.get(key)
  if (validate === undefined) {
    const schema =
      which === "request"
        ? op.spec.requestBody.content["application/json"].schema
        : op.spec.responses[String(status)].content["application/json"].schema
    validate = (which === "strict" ? strictAjv : ajv).compile(anchored(schema, PLANES[op.plane].id) as object)
    validators.set(key, validate)
  }
  return validate
}
const detailOnly = ajv.compile({
  type: "object",
  required: ["detail"],
  properties: { detail: { type: "string" } }
})

// ---------------------------------------------------------------------------------------------
// Talking to the fake, checking each exchange
// ---------------------------------------------------------------------------------------------

type Query = Readonly<Record<string, string | number | ReadonlyArray<string | number>>>

/** One request of a case; the method comes from the case's operation. */
interface Call {
  readonly path: string
  readonly query?: Query
  /** A JSON body. */
  readonly json?: unknown
  /** A raw body, sent as application/json. */
  readonly raw?: string
  /** Send no bearer token. */
  readonly anonymous?: boolean
}

interface Exchange {
  readonly op: Operation
  readonly where: string
  readonly status: number
  readonly contentType: string | null
  readonly text: string
  readonly body: any
}

const search = (query: Query | undefined): string => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item))
  }
  const text = params.toString()
  return text === "" ? "" : `?${text}`
}

/** Ajv errors, one a line, with their parameters (e.g. the additional property's name). */
const explain = (validate: ValidateFunction): string =>
  (validate.errors ?? [])
    .map((error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`)
    .join("\n  ")

/** Which operations answered which statuses, and the bodies of successful answers, by operation. */
const covered = new Map<string, Set<number>>()
const observed = new Map<string, Array<any>>()

const clip = (text: string, length = 600) => (text.length > length ? `${text.slice(0, length)}…` : text)

/** Checks an answer: the expected status, documented for the operation (401/404 aside), and a body the spec allows. */
const check = (exchange: Exchange, expected: number, requestBody?: unknown) => {
  const { op, where, status } = exchange
  expect(status, `${where} answered ${status}: ${clip(exchange.text)}`).toBe(expected)
  const response = op.spec.responses[String(status)]
  if (response === undefined) {
    expect([401, 404], `${where}: ${status} is not a documented status of ${op.name}`).toContain(status)
    expect(
      detailOnly(exchange.body),
      `${where}: a ${status} body should be {detail: string}: ${exchange.text}`
    ).toBe(true)
  } else if (response.content === undefined) {
    expect(exchange.text, `${where}: ${op.name} ${status} has no body in the spec`).toBe("")
  } else {
    expect(exchange.contentType, `${where}: content type`).toMatch(/^application\/json/)
    for (const which of ["response", "strict"] as const) {
      const validate = validatorFor(which, op, status)
      const valid = validate(exchange.body)
      expect(
        valid,
        `${where}: the ${status} body does not match ${op.name}${which === "strict" ? " (undocumented property)" : ""}:\n  ${explain(validate)}\n${clip(exchange.text, 1500)}`
      ).toBe(true)
    }
  }
  if (status >= 200 && status < 300 && requestBody !== undefined && op.spec.requestBody !== undefined) {
    const validate = validatorFor("request", op)
    expect(
      validate(requestBody),
      `${where}: the request body of a success case should be valid: ${explain(validate)}`
    ).toBe(true)
  }
  const statuses = covered.get(op.name) ?? new Set<number>()
  statuses.add(status)
  covered.set(op.name, statuses)
  if (status >= 200 && status < 300 && exchange.body !== undefined) {
    const bodies = observed.get(op.name) ?? []
    bodies.push(exchange.body)
    observed.set(op.name, bodies)
  }
}

const issueToken = issueFakeToken

/** Sends one call of operation `name` and returns the exchange (after checking it routes to that operation). */
const send = async (fake: FakeAirs, token: string, name: string, call: Call): Promise<Exchange> => {
  const op = operation(name)
  const routed = routeOf(op.plane, op.method, call.path)
  expect(routed?.name, `${call.path} is not a path of ${name}`).toBe(name)
  const url = `${BASE}${PLANES[op.plane].prefix}${call.path}${search(call.query)}`
  const body = call.raw ?? (call.json === undefined ? undefined : JSON.stringify(call.json))
  const response = await fake.handler(
    new Request(url, {
      method: op.method.toUpperCase(),
      headers: {
        ...(call.anonymous ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body })
    })
  )
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === "" ? undefined : JSON.parse(text)
  } catch {
    parsed = text
  }
  return {
    op,
    where: `${op.method.toUpperCase()} ${PLANES[op.plane].prefix}${call.path}${clip(search(call.query), 200)}${body === undefined ? "" : ` ${clip(body, 300)}`}`,
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    body: parsed
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: a fake with many scans, changed through both planes
// ---------------------------------------------------------------------------------------------

interface Fixtures {
  readonly fake: FakeAirs
  /** Sends a call of an operation and checks it answers `status`; returns the body. */
  readonly expectCall: (name: string, status: number, call: Call) => Promise<any>
  readonly scans: ReadonlyArray<ScanRecord>
  readonly groups: ReadonlyArray<SecurityGroupRecord>
  readonly live: ReadonlyArray<SecurityGroupRecord>
  readonly deleted: SecurityGroupRecord
  readonly rules: ReadonlyArray<SecurityRuleRecord>
  readonly instances: ReadonlyArray<RuleInstanceRecord>
  readonly evaluations: ReadonlyArray<{ readonly uuid: string; readonly rule_instance_uuid: string }>
  readonly violations: ReadonlyArray<{ readonly uuid: string }>
  readonly directories: ReadonlyArray<{ readonly scan: string; readonly path: string }>
  readonly labelKeys: ReadonlyArray<string>
  readonly models: ReadonlyArray<ModelRecord>
  readonly versions: ReadonlyArray<{ readonly uuid: string; readonly model_uuid: string }>
  readonly customRules: ReadonlyArray<CustomRuleRecord>
  /** Generations of each snapshot, newest first. */
  readonly generations: {
    readonly rules: ReadonlyArray<number>
    readonly customRules: ReadonlyArray<number>
    readonly groups: ReadonlyMap<string, ReadonlyArray<number>>
  }
  /** A new group, created through the API (checked). */
  readonly newGroup: (sourceType?: string) => Promise<SecurityGroupRecord>
  /** A new custom rule, created through the API (checked). */
  readonly newCustomRule: (json?: Record<string, unknown>) => Promise<CustomRuleRecord>
}

const SOURCE_TYPES = ["LOCAL", "HUGGING_FACE", "S3", "GCS", "AZURE", "ARTIFACTORY", "GITLAB", "ALL"] as const
const RULE_STATES = ["DISABLED", "ALLOWING", "BLOCKING"] as const
const OUTCOMES = ["PENDING", "ALLOWED", "BLOCKED", "ERROR"] as const

const scanDetails = {
  scanner_version: "1.6.0",
  time_started: "2026-02-01T10:00:00Z",
  files: [
    {
      file_path: "/model.pkl",
      modelscan_status: "SCANNED",
      blob_id: "b".repeat(64),
      formats: ["pickle"],
      sha256: "a".repeat(64),
      size_bytes: 2048,
      issues_detected: [
        {
          description: "Unsafe operator",
          source: "/model.pkl",
          module: "posix",
          operator: "system",
          threat: "PAIT-PKL-100"
        }
      ]
    },
    { file_path: "/README.md", modelscan_status: "SKIPPED", blob_id: "c".repeat(64), error_message: null }
  ],
  total_files_scanned: 1,
  total_files_skipped: 1,
  model_formats: ["pickle"],
  model_size_bytes: 1024,
  scan_duration_ms: 2500
}

const ownerRule = {
  name: "Owner label required",
  compatible_sources: ["ALL"],
  condition: { type: "label", key: "owner", operator: "not_exists" },
  violation_message: "The model has no owner label",
  remediation_message: "Add an owner label"
}

/** Every version of a snapshot, following the cursor (each page checked). */
const allGenerations = async (
  expectCall: Fixtures["expectCall"],
  name: string,
  path: string
): Promise<ReadonlyArray<number>> => {
  const generations: Array<number> = []
  let token: string | null = null
  do {
    const reply: any = await expectCall(
      name,
      200,
      at(path, token === null ? { limit: 2 } : { limit: 2, next_token: token })
    )
    generations.push(...reply.versions.map((version: any) => version.generation))
    token = reply.pagination.next_token
  } while (token !== null)
  return generations
}

const buildFixtures = async (): Promise<Fixtures> => {
  const fake = FakeAirs.make({ scans: 150, seed: 11 })
  const token = await issueToken(fake)
  const expectCall = async (name: string, status: number, call: Call) => {
    const exchange = await send(fake, token, name, call)
    check(exchange, status, call.json)
    return exchange.body
  }
  const createGroup = (json: unknown): Promise<SecurityGroupRecord> =>
    expectCall(CREATE_GROUP, 201, { path: "/v1/security-groups", json })
  const createCustomRule = (json: unknown): Promise<CustomRuleRecord> =>
    expectCall(CREATE_CUSTOM, 201, { path: "/v1/custom-rules", json })
  const rules = fake.securityRules
  const ruleNumber = (name: string) => rules.findIndex((rule) => rule.name === name)
  const artifactThreatRules = [
    "Load Time Code Execution Check",
    "Runtime Code Execution Check",
    "Model Architecture Backdoor Check",
    "Suspicious Model Components Check"
  ].map((name) => rules[ruleNumber(name)]!)

  // Groups of every source type, their rules configured in every state, with field values.
  for (const [n, source] of SOURCE_TYPES.entries()) {
    const applicable = rules.filter(
      (rule) => source === "ALL" || (rule.compatible_sources as ReadonlyArray<string>).includes(source)
    )
    await createGroup({
      name: `Conformance ${source}`,
      description: `Every rule state for ${source}`,
      source_type: source,
      rule_configurations: Object.fromEntries(
        applicable.map((rule, r) => [
          rule.uuid,
          {
            state: RULE_STATES[(n + r) % 3],
            ...(rule.editable_fields.length === 0
              ? {}
              : { field_values: { [rule.editable_fields[0]!.attribute_name]: [`value-${n}`, `value-${r}`] } })
          }
        ])
      )
    })
  }
  const permissive = await createGroup({
    name: "Permissive HF",
    source_type: "HUGGING_FACE",
    rule_configurations: Object.fromEntries(
      artifactThreatRules.map((rule) => [rule.uuid, { state: "ALLOWING" }])
    )
  })
  const doomed = await createGroup({ name: "Short-lived", source_type: "S3" })
  const governed = await createGroup({ name: "Governed HF", source_type: "HUGGING_FACE" })
  await expectCall(DELETE_GROUP, 204, { path: `/v1/security-groups/${doomed.uuid}` })
  await expectCall(UPDATE_GROUP, 200, {
    path: `/v1/security-groups/${permissive.uuid}`,
    json: { name: "Permissive Hugging Face", description: "Artifact threats only alert" }
  })

  // Seeded groups with changed rule instances.
  const seeded = fake.securityGroups.slice(0, 7)
  for (const [g, group] of seeded.entries()) {
    const [first, second] = fake.ruleInstances(group.uuid)
    for (const [instance, state] of [
      [first!, RULE_STATES[g % 3]!],
      [second!, RULE_STATES[(g + 1) % 3]!]
    ] as const) {
      await expectCall(UPDATE_INSTANCE, 200, {
        path: `/v1/security-groups/${group.uuid}/rule-instances/${instance.uuid}`,
        json: { security_group_uuid: group.uuid, state }
      })
    }
  }
  const hf = seeded.find((group) => group.source_type === "HUGGING_FACE")!

  // Custom rules: written, changed, archived, assigned (BLOCKING, ALLOWING, DISABLED) and unassigned.
  const owner = await createCustomRule(ownerRule)
  const reviewed = await createCustomRule({
    name: "Reviewed unless the load-time check failed",
    description: "Models pass when reviewed and clean",
    compatible_sources: ["HUGGING_FACE", "S3"],
    condition: {
      operator: "and",
      conditions: [
        { type: "label", key: "reviewed", operator: "equals", value: "yes" },
        {
          operator: "or",
          conditions: [
            {
              type: "rule_result",
              rule_uuid: rules[ruleNumber("Load Time Code Execution Check")]!.uuid,
              operator: "equals",
              value: "PASSED"
            },
            { type: "label", key: "exempt", operator: "exists", value: null }
          ]
        }
      ]
    },
    rule_action: "PASS",
    violation_message: "The model was not reviewed, or failed the load-time check",
    remediation_message: null
  })
  const retired = await createCustomRule({ ...ownerRule, name: "Retired rule", rule_action: "FAIL" })
  await expectCall(UPDATE_CUSTOM, 200, {
    path: `/v1/custom-rules/${reviewed.uuid}`,
    json: {
      description: "Reviewed models that pass the load-time check",
      remediation_message: "Get a review"
    }
  })
  await expectCall(ASSIGN, 207, {
    path: `/v1/custom-rules/${owner.uuid}/security-groups`,
    json: {
      assignments: [
        { security_group_uuid: governed.uuid, state: "BLOCKING" },
        { security_group_uuid: hf.uuid, state: "ALLOWING" },
        { security_group_uuid: seeded[2]!.uuid, state: "DISABLED" }
      ]
    }
  })
  await expectCall(ASSIGN, 207, {
    path: `/v1/custom-rules/${reviewed.uuid}/security-groups`,
    json: { assignments: [{ security_group_uuid: governed.uuid, state: "ALLOWING" }] }
  })
  await expectCall(ASSIGN, 207, {
    path: `/v1/custom-rules/${retired.uuid}/security-groups`,
    json: {
      assignments: [
        { security_group_uuid: governed.uuid, state: "BLOCKING" },
        { security_group_uuid: seeded[0]!.uuid, state: "ALLOWING" }
      ]
    }
  })
  await expectCall(REMOVE_ASSIGNMENT, 204, {
    path: `/v1/custom-rules/${retired.uuid}/security-groups/${seeded[0]!.uuid}`
  })
  await expectCall(ARCHIVE, 204, { path: `/v1/custom-rules/${retired.uuid}/archive` })

  // Created scans: finished ALLOWED (also with failed ALLOWING rules), BLOCKED (by a security rule and by
  // a custom rule), ERROR with and without a model version; left PENDING.
  const createScan = (json: Record<string, unknown>): Promise<ScanRecord> =>
    expectCall(CREATE_SCAN, 201, { path: "/v1/scans", json: { scan_origin: "MODEL_SECURITY_SDK", ...json } })
  const finished = [
    await createScan({
      model_uri: "https://huggingface.co/acme/friendly-model",
      security_group_uuid: hf.uuid
    }),
    await createScan({
      model_uri: "https://huggingface.co/hacker-lab/malicious-bert-pickle",
      security_group_uuid: hf.uuid,
      scan_origin: "HUGGING_FACE",
      labels: [{ key: "env", value: "prod" }]
    }),
    await createScan({
      model_uri: "https://huggingface.co/demo-org/unsafe-keras-lambda",
      security_group_uuid: permissive.uuid,
      model_author: "demo-org",
      model_name: "unsafe-keras-lambda",
      model_version: "main"
    }),
    await createScan({
      model_uri: "s3://acme-ml-models/prod/broken/v1",
      security_group_uuid: seeded[2]!.uuid,
      scan_details: { ...scanDetails, error_code: "ACCESS_DENIED", error_message: "Access denied" }
    }),
    await createScan({
      model_uri: "s3://acme-ml-models/prod/flaky/v1",
      security_group_uuid: seeded[2]!.uuid,
      scan_origin: null,
      scan_details: { ...scanDetails, error_code: "WORKER_ERROR", error_message: "Worker stopped" }
    }),
    await createScan({
      model_uri: "/mnt/models/unsafe-joblib",
      security_group_uuid: fake.securityGroups.find((group) => group.name === "Conformance ALL")!.uuid,
      labels: [{ key: "scope", value: "everything" }],
      allow_patterns: ["*.joblib"],
      ignore_patterns: ["*.md"],
      scan_details: scanDetails
    }),
    await createScan({
      model_uri: "https://huggingface.co/acme/unlabelled",
      security_group_uuid: governed.uuid
    }),
    await createScan({
      model_uri: "https://huggingface.co/acme/unlabelled",
      security_group_uuid: governed.uuid,
      model_version: "v2",
      labels: [
        { key: "owner", value: "ml-platform" },
        { key: "reviewed", value: "yes" }
      ]
    }),
    await createScan({
      model_uri: "https://huggingface.co/acme/unlabelled",
      security_group_uuid: governed.uuid,
      model_version: "v3",
      labels: [{ key: "owner", value: "research" }]
    })
  ]
  for (const scan of finished) {
    for (let poll = 0; poll < 3; poll++) await expectCall(SCAN, 200, { path: `/v1/scans/${scan.uuid}` })
  }
  await createScan({
    model_uri: "gs://acme-vertex-models/models/pending",
    security_group_uuid: seeded[3]!.uuid
  })
  await createScan({
    model_uri: "https://gitlab.com/acme-ml/pending",
    security_group_uuid: seeded[6]!.uuid,
    labels: [{ key: "team", value: "security" }]
  })

  // Labels changed on seeded scans.
  const scans = fake.scans
  for (const [n, scan] of scans.slice(10, 20).entries()) {
    await expectCall(SET_LABELS, 200, {
      path: `/v1/scans/${scan.uuid}/labels`,
      json: { labels: [{ key: "tier", value: `t${n}` }] }
    })
    await expectCall(ADD_LABELS, 200, {
      path: `/v1/scans/${scan.uuid}/labels`,
      json: { labels: [{ key: "reviewed", value: n % 2 === 0 ? "yes" : "no" }] }
    })
  }

  // Everything under every scan: evaluations, violations, and the file tree, directory by directory.
  const evaluations: Array<{ uuid: string; rule_instance_uuid: string }> = []
  const violations: Array<{ uuid: string }> = []
  const directories: Array<{ scan: string; path: string }> = []
  for (const scan of fake.scans) {
    const evaluated = await expectCall(EVALUATIONS, 200, {
      path: `/v1/scans/${scan.uuid}/evaluations`,
      query: { limit: 100 }
    })
    evaluations.push(...evaluated.evaluations)
    const violated = await expectCall(VIOLATIONS, 200, {
      path: `/v1/scans/${scan.uuid}/rule-violations`,
      query: { limit: 100 }
    })
    violations.push(...violated.violations)
    const queue = ["/"]
    while (queue.length > 0) {
      const path = queue.shift()!
      directories.push({ scan: scan.uuid, path })
      const listed = await expectCall(FILES, 200, {
        path: `/v1/scans/${scan.uuid}/files`,
        query: { limit: 100, query_path: path }
      })
      queue.push(
        ...listed.files.filter((file: any) => file.type === "DIRECTORY").map((file: any) => file.path)
      )
    }
  }
  const keys = await expectCall(KEYS, 200, { path: "/v1/scans/label-keys", query: { limit: 100 } })

  // Models and their versions.
  const models: Array<ModelRecord> = []
  for (let skip = 0; ; skip += 100) {
    const listed = await expectCall(MODELS, 200, { path: "/v1/models", query: { limit: 100, skip } })
    models.push(...listed.models)
    if (listed.models.length < 100) break
  }
  const versions: Array<{ uuid: string; model_uuid: string }> = []
  for (const model of models) {
    const listed = await expectCall(MODEL_VERSIONS, 200, {
      path: `/v1/models/${model.uuid}/model-versions`,
      query: { limit: 100 }
    })
    versions.push(...listed.model_versions)
  }

  // Snapshot history.
  const groups = fake.securityGroups
  const groupGenerations = new Map<string, ReadonlyArray<number>>()
  for (const group of groups) {
    groupGenerations.set(
      group.uuid,
      await allGenerations(
        expectCall,
        INSTANCE_VERSIONS,
        `/v1/security-groups/${group.uuid}/rule-instances/versions`
      )
    )
  }
  const generations = {
    rules: await allGenerations(expectCall, RULE_VERSIONS, "/v1/security-rules/versions"),
    customRules: await allGenerations(expectCall, CUSTOM_VERSIONS, "/v1/custom-rules/versions"),
    groups: groupGenerations
  }

  return {
    fake,
    expectCall,
    scans: fake.scans,
    groups,
    live: groups.filter((group) => !group.is_tombstone),
    deleted: groups.find((group) => group.is_tombstone)!,
    rules,
    instances: groups.flatMap((group) => fake.ruleInstances(group.uuid)),
    evaluations,
    violations,
    directories,
    labelKeys: keys.keys,
    models,
    versions,
    customRules: fake.customRules,
    generations,
    newGroup: (sourceType = "S3") =>
      createGroup({
        name: `Fresh ${sourceType} ${Math.random().toString(36).slice(2)}`,
        source_type: sourceType
      }),
    newCustomRule: (json = {}) =>
      createCustomRule({ ...ownerRule, name: `Fresh ${Math.random().toString(36).slice(2)}`, ...json })
  }
}

// ---------------------------------------------------------------------------------------------
// The cases: operation × status, each with one or more calls
// ---------------------------------------------------------------------------------------------

interface Case {
  /** The operation, e.g. "SecurityGroups.get". */
  readonly op: string
  readonly status: number
  readonly title: string
  readonly calls: (fx: Fixtures) => ReadonlyArray<Call> | Promise<ReadonlyArray<Call>>
}

const c = (op: string, status: number, title: string, calls: Case["calls"]): Case => ({
  op,
  status,
  title,
  calls
})

const at = (path: string, query?: Query): Call => (query === undefined ? { path } : { path, query })
const body = (path: string, json: unknown): Call => ({ path, json })
const queries = (path: string, list: ReadonlyArray<Query>): ReadonlyArray<Call> =>
  list.map((query) => at(path, query))
const labels = (count: number) => ({
  labels: Array.from({ length: count }, (_, n) => ({ key: `key-${n}`, value: `value_${n}` }))
})

const S = "Scans.list"
const SCAN = "Scans.get"
const CREATE_SCAN = "Scans.create"
const EVALUATIONS = "Scans.getEvaluations"
const EVALUATION = "Scans.getEvaluation"
const FILES = "Scans.getFiles"
const VIOLATIONS = "Scans.getViolations"
const VIOLATION = "Scans.getViolation"
const KEYS = "Scans.getLabelKeys"
const VALUES = "Scans.getLabelValues"
const ADD_LABELS = "Scans.addLabels"
const SET_LABELS = "Scans.setLabels"
const DELETE_LABELS = "Scans.deleteLabels"
const MODELS = "Models.list"
const MODEL = "Models.get"
const MODEL_VERSIONS = "Models.listVersions"
const MODEL_VERSION = "Models.getVersion"
const VERSION_FILES = "Models.listVersionFiles"
const PYPI = "ModelSecurity.getPyPIAuth"
const RULES = "SecurityRules.list"
const RULE = "SecurityRules.get"
const RULE_VERSIONS = "SecurityRules.listVersions"
const GROUPS = "SecurityGroups.list"
const CREATE_GROUP = "SecurityGroups.create"
const GROUP = "SecurityGroups.get"
const UPDATE_GROUP = "SecurityGroups.update"
const DELETE_GROUP = "SecurityGroups.delete"
const INSTANCES = "SecurityGroups.listRuleInstances"
const INSTANCE = "SecurityGroups.getRuleInstance"
const UPDATE_INSTANCE = "SecurityGroups.updateRuleInstance"
const INSTANCE_VERSIONS = "SecurityGroups.listRuleInstanceVersions"
const CUSTOM_RULES = "CustomRules.list"
const CREATE_CUSTOM = "CustomRules.create"
const CUSTOM = "CustomRules.get"
const UPDATE_CUSTOM = "CustomRules.update"
const ARCHIVE = "CustomRules.archive"
const UNARCHIVE = "CustomRules.unarchive"
const CUSTOM_GROUPS = "CustomRules.listSecurityGroups"
const ASSIGN = "CustomRules.assignSecurityGroups"
const REMOVE_ASSIGNMENT = "CustomRules.removeAssignment"
const CUSTOM_VERSIONS = "CustomRules.listVersions"

const scanPath = (fx: Fixtures, n = 0) => `/v1/scans/${fx.scans[n]!.uuid}`
const instancePath = (instance: RuleInstanceRecord) =>
  `/v1/security-groups/${instance.security_group_uuid}/rule-instances/${instance.uuid}`
const liveInstances = (fx: Fixtures) =>
  fx.instances.filter((instance) => instance.security_group_uuid !== fx.deleted.uuid)
const liveCustomRule = (fx: Fixtures) => fx.customRules.find((rule) => !rule.is_archived)!
const TOKEN_LIKE = "+/+/bm90LWEtdG9rZW4="
const CASES: ReadonlyArray<Case> = [
  // --- data plane: scans -------------------------------------------------------------------
  c(S, 200, "list scans with every filter, sort and page", (fx) =>
    queries("/v1/scans", [
      {},
      { limit: 100 },
      { limit: 100, skip: 100 },
      { skip: 10_000 },
      { skip: -1 },
      { sort_order: "asc", limit: 50 },
      ...SOURCE_TYPES.map((source) => ({ source_types: [source], limit: 100 })),
      { source_types: ["HUGGING_FACE", "S3"], eval_outcomes: ["BLOCKED", "ERROR"], limit: 100 },
      ...["PENDING", "ALLOWED", "BLOCKED", "ERROR"].map((outcome) => ({
        eval_outcomes: [outcome],
        limit: 100
      })),
      ...fx.groups.map((group) => ({ security_group_uuid: group.uuid, limit: 100 })),
      ...fx.versions.slice(0, 30).map((version) => ({ model_version_uuid: version.uuid, limit: 100 })),
      { search_query: "huggingface.co", limit: 100 },
      { search_query: fx.scans[3]!.uuid.slice(0, 8) },
      { start_time: fx.scans[40]!.created_at, end_time: fx.scans[5]!.created_at, limit: 100 },
      { labels_query: "team:security", limit: 100 },
      { labels_query: "env AND team:*", limit: 100 },
      { labels_query: "reviewed:yes,tier", limit: 100 }
    ])
  ),
  c(S, 422, "reject bad list parameters", () =>
    queries("/v1/scans", [
      { limit: 0 },
      { limit: 101 },
      { limit: "ten" },
      { sort_order: "up" },
      { eval_outcomes: ["ALLOWED", "NOPE"] },
      { source_types: ["DROPBOX"] },
      { security_group_uuid: "group" },
      { model_version_uuid: "v1" },
      { start_time: "yesterday" },
      { search_query: "x".repeat(257) },
      { labels_query: "k".repeat(4097) }
    ])
  ),
  c(CREATE_SCAN, 201, "create scans in every live group, with and without optional fields", (fx) =>
    fx.live.map((group, n) =>
      body("/v1/scans", {
        model_uri: n % 2 === 0 ? `https://huggingface.co/acme/model-${n}` : `s3://bucket/unsafe-${n}.bin`,
        security_group_uuid: group.uuid,
        scan_origin: n % 3 === 0 ? "HUGGING_FACE" : "MODEL_SECURITY_SDK",
        ...(n % 2 === 0 ? { labels: [{ key: "batch", value: `b${n}` }], model_version: null } : {}),
        ...(n % 4 === 1 ? { scan_details: scanDetails } : {}),
        ...(n % 5 === 2 ? { scan_origin: null, model_version: `r${n}`, labels: null } : {}),
        ...(n % 5 === 3 ? { scan_origin: "MODEL_SECURITY_FRONTEND", model_name: `model-${n}` } : {})
      })
    )
  ),
  c(CREATE_SCAN, 422, "reject invalid scan requests", (fx) => {
    const group = fx.live[1]!.uuid
    const valid = { model_uri: "s3://b/m", security_group_uuid: group, scan_origin: "MODEL_SECURITY_SDK" }
    return [
      body("/v1/scans", { model_uri: "s3://b/m" }),
      body("/v1/scans", { ...valid, surprise: true }),
      body("/v1/scans", { ...valid, security_group_uuid: "group-1" }),
      body("/v1/scans", { ...valid, scan_origin: "CLI" }),
      body("/v1/scans", { ...valid, labels: [{ key: "bad key", value: "v" }] }),
      body("/v1/scans", { ...valid, ...labels(51) }),
      body("/v1/scans", { ...valid, scan_details: { files: [] } }),
      body("/v1/scans", { ...valid, scan_details: { ...scanDetails, error_code: "OOPS" } }),
      body("/v1/scans", [valid]),
      { path: "/v1/scans", raw: "{not json" },
      { path: "/v1/scans" }
    ]
  }),
  c(CREATE_SCAN, 404, "refuse unknown and deleted groups", (fx) => [
    body("/v1/scans", {
      model_uri: "s3://b/m",
      security_group_uuid: UNKNOWN_UUID,
      scan_origin: "MODEL_SECURITY_SDK"
    }),
    body("/v1/scans", {
      model_uri: "s3://b/m",
      security_group_uuid: fx.deleted.uuid,
      scan_origin: "MODEL_SECURITY_SDK"
    })
  ]),
  c(SCAN, 200, "get every scan: seeded, created, pending and finished", (fx) =>
    fx.scans.map((scan) => at(`/v1/scans/${scan.uuid}`))
  ),
  c(SCAN, 422, "reject invalid scan uuids", () => [at("/v1/scans/abc"), at("/v1/scans/1234-5678")]),
  c(SCAN, 404, "answer unknown scans", () => [at(`/v1/scans/${UNKNOWN_UUID}`)]),

  // --- data plane: evaluations, files, violations ------------------------------------------
  c(EVALUATIONS, 200, "list evaluations sorted, filtered and paged", (fx) =>
    fx.scans
      .slice(0, 40)
      .flatMap((scan) =>
        queries(`/v1/scans/${scan.uuid}/evaluations`, [
          { sort_field: "updated_at", sort_order: "asc", limit: 3, skip: 1 },
          { result: "FAILED" },
          { result: "PASSED", limit: 100 },
          { rule_instance_uuid: fx.evaluations[0]!.rule_instance_uuid }
        ])
      )
  ),
  c(EVALUATIONS, 422, "reject bad evaluation parameters", (fx) => [
    at("/v1/scans/nope/evaluations"),
    ...queries(`${scanPath(fx)}/evaluations`, [
      { limit: 0 },
      { sort_field: "name" },
      { sort_order: "sideways" },
      { result: "MAYBE" },
      { rule_instance_uuid: "rule" }
    ])
  ]),
  c(EVALUATIONS, 404, "answer evaluations of unknown scans", () => [
    at(`/v1/scans/${UNKNOWN_UUID}/evaluations`)
  ]),
  c(EVALUATION, 200, "get every evaluation", (fx) =>
    fx.evaluations.map((e) => at(`/v1/evaluations/${e.uuid}`))
  ),
  c(EVALUATION, 422, "reject invalid evaluation uuids", () => [at("/v1/evaluations/eval-1")]),
  c(EVALUATION, 404, "answer unknown evaluations", () => [at(`/v1/evaluations/${UNKNOWN_UUID}`)]),
  c(FILES, 200, "list every directory of every scan, in every order", (fx) => [
    ...fx.directories.map(({ scan, path }) =>
      at(`/v1/scans/${scan}/files`, { query_path: path, limit: 100 })
    ),
    ...fx.scans
      .slice(0, 10)
      .flatMap((scan) =>
        queries(`/v1/scans/${scan.uuid}/files`, [
          { sort_field: "type", sort_dir: "desc" },
          { limit: 2, skip: 1 },
          { query_path: "/no/such/dir" },
          { query_path: "checkpoints/" },
          { recursive: "true", limit: 100 },
          { recursive: "true", type: "FILE", sort_field: "type" },
          { type: "DIRECTORY" }
        ])
      )
  ]),
  c(FILES, 422, "reject bad file parameters", (fx) => [
    at("/v1/scans/x/files"),
    ...queries(`${scanPath(fx)}/files`, [
      { skip: -1 },
      { limit: 1001 },
      { sort_field: "size" },
      { sort_dir: "up" },
      { recursive: "sometimes" },
      { type: "model" }
    ])
  ]),
  c(FILES, 404, "answer files of unknown scans", () => [at(`/v1/scans/${UNKNOWN_UUID}/files`)]),
  c(VIOLATIONS, 200, "list violations paged", (fx) =>
    fx.scans
      .slice(0, 60)
      .map((scan, n) => at(`/v1/scans/${scan.uuid}/rule-violations`, { limit: 1 + (n % 3), skip: n % 2 }))
  ),
  c(VIOLATIONS, 422, "reject bad violation parameters", (fx) => [
    at("/v1/scans/x/rule-violations"),
    at(`${scanPath(fx)}/rule-violations`, { limit: 101 })
  ]),
  c(VIOLATIONS, 404, "answer violations of unknown scans", () => [
    at(`/v1/scans/${UNKNOWN_UUID}/rule-violations`)
  ]),
  c(VIOLATION, 200, "get every violation", (fx) => fx.violations.map((v) => at(`/v1/violations/${v.uuid}`))),
  c(VIOLATION, 422, "reject invalid violation uuids", () => [at("/v1/violations/v-1")]),
  c(VIOLATION, 404, "answer unknown violations", () => [at(`/v1/violations/${UNKNOWN_UUID}`)]),

  // --- data plane: labels ------------------------------------------------------------------
  c(KEYS, 200, "list label keys, searched and paged", () =>
    queries("/v1/scans/label-keys", [{}, { search: "te" }, { search: "zzz" }, { limit: 1, skip: 2 }])
  ),
  c(KEYS, 422, "reject bad label key parameters", () =>
    queries("/v1/scans/label-keys", [
      { limit: 0 },
      { skip: -1 },
      { search: "bad key" },
      { search: "k".repeat(129) }
    ])
  ),
  c(VALUES, 200, "list the values of every key", (fx) => [
    ...fx.labelKeys.map((key) => at(`/v1/scans/label-keys/${key}/values`, { limit: 100 })),
    at("/v1/scans/label-keys/team/values", { search: "sec" }),
    at("/v1/scans/label-keys/missing/values")
  ]),
  c(VALUES, 422, "reject bad keys and searches", () => [
    at("/v1/scans/label-keys/bad%20key/values"),
    at(`/v1/scans/label-keys/${"k".repeat(129)}/values`),
    at("/v1/scans/label-keys/team/values", { search: "a b" }),
    at("/v1/scans/label-keys/team/values", { limit: 0 })
  ]),
  ...([ADD_LABELS, SET_LABELS] as const).flatMap((op) => [
    c(op, 200, "write labels", (fx) =>
      fx.scans.slice(30, 36).map((scan, n) => body(`/v1/scans/${scan.uuid}/labels`, labels(1 + n * 9)))
    ),
    c(op, 422, "reject invalid labels", (fx) =>
      [
        { labels: [] },
        labels(51),
        { labels: [{ key: "k", value: "v".repeat(257) }] },
        { labels: [{ key: "k" }] },
        { labels: [{ key: "a", value: "b" }], extra: 1 },
        {}
      ].map((json) => body(`${scanPath(fx, 30)}/labels`, json))
    ),
    c(op, 404, "answer labels of unknown scans", () => [
      body(`/v1/scans/${UNKNOWN_UUID}/labels`, { labels: [{ key: "a", value: "b" }] })
    ])
  ]),
  c(DELETE_LABELS, 204, "delete labels by key", (fx) =>
    fx.scans.slice(30, 36).map((scan) => at(`/v1/scans/${scan.uuid}/labels`, { keys: ["key-0", "missing"] }))
  ),
  c(DELETE_LABELS, 422, "reject missing, bad or too many keys", (fx) => [
    at(`${scanPath(fx, 30)}/labels`),
    at(`${scanPath(fx, 30)}/labels`, { keys: ["bad key"] }),
    at(`${scanPath(fx, 30)}/labels`, { keys: Array.from({ length: 51 }, (_, n) => `k${n}`) }),
    at("/v1/scans/x/labels", { keys: ["a"] })
  ]),
  c(DELETE_LABELS, 404, "answer label deletion on unknown scans", () => [
    at(`/v1/scans/${UNKNOWN_UUID}/labels`, { keys: ["a"] })
  ]),

  // --- management plane: PyPI and security rules -------------------------------------------
  c(PYPI, 200, "authenticate to PyPI", () => [at("/v1/pypi/authenticate"), at("/v1/pypi/authenticate")]),
  c(RULES, 200, "list rules by source type, search and page", (fx) =>
    queries("/v1/security-rules", [
      {},
      { limit: 100 },
      { limit: 0 },
      { skip: 5, limit: 5 },
      ...SOURCE_TYPES.map((source) => ({ source_type: source, limit: 100 })),
      { search_query: "check" },
      { search_query: "LICENSE" },
      { search_query: fx.rules[2]!.uuid },
      { search_query: "nothing-matches" }
    ])
  ),
  c(RULES, 200, "list the rules of every generation", (fx) =>
    fx.generations.rules.flatMap((generation) =>
      queries("/v1/security-rules", [
        { generation, limit: 100 },
        { generation, source_type: "S3" }
      ])
    )
  ),
  c(RULES, 404, "answer an unknown generation", () => [at("/v1/security-rules", { generation: 12 })]),
  c(RULES, 422, "reject bad rule list parameters", () =>
    queries("/v1/security-rules", [
      { generation: -5 },
      { generation: "first" },
      { limit: "many" },
      { skip: "x" },
      { source_type: "FTP" },
      { search_query: "ab" },
      { search_query: "x".repeat(1001) }
    ])
  ),
  c(RULE, 200, "get every rule", (fx) => fx.rules.map((rule) => at(`/v1/security-rules/${rule.uuid}`))),
  c(RULE, 422, "reject invalid rule uuids", () => [at("/v1/security-rules/pickle")]),
  c(RULE, 404, "answer unknown rules", () => [at(`/v1/security-rules/${UNKNOWN_UUID}`)]),

  // --- management plane: security groups ----------------------------------------------------
  c(GROUPS, 200, "list groups filtered, sorted and paged", (fx) =>
    queries("/v1/security-groups", [
      {},
      { limit: 100 },
      { limit: 1, skip: 3 },
      { sort_field: "updated_at", sort_dir: "asc" },
      { sort_field: "created_at", sort_dir: "asc", limit: 100 },
      ...SOURCE_TYPES.map((source) => ({ source_types: [source] })),
      { source_types: ["HUGGING_FACE", "S3"] },
      { search_query: "conformance" },
      { search_query: fx.groups[0]!.uuid.slice(0, 13) },
      ...fx.rules.map((rule) => ({ enabled_rules: [rule.uuid], limit: 100 })),
      { enabled_rules: [fx.rules[0]!.uuid, fx.rules[5]!.uuid], source_types: ["S3"] }
    ])
  ),
  c(GROUPS, 422, "reject bad group list parameters", () =>
    queries("/v1/security-groups", [
      { limit: 0 },
      { limit: 101 },
      { skip: -1 },
      { sort_field: "name" },
      { sort_dir: "up" },
      { source_types: ["FTP"] },
      { search_query: "ab" },
      { enabled_rules: ["rule-1"] }
    ])
  ),
  c(CREATE_GROUP, 201, "create groups of every source type, configured or not", (fx) =>
    SOURCE_TYPES.map((source, n) =>
      body("/v1/security-groups", {
        name: `Created ${source}`,
        source_type: source,
        ...(n % 2 === 0 ? { description: "d".repeat(1000) } : {}),
        ...(source === "HUGGING_FACE"
          ? {
              rule_configurations: Object.fromEntries(
                fx.rules
                  .filter((rule) => rule.compatible_sources.includes("HUGGING_FACE"))
                  .map((rule, r) => [
                    rule.uuid,
                    r % 2 === 0 ? { state: null } : { state: "ALLOWING", field_values: {} }
                  ])
              )
            }
          : {})
      })
    )
  ),
  c(CREATE_GROUP, 422, "reject invalid group requests", (fx) => {
    const hfOnly = fx.rules.find((rule) => !rule.compatible_sources.includes("S3"))!
    const rule = fx.rules[0]!.uuid
    return [
      body("/v1/security-groups", { name: "production-models", description: "seed payload" }),
      body("/v1/security-groups", { name: "", source_type: "S3" }),
      body("/v1/security-groups", { name: "n".repeat(256), source_type: "S3" }),
      body("/v1/security-groups", { name: "g", source_type: "S3", description: "d".repeat(1001) }),
      body("/v1/security-groups", { name: "g", source_type: "S3", description: null }),
      body("/v1/security-groups", { name: "g", source_type: "huggingface" }),
      body("/v1/security-groups", { name: "g", source_type: "S3", state: "ACTIVE" }),
      body("/v1/security-groups", {
        name: "g",
        source_type: "S3",
        rule_configurations: { [UNKNOWN_UUID]: {} }
      }),
      body("/v1/security-groups", { name: "g", source_type: "S3", rule_configurations: { pickle: {} } }),
      body("/v1/security-groups", {
        name: "g",
        source_type: "S3",
        rule_configurations: { [hfOnly.uuid]: {} }
      }),
      body("/v1/security-groups", {
        name: "g",
        source_type: "S3",
        rule_configurations: { ["k".repeat(65)]: {} }
      }),
      body("/v1/security-groups", {
        name: "g",
        source_type: "S3",
        rule_configurations: { [rule]: { state: "ON" } }
      }),
      body("/v1/security-groups", {
        name: "g",
        source_type: "S3",
        rule_configurations: { [rule]: { field_values: { colours: ["red"] } } }
      }),
      body("/v1/security-groups", { name: "g", source_type: "S3", rule_configurations: [] }),
      { path: "/v1/security-groups", raw: '{"name": "g",' },
      { path: "/v1/security-groups" }
    ]
  }),
  c(GROUP, 200, "get every group, deleted ones too", (fx) =>
    fx.groups.map((group) => at(`/v1/security-groups/${group.uuid}`))
  ),
  c(GROUP, 422, "reject invalid group uuids", () => [at("/v1/security-groups/default")]),
  c(GROUP, 404, "answer unknown groups", () => [at(`/v1/security-groups/${UNKNOWN_UUID}`)]),
  c(UPDATE_GROUP, 200, "rename and redescribe groups", (fx) =>
    fx.live
      .slice(7, 12)
      .flatMap((group) => [
        body(`/v1/security-groups/${group.uuid}`, { name: `${group.name} v2` }),
        body(`/v1/security-groups/${group.uuid}`, { description: "Updated" }),
        body(`/v1/security-groups/${group.uuid}`, { name: null, description: null }),
        body(`/v1/security-groups/${group.uuid}`, {})
      ])
  ),
  c(UPDATE_GROUP, 422, "reject invalid group updates", (fx) => {
    const path = `/v1/security-groups/${fx.live[8]!.uuid}`
    return [
      body(path, { name: "" }),
      body(path, { name: 7 }),
      body(path, { description: "d".repeat(1001) }),
      body(path, { name: "n", source_type: "S3" }),
      body("/v1/security-groups/x", { name: "n" }),
      { path, raw: "[" }
    ]
  }),
  c(UPDATE_GROUP, 404, "answer updates of unknown or deleted groups", (fx) => [
    body(`/v1/security-groups/${UNKNOWN_UUID}`, { name: "n" }),
    body(`/v1/security-groups/${fx.deleted.uuid}`, { name: "n" })
  ]),
  c(DELETE_GROUP, 204, "soft-delete groups", async (fx) => [
    at(`/v1/security-groups/${(await fx.newGroup("GCS")).uuid}`),
    at(`/v1/security-groups/${(await fx.newGroup("HUGGING_FACE")).uuid}`)
  ]),
  c(DELETE_GROUP, 422, "reject invalid group uuids on delete", () => [at("/v1/security-groups/x")]),
  c(DELETE_GROUP, 404, "answer deleting unknown or deleted groups", (fx) => [
    at(`/v1/security-groups/${UNKNOWN_UUID}`),
    at(`/v1/security-groups/${fx.deleted.uuid}`)
  ]),

  // --- management plane: rule instances -----------------------------------------------------
  c(INSTANCES, 200, "list every group's rule instances, filtered and paged", (fx) =>
    fx.groups.flatMap((group) =>
      queries(`/v1/security-groups/${group.uuid}/rule-instances`, [
        { limit: 100 },
        {},
        { skip: 2, limit: 3 },
        ...RULE_STATES.map((state) => ({ state, limit: 100 })),
        { security_rule_uuid: fx.rules[0]!.uuid },
        { security_rule_uuid: fx.rules[6]!.uuid, state: "BLOCKING" },
        { is_custom: "true" },
        { is_custom: "false", limit: 100 },
        ...(fx.generations.groups.get(group.uuid) ?? []).map((generation) => ({ generation, limit: 100 })),
        { generation: fx.generations.groups.get(group.uuid)!.at(-1)!, state: "BLOCKING", is_custom: "false" }
      ])
    )
  ),
  c(INSTANCES, 422, "reject bad rule instance list parameters", (fx) => [
    at("/v1/security-groups/x/rule-instances"),
    ...queries(`/v1/security-groups/${fx.live[0]!.uuid}/rule-instances`, [
      { limit: "x" },
      { state: "ENABLED" },
      { security_rule_uuid: "rule" },
      { is_custom: "maybe" },
      { generation: -1 },
      { generation: "latest" }
    ])
  ]),
  c(INSTANCES, 404, "answer rule instances of unknown groups and generations", (fx) => [
    at(`/v1/security-groups/${UNKNOWN_UUID}/rule-instances`),
    at(`/v1/security-groups/${fx.live[0]!.uuid}/rule-instances`, { generation: 7 })
  ]),
  c(INSTANCE, 200, "get every rule instance of every group", (fx) =>
    fx.instances.map((instance) => at(instancePath(instance)))
  ),
  c(INSTANCE, 422, "reject invalid rule instance paths", (fx) => [
    at(`/v1/security-groups/${fx.live[0]!.uuid}/rule-instances/x`),
    at(`/v1/security-groups/x/rule-instances/${UNKNOWN_UUID}`)
  ]),
  c(INSTANCE, 404, "answer unknown rule instances and groups", (fx) => {
    const instance = liveInstances(fx)[0]!
    const other = fx.live.find((group) => group.uuid !== instance.security_group_uuid)!
    return [
      at(`/v1/security-groups/${instance.security_group_uuid}/rule-instances/${UNKNOWN_UUID}`),
      at(`/v1/security-groups/${UNKNOWN_UUID}/rule-instances/${instance.uuid}`),
      at(`/v1/security-groups/${other.uuid}/rule-instances/${instance.uuid}`)
    ]
  }),
  c(UPDATE_INSTANCE, 200, "update states and field values", (fx) =>
    liveInstances(fx)
      .slice(0, 60)
      .map((instance, n) => {
        const field = instance.rule?.editable_fields[0]?.attribute_name
        return body(instancePath(instance), {
          security_group_uuid: instance.security_group_uuid,
          ...(n % 4 === 3 ? { state: null } : { state: RULE_STATES[n % 3] }),
          ...(field === undefined ? {} : { field_values: n % 2 === 0 ? { [field]: ["a", "b"] } : null })
        })
      })
  ),
  c(UPDATE_INSTANCE, 422, "reject invalid rule instance updates", (fx) => {
    const instance = liveInstances(fx)[0]!
    const path = instancePath(instance)
    const group = instance.security_group_uuid
    return [
      body(path, { state: "BLOCKING" }),
      body(path, { security_group_uuid: fx.live.find((g) => g.uuid !== group)!.uuid, state: "BLOCKING" }),
      body(path, { security_group_uuid: group, state: "ON" }),
      body(path, { security_group_uuid: group, field_values: { colours: ["red"] } }),
      body(path, { security_group_uuid: group, field_values: [] }),
      body(path, { security_group_uuid: group, enabled: true }),
      body(path, { security_group_uuid: "x" }),
      { path, raw: "nope" },
      { path },
      body(`/v1/security-groups/x/rule-instances/${instance.uuid}`, { security_group_uuid: group })
    ]
  }),
  c(UPDATE_INSTANCE, 404, "answer updates of unknown instances or deleted groups", (fx) => {
    const live = liveInstances(fx)[0]!
    const deleted = fx.instances.find((instance) => instance.security_group_uuid === fx.deleted.uuid)!
    return [
      body(`/v1/security-groups/${live.security_group_uuid}/rule-instances/${UNKNOWN_UUID}`, {
        security_group_uuid: live.security_group_uuid
      }),
      body(instancePath(deleted), { security_group_uuid: fx.deleted.uuid, state: "BLOCKING" })
    ]
  }),
  // --- data plane: models and model versions ----------------------------------------------
  c(MODELS, 200, "list models filtered, sorted and paged", (fx) =>
    queries("/v1/models", [
      {},
      { sort_field: "created_at", sort_order: "asc", limit: 100 },
      { skip: 5, limit: 5 },
      { search_query: "huggingface", limit: 100 },
      { search_query: "LLAMA" },
      { search_query: fx.models[0]!.uuid.slice(0, 8) },
      ...OUTCOMES.map((outcome) => ({ latest_version_outcomes: [outcome], limit: 100 })),
      { latest_version_outcomes: ["BLOCKED", "ERROR"], latest_version_formats: ["pickle", "gguf"] },
      ...SOURCE_TYPES.map((source) => ({ latest_version_source_types: [source], limit: 100 })),
      { latest_version_scan_time_before: "2026-01-01T01:00:00Z", limit: 100 },
      { start_time: "2026-01-01T00:30:00Z", end_time: "2026-01-01T02:00:00+00:00", limit: 100 }
    ])
  ),
  c(MODELS, 422, "reject bad model list parameters", () =>
    queries("/v1/models", [
      { limit: 0 },
      { limit: 101 },
      { skip: -1 },
      { sort_field: "name" },
      { sort_order: "up" },
      { latest_version_outcomes: ["ALLOWED", "NOPE"] },
      { latest_version_source_types: ["FTP"] },
      { latest_version_scan_time_before: "soon" },
      { search_query: "m".repeat(257) }
    ])
  ),
  c(MODEL, 200, "get every model", (fx) => fx.models.map((model) => at(`/v1/models/${model.uuid}`))),
  c(MODEL, 422, "reject invalid model uuids", () => [at("/v1/models/llama")]),
  c(MODEL, 404, "answer unknown models", () => [at(`/v1/models/${UNKNOWN_UUID}`)]),
  c(MODEL_VERSIONS, 200, "list every model's versions, both ways", (fx) =>
    fx.models
      .slice(0, 40)
      .flatMap((model) =>
        queries(`/v1/models/${model.uuid}/model-versions`, [{}, { sort_order: "asc" }, { skip: 1, limit: 1 }])
      )
  ),
  c(MODEL_VERSIONS, 422, "reject bad model version list parameters", (fx) => [
    at("/v1/models/x/model-versions"),
    ...queries(`/v1/models/${fx.models[0]!.uuid}/model-versions`, [{ limit: 101 }, { sort_order: "newest" }])
  ]),
  c(MODEL_VERSIONS, 404, "answer versions of unknown models", () => [
    at(`/v1/models/${UNKNOWN_UUID}/model-versions`)
  ]),
  c(MODEL_VERSION, 200, "get every model version", (fx) =>
    fx.versions.map((version) => at(`/v1/model-versions/${version.uuid}`))
  ),
  c(MODEL_VERSION, 422, "reject invalid model version uuids", () => [at("/v1/model-versions/v1")]),
  c(MODEL_VERSION, 404, "answer unknown model versions", () => [at(`/v1/model-versions/${UNKNOWN_UUID}`)]),
  c(VERSION_FILES, 200, "list the files of every model version", (fx) =>
    fx.versions.flatMap((version, n) =>
      n < 30
        ? queries(`/v1/model-versions/${version.uuid}/files`, [{ limit: 100 }, { skip: 2, limit: 2 }])
        : [at(`/v1/model-versions/${version.uuid}/files`)]
    )
  ),
  c(VERSION_FILES, 422, "reject bad model version file parameters", (fx) => [
    at("/v1/model-versions/x/files"),
    ...queries(`/v1/model-versions/${fx.versions[0]!.uuid}/files`, [{ limit: 101 }, { skip: -1 }])
  ]),
  c(VERSION_FILES, 404, "answer files of unknown model versions", () => [
    at(`/v1/model-versions/${UNKNOWN_UUID}/files`)
  ]),

  // --- management plane: snapshot versions ------------------------------------------------
  c(RULE_VERSIONS, 200, "list rule snapshot versions, paged by cursor", () =>
    queries("/v1/security-rules/versions", [{}, { limit: 1 }, { limit: 100 }])
  ),
  c(RULE_VERSIONS, 422, "reject bad rule version parameters", (fx) =>
    queries("/v1/security-rules/versions", [
      { limit: 0 },
      { limit: 101 },
      { next_token: TOKEN_LIKE },
      { next_token: "%%%" },
      { next_token: fx.fake.customRules[0]!.uuid }
    ])
  ),
  c(CUSTOM_VERSIONS, 200, "list custom rule snapshot versions, paged by cursor", () =>
    queries("/v1/custom-rules/versions", [{}, { limit: 3 }])
  ),
  c(CUSTOM_VERSIONS, 422, "reject bad custom rule version parameters", () =>
    queries("/v1/custom-rules/versions", [{ limit: 0 }, { limit: "all" }, { next_token: TOKEN_LIKE }])
  ),
  c(INSTANCE_VERSIONS, 200, "list every group's snapshot versions", (fx) =>
    fx.groups.flatMap((group) => [
      at(`/v1/security-groups/${group.uuid}/rule-instances/versions`),
      at(`/v1/security-groups/${group.uuid}/rule-instances/versions`, { limit: 1 })
    ])
  ),
  c(INSTANCE_VERSIONS, 422, "reject bad group version parameters", async (fx) => {
    const path = `/v1/security-groups/${fx.live[1]!.uuid}/rule-instances/versions`
    const other = await fx.expectCall(INSTANCE_VERSIONS, 200, {
      path: `/v1/security-groups/${fx.live[0]!.uuid}/rule-instances/versions`,
      query: { limit: 1 }
    })
    return [
      at("/v1/security-groups/x/rule-instances/versions"),
      at(path, { limit: 101 }),
      at(path, { next_token: TOKEN_LIKE }),
      ...(other.pagination.next_token === null ? [] : [at(path, { next_token: other.pagination.next_token })])
    ]
  }),
  c(INSTANCE_VERSIONS, 404, "answer versions of unknown groups", () => [
    at(`/v1/security-groups/${UNKNOWN_UUID}/rule-instances/versions`)
  ]),

  // --- management plane: custom rules -----------------------------------------------------
  c(CUSTOM_RULES, 200, "list custom rules filtered, sorted, paged, and at every generation", (fx) => [
    ...queries("/v1/custom-rules", [
      {},
      { is_archived: "true" },
      { is_archived: "false", limit: 100 },
      { sort_field: "updated_at", sort_dir: "asc" },
      { skip: 1, limit: 2 },
      { search_query: "owner" },
      { search_query: fx.customRules[0]!.uuid.slice(0, 8) },
      ...SOURCE_TYPES.map((source) => ({ source_types: [source] })),
      { source_types: ["S3", "AZURE"], is_archived: "false" }
    ]),
    ...fx.generations.customRules.map((generation) => at("/v1/custom-rules", { generation, limit: 100 }))
  ]),
  c(CUSTOM_RULES, 404, "answer an unknown generation", () => [at("/v1/custom-rules", { generation: 3 })]),
  c(CUSTOM_RULES, 422, "reject bad custom rule list parameters", () =>
    queries("/v1/custom-rules", [
      { limit: 0 },
      { limit: 101 },
      { skip: -1 },
      { sort_field: "name" },
      { sort_dir: "up" },
      { is_archived: "perhaps" },
      { source_types: ["FTP"] },
      { search_query: "s".repeat(256) },
      { generation: -1 }
    ])
  ),
  c(CREATE_CUSTOM, 201, "create custom rules with every kind of condition", (fx) => {
    const rule = fx.rules[0]!.uuid
    const label = (key: string, operator: string, value?: string | null) => ({
      type: "label",
      key,
      operator,
      ...(value === undefined ? {} : { value })
    })
    const result = (value: string) => ({ type: "rule_result", rule_uuid: rule, operator: "equals", value })
    return [
      label("owner", "exists"),
      label("owner", "not_exists", null),
      label("env", "equals", "production"),
      label("env", "not_equals", "dev"),
      result("FAILED"),
      { operator: "or", conditions: [label("a", "exists"), result("PASSED")] },
      {
        operator: "and",
        conditions: [
          { operator: "or", conditions: [label("a", "exists"), label("b", "exists")] },
          {
            operator: "and",
            conditions: [result("PASSED"), label("k".repeat(255), "equals", "v".repeat(1024))]
          }
        ]
      }
    ].map((condition, n) =>
      body("/v1/custom-rules", {
        name: `Created ${n}`,
        compatible_sources: [SOURCE_TYPES[n % SOURCE_TYPES.length]!],
        condition,
        violation_message: "Violated",
        ...(n % 2 === 0
          ? { description: "d".repeat(1000), rule_action: "PASS", remediation_message: "Fix it" }
          : { remediation_message: null })
      })
    )
  }),
  c(CREATE_CUSTOM, 422, "reject invalid custom rules", (fx) => {
    const valid = { ...ownerRule, name: "Invalid" }
    const label = { type: "label", key: "k", operator: "exists" }
    return [
      body("/v1/custom-rules", { name: "x" }),
      body("/v1/custom-rules", { ...valid, name: "" }),
      body("/v1/custom-rules", { ...valid, name: "n".repeat(256) }),
      body("/v1/custom-rules", { ...valid, description: "d".repeat(1001) }),
      body("/v1/custom-rules", { ...valid, compatible_sources: [] }),
      body("/v1/custom-rules", { ...valid, compatible_sources: ["FTP"] }),
      body("/v1/custom-rules", { ...valid, violation_message: "" }),
      body("/v1/custom-rules", { ...valid, rule_action: "BLOCK" }),
      body("/v1/custom-rules", { ...valid, extra: 1 }),
      body("/v1/custom-rules", { ...valid, condition: { type: "label", key: "", operator: "exists" } }),
      body("/v1/custom-rules", { ...valid, condition: { type: "label", key: "k", operator: "contains" } }),
      body("/v1/custom-rules", { ...valid, condition: { type: "regex", pattern: ".*" } }),
      body("/v1/custom-rules", { ...valid, condition: { operator: "and", conditions: [label] } }),
      body("/v1/custom-rules", { ...valid, condition: { operator: "xor", conditions: [label, label] } }),
      body("/v1/custom-rules", { ...valid, condition: { ...label, extra: true } }),
      body("/v1/custom-rules", {
        ...valid,
        condition: { type: "rule_result", rule_uuid: "r", operator: "not_equals", value: "MAYBE" }
      }),
      body("/v1/custom-rules", {
        ...valid,
        condition: {
          operator: "or",
          conditions: [
            label,
            { type: "rule_result", rule_uuid: UNKNOWN_UUID, operator: "equals", value: "PASSED" }
          ]
        }
      }),
      body("/v1/custom-rules", { ...valid, condition: { type: "label", key: "k", operator: "equals" } }),
      body("/v1/custom-rules", { ...valid, condition: [label] }),
      body("/v1/custom-rules", { ...valid, compatible_sources: fx.rules.map(() => "S3"), condition: null }),
      { path: "/v1/custom-rules", raw: "{" },
      { path: "/v1/custom-rules" }
    ]
  }),
  c(CUSTOM, 200, "get every custom rule", (fx) =>
    fx.customRules.map((rule) => at(`/v1/custom-rules/${rule.uuid}`))
  ),
  c(CUSTOM, 422, "reject invalid custom rule uuids", () => [at("/v1/custom-rules/owner-rule")]),
  c(CUSTOM, 404, "answer unknown custom rules", () => [at(`/v1/custom-rules/${UNKNOWN_UUID}`)]),
  c(UPDATE_CUSTOM, 200, "update custom rules field by field", async (fx) => {
    const rule = await fx.newCustomRule()
    const path = `/v1/custom-rules/${rule.uuid}`
    return [
      body(path, {}),
      body(path, { name: "Renamed", description: "" }),
      body(path, {
        condition: { type: "label", key: "team", operator: "equals", value: "ml" },
        rule_action: "PASS"
      }),
      body(path, { violation_message: "Changed", remediation_message: null, condition: null, name: null }),
      body(path, { description: null, rule_action: null, violation_message: null })
    ]
  }),
  c(UPDATE_CUSTOM, 422, "reject invalid custom rule updates", (fx) => {
    const path = `/v1/custom-rules/${liveCustomRule(fx).uuid}`
    return [
      body(path, { name: "" }),
      body(path, { rule_action: "BLOCK" }),
      body(path, { violation_message: "" }),
      body(path, { compatible_sources: ["S3"] }),
      body(path, { condition: { operator: "or", conditions: [] } }),
      body(path, {
        condition: { type: "rule_result", rule_uuid: UNKNOWN_UUID, operator: "equals", value: "FAILED" }
      }),
      body("/v1/custom-rules/x", { name: "n" }),
      { path, raw: "]" }
    ]
  }),
  c(UPDATE_CUSTOM, 404, "answer updates of unknown custom rules", () => [
    body(`/v1/custom-rules/${UNKNOWN_UUID}`, { name: "n" })
  ]),
  c(ARCHIVE, 204, "archive custom rules, archived or not", async (fx) => {
    const rule = await fx.newCustomRule()
    return [at(`/v1/custom-rules/${rule.uuid}/archive`), at(`/v1/custom-rules/${rule.uuid}/archive`)]
  }),
  c(ARCHIVE, 422, "reject invalid uuids on archive", () => [at("/v1/custom-rules/x/archive")]),
  c(ARCHIVE, 404, "answer archiving unknown custom rules", () => [
    at(`/v1/custom-rules/${UNKNOWN_UUID}/archive`)
  ]),
  c(UNARCHIVE, 204, "restore archived custom rules", (fx) =>
    fx.customRules
      .filter((rule) => rule.is_archived)
      .map((rule) => at(`/v1/custom-rules/${rule.uuid}/unarchive`))
  ),
  c(UNARCHIVE, 422, "reject invalid uuids on unarchive", () => [at("/v1/custom-rules/x/unarchive")]),
  c(UNARCHIVE, 404, "answer restoring unknown custom rules", () => [
    at(`/v1/custom-rules/${UNKNOWN_UUID}/unarchive`)
  ]),
  c(CUSTOM_GROUPS, 200, "list the groups of every custom rule", (fx) =>
    fx.customRules.flatMap((rule) =>
      queries(`/v1/custom-rules/${rule.uuid}/security-groups`, [{}, { skip: 1, limit: 1 }])
    )
  ),
  c(CUSTOM_GROUPS, 422, "reject bad custom rule group parameters", (fx) => [
    at("/v1/custom-rules/x/security-groups"),
    ...queries(`/v1/custom-rules/${fx.customRules[0]!.uuid}/security-groups`, [{ limit: 0 }, { skip: -2 }])
  ]),
  c(CUSTOM_GROUPS, 404, "answer the groups of unknown custom rules", () => [
    at(`/v1/custom-rules/${UNKNOWN_UUID}/security-groups`)
  ]),
  c(ASSIGN, 207, "assign custom rules: created, updated and failed items", async (fx) => {
    const rule = await fx.newCustomRule({ compatible_sources: ["HUGGING_FACE", "S3"] })
    const archived = fx.customRules.find((candidate) => candidate.is_archived)
    const hf = fx.live.filter((group) => group.source_type === "HUGGING_FACE")
    const path = `/v1/custom-rules/${rule.uuid}/security-groups`
    return [
      body(path, {
        assignments: hf.map((group, n) => ({ security_group_uuid: group.uuid, state: RULE_STATES[n % 3] }))
      }),
      body(path, {
        assignments: [
          { security_group_uuid: hf[0]!.uuid, state: "DISABLED" },
          { security_group_uuid: UNKNOWN_UUID, state: "BLOCKING" },
          { security_group_uuid: fx.deleted.uuid, state: "BLOCKING" },
          {
            security_group_uuid: fx.live.find((group) => group.source_type === "GCS")!.uuid,
            state: "ALLOWING"
          }
        ]
      }),
      ...(archived === undefined
        ? []
        : [
            body(`/v1/custom-rules/${archived.uuid}/security-groups`, {
              assignments: [{ security_group_uuid: hf[0]!.uuid, state: "BLOCKING" }]
            })
          ])
    ]
  }),
  c(ASSIGN, 422, "reject invalid assignments", (fx) => {
    const path = `/v1/custom-rules/${liveCustomRule(fx).uuid}/security-groups`
    const group = fx.live[0]!.uuid
    return [
      body(path, { assignments: [] }),
      body(path, {
        assignments: Array.from({ length: 51 }, () => ({ security_group_uuid: group, state: "BLOCKING" }))
      }),
      body(path, { assignments: [{ security_group_uuid: group, state: "ON" }] }),
      body(path, { assignments: [{ security_group_uuid: "g", state: "BLOCKING" }] }),
      body(path, { assignments: [{ security_group_uuid: group }] }),
      body(path, { assignments: [{ security_group_uuid: group, state: "BLOCKING", extra: 1 }] }),
      body(path, {}),
      body("/v1/custom-rules/x/security-groups", {
        assignments: [{ security_group_uuid: group, state: "BLOCKING" }]
      })
    ]
  }),
  c(ASSIGN, 404, "answer assigning unknown custom rules", (fx) => [
    body(`/v1/custom-rules/${UNKNOWN_UUID}/security-groups`, {
      assignments: [{ security_group_uuid: fx.live[0]!.uuid, state: "BLOCKING" }]
    })
  ]),
  c(REMOVE_ASSIGNMENT, 204, "remove assignments", async (fx) => {
    const rule = await fx.newCustomRule()
    const groups = fx.live.slice(0, 3)
    await fx.expectCall(ASSIGN, 207, {
      path: `/v1/custom-rules/${rule.uuid}/security-groups`,
      json: { assignments: groups.map((group) => ({ security_group_uuid: group.uuid, state: "ALLOWING" })) }
    })
    return groups.map((group) => at(`/v1/custom-rules/${rule.uuid}/security-groups/${group.uuid}`))
  }),
  c(REMOVE_ASSIGNMENT, 422, "reject invalid uuids on removal", (fx) => [
    at(`/v1/custom-rules/x/security-groups/${fx.live[0]!.uuid}`),
    at(`/v1/custom-rules/${fx.customRules[0]!.uuid}/security-groups/y`)
  ]),
  c(REMOVE_ASSIGNMENT, 404, "answer removing what is not assigned", (fx) => [
    at(`/v1/custom-rules/${UNKNOWN_UUID}/security-groups/${fx.live[0]!.uuid}`),
    at(`/v1/custom-rules/${fx.customRules[0]!.uuid}/security-groups/${UNKNOWN_UUID}`),
    at(`/v1/custom-rules/${fx.customRules[0]!.uuid}/security-groups/${fx.live.at(-1)!.uuid}`)
  ])
]

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

describe("OpenAPI conformance of the fake AIRS", () => {
  let fx: Fixtures
  beforeAll(async () => {
    fx = await buildFixtures()
  })

  it("names every operation of the specs, and the fake routes each one as the specs say", () => {
    expect(OPERATIONS.filter((op) => op.name.startsWith("(unnamed)")).map((op) => op.key)).toEqual([])
    const routes = FakeAirs.make({ scans: 0 }).routes
    expect(
      OPERATIONS.map((op) => ({
        name: op.name,
        plane: op.plane,
        method: op.method.toUpperCase(),
        path: op.path
      })).sort((a, b) => a.name.localeCompare(b.name))
    ).toEqual(routes.filter((route) => route.plane !== "token").sort((a, b) => a.name.localeCompare(b.name)))
  })

  it("has cases for every operation of both specs, with documented or 404 statuses", () => {
    const operations = new Set(CASES.map((entry) => entry.op))
    expect([...operations].filter((name) => !OPERATIONS.some((op) => op.name === name))).toEqual([])
    expect(OPERATIONS.map((op) => op.name).filter((name) => !operations.has(name))).toEqual([])
    for (const entry of CASES) {
      expect([...documented(operation(entry.op)), 404], `${entry.op} ${entry.status}`).toContain(entry.status)
    }
  })

  it.each(CASES.map((entry) => [`${entry.op} → ${entry.status}: ${entry.title}`, entry] as const))(
    "%s",
    async (_, entry) => {
      const calls = await entry.calls(fx)
      expect(calls.length, "a case sends at least one request").toBeGreaterThan(0)
      for (const call of calls) await fx.expectCall(entry.op, entry.status, call)
    }
  )

  it("answers every operation without a bearer token with 401 {detail}", async () => {
    for (const op of OPERATIONS) {
      const path = op.path.replace(/\{key\}/, "team").replace(/\{[^}]+\}/g, UNKNOWN_UUID)
      await fx.expectCall(op.name, 401, { path, anonymous: true })
    }
  })

  it("exercised every documented status of every operation", () => {
    const missing = OPERATIONS.flatMap((op) =>
      documented(op)
        .filter((status) => !covered.get(op.name)?.has(status))
        .map((status) => `${op.name} ${status}`)
    )
    expect(missing).toEqual([])
  })

  it("validated a variety of fixtures", () => {
    const bodies = (name: string): Array<any> => observed.get(name) ?? []
    const scans = [...bodies(SCAN), ...bodies(S).flatMap((page) => page.scans)]
    expect(new Set(scans.map((scan) => scan.eval_outcome))).toEqual(new Set(OUTCOMES))
    expect(new Set(scans.map((scan) => scan.source_type))).toEqual(new Set(SOURCE_TYPES))
    expect(new Set(scans.map((scan) => scan.scan_origin))).toEqual(
      new Set(["MODEL_SECURITY_SDK", "MODEL_SECURITY_API", "MODEL_SECURITY_FRONTEND", "HUGGING_FACE"])
    )
    expect(Math.max(...scans.map((scan) => scan.labels.length))).toBeGreaterThanOrEqual(3)
    const allowed = scans.filter((scan) => scan.eval_outcome === "ALLOWED")
    expect(Math.max(...allowed.map((scan) => scan.eval_summary.rules_failed))).toBeGreaterThan(0)
    const errors = scans.filter((scan) => scan.eval_outcome === "ERROR")
    expect(new Set(errors.map((scan) => scan.model_version_uuid === null))).toEqual(new Set([true, false]))
    expect(new Set(scans.map((scan) => scan.sdk_version === null))).toEqual(new Set([true, false]))

    const evaluations = bodies(EVALUATION)
    expect(new Set(evaluations.map((e) => e.result))).toEqual(new Set(["PASSED", "FAILED"]))
    expect(new Set(evaluations.map((e) => e.rule_instance_state))).toEqual(new Set(["ALLOWING", "BLOCKING"]))
    expect(new Set(evaluations.map((e) => `${e.rule_origin} ${e.result}`))).toEqual(
      new Set(["PANW_MANAGED PASSED", "PANW_MANAGED FAILED", "CUSTOM PASSED", "CUSTOM FAILED"])
    )
    const violations = bodies(VIOLATION)
    expect(new Set(violations.map((v) => v.rule_instance_state))).toEqual(new Set(["ALLOWING", "BLOCKING"]))
    expect(new Set(violations.map((v) => v.threat)).size).toBeGreaterThan(5)
    expect(new Set(violations.map((v) => v.rule_origin))).toEqual(new Set(["PANW_MANAGED", "CUSTOM"]))
    expect(new Set(violations.map((v) => v.remediation === null))).toEqual(new Set([true, false]))

    const files = bodies(FILES).flatMap((page) => page.files)
    expect(new Set(files.map((file) => file.result))).toEqual(new Set(["SUCCESS", "SKIPPED", "FAILED"]))
    expect(Math.max(...files.map((file) => file.parent_path.split("/").length))).toBeGreaterThan(2)

    const instances = bodies(INSTANCE)
    expect(new Set(instances.map((instance) => instance.state))).toEqual(new Set(RULE_STATES))
    expect(new Set(instances.map((instance) => instance.security_rule_uuid))).toEqual(
      new Set([...fx.rules.map((rule) => rule.uuid), null])
    )
    // An instance of a custom rule: no managed rule, a custom one (anything but null).
    expect(
      instances.filter((instance) => instance.rule === null).map((instance) => instance.custom_rule)
    ).toContainEqual(expect.anything())
    const snapshots = bodies(INSTANCES).flatMap((page) => page.rule_instances)
    expect(snapshots.map(({ created_at, updated_at }) => ({ created_at, updated_at }))).toContainEqual({
      created_at: null,
      updated_at: null
    })
    const groups = bodies(GROUP)
    expect(new Set(groups.map((group) => group.is_tombstone))).toEqual(new Set([true, false]))
    expect(new Set(groups.map((group) => group.source_type))).toEqual(new Set(SOURCE_TYPES))
    const rules = bodies(RULE)
    expect(new Set(rules.map((rule) => rule.rule_type))).toEqual(new Set(["ARTIFACT", "METADATA"]))
    expect(new Set(rules.flatMap((rule) => rule.editable_fields.map((f: any) => f.display_type)))).toEqual(
      new Set(["LIST", "SELECT"])
    )
    const listedRules = bodies(RULES).flatMap((page) => page.rules)
    expect(new Set(listedRules.map((rule) => rule.enabled_security_group_count === null))).toEqual(
      new Set([true, false])
    )

    const models = bodies(MODEL)
    expect(new Set(models.map((model) => model.latest_version_outcome))).toEqual(new Set([...OUTCOMES, null]))
    expect(models.map((model) => model.latest_version_hf_commit_sha)).toContainEqual(expect.any(String))
    const versions = bodies(MODEL_VERSION)
    expect(new Set(versions.map((version) => version.hf_organization === null))).toEqual(
      new Set([true, false])
    )
    expect(new Set(versions.map((version) => version.file_count === null))).toEqual(new Set([true, false]))
    expect(Math.max(...bodies(VERSION_FILES).map((page) => page.files.length))).toBeGreaterThan(0)

    const customRules = [...bodies(CUSTOM), ...bodies(CUSTOM_RULES).flatMap((page) => page.custom_rules)]
    expect(new Set(customRules.map((rule) => rule.rule_action))).toEqual(new Set(["FAIL", "PASS", null]))
    expect(new Set(customRules.map((rule) => rule.is_archived))).toEqual(new Set([true, false]))
    const results = bodies(ASSIGN).flatMap((reply) => reply.results)
    expect(new Set(results.map((result) => result.status))).toEqual(new Set(["created", "updated", "error"]))
    const tokens = [...bodies(RULE_VERSIONS), ...bodies(CUSTOM_VERSIONS), ...bodies(INSTANCE_VERSIONS)]
      .map((page) => page.pagination.next_token)
      .filter((token) => token !== null)
    expect(tokens.length).toBeGreaterThan(0)
    expect(tokens.filter((token) => !/[+/]/.test(token))).toEqual([])
  })
})
