/**
 * Checklist "RBAC with least privilege"; NSA/CISA (no anonymous access). GKE can keep legacy
 * ClusterRoleBindings that give system:authenticated (any Google account) and
 * system:unauthenticated permissions; both are turned off explicitly. Unset counts as on, as on
 * clusters created before GKE disabled them by default. Checkov has no check for it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, listOf } from "./resources";

const FIELDS = ["enableInsecureBindingSystemAuthenticated", "enableInsecureBindingSystemUnauthenticated"] as const;

export function checkInsecureRbacBindings(resource: CheckedResource): string[] {
    const config = optObject(resource.props["rbacBindingConfig"], "rbacBindingConfig");
    const open = FIELDS.filter(f => optBoolean(config?.[f], `rbacBindingConfig.${f}`) !== false).map(f => `\`rbacBindingConfig.${f}\``);
    return open.length
        ? [`${subjectOf(resource)} must disable the insecure RBAC bindings of system:authenticated and system:unauthenticated: ${listOf(open)} ${open.length === 1 ? "is" : "are"} not false.`]
        : [];
}

export const insecureRbacBindingsPolicy = resourcePolicy({
    name: "gke-cluster-disallow-insecure-rbac-bindings",
    control: "gke-anonymous-access",
    enforcementLevel: "mandatory",
    description: "GKE clusters disable the insecure RBAC bindings of system:authenticated and system:unauthenticated.",
    types: [CLUSTER_TYPE],
    check: checkInsecureRbacBindings,
});
