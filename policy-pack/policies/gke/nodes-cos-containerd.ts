/**
 * Checklist "runtime protection"; CIS GKE 5.5.1; Checkov CKV_GCP_22. Container-Optimized OS is a
 * minimal, read-only, auto-updated image. Unset means GKE's default, COS_CONTAINERD.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optString } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, nodeSettingsOf } from "./resources";

export function checkCosContainerd(resource: CheckedResource): string[] {
    return nodeSettingsOf(resource.type, resource.props).flatMap(pool => {
        const path = join(pool.nodeConfigPath, "imageType");
        const image = optString(pool.nodeConfig?.["imageType"], path);
        return image === undefined || /^COS_CONTAINERD/i.test(image)
            ? []
            : [`${subjectOf(resource)} must run ${pool.label} on Container-Optimized OS with containerd: \`${path}\` is "${image}". Set it to "COS_CONTAINERD".`];
    });
}

export const cosContainerdPolicy = resourcePolicy({
    name: "gke-nodes-require-cos-containerd",
    control: "gke-node-image",
    enforcementLevel: "mandatory",
    description: "GKE nodes run Container-Optimized OS with containerd.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkCosContainerd,
});
