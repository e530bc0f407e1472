/**
 * Checklist "runtime protection"; CIS GKE 5.5.2/5.5.3; Checkov CKV_GCP_9/CKV_GCP_10. Node pools
 * take security patches and replace broken nodes by themselves. Unset means the provider's
 * default, on. (The default pool has no management settings of its own.)
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, listOf, nodeSettingsOf } from "./resources";

export function checkAutoUpgrade(resource: CheckedResource): string[] {
    return nodeSettingsOf(resource.type, resource.props).flatMap(pool => {
        if (pool.path === "" && resource.type === CLUSTER_TYPE) {
            return [];
        }
        const base = join(pool.path, "management");
        const management = optObject(pool.pool["management"], base);
        const off = (["autoUpgrade", "autoRepair"] as const)
            .filter(f => optBoolean(management?.[f], `${base}.${f}`) === false)
            .map(f => `\`${base}.${f}\``);
        return off.length ? [`${subjectOf(resource)} must upgrade and repair ${pool.label} automatically: ${listOf(off)} ${off.length === 1 ? "is" : "are"} false.`] : [];
    });
}

export const autoUpgradePolicy = resourcePolicy({
    name: "gke-nodes-require-auto-upgrade",
    control: "gke-node-auto-upgrade",
    enforcementLevel: "mandatory",
    description: "GKE node pools upgrade and repair themselves automatically.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkAutoUpgrade,
});
