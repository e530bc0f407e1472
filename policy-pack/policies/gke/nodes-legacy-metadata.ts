/**
 * CIS GKE 5.4.1 ("Ensure legacy Compute Engine instance metadata APIs are Disabled"); Checkov
 * CKV_GCP_67. The legacy endpoints answer without the Metadata-Flavor header, so a server-side
 * request forgery in a pod can read the node's metadata. GKE disables them by default since 1.12
 * (CIS GKE 5.4.1), so an absent key passes; `disable-legacy-endpoints: "false"` in a pool's
 * metadata turns them back on and is refused.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, nodeSettingsOf } from "./resources";

const KEY = "disable-legacy-endpoints";

export function checkLegacyMetadata(resource: CheckedResource): string[] {
    return nodeSettingsOf(resource.type, resource.props).flatMap(pool => {
        const path = join(pool.nodeConfigPath, "metadata");
        const metadata = optObject(pool.nodeConfig?.["metadata"], path);
        const value = metadata?.[KEY];
        if (value === undefined || value === null) {
            return [];
        }
        const text = String(value).trim().toLowerCase();
        return text === "true"
            ? []
            : [`${subjectOf(resource)} must keep the legacy metadata endpoints off on ${pool.label}: \`${path}["${KEY}"]\` is ${JSON.stringify(value)}. Set it to "true" or remove it.`];
    });
}

export const legacyMetadataPolicy = resourcePolicy({
    name: "gke-nodes-disallow-legacy-metadata",
    control: "gke-workload-identity",
    enforcementLevel: "mandatory",
    description: "No GKE node pool turns the legacy Compute Engine metadata endpoints back on.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkLegacyMetadata,
});
