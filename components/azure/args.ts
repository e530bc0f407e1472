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
    /**
     * The VNet uses custom DNS servers (a hub-and-spoke spoke). With the "system" private DNS zone,
     * AKS links the zone to this VNet and needs Network Contributor on the VNet itself, which the
     * component then grants (MS docs private-clusters.md, "Hub and spoke with custom DNS"). With a
     * custom zone (`privateDnsZone: <id>`) nothing more is needed. @default false
     */
    readonly customDns?: boolean;
    /**
     * The VNet's resource id; needed with `customDns` only when `nodeSubnetId` is not a plain string
     * (an output), from which it is otherwise derived.
     */
    readonly vnetId?: pulumi.Input<string>;
    /**
     * The route table on the node subnet (…/providers/Microsoft.Network/routeTables/<name>). The
     * control plane must read and write its routes (MS docs aks-service-permissions.md, "Additional
     * AKS cluster identity permissions"), so the component grants Network Contributor on it.
     * Required with `outboundType: "userDefinedRouting"`.
     */
    readonly routeTableId?: pulumi.Input<string>;
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
     * aks-production); "azure" is Azure NPM (aks-baseline), retired on Linux nodes on 30 September
     * 2028 and reported by the advisory aks-cluster-disallow-azure-npm; "calico" is Calico. There is no "none":
     * the in-cluster default deny needs an engine. @default "cilium"
     */
    readonly networkPolicy?: AksNetworkPolicyEngine;
    /** How nodes reach the internet; "userDefinedRouting" sends egress through your firewall. @default "loadBalancer" */
    readonly outboundType?: AksOutboundType;
    /** Overlay pod CIDR. @default "192.168.0.0/16" */
    readonly podCidr?: string;
    /**
     * The Kubernetes service range: smaller than /12, and overlapping neither the VNet, the pod
     * CIDR nor any `connectedCidrs` (MS docs concepts-network-azure-cni-overlay.md, "Kubernetes
     * service address range"). @default "10.0.0.0/16" (the AKS default)
     */
    readonly serviceCidr?: string;
    /**
     * The cluster DNS service IP: inside `serviceCidr`, never its first address (that one is
     * kubernetes.default). @default "10.0.0.10" (the AKS default)
     */
    readonly dnsServiceIP?: string;
    /**
     * Address ranges of every network connected to the cluster's VNet (peered VNets such as a
     * runner's, the hub, on-premises over VPN or ExpressRoute). The pod and service ranges must not
     * overlap them, or traffic to those hosts is swallowed by the overlay. @default []
     */
    readonly connectedCidrs?: readonly string[];
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
     * through API server VNet integration, which "Private" therefore requires. "Public" is reported
     * by aks-key-vault-disallow-public-network-access (record an exemption with the reason).
     * @default "Private"
     */
    readonly keyVaultNetworkAccess?: "Private" | "Public";
    /**
     * Days after creation at which the created key rotates (aks-key-vault-key-require-rotation
     * allows 90 at most by default). After a rotation AKS keeps the old version until `keyId`
     * moves (`pulumi refresh`, then `pulumi up`), and every Secret must then be rewritten so that
     * it is encrypted with the new version (README "KMS key rotation"). @default 90
     */
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
    /**
     * No management lock (flagged by aks-cluster-require-delete-lock). Set it for the one
     * `pulumi up` that removes a user pool, a role assignment on the cluster or the Flux extension:
     * Azure applies a resource lock to every child and extension resource of the cluster, so those
     * deletions fail while it stands. The lock depends on them, so that run deletes it first.
     */
    readonly deleteLock?: AksOptOut;
    /**
     * Keep the public FQDN of a private cluster (a public DNS name resolving to the private address;
     * flagged by aks-cluster-disallow-public-api-server). Required by `privateDnsZone: "none"`.
     */
    readonly privateClusterPublicFqdn?: AksOptOut;
    /**
     * No user pool: workloads would have nowhere to run, since the system pool is tainted
     * CriticalAddonsOnly. For a cluster whose pools are managed elsewhere.
     */
    readonly userPools?: AksOptOut;
}

/** An Entra principal: a user, a group or a service principal (a managed identity's principal id). */
export interface AksPrincipal {
    /** Its Entra object id, a GUID (`az ad signed-in-user show --query id`, `az ad sp show --id <appId> --query id`). */
    readonly objectId: string;
    /** Azure needs the type to create a role assignment without an Entra lookup. */
    readonly principalType: "User" | "Group" | "ServicePrincipal";
}

/**
 * The in-cluster baseline delivered by the cluster's GitOps extension (Flux), which needs no network
 * path from the runner: the extension and its configuration are ARM resources, and Flux in the
 * cluster pulls the rendered manifests (mspnp/aks-baseline cluster-stamp.bicep ~L1113-1178). The
 * subscription needs `az provider register --namespace Microsoft.KubernetesConfiguration`.
 */
export interface AksGitOpsArgs {
    /** HTTPS URL of a Git repository readable without credentials from the cluster's egress. */
    readonly url: string;
    /** The branch Flux follows. Conflicts with `commit`. @default "main" */
    readonly branch?: string;
    /** A commit to pin instead of a branch (40 hex characters). Conflicts with `branch`. */
    readonly commit?: string;
    /** The directory of the rendered baseline in the repository. @default "./" */
    readonly path?: string;
    /** How often Flux pulls and reconciles, in seconds (60-86400). @default 300 */
    readonly syncIntervalInSeconds?: number;
}

/**
 * How the runner of `pulumi up` reaches the private API server when the baseline is applied live.
 * Declared by the stack, since nothing in the cluster's arguments can show it.
 */
export interface AksRunnerNetworkArgs {
    /**
     * Where the runner sits and how it resolves the API server's private name, e.g. "self-hosted
     * agent in snet-runners of the spoke VNet" or "runner VNet peered to the hub, linked to the
     * custom private DNS zone". At least 20 characters.
     */
    readonly description: string;
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
    /**
     * Entra group object ids made cluster admins (aadProfile.adminGroupObjectIDs). At least one. Each
     * also gets "Azure Kubernetes Service Cluster User Role" on the cluster, which lets its members
     * fetch the kubeconfig (mspnp/aks-baseline cluster-stamp.bicep ~L1050-1058).
     */
    readonly adminGroupObjectIds: readonly string[];
    /**
     * The identities that run `pulumi up` for the in-cluster layer (CI service principal, a
     * platform engineer): each gets "Azure Kubernetes Service RBAC Cluster Admin" scoped to the
     * cluster (Azure RBAC; MS docs entra-id-authorization.md, "AKS built-in roles"), so the
     * baseline's cluster-scoped objects can be created. New assignments take up to five minutes to
     * reach the authorization server. @default []
     */
    readonly deployers?: readonly AksPrincipal[];
    /** Deliver the baseline through Flux (the cluster's GitOps extension): reach path "gitops". */
    readonly gitops?: AksGitOpsArgs;
    /** Declare that the runner reaches the private API from inside, or connected to, the brought VNet: reach path "network". */
    readonly runnerNetwork?: AksRunnerNetworkArgs;
    /** Entra tenant; unset means the deploying identity's tenant. */
    readonly tenantId?: pulumi.Input<string>;
    /**
     * Private DNS zone: "system" (AKS creates it in the node resource group), a zone resource id
     * (`privatelink.<region>.azmk8s.io`, or `private.<region>.azmk8s.io` with VNet integration, or a
     * subzone of either; the control plane gets Private DNS Zone Contributor on it before the cluster
     * exists), or "none", which Microsoft supports only with the public FQDN on (so it needs
     * `optOuts.privateClusterPublicFqdn`; MS docs private-clusters.md, "Limitations for private AKS
     * clusters with custom DNS"). @default "system"
     */
    readonly privateDnsZone?: string;
    /** API server VNet integration (needed for a private Key Vault with KMS). @default true */
    readonly apiServerVnetIntegration?: boolean;
    readonly network?: AksNetworkArgs;
    readonly encryption?: AksEncryptionArgs;
    readonly audit?: AksAuditArgs;
    /** The system pool, tainted CriticalAddonsOnly. @default { name: "system" } */
    readonly systemPool?: AksNodePoolArgs;
    /**
     * Workload pools. At least one unless `optOuts.userPools`: the system pool is tainted, so
     * workloads (and Flux) run only here. The autoscaler owns each pool's `count`, which updates
     * never reset. @default [{ name: "user" }]
     */
    readonly userPools?: readonly AksNodePoolArgs[];
    /** Cluster upgrade channel (AVM aks-production: patch). @default "patch" */
    readonly upgradeChannel?: AksUpgradeChannel;
    /** Node OS upgrade channel (AVM, aks-baseline: NodeImage). @default "NodeImage" */
    readonly nodeOsUpgradeChannel?: AksNodeOsUpgradeChannel;
    /**
     * A disk encryption set (resource id) to encrypt node disks with your key (CKV_AZURE_117);
     * unset, encryption at host uses platform keys and the pack's advisory says so. The control
     * plane gets Reader on it (MS docs azure-disk-customer-managed-keys.md ~L142).
     */
    readonly diskEncryptionSetId?: pulumi.Input<string>;
    /** Microsoft Defender for Containers sensor (paid). @default false */
    readonly defender?: boolean;
    /**
     * Container Insights (omsagent) to the audit workspace, with Entra auth: the add-on plus the
     * data collection rule and its association with the cluster that Entra auth needs (mspnp/
     * aks-baseline cluster-stamp.bicep ~L263-400). @default true
     */
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
    serviceCidr: "10.0.0.0/16",
    dnsServiceIP: "10.0.0.10",
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
    gitopsBranch: "main",
    gitopsPath: "./",
    gitopsSyncIntervalInSeconds: 300,
} as const;

/** The system pool's taint (CKV_AZURE_232): only critical add-ons schedule there. */
export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";
