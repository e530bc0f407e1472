/**
 * Checklist "workload identity, no static cloud credentials"; CIS GKE 5.2.1; Checkov CKV2_GCP_1.
 * Unset means the Compute Engine default service account, which holds Editor on the project.
 * The email of a dedicated account is computed, so only its presence is read until it is known.
 * Pools GKE creates itself (node auto-provisioning, every Autopilot node) run as
 * `clusterAutoscaling.autoProvisioningDefaults.serviceAccount`, judged the same way: unset, they
 * too run as the Compute Engine default account.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { Obj } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, autoProvisioningOf, hasValue, join, knownString, nodeSettingsOf } from "./resources";

const COMPUTE_DEFAULT = /-compute@developer\.gserviceaccount\.com$/;

function accountProblems(subject: string, label: string, config: Obj | undefined, path: string): string[] {
    if (!hasValue(config, "serviceAccount", path)) {
        return [`${subject} must run ${label} as a dedicated service account: \`${path}\` is unset, so the nodes use the Compute Engine default account (project Editor).`];
    }
    const email = knownString(config, "serviceAccount", path);
    return email !== undefined && (email === "default" || COMPUTE_DEFAULT.test(email))
        ? [`${subject} must run ${label} as a dedicated service account: \`${path}\` is the Compute Engine default account "${email}".`]
        : [];
}

export function checkDefaultServiceAccount(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const out = nodeSettingsOf(resource.type, resource.props).flatMap(pool => accountProblems(subject, pool.label, pool.nodeConfig, join(pool.nodeConfigPath, "serviceAccount")));
    const auto = resource.type === CLUSTER_TYPE ? autoProvisioningOf(resource.props) : undefined;
    if (auto) {
        out.push(...accountProblems(subject, auto.autopilot ? "its Autopilot nodes" : "auto-provisioned node pools", auto.defaults, join(auto.path, "serviceAccount")));
    }
    return out;
}

export const defaultServiceAccountPolicy = resourcePolicy({
    name: "gke-nodes-disallow-default-service-account",
    control: "gke-node-service-account",
    enforcementLevel: "mandatory",
    description: "GKE nodes run as a dedicated service account, not the Compute Engine default.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkDefaultServiceAccount,
});
