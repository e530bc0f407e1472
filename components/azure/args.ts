/**
 * The arguments of AksCluster, their secure defaults (AKS_CLUSTER_DEFAULTS) and the opt-outs that
 * weaken them. Every opt-out is a named entry of `optOuts` with a written reason, and every one of
 * them stays visible to the policy pack (shared/notes/cloud-controls.md §1.6, §5).
 */
import * as pulumi from "@pulumi/pulumi";

/** A node pool. The system pool lives in the cluster; the others are separate AgentPool resources. */
export interface AksNodePoolArgs {
    /** Pool name: 1-12 lower-case letters and digits, starting with a letter (an AKS rule). */
    readonly name: string;
    /** VM size; it must support encryption at host and, for ephemeral OS disks, hold the OS disk in its cache or temp disk. @default "Standard_D4ds_v5" */
    readonly vmSize?: string;
    /** Autoscaler bounds. @default system 2-5, user 1-5 */
    readonly minCount?: number;
    readonly maxCount?: number;
    /** Availability zones, e.g. ["1","2","3"]; region-dependent, so unset by default. */
    readonly availabilityZones?: readonly string[];
    /** OS disk size in GB; an ephemeral disk must fit the VM's cache or temp disk (150 GB on D4ds_v5). @default 128 */
    readonly osDiskSizeGB?: number;
    /** Pods per node; CKV_AZURE_168 asks for at least 50. @default 110 */
    readonly maxPods?: number;
    /** Kubernetes labels of the nodes. */
    readonly nodeLabels?: Readonly<Record<string, string>>;
    /** Extra taints, `key=value:Effect`. The system pool always carries CriticalAddonsOnly=true:NoSchedule. */
    readonly nodeTaints?: readonly string[];
}

/** Bring your own network: the subnets the nodes and the API server (VNet integration) use. */
export interface AksExistingNetworkArgs {
    /** Resource id of the nodes' subnet. */
    readonly nodeSubnetId: pulumi.Input<string>;
    /**
     * Resource id of the API server subnet (delegated to Microsoft.ContainerService/managedClusters,
     * at least /28). Required while `apiServerVnetIntegration` is true.
     */
    readonly apiServerSubnetId?: pulumi.Input<string>;
}

export type AksNetworkPolicyEngine = "cilium" | "azure" | "calico";
export type AksOutboundType = "loadBalancer" | "userDefinedRouting" | "managedNATGateway" | "userAssignedNATGateway";

export interface AksNetworkArgs {
    /** Use these subnets instead of creating a VNet. Conflicts with `vnetCidr`, `nodeSubnetCidr`, `apiServerSubnetCidr`. */
    readonly existing?: AksExistingNetworkArgs;
    /** Address space of the VNet the component creates. @default "10.224.0.0/12" */
    readonly vnetCidr?: string;
    /** The nodes' subnet, inside `vnetCidr`. @default "10.224.0.0/16" */
    readonly nodeSubnetCidr?: string;
    /** The API server subnet (VNet integration), inside `vnetCidr`, /28 or larger. @default "10.225.0.0/28" */
    readonly apiServerSubnetCidr?: string;
    /**
     * The NetworkPolicy engine. "cilium" runs Azure CNI overlay with the Cilium dataplane (AVM
     * aks-production); "azure" is Azure NPM (aks-baseline); "calico" is Calico. There is no "none":
     * the in-cluster default deny needs an engine. @default "cilium"
     */
    readonly networkPolicy?: AksNetworkPolicyEngine;
    /** How nodes reach the internet; "userDefinedRouting" sends egress through your firewall. @default "loadBalancer" */
    readonly outboundType?: AksOutboundType;
    /** Overlay pod CIDR. @default "192.168.0.0/16" */
    readonly podCidr?: string;
}

/** Bring your own Key Vault key for KMS etcd encryption. */
export interface AksExistingKeyArgs {
    /** The key identifier with its version: https://<vault>.vault.azure.net/keys/<name>/<version>. */
    readonly keyId: pulumi.Input<string>;
    /** The vault's resource id: the control-plane identity gets its key roles there. */
    readonly keyVaultResourceId: pulumi.Input<string>;
}

export interface AksEncryptionArgs {
    /** Use this key instead of creating a Key Vault and a key. */
    readonly existingKey?: AksExistingKeyArgs;
    /**
     * "Private" keeps the vault off the internet (public network access disabled); AKS reaches it
     * through API server VNet integration, which "Private" therefore requires. @default "Private"
     */
    readonly keyVaultNetworkAccess?: "Private" | "Public";
    /** Days after creation at which the created key rotates. @default 90 */
    readonly keyRotationDays?: number;
}

export interface AksAuditArgs {
    /**
     * "admin" exports `kube-audit-admin` (every request but get and list: PSRule Azure.AKS.AuditAdmin,
     * for cost); "full" exports `kube-audit`. `guard` (Entra and Azure RBAC decisions) always. @default "admin"
     */
    readonly level?: "admin" | "full";
    /** Send to this Log Analytics workspace (resource id) instead of creating one. */
    readonly existingWorkspaceId?: pulumi.Input<string>;
    /** Retention of the created workspace, 30-730 days. @default 90 */
    readonly retentionInDays?: number;
}

/** A written reason, required by every opt-out (at least 20 characters, as pack exemptions). */
export interface AksOptOut {
    readonly reason: string;
}

/**
 * Named weakenings. Each needs a reason and is still flagged by the pack (record the same
 * justification as an exemption in the pack's config).
 */
export interface AksOptOuts {
    /** A public API server restricted to `authorizedIpRanges` (flagged by aks-cluster-disallow-public-api-server). */
    readonly publicApiServer?: AksOptOut & { readonly authorizedIpRanges: readonly string[] };
    /** Keep run command (flagged by aks-cluster-disallow-run-command). */
    readonly runCommand?: AksOptOut;
    /** No KMS etcd encryption (flagged by aks-cluster-require-kms-secrets-encryption). */
    readonly secretsEncryption?: AksOptOut;
    /** Keep local accounts (flagged by aks-cluster-disallow-local-accounts). */
    readonly localAccounts?: AksOptOut;
    /** No encryption at host, e.g. the subscription feature is not registered (flagged by aks-node-pool-require-encryption-at-host). */
    readonly encryptionAtHost?: AksOptOut;
    /** SSH to nodes with this public key (flagged by aks-node-pool-disallow-ssh). */
    readonly nodeSsh?: AksOptOut & { readonly publicKey: string };
    /** No Azure Policy add-on (flagged by aks-cluster-require-azure-policy). */
    readonly azurePolicy?: AksOptOut;
    /** No management lock (flagged by aks-cluster-require-delete-lock). */
    readonly deleteLock?: AksOptOut;
}

export type AksKubeloginMode = "azurecli" | "workloadidentity" | "spn" | "msi" | "devicecode";
export type AksUpgradeChannel = "patch" | "stable" | "rapid" | "node-image";
export type AksNodeOsUpgradeChannel = "NodeImage" | "SecurityPatch";

export interface AksClusterArgs {
    /** The existing resource group of every resource the component creates. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure region, e.g. "westeurope". */
    readonly location: pulumi.Input<string>;
    /** Kubernetes version; unset lets AKS pick its default, then the upgrade channel moves it. */
    readonly kubernetesVersion?: string;
    /** Entra group object ids made cluster admins (aadProfile.adminGroupObjectIDs). At least one. */
    readonly adminGroupObjectIds: readonly string[];
    /** Entra tenant; unset means the deploying identity's tenant. */
    readonly tenantId?: pulumi.Input<string>;
    /** Private DNS zone: "system", "none" or a zone resource id. @default "system" */
    readonly privateDnsZone?: string;
    /** API server VNet integration (needed for a private Key Vault with KMS). @default true */
    readonly apiServerVnetIntegration?: boolean;
    readonly network?: AksNetworkArgs;
    readonly encryption?: AksEncryptionArgs;
    readonly audit?: AksAuditArgs;
    /** The system pool, tainted CriticalAddonsOnly. @default { name: "system" } */
    readonly systemPool?: AksNodePoolArgs;
    /** Workload pools. @default [{ name: "user" }] */
    readonly userPools?: readonly AksNodePoolArgs[];
    /** Cluster upgrade channel (AVM aks-production: patch). @default "patch" */
    readonly upgradeChannel?: AksUpgradeChannel;
    /** Node OS upgrade channel (AVM, aks-baseline: NodeImage). @default "NodeImage" */
    readonly nodeOsUpgradeChannel?: AksNodeOsUpgradeChannel;
    /**
     * A disk encryption set (resource id) to encrypt node disks with your key (CKV_AZURE_117);
     * unset, encryption at host uses platform keys and the pack's advisory says so.
     */
    readonly diskEncryptionSetId?: pulumi.Input<string>;
    /** Microsoft Defender for Containers sensor (paid). @default false */
    readonly defender?: boolean;
    /** Container Insights (omsagent) to the audit workspace, with Entra auth. @default true */
    readonly containerInsights?: boolean;
    /** Key Vault Secrets Store CSI driver, with rotation. @default false (External Secrets is the in-cluster default) */
    readonly keyVaultSecretsProvider?: boolean;
    /** AKS tier; "Standard" carries the API server SLA (CKV_AZURE_170). @default "Standard" */
    readonly skuTier?: "Standard" | "Premium";
    /** Pulumi `protect` on the cluster, the vault, the key and the workspace. @default true */
    readonly protect?: boolean;
    readonly optOuts?: AksOptOuts;
    /**
     * How the kubeconfig's kubelogin gets Entra tokens (local accounts are off, so there is no
     * static credential): "azurecli" for people and CI logged in with `az`, "workloadidentity" for
     * CI with federated credentials. @default "azurecli"
     */
    readonly kubeloginMode?: AksKubeloginMode;
    readonly tags?: Readonly<Record<string, string>>;
}

/** The documented defaults, applied once by resolveAksClusterArgs. */
export const AKS_CLUSTER_DEFAULTS = {
    privateDnsZone: "system",
    apiServerVnetIntegration: true,
    vnetCidr: "10.224.0.0/12",
    nodeSubnetCidr: "10.224.0.0/16",
    apiServerSubnetCidr: "10.225.0.0/28",
    networkPolicy: "cilium" as AksNetworkPolicyEngine,
    outboundType: "loadBalancer" as AksOutboundType,
    podCidr: "192.168.0.0/16",
    keyVaultNetworkAccess: "Private" as "Private" | "Public",
    keyRotationDays: 90,
    auditLevel: "admin" as "admin" | "full",
    retentionInDays: 90,
    vmSize: "Standard_D4ds_v5",
    osDiskSizeGB: 128,
    maxPods: 110,
    systemPool: { name: "system", minCount: 2, maxCount: 5 },
    userPools: [{ name: "user", minCount: 1, maxCount: 5 }] as readonly AksNodePoolArgs[],
    upgradeChannel: "patch" as AksUpgradeChannel,
    nodeOsUpgradeChannel: "NodeImage" as AksNodeOsUpgradeChannel,
    defender: false,
    containerInsights: true,
    keyVaultSecretsProvider: false,
    skuTier: "Standard" as "Standard" | "Premium",
    protect: true,
    kubeloginMode: "azurecli" as AksKubeloginMode,
} as const;

/** The system pool's taint (CKV_AZURE_232): only critical add-ons schedule there. */
export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";
