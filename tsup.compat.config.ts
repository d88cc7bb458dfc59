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

/**
 * The parts of undici the client never reaches, left out of `undici-agent.cjs` so that loading it costs
 * less: HTTP/2 (the client offers no ALPN, so a server never picks `h2`), SOCKS proxies (a proxy must be an
 * `http:` or `https:` URL, checked before undici sees it) and `fetch`'s body conversions (its bodies are
 * strings, never `FormData`). Each is replaced by a module that throws if it is ever called.
 */
const unusedUndiciParts: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "unused-undici-parts",
  setup: (build) => {
    const unused: ReadonlyArray<readonly [RegExp, string]> = [
      [/^\.\/client-h2\.js$/, "HTTP/2"],
      [/^\.\/socks5-proxy-agent$/, "a SOCKS proxy"],
      [/^\.\.\/web\/fetch\/body\.js$/, "a FormData body"]
    ]
    for (const [filter, what] of unused)
      build.onResolve({ filter }, (args) =>
        /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]/.test(args.importer)
          ? { path: what, namespace: "unused-undici-part" }
          : undefined
      )
    build.onLoad({ filter: /.*/, namespace: "unused-undici-part" }, (args) => ({
      contents: `const unused = () => { throw new Error(${JSON.stringify(`${args.path} is not used by this client`)}) }\nmodule.exports = unused\nmodule.exports.extractBody = unused\n`,
      loader: "js"
    }))
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
    esbuildPlugins: [licenses, unusedUndiciParts]
  }
])
