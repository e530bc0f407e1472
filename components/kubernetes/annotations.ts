/**
 * Metadata the in-cluster components write on the objects they create, so that anyone reading the
 * cluster (not only the Pulumi program) sees why an object is weaker than the baseline.
 */

/** Set on every object produced by a named opt-out; its value is the reason the user wrote. */
export const OPT_OUT_REASON_ANNOTATION = "hardened-cluster-blueprint/opt-out-reason";

/** The label the API server sets on every namespace (since v1.22): selects a namespace by name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
