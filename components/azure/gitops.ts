/**
 * The in-cluster baseline delivered by GitOps: the cluster's Flux extension and a Flux
 * configuration pulling the rendered baseline from Git, both ARM resources, so no network path from
 * the runner to the private API server is needed (deployability.md, "The private API endpoint";
 * mspnp/aks-baseline cluster-stamp.bicep ~L1113-1178, whose settings these follow: only the source
 * and kustomize controllers, the Stable release train, cluster scope in flux-system).
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as kubernetesconfiguration from "@pulumi/azure-native/kubernetesconfiguration";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAksClusterArgs } from "./resolve";

/** The namespace Flux runs in and reconciles from. */
export const FLUX_NAMESPACE = "flux-system";
/** The Flux configuration's name, and its one kustomization's. */
export const FLUX_CONFIGURATION_NAME = "baseline";

export interface ClusterGitOps {
    readonly extension: kubernetesconfiguration.Extension;
    readonly configuration: kubernetesconfiguration.FluxConfiguration;
}

export function createGitOps(
    name: string,
    args: ResolvedAksClusterArgs,
    settings: NonNullable<ResolvedAksClusterArgs["gitops"]>,
    cluster: containerservice.ManagedCluster,
    // Flux runs on user pools (the system pool is tainted CriticalAddonsOnly): they must exist first.
    nodes: readonly pulumi.Resource[],
    parent: pulumi.Resource,
): ClusterGitOps {
    const target = {
        resourceGroupName: args.resourceGroupName,
        clusterRp: "Microsoft.ContainerService",
        clusterResourceName: "managedClusters",
        clusterName: cluster.name,
    };
    const extension = new kubernetesconfiguration.Extension(
        `${name}-flux`,
        {
            ...target,
            extensionName: "flux",
            extensionType: "microsoft.flux",
            autoUpgradeMinorVersion: true,
            releaseTrain: "Stable",
            scope: { cluster: { releaseNamespace: FLUX_NAMESPACE } },
            configurationSettings: {
                "helm-controller.enabled": "false",
                "source-controller.enabled": "true",
                "kustomize-controller.enabled": "true",
                "notification-controller.enabled": "false",
                "image-automation-controller.enabled": "false",
                "image-reflector-controller.enabled": "false",
            },
        },
        { parent, dependsOn: [...nodes] },
    );
    const configuration = new kubernetesconfiguration.FluxConfiguration(
        `${name}-gitops`,
        {
            ...target,
            fluxConfigurationName: FLUX_CONFIGURATION_NAME,
            scope: "cluster",
            namespace: FLUX_NAMESPACE,
            sourceKind: "GitRepository",
            gitRepository: {
                url: settings.url,
                timeoutInSeconds: 180,
                syncIntervalInSeconds: settings.syncIntervalInSeconds,
                repositoryRef: settings.commit !== undefined ? { commit: settings.commit } : { branch: settings.branch },
            },
            kustomizations: {
                [FLUX_CONFIGURATION_NAME]: {
                    path: settings.path,
                    timeoutInSeconds: 300,
                    syncIntervalInSeconds: settings.syncIntervalInSeconds,
                    retryIntervalInSeconds: 300,
                    // Objects removed from the rendered baseline are removed from the cluster.
                    prune: true,
                    force: false,
                },
            },
        },
        { parent, dependsOn: [extension] },
    );
    return { extension, configuration };
}
