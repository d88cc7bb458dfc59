/** `SecurityRules`: read-only access to the security rules a group can enable (management plane). */
import * as Effect from "effect/Effect"
import { ModelSecurityConfig } from "../layers/config.js"
import { AirsHttp } from "../layers/http.js"
import { type PageOptions, Uuid } from "../schemas/common.js"
import {
  ListModelSecurityRulesResponse,
  ModelSecurityRuleResponse,
  SecurityRuleListParams
} from "../schemas/security-rule.js"
import { validator } from "./input.js"
import { pageStreams, type StreamParams } from "./pagination.js"

const uuid = validator(Uuid, "uuid")
const ruleQuery = validator(SecurityRuleListParams)

/** The catalogue of security rules. */
export class SecurityRules extends Effect.Service<SecurityRules>()(
  "@effect-airs/model-security/SecurityRules",
  {
    effect: Effect.gen(function* () {
      const { mgmt } = yield* AirsHttp
      const pages = pageStreams(yield* ModelSecurityConfig)

      const listRules = (query: typeof SecurityRuleListParams.Type) =>
        mgmt.call("GET", "/v1/security-rules", {
          span: "SecurityRules.list",
          query,
          response: ListModelSecurityRulesResponse
        })

      return {
        /**
         * One page of security rules, optionally for one source type or matching a search term.
         * @example yield* rules.list({ source_type: "HUGGING_FACE", search_query: "pickle" })
         */
        list: (params: SecurityRuleListParams = {}) => Effect.flatMap(ruleQuery(params), listRules),

        /**
         * One security rule by UUID.
         * @example yield* rules.get(ruleId)
         */
        get: (id: string) =>
          Effect.flatMap(uuid(id), (valid) =>
            mgmt.call("GET", "/v1/security-rules/{uuid}", {
              span: "SecurityRules.get",
              path: { uuid: valid },
              response: ModelSecurityRuleResponse
            })
          ),

        /**
         * Every security rule matching the filters.
         * @example rules.stream({ source_type: "S3" })
         */
        stream: (params: StreamParams<SecurityRuleListParams> = {}, options?: PageOptions) =>
          pages.stream(
            ruleQuery(params),
            options,
            (query, page) => listRules({ ...query, ...page }),
            (list) => list.rules
          )
      } as const
    })
  }
) {}
