/**
 * Calling an operation of the table: its path parameters, query and body checked with the operation's
 * Schemas (a `PayloadError` naming every broken rule, and nothing sent), then one request through the
 * transport, in a span named after the operation.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Schema from "effect/Schema"
import { type CallError, PayloadError } from "../errors/index.js"
import { validator } from "./input.js"
import type { OperationName, Operations } from "./operations.js"
import type { Transport } from "./transport.js"

/** An operation of the table. */
export type AnyOperation = (typeof Operations)[OperationName]

/** What an operation answers. */
export type Success<Op extends AnyOperation> = Schema.Schema.Type<Op["response"]>

/** What a caller passes to an operation, before it is checked. */
export interface OperationInput {
  readonly path?: Readonly<Record<string, unknown>>
  readonly query?: unknown
  readonly body?: unknown
}

/** An operation's input once checked: ready to send as it is. */
export interface Checked {
  readonly path: Readonly<Record<string, string>> | undefined
  readonly query: Readonly<Record<string, unknown>> | undefined
  readonly body: unknown
}

type Validate = (input: unknown) => Either.Either<any, PayloadError>

const validators = new WeakMap<object, Validate>()
const validatorOf = (schema: Schema.Schema.Any): Validate => {
  let validate = validators.get(schema)
  if (validate === undefined) {
    validate = validator(schema as Schema.Schema<unknown, unknown>)
    validators.set(schema, validate)
  }
  return validate
}

/** Checks path parameters, query and body, reporting the issues of all three in one `PayloadError`. */
export const check = (op: AnyOperation, input: OperationInput): Either.Either<Checked, PayloadError> => {
  const path = "pathParams" in op ? validatorOf(op.pathParams)(input.path ?? {}) : undefined
  const query = "query" in op ? validatorOf(op.query)(input.query ?? {}) : undefined
  const body = "body" in op ? validatorOf(op.body)(input.body) : undefined
  if (
    (path !== undefined && Either.isLeft(path)) ||
    (query !== undefined && Either.isLeft(query)) ||
    (body !== undefined && Either.isLeft(body))
  ) {
    const issues = [path, query, body].flatMap((part) =>
      part !== undefined && Either.isLeft(part) ? part.left.issues : []
    )
    return Either.left(PayloadError.of(issues))
  }
  return Either.right({
    path: path === undefined ? undefined : (path as Either.Right<PayloadError, Checked["path"]>).right,
    query: query === undefined ? undefined : (query as Either.Right<PayloadError, Checked["query"]>).right,
    body: body === undefined ? undefined : (body as Either.Right<PayloadError, unknown>).right
  })
}

/** Sends a checked input. */
export const send = <Op extends AnyOperation>(
  http: Transport["Type"],
  op: Op,
  checked: Checked,
  arrived?: Effect.Effect<void>
): Effect.Effect<Success<Op>, CallError> =>
  http[op.plane].call(op.method, op.path, {
    span: op.name,
    path: checked.path,
    query: checked.query as Record<string, never> | undefined,
    body: checked.body,
    response: op.response as unknown as Schema.Schema<Success<Op>, unknown>,
    arrived
  })

/** Checks the input, then sends it. */
export const call = <Op extends AnyOperation>(
  http: Transport["Type"],
  op: Op,
  input: OperationInput = {}
): Effect.Effect<Success<Op>, PayloadError | CallError> => {
  const checked = check(op, input)
  return Either.isLeft(checked) ? Effect.fail(checked.left) : send(http, op, checked.right)
}
