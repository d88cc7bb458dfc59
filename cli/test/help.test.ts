/**
 * `--help` of every command, run in process: the commands are found in the root's own help, each shows one
 * example of itself, and no integer or choice option is described as "A user-defined piece of text".
 */
import { describe, expect, it } from "vitest"
import { declaredValues } from "../src/options.js"
import { runInProcess } from "./support.js"

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "")

/** The commands the root's help lists (`scans list`, `scan`, …), with the root itself as `[]`. */
const listedCommands = (rootHelp: string): Array<ReadonlyArray<string>> => {
  const listing = rootHelp.slice(rootHelp.indexOf("\nCOMMANDS\n"))
  // `  - scans`, `  - scans list [--limit integer] …`, `  - scan <model-uri> …`: the words before the usage.
  return [[], ...[...listing.matchAll(/^ {2}- ([a-z-]+(?: [a-z-]+)?)(?= |$)/gm)].map((m) => m[1]!.split(" "))]
}

interface OptionHelp {
  /** The option's long name, as `--help` heads its paragraph (`--limit`). */
  readonly flag: string
  /** The heading, e.g. `--limit integer` or `(-o, --output table | json | …)`. */
  readonly heading: string
  /** The first line under the heading: what @effect/cli says the option takes. */
  readonly takes: string
}

/** The OPTIONS section of a command's help, option by option. */
const optionsOf = (help: string): Array<OptionHelp> => {
  const section = help.slice(help.indexOf("\nOPTIONS\n") + "\nOPTIONS\n".length)
  const blocks = section.split(/\n\n(?=\(?-)/)
  return blocks.flatMap((block) => {
    const [heading = "", ...rest] = block.trim().split("\n")
    const flag = /--[a-z-]+/.exec(heading)?.[0]
    const takes = rest.find((line) => line.trim() !== "")?.trim() ?? ""
    return flag === undefined ? [] : [{ flag, heading, takes }]
  })
}

describe("--help of every command", { timeout: 60_000 }, () => {
  it("each shows an example of itself, and names what its integer and choice options take", async () => {
    const root = await runInProcess(["--help"])
    expect(root.code).toBe(0)
    const commands = listedCommands(plain(root.stdout))
    // The root, the 10 top-level commands and every subcommand of the groups.
    expect(commands.length).toBeGreaterThan(40)
    expect(commands).toContainEqual(["scans", "list"])
    expect(commands).toContainEqual(["pypi-auth"])

    const helps = await Promise.all(
      commands.map(async (path) => ({ path, result: await runInProcess([...path, "--help"]) }))
    )
    // Every integer and choice option of every command, as the option constructors declared them.
    const declared = declaredValues()
    expect(declared.get("--limit")).toBe("an integer from 1 to 100")
    expect(declared.get("--output")).toBe("one of table, json, ndjson, csv, yaml, sarif, junit, markdown")

    const withoutExample: Array<string> = []
    const describedAsText: Array<string> = []
    const choiceOrIntegerSeen = new Set<string>()
    for (const { path, result } of helps) {
      const name = ["airs-ms", ...path].join(" ")
      expect(result.code, name).toBe(0)
      const help = plain(result.stdout)
      const example = /^ {2}Example: (airs-ms .*)$/m.exec(help.slice(help.indexOf("\nDESCRIPTION\n")))?.[1]
      // An example of this very command (the root's is any command line, here with --fake).
      if (example === undefined || !`${example} `.replace(" --fake", "").startsWith(`${name} `))
        withoutExample.push(name)
      for (const option of optionsOf(help)) {
        if (declared.has(option.flag)) choiceOrIntegerSeen.add(option.flag)
        // A declared integer or choice, or an option whose heading lists values (`a | b`), must say what
        // it takes: "An integer." or "One of the following: …".
        const integerOrChoice = declared.has(option.flag) || option.heading.includes(" | ")
        if (integerOrChoice && !/^(An integer\.|One of the following: )/.test(option.takes))
          describedAsText.push(`${name} ${option.flag}: ${option.takes}`)
      }
    }
    expect(withoutExample).toEqual([])
    expect(describedAsText).toEqual([])
    // Every declared integer and choice option was seen in some command's help.
    expect([...choiceOrIntegerSeen].sort()).toEqual([...declared.keys()].sort())
  })
})
