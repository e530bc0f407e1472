/**
 * Node settings: every pool (and the transient default pool, which boots before it is removed)
 * runs COS containerd as the dedicated account, behind the GKE metadata server, with secure boot
 * and integrity monitoring, the kubelet read-only port off and legacy metadata endpoints off; pools
 * repair and upgrade themselves.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs, ResolvedGkeNodePool } from "./args";

/** The hardened node configuration shared by every pool. */
export function hardenedGkeNodeConfig(serviceAccount: pulumi.Input<string>, args?: Pick<ResolvedGkeArgs, "bootDiskKmsKey">, pool?: ResolvedGkeNodePool) {
    return {
        ...(pool ? { machineType: pool.machineType, diskSizeGb: pool.diskSizeGb, spot: pool.spot, labels: pool.labels } : {}),
        diskType: "pd-balanced",
        // CIS GKE 5.9.1, when asked: boot disks under the customer's key.
        ...(args?.bootDiskKmsKey ? { bootDiskKmsKey: args.bootDiskKmsKey } : {}),
        // CIS GKE 5.5.1.
        imageType: "COS_CONTAINERD",
        // CIS GKE 5.2.1: never the Compute Engine default account; IAM on the account is the
        // real limit, so the scope is the one GKE recommends with a dedicated account.
        serviceAccount,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        // CIS GKE 5.4.2: pods see the GKE metadata server, not the node's credentials.
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        // CIS GKE 5.5.6 / 5.5.7.
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        // CIS GKE 3.2.4.
        kubeletConfig: { insecureKubeletReadonlyPortEnabled: "FALSE" },
        // CIS GKE 5.4.1: legacy metadata endpoints off.
        metadata: { "disable-legacy-endpoints": "true" },
    };
}

export function createGkeNodePools(
    name: string,
    args: ResolvedGkeArgs,
    cluster: gcp.container.Cluster,
    serviceAccount: pulumi.Input<string>,
    dependsOn: readonly pulumi.Resource[],
    parent: pulumi.Resource,
): gcp.container.NodePool[] {
    return args.nodePools.map(
        pool =>
            new gcp.container.NodePool(
                `${name}-${pool.name}`,
                {
                    project: args.project,
                    location: args.location,
                    cluster: cluster.name,
                    autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
                    // CIS GKE 5.5.2 / 5.5.3.
                    management: { autoRepair: true, autoUpgrade: true },
                    upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
                    nodeConfig: hardenedGkeNodeConfig(serviceAccount, args, pool),
                },
                // The autoscaler owns the node count: never reset by an update.
                { parent, dependsOn: [...dependsOn], ignoreChanges: ["nodeCount", "initialNodeCount"] },
            ),
    );
}
