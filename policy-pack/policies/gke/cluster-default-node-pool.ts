/**
 * Hygiene (advisory); Checkov CKV_GCP_123. The default pool and inline `nodePools` are managed
 * through the Cluster: changing a node setting replaces the cluster, so hardening them is put off.
 * Separate NodePool resources can be hardened and rolled on their own.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optArray, optBoolean } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkDefaultNodePool(resource: CheckedResource): string[] {
    if (resource.props["enableAutopilot"] === true) {
        return [];
    }
    const out: string[] = [];
    if (optBoolean(resource.props["removeDefaultNodePool"], "removeDefaultNodePool") !== true) {
        out.push(`${subjectOf(resource)} must remove the default node pool: \`removeDefaultNodePool\` is not true. Define pools as separate NodePool resources.`);
    }
    if (optArray(resource.props["nodePools"], "nodePools").length > 0) {
        out.push(`${subjectOf(resource)} must not define node pools inline: \`nodePools\` is set. Define them as separate NodePool resources.`);
    }
    return out;
}

export const defaultNodePoolPolicy = resourcePolicy({
    name: "gke-cluster-disallow-default-node-pool",
    control: "gke-cluster-lifecycle",
    enforcementLevel: "advisory",
    description: "GKE clusters remove the default node pool and define no pool inline.",
    types: [CLUSTER_TYPE],
    check: checkDefaultNodePool,
});
