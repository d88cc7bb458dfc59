/**
 * `--ci-labels`: labels naming the CI run that made a scan, from the variables of GitHub Actions
 * (`GITHUB_ACTIONS=true`) or GitLab CI (`GITLAB_CI=true`). Label values may hold only letters, digits,
 * `_` and `-`, 1 to 256 of them: every other character becomes `-` and longer values are cut.
 */

/** The label keys and the variables each is read from, on GitHub and on GitLab. */
export const CI_LABELS = [
  { key: "ci_repo", github: "GITHUB_REPOSITORY", gitlab: "CI_PROJECT_PATH" },
  { key: "ci_commit", github: "GITHUB_SHA", gitlab: "CI_COMMIT_SHA" },
  { key: "ci_run", github: "GITHUB_RUN_ID", gitlab: "CI_PIPELINE_ID" },
  { key: "ci_ref", github: "GITHUB_REF_NAME", gitlab: "CI_COMMIT_REF_NAME" }
] as const

/** A label value the API accepts: `acme/models` → `acme-models`, `feature/x.y` → `feature-x-y`. */
export const labelValue = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 256)

/** The CI the variables describe, if any. */
export const ciOf = (env: Readonly<Record<string, string | undefined>>): "github" | "gitlab" | undefined =>
  env.GITHUB_ACTIONS === "true" ? "github" : env.GITLAB_CI === "true" ? "gitlab" : undefined

/** The labels of the CI run (none outside GitHub Actions and GitLab CI); an unset variable adds none. */
export const ciLabels = (
  env: Readonly<Record<string, string | undefined>>
): ReadonlyArray<readonly [string, string]> => {
  const ci = ciOf(env)
  if (ci === undefined) return []
  return CI_LABELS.flatMap((label) => {
    const value = env[label[ci]]
    return value === undefined || value === "" ? [] : [[label.key, labelValue(value)] as const]
  })
}

/** What `--help` says of `--ci-labels`. */
export const CI_LABELS_HELP = `Label the scans with the CI run: ${CI_LABELS.map((l) => `${l.key} (${l.github} on GitHub Actions, ${l.gitlab} on GitLab CI)`).join(", ")}. Label values hold only letters, digits, _ and -: every other character becomes - (acme/models → acme-models, feature/x.y → feature-x-y), cut at 256.`
