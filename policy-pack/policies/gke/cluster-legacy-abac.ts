/**
 * Checklist "OIDC for users, no static tokens" (control gke-static-credentials); CIS GKE
 * 5.8.3; Checkov CKV_GCP_7. Legacy ABAC grants broad static permissions beside RBAC.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkLegacyAbac(resource: CheckedResource): string[] {
    return optBoolean(resource.props["enableLegacyAbac"], "enableLegacyAbac") === true
        ? [`${subjectOf(resource)} must not use legacy ABAC authorization, which grants permissions outside RBAC: \`enableLegacyAbac\` is true.`]
        : [];
}

export const legacyAbacPolicy = resourcePolicy({
    name: "gke-cluster-disallow-legacy-abac",
    control: "gke-static-credentials",
    enforcementLevel: "mandatory",
    description: "GKE clusters do not use legacy ABAC authorization.",
    types: [CLUSTER_TYPE],
    check: checkLegacyAbac,
});
