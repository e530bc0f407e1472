import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks } from "../../../cli/plan/mock-runtime";
import { AKS_CLUSTER_DEFAULTS, AksCluster, AksClusterArgs, resolveAksClusterArgs, withKubeloginMode } from "../../../components/azure";
import { InvalidArgsError } from "../../../components/kubernetes/args";
import { ADMIN_GROUP, AGENT_POOL, DIAGNOSTIC_SETTING, LOCK, MANAGED_CLUSTER, MINIMAL_ARGS, ofType, only, runAks, runStackFile } from "./harness";

const BYO_NODE_SUBNET = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes";
const BYO_API_SUBNET = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/api";
const BYO_KEY = "https://kv.vault.azure.net/keys/aks/0123456789abcdef";
const BYO_VAULT = "/subscriptions/s/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv";

function errorOf(fn: () => unknown): InvalidArgsError {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof InvalidArgsError, `expected InvalidArgsError, got ${String(e)}`);
        return e;
    }
    assert.fail("expected resolveAksClusterArgs to throw");
}

describe("AksCluster", () => {
    it("pins the documented defaults", () => {
        assert.deepEqual(AKS_CLUSTER_DEFAULTS, {
            privateDnsZone: "system",
            apiServerVnetIntegration: true,
            vnetCidr: "10.224.0.0/12",
            nodeSubnetCidr: "10.224.0.0/16",
            apiServerSubnetCidr: "10.225.0.0/28",
            networkPolicy: "cilium",
            outboundType: "loadBalancer",
            podCidr: "192.168.0.0/16",
            serviceCidr: "10.0.0.0/16",
            dnsServiceIP: "10.0.0.10",
            keyVaultNetworkAccess: "Private",
            keyRotationDays: 90,
            auditLevel: "admin",
            retentionInDays: 90,
            vmSize: "Standard_D4ds_v5",
            osDiskSizeGB: 128,
            maxPods: 110,
            systemPool: { name: "system", minCount: 2, maxCount: 5 },
            userPools: [{ name: "user", minCount: 1, maxCount: 5 }],
            upgradeChannel: "patch",
            nodeOsUpgradeChannel: "NodeImage",
            defender: false,
            containerInsights: true,
            keyVaultSecretsProvider: false,
            skuTier: "Standard",
            protect: true,
            kubeloginMode: "azurecli",
            gitopsBranch: "main",
            gitopsPath: "./",
            gitopsSyncIntervalInSeconds: 300,
        });
    });

    it("registers a VNet, a private vault and key, a workspace, the cluster, its audit setting and insights rule, a user pool, the admins' kubeconfig role, the pod security initiative and a lock by default", async () => {
        const resources = await runAks(MINIMAL_ARGS);
        const children = resources.filter(r => r.parent?.endsWith("hardened:azure:AksCluster::aks"));
        assert.deepEqual(children.map(r => `${r.type} ${r.name}`).sort(), [
            "azure-native:authorization:ManagementLockAtResourceLevel aks-lock",
            "azure-native:authorization:PolicyAssignment aks-pod-security",
            "azure-native:authorization:RoleAssignment aks-admins-0",
            "azure-native:authorization:RoleAssignment aks-kms-crypto",
            "azure-native:authorization:RoleAssignment aks-kms-vault",
            "azure-native:authorization:RoleAssignment aks-vnet-network",
            "azure-native:containerservice:AgentPool aks-user",
            "azure-native:containerservice:ManagedCluster aks-cluster",
            "azure-native:keyvault:Key aks-kms",
            "azure-native:keyvault:Vault aks-kv",
            "azure-native:managedidentity:UserAssignedIdentity aks-control-plane",
            "azure-native:monitor:DataCollectionRule aks-insights",
            "azure-native:monitor:DataCollectionRuleAssociation aks-insights",
            "azure-native:monitor:DiagnosticSetting aks-audit",
            "azure-native:network:Subnet aks-apiserver",
            "azure-native:network:Subnet aks-nodes",
            "azure-native:network:VirtualNetwork aks-vnet",
            "azure-native:operationalinsights:Workspace aks-logs",
            "pulumi:providers:kubernetes aks-k8s",
        ]);
        const protectedNames = resources.filter(r => r.protect).map(r => r.name).sort();
        assert.deepEqual(protectedNames, ["aks-cluster", "aks-kms", "aks-kv", "aks-logs"]);
    });

    it("builds a private, Entra-only, workload-identity cluster on Azure CNI overlay with Cilium", async () => {
        const cluster = only(await runAks(MINIMAL_ARGS), MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.deepEqual(cluster.apiServerAccessProfile, {
            enablePrivateCluster: true,
            enablePrivateClusterPublicFQDN: false,
            privateDNSZone: "system",
            enableVnetIntegration: true,
            subnetId: "aks-apiserver-id",
            disableRunCommand: true,
        });
        assert.deepEqual(cluster.aadProfile, { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMIN_GROUP], tenantID: "00000000-0000-0000-0000-000000000004" });
        assert.equal(cluster.enableRBAC, true);
        assert.equal(cluster.disableLocalAccounts, true);
        assert.deepEqual(cluster.oidcIssuerProfile, { enabled: true });
        assert.deepEqual(cluster.identity, { type: "UserAssigned", userAssignedIdentities: ["aks-control-plane-id"] });
        assert.deepEqual(
            [cluster.networkProfile.networkPlugin, cluster.networkProfile.networkPluginMode, cluster.networkProfile.networkPolicy, cluster.networkProfile.networkDataplane],
            ["azure", "overlay", "cilium", "cilium"],
        );
        assert.deepEqual(cluster.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        assert.deepEqual(cluster.sku, { name: "Base", tier: "Standard" });
        assert.deepEqual(cluster.addonProfiles.azurepolicy, { enabled: true, config: { version: "v2" } });
        assert.deepEqual(cluster.addonProfiles.omsagent, { enabled: true, config: { logAnalyticsWorkspaceResourceID: "aks-logs-id", useAADAuth: "true" } });
        assert.equal(cluster.linuxProfile, undefined);
    });

    it("hardens the system pool and every user pool alike", async () => {
        const resources = await runAks({ ...MINIMAL_ARGS, userPools: [{ name: "web" }, { name: "batch", maxPods: 60 }] });
        const system = (only(resources, MANAGED_CLUSTER).inputs as Record<string, any>).agentPoolProfiles;
        const pools = [system[0], ...ofType(resources, AGENT_POOL).map(p => p.inputs as Record<string, any>)];
        assert.equal(system.length, 1);
        assert.deepEqual(pools.map(p => p.name ?? p.agentPoolName), ["system", "web", "batch"]);
        for (const p of pools) {
            assert.equal(p.enableNodePublicIP, false);
            assert.equal(p.enableEncryptionAtHost, true);
            assert.equal(p.osSKU, "AzureLinux");
            assert.equal(p.osDiskType, "Ephemeral");
            assert.deepEqual(p.securityProfile, { sshAccess: "Disabled" });
            assert.equal(p.type, "VirtualMachineScaleSets");
            assert.equal(p.vnetSubnetID, "aks-nodes-id");
        }
        assert.equal(system[0].mode, "System");
        assert.deepEqual(system[0].nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.deepEqual(pools.slice(1).map(p => [p.mode, p.maxPods]), [["User", 110], ["User", 60]]);
    });

    it("exports kube-audit-admin and guard by default, and kube-audit at the full level", async () => {
        const logsOf = async (args: AksClusterArgs) => (only(await runAks(args), DIAGNOSTIC_SETTING).inputs as Record<string, any>).logs;
        assert.deepEqual(await logsOf(MINIMAL_ARGS), [{ category: "kube-audit-admin", enabled: true }, { category: "guard", enabled: true }]);
        assert.deepEqual(await logsOf({ ...MINIMAL_ARGS, audit: { level: "full" } }), [{ category: "kube-audit", enabled: true }, { category: "guard", enabled: true }]);
        const setting = only(await runAks(MINIMAL_ARGS), DIAGNOSTIC_SETTING);
        assert.equal(setting.inputs["workspaceId"], "aks-logs-id");
        assert.equal(setting.propertyDependencies["resourceUri"].length, 1);
        assert.match(setting.propertyDependencies["resourceUri"][0], /ManagedCluster::aks-cluster$/);
    });

    it("locks the cluster against deletion", async () => {
        const lock = only(await runAks(MINIMAL_ARGS), LOCK);
        assert.equal(lock.inputs["level"], "CanNotDelete");
        assert.equal(lock.inputs["resourceType"], "managedClusters");
        assert.equal(lock.inputs["resourceProviderNamespace"], "Microsoft.ContainerService");
        assert.match(lock.propertyDependencies["resourceName"][0], /ManagedCluster::aks-cluster$/);
    });

    it("uses the subnets, key and workspace you bring, and grants the control plane its roles on them", async () => {
        const resources = await runAks({
            ...MINIMAL_ARGS,
            network: { existing: { nodeSubnetId: BYO_NODE_SUBNET, apiServerSubnetId: BYO_API_SUBNET } },
            encryption: { existingKey: { keyId: BYO_KEY, keyVaultResourceId: BYO_VAULT } },
            audit: { existingWorkspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law" },
        });
        const types = resources.map(r => r.type);
        for (const absent of ["azure-native:network:VirtualNetwork", "azure-native:keyvault:Vault", "azure-native:keyvault:Key", "azure-native:operationalinsights:Workspace"]) {
            assert.ok(!types.includes(absent), `${absent} must not be created`);
        }
        const cluster = only(resources, MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.deepEqual(cluster.securityProfile.azureKeyVaultKms, { enabled: true, keyId: BYO_KEY, keyVaultNetworkAccess: "Private", keyVaultResourceId: BYO_VAULT });
        assert.deepEqual(cluster.securityProfile.workloadIdentity, { enabled: true });
        assert.equal(cluster.apiServerAccessProfile.subnetId, BYO_API_SUBNET);
        const scopes = ofType(resources, "azure-native:authorization:RoleAssignment").map(r => [r.name, r.inputs["scope"], String(r.inputs["roleDefinitionId"]).split("/").pop()]);
        assert.deepEqual(scopes.sort(), [
            ["aks-admins-0", "aks-cluster-id", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"],
            ["aks-apiserver-subnet-network", BYO_API_SUBNET, "4d97b98b-1d4f-4787-a291-c67834d212e7"],
            ["aks-kms-crypto", BYO_VAULT, "12338af0-0e69-4776-bea7-57ae8d297424"],
            ["aks-kms-vault", BYO_VAULT, "f25e0fa2-a7c8-4377-a976-54943a77a395"],
            ["aks-node-subnet-network", BYO_NODE_SUBNET, "4d97b98b-1d4f-4787-a291-c67834d212e7"],
        ].sort());
    });

    it("creates a vault with RBAC, purge protection and no public access, and a rotating key", async () => {
        const resources = await runAks(MINIMAL_ARGS);
        const vault = only(resources, "azure-native:keyvault:Vault").inputs as Record<string, any>;
        assert.equal(vault.properties.enableRbacAuthorization, true);
        assert.equal(vault.properties.enablePurgeProtection, true);
        assert.equal(vault.properties.publicNetworkAccess, "Disabled");
        const key = only(resources, "azure-native:keyvault:Key").inputs as Record<string, any>;
        assert.deepEqual(key.properties.rotationPolicy.lifetimeActions, [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } }]);
        const workspace = only(resources, "azure-native:operationalinsights:Workspace").inputs as Record<string, any>;
        assert.equal(workspace.retentionInDays, 90);
        assert.deepEqual(workspace.features, { disableLocalAuth: true });
    });

    it("turns on Defender and the Secrets Store CSI driver with rotation when asked", async () => {
        const resources = await runAks({
            ...MINIMAL_ARGS,
            defender: true,
            keyVaultSecretsProvider: true,
            encryption: { existingKey: { keyId: BYO_KEY, keyVaultResourceId: BYO_VAULT } },
        });
        const cluster = only(resources, MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.deepEqual(cluster.securityProfile.defender, { logAnalyticsWorkspaceResourceId: "aks-logs-id", securityMonitoring: { enabled: true } });
        assert.equal(cluster.addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation, "true");
    });

    it("applies each named opt-out, and only that", async () => {
        const reason = "a written reason of enough length";
        const cluster = only(
            await runAks({
                ...MINIMAL_ARGS,
                optOuts: {
                    publicApiServer: { reason, authorizedIpRanges: ["203.0.113.0/24"] },
                    runCommand: { reason },
                    localAccounts: { reason },
                    nodeSsh: { reason, publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMock" },
                },
            }),
            MANAGED_CLUSTER,
        ).inputs as Record<string, any>;
        assert.deepEqual(cluster.apiServerAccessProfile, {
            enablePrivateCluster: false,
            authorizedIPRanges: ["203.0.113.0/24"],
            enableVnetIntegration: true,
            subnetId: "aks-apiserver-id",
            disableRunCommand: false,
        });
        assert.equal(cluster.disableLocalAccounts, false);
        assert.equal(cluster.agentPoolProfiles[0].securityProfile.sshAccess, "LocalUser");
        assert.equal(cluster.linuxProfile.ssh.publicKeys[0].keyData, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMock");
        assert.equal(cluster.enableRBAC, true);
    });

    it("gives a secret kubeconfig that logs in with kubelogin, and a provider bound to it", async () => {
        let secret: boolean | undefined;
        let text: string | undefined;
        const resources = await runUnderMocks(() => {
            const aks = new AksCluster("aks", MINIMAL_ARGS);
            pulumi.isSecret(aks.kubeconfig).then(s => (secret = s));
            aks.kubeconfig.apply(k => (text = k));
            // As `pulumi up`: the credential call runs once the cluster exists (its name is unknown in preview).
        }, { project: "hcb", stack: "test", preview: false });
        assert.equal(secret, true);
        assert.match(text ?? "", /--login\n\s+- azurecli/);
        assert.doesNotMatch(text ?? "", /devicecode/);
        const provider = only(resources, "pulumi:providers:kubernetes");
        assert.ok(JSON.stringify(provider.inputs["kubeconfig"]).includes("1b47061264138c4ac30d75fd1eb44270"), "the provider's kubeconfig is a secret");
    });

    it("sets kubelogin's login mode on every exec user", () => {
        const out = withKubeloginMode("users:\n- name: u\n  user:\n    exec:\n      args: [get-token, --login, devicecode]\n- name: v\n  user:\n    exec:\n      args: [get-token]\n", "workloadidentity");
        assert.match(out, /- get-token\n\s+- --login\n\s+- workloadidentity\n[\s\S]*- get-token\n\s+- --login\n\s+- workloadidentity/);
    });

    it("federates a service account with a new managed identity", async () => {
        const resources = await runUnderMocks(() => {
            const aks = new AksCluster("aks", MINIMAL_ARGS);
            aks.federateServiceAccount("payments-api", { namespace: "payments", serviceAccountName: "api" });
        }, { project: "hcb", stack: "test" });
        const credential = only(resources, "azure-native:managedidentity:FederatedIdentityCredential");
        assert.equal(credential.inputs["subject"], "system:serviceaccount:payments:api");
        assert.deepEqual(credential.inputs["audiences"], ["api://AzureADTokenExchange"]);
        assert.equal(ofType(resources, "azure-native:managedidentity:UserAssignedIdentity").filter(r => r.name === "payments-api-identity").length, 1);
    });

    it("builds the example stacks through the program", async () => {
        const byDefault = await runStackFile("Pulumi.aks.yaml");
        assert.equal(ofType(byDefault, MANAGED_CLUSTER).length, 1);
        assert.equal(ofType(byDefault, "azure-native:keyvault:Key").length, 1);
        const byo = await runStackFile("Pulumi.aks-byo.yaml");
        const cluster = only(byo, MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.equal(cluster.networkProfile.networkPolicy, "calico");
        assert.equal(cluster.networkProfile.outboundType, "userDefinedRouting");
        assert.match(cluster.diskEncryptionSetID, /diskEncryptionSets\/des-aks$/);
        assert.deepEqual((only(byo, DIAGNOSTIC_SETTING).inputs as Record<string, any>).logs[0], { category: "kube-audit", enabled: true });
        assert.equal(ofType(byo, "azure-native:keyvault:Key").length, 0);
    });

    describe("bad arguments", () => {
        it("reports every problem at once, naming the property and the fix", () => {
            const e = errorOf(() =>
                resolveAksClusterArgs({
                    location: "westeurope",
                    adminGroupObjectIds: ["not-a-guid"],
                    network: { networkPolicy: "none" as never, nodeSubnetCidr: "10.0.0.0/16" },
                    upgradeChannel: "none" as never,
                    systemPool: { name: "System_Pool", maxPods: 30 },
                    optOuts: { runCommand: { reason: "because" } },
                    colour: "blue",
                } as unknown as AksClusterArgs),
            );
            const text = e.problems.join("\n");
            for (const expected of [
                "`resourceGroupName` is required",
                "`adminGroupObjectIds` must list at least one Entra group object id",
                "`network.networkPolicy` must be one of",
                "`network.nodeSubnetCidr` (10.0.0.0/16) must lie inside `network.vnetCidr`",
                "`upgradeChannel` must be one of",
                "`systemPool.name` must be 1-12 lower-case letters",
                "`systemPool.maxPods` must be a whole number from 50 to 250",
                "`optOuts.runCommand.reason` must say why",
                "`colour` is not an AksCluster argument",
            ]) {
                assert.ok(text.includes(expected), `missing problem: ${expected}\n${text}`);
            }
            assert.equal(e.problems.length, 9);
        });

        it("rejects conflicting options on both sides", () => {
            const e = errorOf(() =>
                resolveAksClusterArgs({
                    ...MINIMAL_ARGS,
                    apiServerVnetIntegration: false,
                    network: { existing: { nodeSubnetId: BYO_NODE_SUBNET }, vnetCidr: "10.0.0.0/8" },
                    audit: { existingWorkspaceId: "/subscriptions/s/x", retentionInDays: 60 },
                }),
            );
            assert.deepEqual(e.problems.map(p => p.split(" ")[0]), ["`network.vnetCidr`", "`encryption.keyVaultNetworkAccess`", "`audit.retentionInDays`"]);
            const kms = errorOf(() => resolveAksClusterArgs({ ...MINIMAL_ARGS, encryption: { keyRotationDays: 30 }, optOuts: { secretsEncryption: { reason: "a written reason of enough length" } } }));
            assert.match(kms.problems[0], /^`encryption` conflicts with `optOuts.secretsEncryption`/);
        });

        it("refuses a public API server open to everywhere", () => {
            const e = errorOf(() => resolveAksClusterArgs({ ...MINIMAL_ARGS, optOuts: { publicApiServer: { reason: "a written reason of enough length", authorizedIpRanges: ["0.0.0.0/0"] } } }));
            assert.match(e.problems[0], /^`optOuts.publicApiServer.authorizedIpRanges` must list the CIDRs/);
        });

        it("registers nothing, not even the component, when the arguments are bad", async () => {
            const resources = await runUnderMocks(() => {
                assert.throws(() => new AksCluster("aks", { ...MINIMAL_ARGS, adminGroupObjectIds: [] }), InvalidArgsError);
            }, { project: "hcb", stack: "test" });
            assert.deepEqual(resources.map(r => r.type), ["pulumi:pulumi:Stack"]);
        });

        it("validates a stack file's cluster object the same way", async () => {
            await assert.rejects(
                runUnderMocks(async () => {
                    const { deployAks } = await import("../../../program/azure");
                    deployAks({ resourceGroupName: "rg", location: "westeurope", adminGroupObjectIds: [ADMIN_GROUP], skuTier: "Free" });
                }, { project: "hcb", stack: "test" }),
                (e: unknown) => e instanceof InvalidArgsError && /`skuTier` must be one of "Standard", "Premium", not "Free"/.test(e.message),
            );
        });
    });
});
