// Loaded with `node --import` by the tests: reports the process's peak resident set size on exit.
process.on("exit", () => {
  process.stderr.write(`\nairs-ms-test maxRSS=${process.resourceUsage().maxRSS}\n`)
})
