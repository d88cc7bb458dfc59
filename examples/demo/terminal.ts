/** Terminal helpers of the walk-through: colour (TTY only, `NO_COLOR` respected), a live line, tables. */

/** Whether stdout is a terminal: live lines are rewritten in place only then. */
export const isTTY = process.stdout.isTTY === true

/** Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export const useColour = isTTY && (process.env.NO_COLOR ?? "") === ""

const paint =
  (open: number, close = 39) =>
  (text: string | number): string =>
    useColour ? `\u001b[${open}m${text}\u001b[${close}m` : String(text)

export const bold = paint(1, 22)
export const dim = paint(2, 22)
export const red = paint(31)
export const green = paint(32)
export const yellow = paint(33)
export const cyan = paint(36)

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g

/** Length as displayed, without colour codes. */
export const width = (text: string): number => text.replace(ANSI, "").length

/** A verdict in its colour. */
export const outcome = (value: string): string =>
  value === "BLOCKED"
    ? red(value)
    : value === "ALLOWED"
      ? green(value)
      : value === "ERROR"
        ? yellow(value)
        : dim(value)

/** A rule state in its colour. */
export const ruleState = (value: string): string =>
  value === "BLOCKING" ? red(value) : value === "ALLOWING" ? yellow(value) : dim(value)

/** `1234` as `1,234`. */
export const count = (n: number): string => n.toLocaleString("en-US")

/** `1 violation`, `2 violations`. */
export const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? "" : "s"}`

/** Prints lines on stdout. */
export const say = (...lines: ReadonlyArray<string>): void => {
  process.stdout.write(`${lines.join("\n")}\n`)
}

/** A section heading. */
export const heading = (n: number, title: string): void => say("", bold(`${cyan(`${n}.`)} ${title}`))

/**
 * A line that changes: on a terminal it is rewritten in place, elsewhere each `update` is printed only
 * when `everyLine` is set (one line per page, say), and `done` always prints the final text.
 */
export const liveLine = (options: { readonly everyLine: boolean }) => ({
  update: (text: string): void => {
    if (isTTY) process.stdout.write(`\r\u001b[2K${text}`)
    else if (options.everyLine) say(text)
  },
  done: (text: string): void => {
    if (isTTY) process.stdout.write(`\r\u001b[2K${text}\n`)
    else say(text)
  }
})

/** Braille spinner frames. */
export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const

/**
 * A table with a bold header, columns padded to their widest cell; `right` lists the columns to
 * right-align (numbers). Indented by two spaces.
 */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  right: ReadonlyArray<number> = []
): string => {
  const widths = header.map((title, column) =>
    Math.max(width(title), ...rows.map((row) => width(row[column] ?? "")))
  )
  const line = (cells: ReadonlyArray<string>) =>
    `  ${cells
      .map((cell, column) => {
        const pad = " ".repeat(widths[column]! - width(cell))
        return right.includes(column) ? pad + cell : cell + pad
      })
      .join("  ")
      .trimEnd()}`
  return [bold(line(header)), ...rows.map(line)].join("\n")
}
