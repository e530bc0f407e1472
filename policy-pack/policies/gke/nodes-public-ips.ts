/**
 * Checklist "API server not exposed publicly"; CIS GKE 5.6.5. Nodes get private addresses only.
 * Checkov CKV_GCP_25/CKV_GCP_64 pass when `private_cluster_config` merely exists; we read
 * `enablePrivateNodes`, and also catch a node pool that turns public IPs back on for itself.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, nodeSettingsOf } from "./resources";

export function checkPublicNodeIps(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const out: string[] = [];
    if (resource.type === CLUSTER_TYPE) {
        const config = optObject(resource.props["privateClusterConfig"], "privateClusterConfig");
        const privateNodes = optBoolean(config?.["enablePrivateNodes"], "privateClusterConfig.enablePrivateNodes");
        if (privateNodes !== true) {
            out.push(
                `${subject} must give its nodes private addresses only: \`privateClusterConfig.enablePrivateNodes\` is ${privateNodes === false ? "false" : "unset (GKE default: public IPs)"}. Set it to true.`,
            );
        }
    }
    for (const pool of nodeSettingsOf(resource.type, resource.props)) {
        if (pool.path === "" && resource.type === CLUSTER_TYPE) {
            continue; // the default pool follows privateClusterConfig
        }
        const path = join(pool.path, "networkConfig.enablePrivateNodes");
        const network = optObject(pool.pool["networkConfig"], join(pool.path, "networkConfig"));
        if (optBoolean(network?.["enablePrivateNodes"], path) === false) {
            out.push(`${subject} must give ${pool.label} private addresses only: \`${path}\` is false.`);
        }
    }
    return out;
}

export const publicNodeIpsPolicy = resourcePolicy({
    name: "gke-nodes-disallow-public-ips",
    control: "gke-private-nodes",
    enforcementLevel: "mandatory",
    description: "GKE nodes have private IP addresses only.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkPublicNodeIps,
});
