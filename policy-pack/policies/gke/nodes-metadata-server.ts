/**
 * Checklist "workload identity, no static cloud credentials"; CIS GKE 5.4.2; Checkov CKV_GCP_69.
 * Every pool serves the GKE metadata server, which hides the node's credentials and instance
 * attributes (kube-env) from pods. Unset means the Compute Engine metadata server.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, nodeSettingsOf } from "./resources";

export function checkMetadataServer(resource: CheckedResource): string[] {
    return nodeSettingsOf(resource.type, resource.props).flatMap(pool => {
        const path = join(pool.nodeConfigPath, "workloadMetadataConfig.mode");
        const config = optObject(pool.nodeConfig?.["workloadMetadataConfig"], join(pool.nodeConfigPath, "workloadMetadataConfig"));
        const mode = optString(config?.["mode"], path);
        return mode === "GKE_METADATA"
            ? []
            : [`${subjectOf(resource)} must serve ${pool.label} the GKE metadata server: \`${path}\` is ${mode === undefined ? "unset" : `"${mode}"`}. Set it to "GKE_METADATA".`];
    });
}

export const metadataServerPolicy = resourcePolicy({
    name: "gke-nodes-require-metadata-server",
    control: "gke-workload-identity",
    enforcementLevel: "mandatory",
    description: "Every GKE node pool serves the GKE metadata server (GKE_METADATA).",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkMetadataServer,
});
