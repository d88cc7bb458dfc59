/**
 * `airs-ms` as one self-contained package: the bin bundled with what it uses of its dependencies (the
 * SDK from `src`, `effect`, `@effect/cli`, `@effect/platform(-node)`, `yaml`, undici), tree-shaken and
 * minified, so that installing it fetches nothing else. What a command line does not need stays in files
 * of their own, loaded when needed: the command modules and the SDK, undici (only for the API), the fake
 * (only with `--fake`), `yaml` (only for YAML). The licenses of the bundled packages are written to
 * `THIRD_PARTY_LICENSES.md`. Run from `cli/` (`npm run build -w cli`).
 */
import { isBuiltin } from "node:module"
import { defineConfig, type Options } from "tsup"
import { thirdPartyLicenses } from "../scripts/third-party-licenses.js"

/**
 * `@effect/cli` reads option values from files (`Options.file…`) with parsers for YAML, TOML and INI,
 * which airs-ms never uses: they are left out of the bundle, and such a parser fails if ever called.
 */
const withoutOptionFileParsers: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "without-option-file-parsers",
  setup: (build) => {
    build.onResolve({ filter: /^(ini|toml|yaml)$/ }, (args) =>
      /[\\/]@effect[\\/]cli[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "unused-parser" }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: "unused-parser" }, (args) => ({
      contents: `export const parse = () => { throw new Error("airs-ms reads no ${args.path} option files") }`,
      loader: "js"
    }))
  }
}

/**
 * The SDK's node layer takes undici's dispatchers from `@effect/platform-node/Undici`, the whole of
 * undici; the bin bundles the dispatchers alone, as the Promise entry does (`src/compat/undici-agent.ts`).
 */
const undiciDispatchersOnly: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "undici-dispatchers-only",
  setup: (build) => {
    build.onResolve({ filter: /^@effect\/platform-node\/Undici$/ }, () => ({
      path: "undici-dispatchers",
      namespace: "undici-dispatchers"
    }))
    build.onLoad({ filter: /.*/, namespace: "undici-dispatchers" }, () => ({
      contents: [
        'import connect from "undici/lib/api/api-connect.js"',
        'import Agent from "undici/lib/dispatcher/agent.js"',
        'import Dispatcher from "undici/lib/dispatcher/dispatcher.js"',
        'import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js"',
        'import Pool from "undici/lib/dispatcher/pool.js"',
        'import ProxyAgent from "undici/lib/dispatcher/proxy-agent.js"',
        "// undici's own entry gives every dispatcher `connect` (how a ProxyAgent opens its tunnel).",
        "Dispatcher.prototype.connect ??= connect",
        "export { Agent, EnvHttpProxyAgent, Pool, ProxyAgent }"
      ].join("\n"),
      loader: "js",
      resolveDir: process.cwd()
    }))
  }
}

/**
 * The fake serves HTTP (`FakeAirs.listen`) through `@effect/platform-node/NodeHttpServer` (with `ws` and
 * `mime`); `--fake` answers in process and never listens, so that server is left out.
 */
const withoutFakeServer: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "without-fake-server",
  setup: (build) => {
    build.onResolve({ filter: /^@effect\/platform-node\/NodeHttpServer$/ }, (args) =>
      /[\\/]src[\\/]testing[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "unused-server" }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: "unused-server" }, () => ({
      contents: 'export const make = () => { throw new Error("airs-ms serves no fake over HTTP") }',
      loader: "js"
    }))
  }
}

/**
 * The build fails if its output still imports or requires anything but Node's own modules. (undici
 * detects `node:sqlite`, a module of newer Nodes that esbuild names without its prefix.)
 */
const selfContained: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "self-contained",
  setup: (build) => {
    build.initialOptions.metafile = true
    build.onEnd((result) => {
      const outside = Object.entries(result.metafile?.outputs ?? {}).flatMap(([output, { imports }]) =>
        imports
          .filter((i) => i.external && !isBuiltin(i.path) && i.path !== "sqlite" && !i.path.startsWith("./"))
          .map((i) => `${output} imports ${i.path}`)
      )
      if (outside.length > 0) throw new Error(`the bin is not self-contained:\n${outside.join("\n")}`)
    })
  }
}

export default defineConfig({
  entry: { bin: "src/bin.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  splitting: true,
  minify: true,
  // Everything is bundled: the package has no runtime dependencies.
  noExternal: [/./],
  // The CommonJS packages bundled (undici, yaml) `require` Node's built-in modules.
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  esbuildPlugins: [
    withoutOptionFileParsers,
    withoutFakeServer,
    undiciDispatchersOnly,
    selfContained,
    thirdPartyLicenses({
      out: "THIRD_PARTY_LICENSES.md",
      intro:
        "`airs-ms` (`dist/`) bundles parts of the packages below; their licenses follow. The Model Security SDK it is built on is MIT-licensed, as this package is."
    })
  ]
})
