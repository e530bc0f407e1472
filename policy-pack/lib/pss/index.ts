/** The Pod Security Standards checks, re-implemented from kubernetes/pod-security-admission. */
export { ALLOWED, CheckDefinition, CheckFn, CheckLevel, CheckResult, Level, PssVersion, VersionedCheck } from "./types";
export { LATEST, LEVELS, formatVersion, parseLevel, parseVersion, v1 } from "./version";
export { ActiveCheck, CHECKS, LATEST_MINOR, checksFor, effectiveMinor, validateChecks } from "./registry";
export { CheckFailure, PodEvaluation, evaluatePod, formatDenial, formatFailures } from "./evaluate";
export {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  LabelError,
  NamespacePolicy,
  PolicyFallback,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
  policyFromNamespaceLabels,
} from "./namespace-labels";
export { visitContainers } from "./visitor";
