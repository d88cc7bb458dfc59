#!/usr/bin/env node
import pkg from "../package.json" with { type: "json" }

// `airs-ms --version` needs nothing but the version: it is answered before the command parser loads.
if (process.argv.length === 3 && process.argv[2] === "--version") process.stdout.write(`${pkg.version}\n`)
else (await import("./main.js")).main()
