/**
 * The Promise entry (`./compat`), self-contained: what it uses of `effect` and `@effect/platform` is
 * bundled into it, tree-shaken and minified, so that a Promise user installs this package alone. undici's
 * dispatchers (`Agent`, `ProxyAgent`, `EnvHttpProxyAgent`) are bundled apart (`undici-agent.cjs`, loaded
 * in Node with the client's first call), so that importing the entry does not pay for them, and runtimes
 * other than Node never load them; that bundle takes no `effect`, only plain data from the entry.
 */
import { defineConfig, type Options } from "tsup"

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
          build.onLoad({ filter: /.*/, namespace: "undici-agent-load" }, () => ({ contents: body, loader: "js" }))
          build.onResolve({ filter: /^\.\/undici-agent\.cjs$/ }, (args) => ({ path: args.path, external: true }))
        }
      }
    ]
  },
  {
    ...shared,
    entry: { "undici-agent": "src/compat/undici-agent.ts" },
    format: ["cjs"],
    platform: "node",
    noExternal: [/^undici($|\/)/]
  }
])
