/**
 * Checklist "workload identity, no static cloud credentials"; CIS GKE 5.2.1; Checkov CKV2_GCP_1.
 * Unset means the Compute Engine default service account, which holds Editor on the project.
 * The email of a dedicated account is computed, so only its presence is read until it is known.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { CLUSTER_TYPE, NODE_POOL_TYPE, hasValue, join, knownString, nodeSettingsOf } from "./resources";

const COMPUTE_DEFAULT = /-compute@developer\.gserviceaccount\.com$/;

export function checkDefaultServiceAccount(resource: CheckedResource): string[] {
    return nodeSettingsOf(resource.type, resource.props).flatMap(pool => {
        const path = join(pool.nodeConfigPath, "serviceAccount");
        if (!hasValue(pool.nodeConfig, "serviceAccount", path)) {
            return [`${subjectOf(resource)} must run ${pool.label} as a dedicated service account: \`${path}\` is unset, so the nodes use the Compute Engine default account (project Editor).`];
        }
        const email = knownString(pool.nodeConfig, "serviceAccount", path);
        return email !== undefined && (email === "default" || COMPUTE_DEFAULT.test(email))
            ? [`${subjectOf(resource)} must run ${pool.label} as a dedicated service account: \`${path}\` is the Compute Engine default account "${email}".`]
            : [];
    });
}

export const defaultServiceAccountPolicy = resourcePolicy({
    name: "gke-nodes-disallow-default-service-account",
    control: "gke-node-service-account",
    enforcementLevel: "mandatory",
    description: "GKE nodes run as a dedicated service account, not the Compute Engine default.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkDefaultServiceAccount,
});
