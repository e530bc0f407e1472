/**
 * The Azure cloud layer of the program: an AksCluster from the stack's `hcb:cluster` object
 * (AksClusterArgs, validated by resolveAksClusterArgs, which names every wrong field and its fix).
 */
import { AksCluster, AksClusterArgs } from "../components/azure";
import { DeployedCluster } from "./types";

export function deployAks(cluster: Record<string, unknown>): DeployedCluster {
    const name = typeof cluster["name"] === "string" ? cluster["name"] : "aks";
    const { name: _name, ...args } = cluster;
    const aks = new AksCluster(name, args as unknown as AksClusterArgs);
    return {
        cloud: "azure",
        provider: aks.provider,
        // Placeholder until the cloud layer declares its path (issue 13): no path, so staged runs.
        reach: { kind: "none", detail: "no reach path declared yet" },
        kubeconfig: aks.kubeconfig,
        outputs: {
            clusterName: aks.clusterName,
            clusterId: aks.clusterId,
            oidcIssuerUrl: aks.oidcIssuerUrl,
            controlPlaneIdentityId: aks.controlPlaneIdentityId,
            auditWorkspaceId: aks.workspaceId,
            ...(aks.kmsKeyId ? { kmsKeyId: aks.kmsKeyId } : {}),
        },
    };
}
