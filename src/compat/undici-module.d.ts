/**
 * The files of undici the Promise entry bundles: its dispatchers and the `connect` method undici's own
 * entry gives them (the package's types describe each as `undici`'s).
 */
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici"

  const AgentClass: typeof Agent
  export default AgentClass
}

declare module "undici/lib/dispatcher/proxy-agent.js" {
  import type { ProxyAgent } from "undici"

  const ProxyAgentClass: typeof ProxyAgent
  export default ProxyAgentClass
}

declare module "undici/lib/dispatcher/env-http-proxy-agent.js" {
  import type { EnvHttpProxyAgent } from "undici"

  const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgent
  export default EnvHttpProxyAgentClass
}

declare module "undici/lib/dispatcher/pool.js" {
  import type { Pool } from "undici"

  const PoolClass: typeof Pool
  export default PoolClass
}

declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher } from "undici"

  const DispatcherClass: typeof Dispatcher
  export default DispatcherClass
}

declare module "undici/lib/api/api-connect.js" {
  import type { Dispatcher } from "undici"

  const connect: Dispatcher["connect"]
  export default connect
}
