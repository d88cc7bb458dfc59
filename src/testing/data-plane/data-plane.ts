/** The data plane (`/aims/data`): scans, evaluations, files, violations, labels, models and model versions. */
import { detail, type FakeResponse, type IncomingRequest, json, page } from "../http/messages.js"
import { paginate } from "../http/paging.js"
import { type OperationHandlers, operationRoutes, type Plane } from "../http/routes.js"
import type { SecurityStore } from "../mgmt-plane/security-store.js"
import { parseLabelsQuery } from "./scan-filter.js"
import type { ScanStore } from "./scan-store.js"

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Orders records by a key, strings in code-point order, then by `uuid`. Timestamps are keyed by
 * `Date.parse`: as strings "…:05Z" would sort after "…:05.100000Z".
 */
const sortBy = <A extends { readonly uuid: string }>(
  items: ReadonlyArray<A>,
  key: (item: A) => string | number,
  direction: "asc" | "desc"
): ReadonlyArray<A> => {
  const sign = direction === "asc" ? 1 : -1
  return [...items].sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.uuid, b.uuid)))
}

/** Normalises a `query_path`: a leading "/", no trailing "/" (except the root). */
const normalisePath = (path: string): string => {
  const trimmed = path.trim().replace(/\/+$/, "")
  return trimmed === "" ? "/" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`
}

const nonEmpty = <A>(items: ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  items === undefined || items.length === 0 ? undefined : items

/** The version of an SDK named in a `User-Agent` header: the version of its first product token. */
const sdkVersionOf = (userAgent: string | undefined): string | null => {
  const product = userAgent?.trim().split(/\s+/)[0]
  const slash = product?.lastIndexOf("/") ?? -1
  return product === undefined || slash < 0 ? null : product.slice(slash + 1).slice(0, 256) || null
}

const scanNotFound = detail(404, "Scan not found")

/**
 * The data plane under `/aims/data`, one route per data-plane operation of the spec. Choices where the
 * spec is silent: a scan created without `scan_origin` is a `MODEL_SECURITY_API` scan; an SDK scan
 * records the version of the `User-Agent`'s first product as `sdk_version`; a model version's files are
 * the files of its newest finished scan.
 */
export const dataPlane = (
  scans: ScanStore,
  security: SecurityStore,
  authenticate: (request: IncomingRequest) => FakeResponse | undefined
): Plane => {
  const withScan = (
    scanUuid: string,
    respond: (entry: NonNullable<ReturnType<ScanStore["findScan"]>>) => FakeResponse
  ) => {
    const entry = scans.findScan(scanUuid)
    return entry === undefined ? scanNotFound : respond(entry)
  }

  const handlers: OperationHandlers = {
    "Scans.list": ({ query }) => {
      const sources: ReadonlyArray<string> | undefined = nonEmpty(query.source_types)
      const labels = query.labels_query === undefined ? [] : parseLabelsQuery(query.labels_query)
      const result = scans.listScans(
        {
          evalOutcomes: query.eval_outcomes?.length > 0 ? new Set(query.eval_outcomes) : undefined,
          sourceTypes: sources === undefined || sources.includes("ALL") ? undefined : new Set(sources),
          securityGroupUuid: query.security_group_uuid,
          modelVersionUuid: query.model_version_uuid,
          searchQuery: query.search_query === "" ? undefined : query.search_query,
          startTime: query.start_time,
          endTime: query.end_time,
          labels: labels.length === 0 ? undefined : labels
        },
        query.sort_order === "asc",
        query.skip,
        query.limit
      )
      return json(200, {
        pagination: { total_items: result.total },
        count_capped: false,
        scans: result.items
      })
    },

    "Scans.create": ({ body, headers, success }) => {
      const group = security.groups.find(body?.security_group_uuid ?? "")
      if (group === undefined || group.is_tombstone) return detail(404, "Security group not found")
      const origin = body.scan_origin ?? "MODEL_SECURITY_API"
      const scan = scans.createScan({
        group,
        modelUri: String(body.model_uri ?? ""),
        scanOrigin: origin,
        labels: body.labels ?? [],
        modelVersion: body.model_version ?? undefined,
        modelName: body.model_name ?? undefined,
        sdkVersion: origin === "MODEL_SECURITY_SDK" ? sdkVersionOf(headers["user-agent"]) : null,
        scanDetails: {
          errorCode: body.scan_details?.error_code ?? undefined,
          errorMessage: body.scan_details?.error_message ?? undefined
        }
      })
      return success(scan)
    },

    "Scans.getLabelKeys": ({ query }) =>
      page("keys", paginate(scans.labelKeys(query.search), query.skip, query.limit)),

    "Scans.getLabelValues": ({ path, query }) =>
      page("values", paginate(scans.labelValues(path.key, query.search), query.skip, query.limit)),

    "Scans.get": ({ path }) => withScan(path.uuid, (entry) => json(200, scans.pollScan(entry).record)),

    "Scans.getEvaluations": ({ path, query }) =>
      withScan(path.scan_uuid, (entry) => {
        const matching = scans
          .details(entry)
          .evaluations.filter(
            (evaluation) =>
              (query.result === undefined || evaluation.result === query.result) &&
              (query.rule_instance_uuid === undefined ||
                evaluation.rule_instance_uuid === query.rule_instance_uuid)
          )
        const field: "created_at" | "updated_at" =
          query.sort_field === "updated_at" ? "updated_at" : "created_at"
        const sorted = sortBy(matching, (evaluation) => Date.parse(evaluation[field]), query.sort_order)
        return page("evaluations", paginate(sorted, query.skip, query.limit))
      }),

    "Scans.getEvaluation": ({ path }) => {
      const evaluation = scans.findEvaluation(path.uuid)
      return evaluation === undefined ? detail(404, "Evaluation not found") : json(200, evaluation)
    },

    "Scans.getFiles": ({ path, query }) =>
      withScan(path.scan_uuid, (entry) => {
        const parent = normalisePath(query.query_path)
        const prefix = parent === "/" ? "/" : `${parent}/`
        const inDirectory = scans
          .details(entry)
          .files.filter(
            (file) =>
              (query.recursive === true ? file.path.startsWith(prefix) : file.parent_path === parent) &&
              (query.type === undefined || file.type === query.type)
          )
        const sorted = sortBy(
          inDirectory,
          (file) => (query.sort_field === "type" ? `${file.type}\u0000${file.path}` : file.path),
          query.sort_dir
        )
        return page("files", paginate(sorted, query.skip, query.limit))
      }),

    "Scans.getViolations": ({ path, query }) =>
      withScan(path.scan_uuid, (entry) => {
        const sorted = sortBy(
          scans.details(entry).violations,
          (violation) => Date.parse(violation.created_at),
          "desc"
        )
        return page("violations", paginate(sorted, query.skip, query.limit))
      }),

    "Scans.getViolation": ({ path }) => {
      const violation = scans.findViolation(path.uuid)
      return violation === undefined ? detail(404, "Violation not found") : json(200, violation)
    },

    "Scans.addLabels": ({ path, body }) =>
      withScan(path.scan_uuid, (entry) => {
        scans.setLabels(entry, [...entry.record.labels, ...(body?.labels ?? [])])
        return json(200, {})
      }),

    "Scans.setLabels": ({ path, body }) =>
      withScan(path.scan_uuid, (entry) => {
        scans.setLabels(entry, body?.labels ?? [])
        return json(200, {})
      }),

    "Scans.deleteLabels": ({ path, query, success }) =>
      withScan(path.scan_uuid, (entry) => {
        const keys = new Set<string>(query.keys ?? [])
        scans.setLabels(
          entry,
          entry.record.labels.filter((existing) => !keys.has(existing.key))
        )
        return success()
      }),

    "Models.list": ({ query }) => {
      const models = scans.models.list({
        search: query.search_query === "" ? undefined : query.search_query,
        outcomes: query.latest_version_outcomes,
        formats: query.latest_version_formats,
        sourceTypes: query.latest_version_source_types,
        scanTimeBefore: query.latest_version_scan_time_before,
        startTime: query.start_time,
        endTime: query.end_time,
        sortField: query.sort_field === "created_at" ? "created_at" : "updated_at",
        sortOrder: query.sort_order === "asc" ? "asc" : "desc"
      })
      return page("models", paginate(models, query.skip, query.limit))
    },

    "Models.get": ({ path }) => {
      const model = scans.models.find(path.uuid)
      return model === undefined ? detail(404, "Model not found") : json(200, model)
    },

    "Models.listVersions": ({ path, query }) => {
      const versions = scans.models.versionsOf(path.uuid, query.sort_order === "asc")
      return versions === undefined
        ? detail(404, "Model not found")
        : page("model_versions", paginate(versions, query.skip, query.limit))
    },

    "Models.getVersion": ({ path }) => {
      const version = scans.models.findVersion(path.uuid)
      return version === undefined ? detail(404, "Model version not found") : json(200, version)
    },

    "Models.listVersionFiles": ({ path, query }) => {
      const files = scans.models.filesOfVersion(path.uuid)
      return files === undefined
        ? detail(404, "Model version not found")
        : page("files", paginate(files, query.skip, query.limit))
    }
  }

  return {
    name: "data",
    prefix: "/aims/data",
    body: "json",
    authenticate,
    routes: operationRoutes("data", handlers)
  }
}
