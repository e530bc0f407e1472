/**
 * CIS GKE 5.9.1 ("Enable Customer-Managed Encryption Keys (CMEK) for GKE Persistent Disks"). Where
 * the stack asks for customer keys (`requireCustomerKeys: true`, e.g. a regulated environment),
 * every node pool's boot disk is encrypted with a Cloud KMS key (`nodeConfig.bootDiskKmsKey`),
 * and so are the pools node auto-provisioning creates (`clusterAutoscaling
 * .autoProvisioningDefaults.bootDiskKmsKey`). Off by default: Google-managed keys encrypt every
 * disk already, and CMEK adds key operations and availability risk a stack must choose.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, hasValue, join, nodeSettingsOf } from "./resources";

export interface BootDiskCmekConfig {
    readonly requireCustomerKeys: boolean;
}

export function checkBootDiskCmek(resource: CheckedResource, config: BootDiskCmekConfig): string[] {
    if (!config.requireCustomerKeys) {
        return [];
    }
    const subject = subjectOf(resource);
    const out = nodeSettingsOf(resource.type, resource.props).flatMap(pool =>
        hasValue(pool.nodeConfig, "bootDiskKmsKey", join(pool.nodeConfigPath, "bootDiskKmsKey"))
            ? []
            : [`${subject} must encrypt the boot disks of ${pool.label} with a customer key: \`${join(pool.nodeConfigPath, "bootDiskKmsKey")}\` is unset.`],
    );
    if (resource.type === CLUSTER_TYPE) {
        const autoscaling = optObject(resource.props["clusterAutoscaling"], "clusterAutoscaling");
        const nap = optBoolean(autoscaling?.["enabled"], "clusterAutoscaling.enabled") === true || resource.props["enableAutopilot"] === true;
        const defaults = optObject(autoscaling?.["autoProvisioningDefaults"], "clusterAutoscaling.autoProvisioningDefaults");
        if (nap && !hasValue(defaults, "bootDiskKmsKey", "clusterAutoscaling.autoProvisioningDefaults.bootDiskKmsKey")) {
            out.push(`${subject} must encrypt the boot disks of auto-provisioned nodes with a customer key: \`clusterAutoscaling.autoProvisioningDefaults.bootDiskKmsKey\` is unset.`);
        }
    }
    return out;
}

export const bootDiskCmekPolicy = resourcePolicy<BootDiskCmekConfig>({
    name: "gke-nodes-require-boot-disk-cmek",
    control: "gke-boot-disk-encryption",
    enforcementLevel: "mandatory",
    description: "Where the stack asks for customer keys, every GKE node boot disk is encrypted with a Cloud KMS key.",
    config: {
        requireCustomerKeys: { type: "boolean", default: false, description: "Require customer-managed keys on node boot disks (CIS GKE 5.9.1)." },
    },
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkBootDiskCmek,
});
