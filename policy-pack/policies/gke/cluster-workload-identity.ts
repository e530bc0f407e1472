/**
 * Checklist "workload identity, no static cloud credentials"; CIS GKE 5.2.2. Pods reach Google
 * APIs as Kubernetes service accounts mapped to IAM, never with exported keys or the node's
 * identity. Checkov has no check for it. The pool (`<project>.svc.id.goog`) may be computed, so
 * only its presence is read. Autopilot always has Workload Identity.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject } from "../../lib/read";
import { CLUSTER_TYPE, hasValue } from "./resources";

export function checkWorkloadIdentity(resource: CheckedResource): string[] {
    if (resource.props["enableAutopilot"] === true) {
        return [];
    }
    const config = optObject(resource.props["workloadIdentityConfig"], "workloadIdentityConfig");
    return hasValue(config, "workloadPool", "workloadIdentityConfig.workloadPool")
        ? []
        : [`${subjectOf(resource)} must enable Workload Identity: \`workloadIdentityConfig.workloadPool\` is unset. Set it to "<project>.svc.id.goog".`];
}

export const workloadIdentityPolicy = resourcePolicy({
    name: "gke-cluster-require-workload-identity",
    control: "gke-workload-identity",
    enforcementLevel: "mandatory",
    description: "GKE clusters enable Workload Identity.",
    types: [CLUSTER_TYPE],
    check: checkWorkloadIdentity,
});
