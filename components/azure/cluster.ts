/**
 * AksCluster: a private, encrypted, audited AKS cluster on @pulumi/azure-native, built to the
 * aks-* controls (components/controls/aks.ts) and checked by policy-pack/policies/aks/. Defaults
 * are the union of AVM aks-production and mspnp/aks-baseline, plus KMS etcd encryption, run command
 * off and encryption at host, which neither anchor turns on (shared/notes/cloud-controls.md §1.6).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TOKENS } from "../tokens";
import { AksClusterArgs } from "./args";
import { ClusterEncryption, createEncryption } from "./encryption";
import { FederatedServiceAccount, createControlPlaneIdentity, federateServiceAccount } from "./identity";
import { userKubeconfig } from "./kubeconfig";
import { createAuditSetting, createWorkspace } from "./logging";
import { createNetwork } from "./network";
import { createUserPools, systemPoolProfile } from "./nodes";
import { ResolvedAksClusterArgs, resolveAksClusterArgs } from "./resolve";

/** The ARM API version of containerservice.ManagedCluster in @pulumi/azure-native 3.28 (the lock names it). */
export const MANAGED_CLUSTER_API_VERSION = "2025-09-01";

/** A DNS prefix from the component name: letters, digits and '-', 1-54 characters, starting alphanumeric. */
export function dnsPrefixOf(name: string): string {
    const cleaned = name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+/, "").slice(0, 54).replace(/-+$/, "");
    return cleaned.length > 0 ? cleaned : "aks";
}

export class AksCluster extends pulumi.ComponentResource {
    public readonly cluster: containerservice.ManagedCluster;
    public readonly clusterName: pulumi.Output<string>;
    public readonly clusterId: pulumi.Output<string>;
    /** The OIDC issuer that signs service account tokens, for workload identity federation. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The control plane's user-assigned identity. */
    public readonly controlPlaneIdentityId: pulumi.Output<string>;
    /** The Log Analytics workspace receiving audit logs. */
    public readonly workspaceId: pulumi.Output<string>;
    /** The versioned Key Vault key encrypting Secrets; undefined when opted out. */
    public readonly kmsKeyId?: pulumi.Output<string>;
    public readonly nodeSubnetId: pulumi.Output<string>;
    /** A kubeconfig that gets Entra tokens with kubelogin. A secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A provider for the in-cluster layer. It must run where the private API server is reachable. */
    public readonly provider: k8s.Provider;
    public readonly userPools: readonly containerservice.AgentPool[];
    private readonly resolved: ResolvedAksClusterArgs;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before anything, the component included, is registered.
        const a = resolveAksClusterArgs(args);
        super(TOKENS.aksCluster, name, {}, opts);
        this.resolved = a;

        const client = authorization.getClientConfigOutput({ parent: this });
        const tenantId = a.tenantId ?? client.tenantId;
        const identity = createControlPlaneIdentity(name, a, this);
        const grantee = { principalId: identity.principalId, subscriptionId: client.subscriptionId };

        const net = createNetwork(name, a, grantee, this);
        let encryption: ClusterEncryption | undefined;
        if (a.encryption) {
            encryption = createEncryption(name, a, a.encryption, { ...grantee, tenantId }, this);
        }
        const logs = createWorkspace(name, a, this);

        const isPublic = a.publicApiServer !== undefined;
        const addonProfiles: Record<string, azureInputs.containerservice.ManagedClusterAddonProfileArgs> = {};
        if (a.azurePolicy) {
            addonProfiles["azurepolicy"] = { enabled: true, config: { version: "v2" } };
        }
        if (a.containerInsights) {
            addonProfiles["omsagent"] = { enabled: true, config: { logAnalyticsWorkspaceResourceID: logs.workspaceId, useAADAuth: "true" } };
        }
        if (a.keyVaultSecretsProvider) {
            addonProfiles["azureKeyvaultSecretsProvider"] = { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } };
        }

        this.cluster = new containerservice.ManagedCluster(
            `${name}-cluster`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.location,
                dnsPrefix: dnsPrefixOf(name),
                ...(a.kubernetesVersion ? { kubernetesVersion: a.kubernetesVersion } : {}),
                sku: { name: "Base", tier: a.skuTier },
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                enableRBAC: true,
                aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...a.adminGroupObjectIds], tenantID: tenantId },
                disableLocalAccounts: a.disableLocalAccounts,
                apiServerAccessProfile: {
                    enablePrivateCluster: !isPublic,
                    ...(isPublic
                        ? { authorizedIPRanges: [...a.publicApiServer!.authorizedIpRanges] }
                        : { enablePrivateClusterPublicFQDN: false, privateDNSZone: a.privateDnsZone }),
                    enableVnetIntegration: a.apiServerVnetIntegration,
                    ...(net.apiServerSubnetId ? { subnetId: net.apiServerSubnetId } : {}),
                    disableRunCommand: a.disableRunCommand,
                },
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    // Removes unused, possibly vulnerable images from nodes weekly.
                    imageCleaner: { enabled: true, intervalHours: 168 },
                    ...(encryption
                        ? {
                              azureKeyVaultKms: {
                                  enabled: true,
                                  keyId: encryption.keyId,
                                  keyVaultNetworkAccess: encryption.keyVaultNetworkAccess,
                                  // AKS takes the vault id only for a private vault.
                                  ...(encryption.keyVaultNetworkAccess === "Private" ? { keyVaultResourceId: encryption.keyVaultResourceId } : {}),
                              },
                          }
                        : {}),
                    ...(a.defender ? { defender: { logAnalyticsWorkspaceResourceId: logs.workspaceId, securityMonitoring: { enabled: true } } } : {}),
                },
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    networkPolicy: a.network.networkPolicy,
                    networkDataplane: a.network.networkPolicy === "cilium" ? "cilium" : "azure",
                    podCidr: a.network.podCidr,
                    outboundType: a.network.outboundType,
                    loadBalancerSku: "standard",
                },
                agentPoolProfiles: [systemPoolProfile(a, net.nodeSubnetId)],
                autoUpgradeProfile: { upgradeChannel: a.upgradeChannel, nodeOSUpgradeChannel: a.nodeOsUpgradeChannel },
                addonProfiles,
                ...(a.diskEncryptionSetId !== undefined ? { diskEncryptionSetID: a.diskEncryptionSetId } : {}),
                ...(a.sshPublicKey ? { linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: a.sshPublicKey }] } } } : {}),
                tags: a.tags,
            },
            {
                parent: this,
                protect: a.protect,
                // The control plane needs its roles on the subnets and the vault before it is created.
                dependsOn: [...net.roleAssignments, ...(encryption?.roleAssignments ?? [])],
                // The autoscaler owns the system pool's count.
                ignoreChanges: ["agentPoolProfiles[0].count"],
            },
        );

        createAuditSetting(name, a, this.cluster, logs.workspaceId, this);
        this.userPools = createUserPools(name, a, this.cluster, net.nodeSubnetId, this);
        if (a.deleteLock) {
            new authorization.ManagementLockAtResourceLevel(
                `${name}-lock`,
                {
                    level: "CanNotDelete",
                    notes: "Hardened AKS cluster: remove this lock deliberately before deleting the cluster.",
                    resourceGroupName: a.resourceGroupName,
                    resourceProviderNamespace: "Microsoft.ContainerService",
                    parentResourcePath: "",
                    resourceType: "managedClusters",
                    resourceName: this.cluster.name,
                    apiVersion: MANAGED_CLUSTER_API_VERSION,
                },
                { parent: this },
            );
        }

        this.clusterName = this.cluster.name;
        this.clusterId = this.cluster.id;
        this.oidcIssuerUrl = this.cluster.oidcIssuerProfile.apply(p => p?.issuerURL ?? "");
        this.controlPlaneIdentityId = identity.id;
        this.workspaceId = pulumi.output(logs.workspaceId);
        this.kmsKeyId = encryption ? pulumi.output(encryption.keyId) : undefined;
        this.nodeSubnetId = pulumi.output(net.nodeSubnetId);
        this.kubeconfig = userKubeconfig(a.resourceGroupName, this.cluster, a.kubeloginMode, this);
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            oidcIssuerUrl: this.oidcIssuerUrl,
            controlPlaneIdentityId: this.controlPlaneIdentityId,
            workspaceId: this.workspaceId,
            kmsKeyId: this.kmsKeyId,
            nodeSubnetId: this.nodeSubnetId,
            kubeconfig: this.kubeconfig,
        });
    }

    /**
     * Federates a Kubernetes service account with a user-assigned managed identity (created unless
     * `identityName` names one), so that its pods get Entra tokens with no secret. Annotate the
     * ServiceAccount with the returned `serviceAccountAnnotations`.
     */
    federateServiceAccount(
        name: string,
        args: { namespace: string; serviceAccountName: string; identityName?: pulumi.Input<string> },
    ): FederatedServiceAccount {
        return federateServiceAccount(
            name,
            { ...args, issuerUrl: this.oidcIssuerUrl, resourceGroupName: this.resolved.resourceGroupName, location: this.resolved.location },
            { parent: this },
        );
    }
}
