/**
 * The SDK's name for each operation of the vendor specs beside this file: the Effect method
 * (`Service.method`, also the span name), the Promise client's method (`client.…`), and the name of the
 * query parameters' Schema. `npm run generate` reads it with the specs; an operation of the specs missing
 * here fails the generation.
 */
export interface OperationName {
  /** `Service.method` of the Effect API, and the span name of the call. */
  readonly name: string
  /** The method of the Promise client, relative to the client (`scans.get`, `getPyPIAuth`). */
  readonly compat: string
  /** The name of the query parameters' Schema, when the operation has query parameters. */
  readonly params?: string
}

export const operationNames: Readonly<Record<string, OperationName>> = {
  // Data plane: scans, evaluations, files, violations, labels
  list_scans_v1_scans_get: { name: "Scans.list", compat: "scans.list", params: "ScanListParams" },
  create_scan_v1_scans_post: { name: "Scans.create", compat: "scans.create" },
  get_scan_v1_scans__uuid__get: { name: "Scans.get", compat: "scans.get" },
  get_scan_evaluations_v1_scans__scan_uuid__evaluations_get: {
    name: "Scans.getEvaluations",
    compat: "scans.getEvaluations",
    params: "EvaluationListParams"
  },
  get_evaluation_v1_evaluations__uuid__get: { name: "Scans.getEvaluation", compat: "scans.getEvaluation" },
  get_files_v1_scans__scan_uuid__files_get: {
    name: "Scans.getFiles",
    compat: "scans.getFiles",
    params: "FileListParams"
  },
  get_scan_violations_v1_scans__scan_uuid__rule_violations_get: {
    name: "Scans.getViolations",
    compat: "scans.getViolations",
    params: "ViolationListParams"
  },
  get_violation_v1_violations__uuid__get: { name: "Scans.getViolation", compat: "scans.getViolation" },
  add_scan_labels_v1_scans__scan_uuid__labels_post: { name: "Scans.addLabels", compat: "scans.addLabels" },
  set_scan_labels_v1_scans__scan_uuid__labels_put: { name: "Scans.setLabels", compat: "scans.setLabels" },
  delete_scan_labels_v1_scans__scan_uuid__labels_delete: {
    name: "Scans.deleteLabels",
    compat: "scans.deleteLabels",
    params: "DeleteLabelsParams"
  },
  list_scan_label_keys_v1_scans_label_keys_get: {
    name: "Scans.getLabelKeys",
    compat: "scans.getLabelKeys",
    params: "LabelKeyListParams"
  },
  list_scan_label_key_values_v1_scans_label_keys__key__values_get: {
    name: "Scans.getLabelValues",
    compat: "scans.getLabelValues",
    params: "LabelValueListParams"
  },

  // Data plane: models and model versions
  list_models_v1_models_get: { name: "Models.list", compat: "models.listModels", params: "ModelListParams" },
  get_model_v1_models__uuid__get: { name: "Models.get", compat: "models.getModel" },
  list_model_versions_v1_models__uuid__model_versions_get: {
    name: "Models.listVersions",
    compat: "models.listModelVersions",
    params: "ModelVersionListParams"
  },
  get_model_version_v1_model_versions__uuid__get: {
    name: "Models.getVersion",
    compat: "models.getModelVersion"
  },
  list_model_version_files_v1_model_versions__uuid__files_get: {
    name: "Models.listVersionFiles",
    compat: "models.listModelVersionFiles",
    params: "ModelVersionFileListParams"
  },

  // Management plane: security groups and their rule instances
  list_security_groups_v1_security_groups_get: {
    name: "SecurityGroups.list",
    compat: "securityGroups.list",
    params: "SecurityGroupListParams"
  },
  create_security_group_v1_security_groups_post: {
    name: "SecurityGroups.create",
    compat: "securityGroups.create"
  },
  get_security_group_v1_security_groups__uuid__get: {
    name: "SecurityGroups.get",
    compat: "securityGroups.get"
  },
  update_security_group_v1_security_groups__uuid__put: {
    name: "SecurityGroups.update",
    compat: "securityGroups.update"
  },
  delete_security_group_v1_security_groups__uuid__delete: {
    name: "SecurityGroups.delete",
    compat: "securityGroups.delete"
  },
  list_rule_instances_v1_security_groups__security_group_uuid__rule_instances_get: {
    name: "SecurityGroups.listRuleInstances",
    compat: "securityGroups.listRuleInstances",
    params: "RuleInstanceListParams"
  },
  get_rule_instance_v1_security_groups__security_group_uuid__rule_instances__rule_instance_uuid__get: {
    name: "SecurityGroups.getRuleInstance",
    compat: "securityGroups.getRuleInstance"
  },
  update_rule_instance_v1_security_groups__security_group_uuid__rule_instances__rule_instance_uuid__put: {
    name: "SecurityGroups.updateRuleInstance",
    compat: "securityGroups.updateRuleInstance"
  },
  list_rule_instances_versions_v1_security_groups__security_group_uuid__rule_instances_versions_get: {
    name: "SecurityGroups.listRuleInstanceVersions",
    compat: "securityGroups.listRuleInstanceVersions",
    params: "SnapshotVersionListParams"
  },

  // Management plane: security rules
  list_security_rules_v1_security_rules_get: {
    name: "SecurityRules.list",
    compat: "securityRules.list",
    params: "SecurityRuleListParams"
  },
  get_security_rule_v1_security_rules__uuid__get: { name: "SecurityRules.get", compat: "securityRules.get" },
  list_security_rules_versions_v1_security_rules_versions_get: {
    name: "SecurityRules.listVersions",
    compat: "securityRules.listVersions",
    params: "SnapshotVersionListParams"
  },

  // Management plane: custom rules
  list_custom_rules_v1_custom_rules_get: {
    name: "CustomRules.list",
    compat: "customRules.list",
    params: "CustomRuleListParams"
  },
  create_custom_rule_v1_custom_rules_post: { name: "CustomRules.create", compat: "customRules.create" },
  get_custom_rule_v1_custom_rules__custom_rule_uuid__get: {
    name: "CustomRules.get",
    compat: "customRules.get"
  },
  update_custom_rule_v1_custom_rules__custom_rule_uuid__put: {
    name: "CustomRules.update",
    compat: "customRules.update"
  },
  archive_custom_rule_v1_custom_rules__custom_rule_uuid__archive_post: {
    name: "CustomRules.archive",
    compat: "customRules.archive"
  },
  unarchive_custom_rule_v1_custom_rules__custom_rule_uuid__unarchive_post: {
    name: "CustomRules.unarchive",
    compat: "customRules.unarchive"
  },
  list_custom_rule_security_groups_v1_custom_rules__custom_rule_uuid__security_groups_get: {
    name: "CustomRules.listSecurityGroups",
    compat: "customRules.listSecurityGroups",
    params: "CustomRuleSecurityGroupListParams"
  },
  batch_assign_custom_rule_v1_custom_rules__custom_rule_uuid__security_groups_post: {
    name: "CustomRules.assignSecurityGroups",
    compat: "customRules.assignSecurityGroups"
  },
  remove_custom_rule_assignment_v1_custom_rules__custom_rule_uuid__security_groups__sg_uuid__delete: {
    name: "CustomRules.removeAssignment",
    compat: "customRules.removeAssignment"
  },
  list_custom_rules_versions_v1_custom_rules_versions_get: {
    name: "CustomRules.listVersions",
    compat: "customRules.listVersions",
    params: "SnapshotVersionListParams"
  },

  // Management plane: PyPI
  get_pypi_url_v1_pypi_authenticate_get: { name: "ModelSecurity.getPyPIAuth", compat: "getPyPIAuth" }
}

/**
 * Rules the SDK checks beyond the spec's, by query parameter: the spec leaves `skip` and `limit`
 * unbounded on some lists, where a negative skip or an empty page could only fail on the server.
 */
export const stricterParameters: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  skip: { minimum: 0 },
  limit: { minimum: 1 }
}
