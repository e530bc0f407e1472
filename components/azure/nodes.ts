/**
 * Node pools: the system pool inside the cluster (tainted for critical add-ons only, CKV_AZURE_232)
 * and each user pool as a separate AgentPool. Every pool: AzureLinux, no public IP, encryption at
 * host, ephemeral OS disk, SSH disabled, scale sets with the autoscaler.
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { CRITICAL_ADDONS_TAINT } from "./args";
import { ResolvedAksClusterArgs, ResolvedNodePool } from "./resolve";

/** The settings every pool shares, system or user, as ARM agent pool properties. */
export function poolProperties(pool: ResolvedNodePool, args: ResolvedAksClusterArgs, subnetId: pulumi.Input<string>) {
    return {
        vmSize: pool.vmSize,
        enableAutoScaling: true,
        count: pool.minCount,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        ...(pool.availabilityZones ? { availabilityZones: [...pool.availabilityZones] } : {}),
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        osSKU: "AzureLinux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: pool.osDiskSizeGB,
        maxPods: pool.maxPods,
        vnetSubnetID: subnetId,
        enableNodePublicIP: false,
        enableEncryptionAtHost: args.encryptionAtHost,
        securityProfile: { sshAccess: args.sshPublicKey === undefined ? "Disabled" : "LocalUser" },
        nodeLabels: { ...pool.nodeLabels },
        upgradeSettings: { maxSurge: "33%" },
        tags: args.tags,
    };
}

/** The cluster's `agentPoolProfiles[0]`. */
export function systemPoolProfile(args: ResolvedAksClusterArgs, subnetId: pulumi.Input<string>): azureInputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    const pool = args.systemPool;
    const taints = pool.nodeTaints.includes(CRITICAL_ADDONS_TAINT) ? pool.nodeTaints : [CRITICAL_ADDONS_TAINT, ...pool.nodeTaints];
    return { name: pool.name, mode: "System", ...poolProperties(pool, args, subnetId), nodeTaints: [...taints] };
}

export function createUserPools(
    name: string,
    args: ResolvedAksClusterArgs,
    cluster: containerservice.ManagedCluster,
    subnetId: pulumi.Input<string>,
    parent: pulumi.Resource,
): containerservice.AgentPool[] {
    return args.userPools.map(
        pool =>
            new containerservice.AgentPool(
                `${name}-${pool.name}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceName: cluster.name,
                    agentPoolName: pool.name,
                    mode: "User",
                    ...poolProperties(pool, args, subnetId),
                    ...(pool.nodeTaints.length ? { nodeTaints: [...pool.nodeTaints] } : {}),
                },
                // The autoscaler owns `count` (deployability.md, "Day-2 updates"): an update must not
                // reset a scaled pool to its minimum.
                { parent, ignoreChanges: ["count"] },
            ),
    );
}
