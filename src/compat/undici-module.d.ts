/** The one file of undici the Promise entry bundles: its `Agent` (the package's types describe it as `undici`'s). */
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici"

  const AgentClass: typeof Agent
  export default AgentClass
}
