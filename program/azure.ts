/**
 * The Azure cloud layer of the program: an AksCluster from the stack's `hcb:cluster` object
 * (AksClusterArgs, validated by resolveAksClusterArgs, which names every wrong field and its fix),
 * handed on with the reach path the component declares (gitops, network, public-endpoint or none)
 * and the outputs a baseline-only stage needs: the cluster's coordinates, its kubeconfig (a
 * secret), and how people are named in RBAC subjects there.
 */
import * as pulumi from "@pulumi/pulumi";
import { AksCluster, AksClusterArgs, reachPathOf, resolveAksClusterArgs } from "../components/azure";
import { DeployedCluster, ReachPath } from "./types";

/** The reach path the cluster `hcb:cluster` describes will declare, before anything is registered (its arguments are validated here, naming every wrong field). */
export function reachOf(cluster: Readonly<Record<string, unknown>>): ReachPath {
    const { name: _name, ...args } = cluster;
    const reach = reachPathOf(resolveAksClusterArgs(args as unknown as AksClusterArgs));
    return { kind: reach.kind, detail: reach.detail };
}

export function deployAks(cluster: Record<string, unknown>): DeployedCluster {
    const name = typeof cluster["name"] === "string" ? cluster["name"] : "aks";
    const { name: _name, ...args } = cluster;
    const aks = new AksCluster(name, args as unknown as AksClusterArgs);
    return {
        cloud: "azure",
        provider: aks.provider,
        reach: aks.reach,
        kubeconfig: aks.kubeconfig,
        outputs: {
            clusterName: aks.clusterName,
            clusterId: aks.clusterId,
            resourceGroupName: pulumi.output(args["resourceGroupName"] as pulumi.Input<string>),
            oidcIssuerUrl: aks.oidcIssuerUrl,
            controlPlaneIdentityId: aks.controlPlaneIdentityId,
            auditWorkspaceId: aks.workspaceId,
            ...(aks.kmsKeyId ? { kmsKeyId: aks.kmsKeyId } : {}),
            reach: aks.reach,
            // For the baseline stage's subject check: Entra object ids, Azure RBAC on.
            subjects: aks.subjects,
            prerequisites: aks.prerequisites,
            ...(aks.gitops ? { gitopsConfigurationName: aks.gitops.configuration.name } : {}),
        },
    };
}
