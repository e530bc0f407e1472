/**
 * Hygiene (advisory). A cluster holds the workloads' state and Secrets: deleting it by a stray
 * `pulumi destroy` or replacement must take a deliberate step. Unset means the provider's default, on.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkDeletionProtection(resource: CheckedResource): string[] {
    return optBoolean(resource.props["deletionProtection"], "deletionProtection") === false
        ? [`${subjectOf(resource)} must keep deletion protection on: \`deletionProtection\` is false.`]
        : [];
}

export const deletionProtectionPolicy = resourcePolicy({
    name: "gke-cluster-require-deletion-protection",
    control: "gke-cluster-lifecycle",
    enforcementLevel: "advisory",
    description: "GKE clusters keep deletion protection on.",
    types: [CLUSTER_TYPE],
    check: checkDeletionProtection,
});
