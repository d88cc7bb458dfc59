/**
 * The pieces every command is built from: the root command (whose options the leaves read), the leaf
 * wrapper that connects to the API (or the fake) with the merged global options, the list options and
 * their handler (one page, or `--all` streamed), and bodies read from a JSON or YAML file or stdin.
 */
import { Command, HelpDoc, Options } from "@effect/cli"
import * as Span from "@effect/cli/HelpDoc/Span"
import * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type * as Terminal from "@effect/platform/Terminal"
import type { ModelSecurityServices } from "@effect-airs/model-security"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Types from "effect/Types"
import { connect } from "./config.js"
import { debugTracer } from "./debug.js"
import { type CliError, UsageError } from "./errors.js"
import {
  type DataFormat,
  type Format,
  type Globals,
  globalOptions,
  globalsOf,
  integer,
  isReportFormat,
  mergeGlobals
} from "./options.js"
import { type ListShape, progress, progressDone, Session, writeErr, writeStream, yaml } from "./output.js"
import { Stdio } from "./stdio.js"

/** What the commands use of the platform: the file system, paths and (to ask for values) the terminal. */
export type Platform = FileSystem.FileSystem | Path.Path | Terminal.Terminal

/** A command under the root (its name and parsed values are its own affair). */
export type Subcommand = Command.Command<any, Platform | Command.Command.Context<"airs-ms">, CliError, any>

/** `airs-ms` itself: the global options, read by every leaf. */
export const root = Command.make("airs-ms", globalOptions, () =>
  Effect.fail(new UsageError({ message: "a command is needed; see airs-ms --help" }))
)

/**
 * The output settings for the merged global options. A report format (`-o sarif|junit|markdown`) is
 * for the commands that write reports (`scan`), a usage error for the others.
 */
const sessionFor = (globals: Globals, fake: boolean, reports = false) =>
  Effect.flatMap(Stdio, (stdio) => {
    const format = Option.getOrElse(globals.output, (): Format => (stdio.stdoutIsTTY() ? "table" : "json"))
    const report = isReportFormat(format) ? format : undefined
    if (report !== undefined && !reports) {
      return Effect.fail(
        new UsageError({
          message: `--output: ${report} is a report of \`scan --wait\`; this command writes table, json, ndjson, csv or yaml`
        })
      )
    }
    return Effect.succeed(
      Session.of({
        format: report === undefined ? (format as DataFormat) : "json",
        report,
        progress: stdio.stderrIsTTY(),
        fake
      })
    )
  })

/** Reads the merged global options (the leaf's over the root's). */
const mergedGlobals = (values: Globals) =>
  Effect.map(root, (rootValues) => mergeGlobals(rootValues, globalsOf(values)))

const withDebug =
  (globals: Globals) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    globals.debug
      ? Effect.flatMap(Stdio, (stdio) => Effect.withTracer(effect, debugTracer(stdio.err)))
      : effect

type LeafConfig = Command.Command.Config
type Parsed<Config extends LeafConfig> = Types.Simplify<Command.Command.ParseConfig<Config>>

/**
 * A command that talks to the API: its own options and arguments plus the global ones; the handler
 * runs with every SDK service (real or fake, as the flags say) and the output settings. With
 * `reports: true` it also takes the report formats of `--output`.
 */
export const leaf = <Name extends string, const Config extends LeafConfig>(
  name: Name,
  config: Config,
  handler: (
    values: Parsed<Config>
  ) => Effect.Effect<void, CliError, ModelSecurityServices | Session | FileSystem.FileSystem | Path.Path>,
  options: { readonly reports?: boolean } = {}
) =>
  Command.make(name, { ...config, ...globalOptions }, (values) =>
    Effect.gen(function* () {
      const globals = yield* mergedGlobals(values as unknown as Globals)
      const target = yield* connect(globals)
      const session = yield* sessionFor(globals, target.fake, options.reports)
      yield* handler(values as unknown as Parsed<Config>).pipe(
        Effect.provide(target.layer),
        Effect.provideService(Session, session),
        withDebug(globals)
      )
    })
  )

/** A command that needs no API (configure): the handler gets the merged global options. */
export const local = <Name extends string, const Config extends LeafConfig, R>(
  name: Name,
  config: Config,
  handler: (values: Parsed<Config>, globals: Globals) => Effect.Effect<void, CliError, R | Session>
) =>
  Command.make(name, { ...config, ...globalOptions }, (values) =>
    Effect.gen(function* () {
      const globals = yield* mergedGlobals(values as unknown as Globals)
      const session = yield* sessionFor(globals, globals.fake)
      yield* handler(values as unknown as Parsed<Config>, globals).pipe(
        Effect.provideService(Session, session)
      )
    })
  )

/**
 * A command's description and one realistic example of it, which `--help` shows (the example on a line
 * of its own, also where a parent lists its subcommands).
 */
export const withHelp = (summary: string, example: string) =>
  Command.withDescription(HelpDoc.p(Span.spans([Span.text(summary), Span.text(`\n  Example: ${example}`)])))

/** A group of subcommands (`scans`, `groups`, …); alone, it asks for one of them. */
export const group = <
  Name extends string,
  const Subcommands extends readonly [
    Command.Command<any, any, any, any>,
    ...Array<Command.Command<any, any, any, any>>
  ]
>(
  name: Name,
  description: string,
  example: string,
  subcommands: Subcommands
) =>
  Command.make(name, {}, () =>
    Effect.fail(
      new UsageError({
        message: `${name}: a subcommand is needed; see airs-ms ${name} --help`
      })
    )
  ).pipe(withHelp(description, example), Command.withSubcommands(subcommands))

/** `--limit`, `--skip` and `--all` of an offset-paged list. */
export const pageOptions = {
  limit: integer("limit", 1, 100).pipe(
    Options.withDescription("Items on the page (1-100; the API's default when omitted)."),
    Options.optional
  ),
  skip: integer("skip", 0).pipe(Options.withDescription("Items to skip."), Options.optional),
  all: Options.boolean("all").pipe(
    Options.withDescription("Every page, streamed (constant memory; NDJSON suits large lists).")
  )
}

/** `--limit`, `--next-token` and `--all` of a cursor-paged list (snapshot versions). */
export const cursorOptions = {
  limit: integer("limit", 1, 100).pipe(
    Options.withDescription("Versions on the page (1-100)."),
    Options.optional
  ),
  nextToken: Options.text("next-token").pipe(
    Options.withDescription("The pagination.next_token of the previous page."),
    Options.optional
  ),
  all: Options.boolean("all").pipe(Options.withDescription("Every page, following the cursor."))
}

/** Keeps the defined values of a record (the API's query must not carry `undefined`). */
export const defined = <A extends Record<string, unknown>>(
  record: A
): { [K in keyof A]: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as never

/** An optional option's value or `undefined`. */
export const opt = Option.getOrUndefined

/** A repeatable option's values, or `undefined` when none were given. */
export const many = <A>(values: ReadonlyArray<A>): ReadonlyArray<A> | undefined =>
  values.length === 0 ? undefined : values

/** What an offset-paged list needs: one page, and the stream of every item. */
export interface OffsetList<A> extends ListShape {
  /** One page, its items and (when the API says) the total. */
  readonly page: (paging: {
    readonly skip?: number
    readonly limit?: number
  }) => Effect.Effect<
    { readonly items: ReadonlyArray<A>; readonly total?: number | null | undefined },
    CliError,
    ModelSecurityServices
  >
  /** Every item, page by page. */
  readonly stream: Stream.Stream<A, CliError, ModelSecurityServices>
}

/** Shows "page n/N (items of total)" on stderr as the chunks (pages) of a stream go by. */
const withProgress = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  noun: string,
  total: number | undefined,
  pageSize: number
): Stream.Stream<A, E, R | Session> => {
  let pages = 0
  let items = 0
  const pagesTotal = total === undefined ? undefined : Math.max(1, Math.ceil(total / pageSize))
  return Stream.mapChunksEffect(stream, (chunk) => {
    pages += 1
    items += chunk.length
    return Effect.as(
      progress(
        `page ${pages}${pagesTotal === undefined ? "" : `/${pagesTotal}`}: ${items}${
          total === undefined ? "" : ` of ${total}`
        } ${noun}`
      ),
      chunk
    )
  })
}

/** The items of a list: one page (`--limit`, `--skip`), or with `--all` every page, streamed. */
export const runList = <A>(
  list: OffsetList<A>,
  paging: {
    readonly all: boolean
    readonly limit: Option.Option<number>
    readonly skip: Option.Option<number>
  }
): Effect.Effect<void, CliError, ModelSecurityServices | Session> =>
  Effect.gen(function* () {
    const session = yield* Session
    if (paging.all) {
      if (Option.isSome(paging.skip)) return yield* new UsageError({ message: "--skip: not with --all" })
      const total = session.progress ? (yield* list.page({ limit: 1 })).total : undefined
      yield* writeStream(withProgress(list.stream, list.noun, total ?? undefined, 100), session.format, list)
      return yield* progressDone
    }
    const page = yield* list.page(defined({ skip: opt(paging.skip), limit: opt(paging.limit) }))
    yield* writeStream(Stream.fromIterable(page.items), session.format, list)
    const skip = Option.getOrElse(paging.skip, () => 0)
    if (session.progress && typeof page.total === "number" && skip + page.items.length < page.total) {
      yield* writeErr(
        `(${skip + 1}-${skip + page.items.length} of ${page.total} ${list.noun}: --all for every page, --skip to page)`
      )
    }
  })

/** A cursor-paged list: one page (with its `next_token` on stderr) or `--all`. */
export const runCursorList = <A>(
  list: ListShape & {
    readonly page: (paging: {
      readonly limit?: number
      readonly next_token?: string
    }) => Effect.Effect<
      { readonly items: ReadonlyArray<A>; readonly nextToken?: string | null | undefined },
      CliError,
      ModelSecurityServices
    >
    readonly stream: Stream.Stream<A, CliError, ModelSecurityServices>
  },
  paging: {
    readonly all: boolean
    readonly limit: Option.Option<number>
    readonly nextToken: Option.Option<string>
  }
): Effect.Effect<void, CliError, ModelSecurityServices | Session> =>
  Effect.gen(function* () {
    const session = yield* Session
    if (paging.all) {
      yield* writeStream(withProgress(list.stream, list.noun, undefined, 100), session.format, list)
      return yield* progressDone
    }
    const page = yield* list.page(defined({ limit: opt(paging.limit), next_token: opt(paging.nextToken) }))
    yield* writeStream(Stream.fromIterable(page.items), session.format, list)
    if (typeof page.nextToken === "string") yield* writeErr(`next page: --next-token '${page.nextToken}'`)
  })

/** `--file PATH` (`-` for stdin): a JSON or YAML body. */
export const fileOption = (description: string) =>
  Options.text("file").pipe(
    Options.withAlias("f"),
    Options.withPseudoName("path|-"),
    Options.withDescription(description),
    Options.optional
  )

const readStdin = Effect.flatMap(Stdio, (stdio) =>
  Effect.mapError(stdio.readStdin, (e) => new UsageError({ message: `cannot read stdin: ${e.message}` }))
)

/** The JSON or YAML document in a file (or stdin for `-`), for the flag named `flag`. */
export const readDocument = (
  flag: string,
  path: string
): Effect.Effect<unknown, UsageError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const text =
      path === "-"
        ? yield* readStdin
        : yield* Effect.mapError(
            fs.readFileString(path),
            (e) => new UsageError({ message: `--${flag}: cannot read ${path}: ${e.message}` })
          )
    const where = path === "-" ? "stdin" : path
    const YAML = yield* yaml
    return yield* Effect.try({
      try: () => YAML.parse(text) as unknown, // YAML 1.2 is a superset of JSON
      catch: (e) =>
        new UsageError({
          message: `--${flag}: ${where} is neither JSON nor YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`
        })
    }).pipe(
      Effect.filterOrFail(
        (doc): doc is Record<string, unknown> =>
          typeof doc === "object" && doc !== null && !Array.isArray(doc),
        () => new UsageError({ message: `--${flag}: ${where} must hold an object` })
      )
    )
  })

/** The body from `--file` (if any) with the flags' fields over it. */
export const bodyOf = (
  file: Option.Option<string>,
  fields: Record<string, unknown>
): Effect.Effect<Record<string, unknown>, UsageError, FileSystem.FileSystem | Path.Path> =>
  Effect.map(
    Option.match(file, {
      onNone: () => Effect.succeed({} as Record<string, unknown>),
      onSome: (path) =>
        readDocument("file", path) as Effect.Effect<
          Record<string, unknown>,
          UsageError,
          FileSystem.FileSystem | Path.Path
        >
    }),
    (fromFile) => ({ ...fromFile, ...defined(fields) })
  )
