/**
 * The Promise entry (`./compat`), self-contained: what it uses of `effect` and `@effect/platform` is
 * bundled into it, tree-shaken and minified, so that a Promise user installs this package alone. undici's
 * dispatchers (`Agent`, `ProxyAgent`, `EnvHttpProxyAgent`) are bundled apart (`undici-agent.cjs`,
 * required in Node with the client's first call), so that importing the entry does not pay for them, and
 * runtimes other than Node never load them; that bundle takes no `effect`, only plain data from the entry.
 * The licenses of both bundles' packages are written to `THIRD_PARTY_LICENSES.md`.
 */
import { defineConfig, type Options } from "tsup"
import { thirdPartyLicenses } from "./scripts/third-party-licenses.js"

/** Both bundles' packages, with their licenses, in one file. */
const licenses = thirdPartyLicenses({
  out: "THIRD_PARTY_LICENSES.md",
  intro:
    "The Promise entry (`dist/compat.*`) and `dist/undici-agent.cjs` (undici's `Agent`, `ProxyAgent` and `EnvHttpProxyAgent`, loaded with the first call) bundle parts of the packages below. Their licenses follow."
})

const shared: Options = {
  clean: false,
  sourcemap: true,
  treeshake: true,
  minify: true,
  target: "node20",
  esbuildOptions: (options) => {
    options.sourcesContent = false
  }
}

export default defineConfig([
  {
    ...shared,
    entry: { compat: "src/compat.ts" },
    format: ["esm", "cjs"],
    dts: true,
    noExternal: [/^effect($|\/)/, /^@effect\/platform($|\/)/],
    esbuildPlugins: [
      licenses,
      {
        name: "undici-agent",
        setup: (build) => {
          // `require`, not `import()`: Node would first scan the CommonJS file for its named exports.
          const body =
            build.initialOptions.define?.TSUP_FORMAT === '"cjs"'
              ? 'export const loadUndiciAgent = async () => require("./undici-agent.cjs")'
              : 'export const loadUndiciAgent = () => import("node:module").then((m) => m.createRequire(import.meta.url)("./undici-agent.cjs"))'
          build.onResolve({ filter: /^\.\/undici-agent-load\.js$/ }, () => ({
            path: "undici-agent-load",
            namespace: "undici-agent-load"
          }))
          build.onLoad({ filter: /.*/, namespace: "undici-agent-load" }, () => ({
            contents: body,
            loader: "js"
          }))
          build.onResolve({ filter: /^\.\/undici-agent\.cjs$/ }, (args) => ({
            path: args.path,
            external: true
          }))
        }
      }
    ]
  },
  {
    ...shared,
    entry: { "undici-agent": "src/compat/undici-agent.ts" },
    format: ["cjs"],
    platform: "node",
    noExternal: [/^undici($|\/)/],
    esbuildPlugins: [licenses]
  }
])
