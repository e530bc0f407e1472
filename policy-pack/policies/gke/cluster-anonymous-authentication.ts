/**
 * Checklist "RBAC with least privilege"; CIS Kubernetes 1.2.1 (anonymous-auth). GKE's LIMITED
 * mode (GKE 1.32+) admits anonymous requests only to the health endpoints; the default, ENABLED,
 * lets any binding to system:anonymous take effect. Checkov has no check for it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkAnonymousAuthentication(resource: CheckedResource): string[] {
    const config = optObject(resource.props["anonymousAuthenticationConfig"], "anonymousAuthenticationConfig");
    const mode = optString(config?.["mode"], "anonymousAuthenticationConfig.mode");
    return mode === "LIMITED"
        ? []
        : [`${subjectOf(resource)} must limit anonymous authentication to health checks: \`anonymousAuthenticationConfig.mode\` is ${mode === undefined ? "unset (GKE default: ENABLED)" : `"${mode}"`}. Set it to "LIMITED" (GKE 1.32+).`];
}

export const anonymousAuthenticationPolicy = resourcePolicy({
    name: "gke-cluster-restrict-anonymous-authentication",
    control: "gke-anonymous-access",
    enforcementLevel: "mandatory",
    description: "GKE clusters limit anonymous authentication to the health-check endpoints.",
    types: [CLUSTER_TYPE],
    check: checkAnonymousAuthentication,
});
