/** The steps of the walk-through, each an Effect over the SDK's services. */
import { ClientError, Condition, ModelSecurity, type ScanBaseResponse } from "@effect-airs/model-security"
import { Duration, Effect, Fiber, Option, Schedule, Stream } from "effect"
import type { Target } from "../target.js"
import {
  bold,
  count,
  cyan,
  dim,
  green,
  heading,
  isTTY,
  liveLine,
  outcome,
  plural,
  red,
  ruleState,
  SPINNER,
  say,
  table
} from "./terminal.js"

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`

/** 1. The rule catalogue as a table, then a new Hugging Face security group (when writes are allowed). */
export const rulesAndGroup = (target: Target) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    heading(1, "Security rules and a security group")

    const rules = yield* Stream.runCollect(airs.securityRules.stream())
    say(`  ${plural(rules.length, "security rule")} in the catalogue:`)
    say(
      table(
        ["RULE", "TYPE", "DEFAULT STATE", "SOURCES"],
        [...rules].map((rule) => [
          rule.name,
          rule.rule_type,
          ruleState(rule.default_state),
          rule.compatible_sources.length >= 7 ? "all" : rule.compatible_sources.join(", ")
        ])
      )
    )

    if (!target.writable) {
      const groups = yield* airs.securityGroups.list({ source_types: ["HUGGING_FACE"], limit: 5 })
      say("", `  ${dim("read-only: not creating a security group; existing Hugging Face groups:")}`)
      for (const group of groups.security_groups) say(`    ${group.name} ${dim(group.uuid)}`)
      return Option.none<string>()
    }

    const group = yield* airs.securityGroups.create({
      name: `sdk-walkthrough-${new Date().toISOString().replace(/[:.]/g, "-")}`,
      description: "Created by the @effect-airs/model-security walk-through",
      source_type: "HUGGING_FACE"
    })
    const instances = yield* Stream.runCollect(airs.securityGroups.streamRuleInstances(group.uuid))
    const states = new Map<string, number>()
    for (const instance of instances) states.set(instance.state, (states.get(instance.state) ?? 0) + 1)
    say(
      "",
      `  Created security group ${bold(group.name)} ${dim(group.uuid)}`,
      `  source ${group.source_type}, ${instances.length} rule instances: ${[...states]
        .map(([state, n]) => `${n} ${ruleState(state)}`)
        .join(", ")}`
    )
    return Option.some(group.uuid)
  })

/** 2. Starts a scan of `modelUri` against the group. */
export const startScan = (modelUri: string, groupUuid: string) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    heading(2, "Scan a Hugging Face model")
    const scan = yield* airs.scans.create({
      model_uri: modelUri,
      security_group_uuid: groupUuid,
      labels: { origin: "walkthrough" }
    })
    say(`  ${modelUri}`, `  scan ${dim(scan.uuid)} created: ${outcome(scan.eval_outcome)}`)
    return scan
  })

/**
 * 3. Waits for the verdict, watching the scan (one GET per interval): a spinner on a terminal,
 * a dot per poll elsewhere.
 */
export const waitForVerdict = (target: Target, scanUuid: string) =>
  Effect.suspend(() => {
    heading(3, "Wait for the verdict")
    return watchVerdict(target, scanUuid)
  })

/** Polls a scan until its verdict, showing the progress (see `waitForVerdict`). */
const watchVerdict = (target: Target, scanUuid: string) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    const started = Date.now()
    let polls = 0
    let state = "PENDING"
    const line = liveLine({ everyLine: false })
    const render = (frame: number) =>
      line.update(
        `  ${cyan(SPINNER[frame % SPINNER.length]!)} ${outcome(state)}  poll ${polls}  ${seconds(started)}`
      )
    const spinner = isTTY
      ? yield* Effect.fork(
          Effect.repeat(
            Effect.sync(() => render(Math.floor((Date.now() - started) / 80))),
            Schedule.spaced("80 millis")
          )
        )
      : undefined
    if (!isTTY) process.stdout.write("  polling ")

    const timeout = target.poll.timeout ?? "15 minutes"
    const final = yield* airs.scans.watch(scanUuid, target.poll).pipe(
      Stream.tap((scan) =>
        Effect.sync(() => {
          polls += 1
          state = scan.eval_outcome
          if (!isTTY) process.stdout.write(".")
        })
      ),
      Stream.runLast,
      Effect.map(Option.getOrThrow),
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new ClientError({
            message: `still PENDING after ${Duration.format(Duration.decode(timeout))}`,
            reason: "Timeout"
          })
      }),
      Effect.ensuring(spinner === undefined ? Effect.void : Fiber.interrupt(spinner))
    )
    if (!isTTY) process.stdout.write("\n")
    const mark = final.eval_outcome === "BLOCKED" ? red("✗") : green("✔")
    line.done(`  ${mark} ${outcome(final.eval_outcome)} after ${plural(polls, "poll")} (${seconds(started)})`)
    return final
  })

/** 4. The verdict and, for a blocked scan, its violations and failed evaluations. */
export const showOutcome = (scan: ScanBaseResponse) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    heading(4, "Outcome")
    const summary = scan.eval_summary
    say(
      `  ${scan.model_uri}: ${bold(outcome(scan.eval_outcome))}${
        summary?.total_rules == null
          ? ""
          : ` — ${summary.rules_failed ?? 0} of ${summary.total_rules} rules failed`
      }`
    )
    if (scan.eval_outcome === "ERROR") say(`  ${scan.error_code ?? "error"}: ${scan.error_message ?? ""}`)
    if (scan.eval_outcome !== "BLOCKED") return

    const violations = yield* Stream.runCollect(airs.scans.streamViolations(scan.uuid))
    say("", `  ${plural(violations.length, "violation")}:`)
    say(
      table(
        ["RULE", "FILE", "THREAT"],
        [...violations].map((v) => [red(v.rule_name), v.file ?? "-", v.threat ?? "-"])
      )
    )
    const described = new Set<string>()
    for (const v of violations) {
      const text = `${v.threat ?? v.rule_name}: ${v.threat_description ?? v.description}`
      if (!described.has(text)) say(`  ${dim(text)}`)
      described.add(text)
    }

    const failed = yield* Stream.runCollect(airs.scans.streamEvaluations(scan.uuid, { result: "FAILED" }))
    say("", `  ${plural(failed.length, "failed evaluation")}:`)
    say(
      table(
        ["RULE", "STATE", "VIOLATIONS"],
        [...failed].map((e) => [e.rule_name, ruleState(e.rule_instance_state), String(e.violation_count)]),
        [2]
      )
    )
  })

/** 5. Adds, replaces and deletes labels, showing them after each step. */
export const labels = (target: Target, scanUuid: string) =>
  Effect.gen(function* () {
    const { scans } = yield* ModelSecurity
    heading(5, "Labels")
    if (!target.writable) return say(`  ${dim("read-only: not changing labels")}`)
    const show = (what: string) =>
      Effect.map(scans.get(scanUuid), (scan) => {
        const text = (scan.labels ?? []).map((l) => `${l.key}=${green(l.value)}`).join(" ")
        say(`  ${what.padEnd(42)} → ${text === "" ? dim("(none)") : text}`)
      })
    yield* show("as created")
    yield* scans.addLabels(scanUuid, { labels: { team: "ml-platform", env: "staging" } })
    yield* show("add team=ml-platform env=staging")
    yield* scans.setLabels(scanUuid, {
      labels: [
        { key: "env", value: "production" },
        { key: "ticket", value: "SEC-42" }
      ]
    })
    yield* show("replace with env=production ticket=SEC-42")
    yield* scans.deleteLabels(scanUuid, ["ticket"])
    yield* show("delete ticket")
  })

/** 6. Every scan, page by page with `concurrency` pages in flight, then a summary by outcome and source. */
export const streamEverything = (options: { readonly pageSize: number; readonly concurrency: number }) =>
  Effect.gen(function* () {
    const { scans } = yield* ModelSecurity
    heading(6, `Stream every scan (${options.pageSize} per page, ${options.concurrency} pages in flight)`)
    const first = yield* scans.list({ limit: 1 })
    const total = first.pagination.total_items ?? undefined
    const pages = total === undefined ? "?" : String(Math.max(1, Math.ceil(total / options.pageSize)))

    const started = Date.now()
    const bySource = new Map<string, Map<string, number>>()
    const outcomes = new Set<string>(["ALLOWED", "BLOCKED", "ERROR"])
    let seen = 0
    let page = 0
    const line = liveLine({ everyLine: true })
    yield* scans.stream({}, options).pipe(
      Stream.grouped(options.pageSize),
      Stream.runForEach((chunk) =>
        Effect.sync(() => {
          page += 1
          for (const scan of chunk) {
            const row = bySource.get(scan.source_type) ?? new Map<string, number>()
            row.set(scan.eval_outcome, (row.get(scan.eval_outcome) ?? 0) + 1)
            bySource.set(scan.source_type, row)
            outcomes.add(scan.eval_outcome)
            seen += 1
          }
          line.update(
            `  page ${String(page).padStart(pages.length)}/${pages}  ${count(seen)}${
              total === undefined ? "" : ` / ${count(total)}`
            } scans  ${seconds(started)}`
          )
        })
      )
    )
    line.done(`  ${green("✔")} ${plural(seen, "scan")} in ${plural(page, "page")}, ${seconds(started)}`)

    const columns = [...outcomes]
    const sum = (row: Map<string, number>) => [...row.values()].reduce((a, b) => a + b, 0)
    const sources = [...bySource].sort(([, a], [, b]) => sum(b) - sum(a))
    const totals = new Map(columns.map((o) => [o, sources.reduce((n, [, row]) => n + (row.get(o) ?? 0), 0)]))
    say(
      "",
      table(
        ["SOURCE TYPE", ...columns.map(outcome), "TOTAL"],
        [
          ...sources.map(([source, row]) => [
            source,
            ...columns.map((o) => count(row.get(o) ?? 0)),
            count(sum(row))
          ]),
          [bold("TOTAL"), ...columns.map((o) => bold(count(totals.get(o) ?? 0))), bold(count(seen))]
        ],
        columns.map((_, i) => i + 1).concat(columns.length + 1)
      )
    )
  })

/** Read-only stand-in for steps 2 and 3: the latest blocked scan (else the latest scan). */
export const latestScan = Effect.gen(function* () {
  const { scans } = yield* ModelSecurity
  heading(2, "The latest blocked scan")
  say(`  ${dim("read-only: not starting a scan")}`)
  const blocked = yield* scans.list({ eval_outcomes: ["BLOCKED"], limit: 1 })
  const scan = blocked.scans[0] ?? (yield* scans.list({ limit: 1 })).scans[0]
  if (scan === undefined) say(`  ${dim("no scans yet")}`)
  else say(`  ${scan.model_uri}`, `  scan ${dim(scan.uuid)} of ${scan.created_at}`)
  heading(3, "Wait for the verdict")
  say(`  ${dim("read-only: nothing to wait for")}`)
  return Option.fromNullable(scan)
})

/** The custom rule of step 7: the rule passes when the model carries an `owner` label, and fails when not. */
const OWNER_RULE = {
  name: "Models must carry an owner label",
  description: "Created by the @effect-airs/model-security walk-through",
  compatible_sources: ["ALL"],
  condition: Condition.label("owner", "exists"),
  rule_action: "PASS",
  violation_message: "The model has no owner label",
  remediation_message: "Add an owner label naming the team that owns the model, then scan it again"
} as const

/**
 * 7. A custom rule ("models must carry an owner label"), assigned BLOCKING to the group, blocks a scan
 * of a model without that label: its evaluation (origin CUSTOM) and violation, with the rule's messages.
 */
export const customRule = (target: Target, groupUuid: string, modelUri: string) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    heading(7, "A custom rule: models must carry an owner label")
    const rule = yield* airs.customRules.create(OWNER_RULE)
    say(
      `  Created custom rule ${bold(rule.name)} ${dim(rule.uuid)}`,
      `  condition ${JSON.stringify(OWNER_RULE.condition)}, action ${rule.rule_action}: it fails when a model has no owner label`
    )
    // Each item of a batch assignment answers for itself: created, updated, or an error as data.
    const { results } = yield* airs.customRules.assignSecurityGroups(rule.uuid, {
      assignments: [{ security_group_uuid: groupUuid, state: "BLOCKING" }]
    })
    for (const result of results) {
      say(
        `  Assigned ${ruleState("BLOCKING")} to the security group: ${
          result.status === "error" ? red(`error: ${result.error ?? "unknown"}`) : result.status
        }`
      )
    }

    const scan = yield* airs.scans.create({
      model_uri: modelUri,
      security_group_uuid: groupUuid,
      labels: { origin: "walkthrough" }
    })
    say(
      "",
      `  ${modelUri} ${dim("(labels: origin=walkthrough, no owner)")}`,
      `  scan ${dim(scan.uuid)} created: ${outcome(scan.eval_outcome)}`
    )
    const final = yield* watchVerdict(target, scan.uuid)

    const failed = yield* Stream.runCollect(airs.scans.streamEvaluations(final.uuid, { result: "FAILED" }))
    say("", `  ${plural(failed.length, "failed evaluation")}:`)
    say(
      table(
        ["RULE", "ORIGIN", "STATE", "VIOLATIONS"],
        [...failed].map((e) => [
          e.rule_name,
          e.rule_origin ?? "-",
          ruleState(e.rule_instance_state),
          String(e.violation_count)
        ]),
        [3]
      )
    )
    const violations = yield* Stream.runCollect(airs.scans.streamViolations(final.uuid))
    for (const v of violations) {
      if (v.rule_origin !== "CUSTOM") continue
      say(
        "",
        `  ${red("✗")} ${bold(v.rule_name)} (origin ${v.rule_origin}, ${ruleState(v.rule_instance_state)})`,
        `    violation:   ${v.description}`,
        `    remediation: ${v.remediation?.steps?.join(" ") ?? "-"}`
      )
    }
    return { scan: final, rule: rule.uuid }
  })

/** Read-only stand-in for step 7: the tenant's custom rules. */
export const listCustomRules = Effect.gen(function* () {
  const airs = yield* ModelSecurity
  heading(7, "Custom rules")
  say(`  ${dim("read-only: not creating a custom rule")}`)
  const rules = yield* Stream.runCollect(airs.customRules.stream())
  say(`  ${plural(rules.length, "custom rule")}:`)
  if (rules.length > 0) {
    say(
      table(
        ["RULE", "ACTION", "SOURCES", "GROUPS"],
        [...rules].map((rule) => [
          rule.name,
          rule.rule_action ?? "-",
          rule.compatible_sources.join(", "),
          String(rule.enabled_security_group_count ?? "-")
        ]),
        [3]
      )
    )
  }
})

/** 8. The model a scan was of (`Models`): its latest version's outcome and its newest versions. */
export const showModel = (scan: ScanBaseResponse) =>
  Effect.gen(function* () {
    const { models } = yield* ModelSecurity
    heading(8, "The model and its versions")
    if (scan.model_version_uuid == null)
      return say(`  ${dim("the scan read no model files: no model version")}`)
    const version = yield* models.getVersion(scan.model_version_uuid)
    const model = yield* models.get(version.model_uuid)
    say(
      `  ${bold(model.name)} ${dim(model.uuid)}`,
      `  latest version ${model.latest_version_revision ?? "-"}: ${outcome(model.latest_version_outcome ?? "none")}, scanned ${
        model.latest_version_scan_time ?? "-"
      }`
    )
    const newest = yield* models.listVersions(model.uuid, { sort_order: "desc", limit: 5 })
    const total = newest.pagination.total_items ?? newest.model_versions.length
    say(
      "",
      `  ${plural(total, "version")}${total > newest.model_versions.length ? `, the newest ${newest.model_versions.length}` : ""}:`
    )
    say(
      table(
        ["REVISION", "FORMATS", "FILES", "LAST OUTCOME", "LATEST SCAN"],
        newest.model_versions.map((v) => [
          v.revision,
          (v.model_formats ?? []).join(", ") || "-",
          String(v.file_count ?? "-"),
          outcome(v.last_eval_outcome ?? "-"),
          v.latest_scan_time ?? "-"
        ]),
        [2]
      )
    )
  })

/** Live with writes: the custom rule is archived and the group the walk-through created is deleted again. */
export const cleanUp = (groupUuid: string, customRuleUuid: Option.Option<string>) =>
  Effect.gen(function* () {
    const airs = yield* ModelSecurity
    say("")
    if (Option.isSome(customRuleUuid)) {
      yield* airs.customRules.archive(customRuleUuid.value)
      say(`  ${dim(`archived custom rule ${customRuleUuid.value}`)}`)
    }
    yield* airs.securityGroups.delete(groupUuid)
    say(`  ${dim(`deleted security group ${groupUuid}`)}`)
  })
