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
import { ClusterGitOps, createGitOps } from "./gitops";
import { FederatedServiceAccount, createControlPlaneIdentity, federateServiceAccount } from "./identity";
import { userKubeconfig } from "./kubeconfig";
import { createAuditSetting, createContainerInsightsRule, createWorkspace } from "./logging";
import { createNetwork } from "./network";
import { createUserPools, systemPoolProfile } from "./nodes";
import { AksPrerequisite, prerequisitesOf } from "./prerequisites";
import { AksReachPath, AksSubjects, reachPathOf } from "./reach";
import { ResolvedAksClusterArgs, resolveAksClusterArgs } from "./resolve";
import { BUILT_IN_ROLES, grantRole } from "./roles";

/** The ARM API version of containerservice.ManagedCluster in @pulumi/azure-native 3.28 (the lock names it). */
export const MANAGED_CLUSTER_API_VERSION = "2025-09-01";

/** The built-in "pod security restricted standards for Linux-based workloads" initiative (mspnp/aks-baseline policies.bicep ~L12-16). */
export const POD_SECURITY_RESTRICTED_INITIATIVE = "42b8ef37-b724-4e24-bbc8-7a7708edfe00";

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
    /** How the runner of `pulumi up` reaches the API server for the in-cluster layer (program/types.ts ReachPath). */
    public readonly reach: AksReachPath;
    /** How people are named in the baseline's RBAC subjects on this cluster (Entra object ids; check them with aksSubjectProblems). */
    public readonly subjects: AksSubjects;
    /** The Flux extension and configuration, when the baseline is delivered by GitOps. */
    public readonly gitops?: ClusterGitOps;
    /** Subscription features and providers this configuration needs, each with the command that registers it. */
    public readonly prerequisites: readonly AksPrerequisite[];
    /** The Azure role assignments made on the cluster (deployers' and admin groups'). */
    public readonly accessAssignments: readonly authorization.RoleAssignment[];
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
        // Roles the control plane needs before the cluster exists, beyond its network and vault.
        const preRoles: authorization.RoleAssignment[] = [];
        if (a.privateDnsZone.startsWith("/subscriptions/") && a.publicApiServer === undefined) {
            preRoles.push(
                grantRole(`${name}-dns-zone`, {
                    ...grantee,
                    role: BUILT_IN_ROLES.privateDnsZoneContributor,
                    scope: a.privateDnsZone,
                    description: "AKS control plane writes the API server record in the custom private DNS zone",
                }, this),
            );
        }
        if (a.diskEncryptionSetId !== undefined) {
            preRoles.push(
                grantRole(`${name}-disk-encryption-set`, {
                    ...grantee,
                    role: BUILT_IN_ROLES.reader,
                    scope: a.diskEncryptionSetId,
                    description: "AKS control plane reads the disk encryption set of the node disks",
                }, this),
            );
        }
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
                        : { enablePrivateClusterPublicFQDN: a.privateClusterPublicFqdn, privateDNSZone: a.privateDnsZone }),
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
                    serviceCidr: a.network.serviceCidr,
                    dnsServiceIP: a.network.dnsServiceIP,
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
                dependsOn: [...net.roleAssignments, ...(encryption?.roleAssignments ?? []), ...preRoles],
                // The autoscaler owns the system pool's count.
                ignoreChanges: ["agentPoolProfiles[0].count"],
            },
        );

        const clusterChildren: pulumi.Resource[] = [createAuditSetting(name, a, this.cluster, logs.workspaceId, this)];
        if (a.containerInsights) {
            clusterChildren.push(createContainerInsightsRule(name, a, this.cluster, logs.workspaceId, this).association);
        }
        this.userPools = createUserPools(name, a, this.cluster, net.nodeSubnetId, this);
        clusterChildren.push(...this.userPools);
        this.accessAssignments = [
            // Azure RBAC for the identities that apply the baseline (MS docs entra-id-authorization.md, "AKS built-in roles").
            ...a.deployers.map((d, i) =>
                grantRole(`${name}-deployer-${i}`, {
                    principalId: d.objectId,
                    principalType: d.principalType,
                    subscriptionId: client.subscriptionId,
                    role: BUILT_IN_ROLES.aksRbacClusterAdmin,
                    scope: this.cluster.id,
                    description: "Deployer of the hardened baseline: Kubernetes cluster admin through Azure RBAC",
                }, this),
            ),
            // Admin group members fetch the Entra kubeconfig (mspnp/aks-baseline cluster-stamp.bicep ~L1050-1058).
            ...a.adminGroupObjectIds.map((g, i) =>
                grantRole(`${name}-admins-${i}`, {
                    principalId: g,
                    principalType: "Group",
                    subscriptionId: client.subscriptionId,
                    role: BUILT_IN_ROLES.aksClusterUser,
                    scope: this.cluster.id,
                    description: "Cluster admins fetch the Entra kubeconfig",
                }, this),
            ),
        ];
        clusterChildren.push(...this.accessAssignments);
        if (a.azurePolicy) {
            // The add-on enforces only what is assigned: the restricted pod security initiative, in
            // Audit as mspnp/aks-baseline assigns it (workload-team/modules/policies.bicep ~L122-160);
            // the baseline's Pod Security Admission labels enforce in the hardened namespaces.
            clusterChildren.push(
                new authorization.PolicyAssignment(
                    `${name}-pod-security`,
                    {
                        scope: this.cluster.id,
                        policyDefinitionId: `/providers/Microsoft.Authorization/policySetDefinitions/${POD_SECURITY_RESTRICTED_INITIATIVE}`,
                        displayName: "Kubernetes cluster pod security restricted standards for Linux-based workloads",
                        enforcementMode: "Default",
                        parameters: {
                            effect: { value: "Audit" },
                            excludedNamespaces: { value: ["kube-system", "gatekeeper-system", "azure-arc", "flux-system"] },
                        },
                    },
                    { parent: this },
                ),
            );
        }
        if (a.gitops) {
            this.gitops = createGitOps(name, a, a.gitops, this.cluster, this.userPools, this);
            clusterChildren.push(this.gitops.extension, this.gitops.configuration);
        }
        if (a.deleteLock) {
            new authorization.ManagementLockAtResourceLevel(
                `${name}-lock`,
                {
                    level: "CanNotDelete",
                    notes:
                        "Hardened AKS cluster: this lock also stops deleting its node pools, extensions, diagnostic settings and role assignments; " +
                        "remove it (optOuts.deleteLock) for the run that deletes one of them.",
                    resourceGroupName: a.resourceGroupName,
                    resourceProviderNamespace: "Microsoft.ContainerService",
                    parentResourcePath: "",
                    resourceType: "managedClusters",
                    resourceName: this.cluster.name,
                    apiVersion: MANAGED_CLUSTER_API_VERSION,
                },
                // Azure applies a resource's lock to its child and extension resources (MS docs
                // cluster-extensions.md: locks block extension management). Depending on them makes
                // Pulumi delete the lock before any of them in a run that removes both.
                { parent: this, dependsOn: clusterChildren },
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
        this.reach = reachPathOf(a);
        this.subjects = { format: "entra-object-id", azureRbac: true, tenantId: pulumi.output(tenantId), adminGroupObjectIds: a.adminGroupObjectIds };
        this.prerequisites = prerequisitesOf(a);

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            oidcIssuerUrl: this.oidcIssuerUrl,
            controlPlaneIdentityId: this.controlPlaneIdentityId,
            workspaceId: this.workspaceId,
            kmsKeyId: this.kmsKeyId,
            nodeSubnetId: this.nodeSubnetId,
            kubeconfig: this.kubeconfig,
            reach: this.reach,
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
