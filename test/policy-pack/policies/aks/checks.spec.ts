/**
 * Table tests of the AKS checks: a hardened baseline passes every check; each case applies one
 * tweak and expects the named check (and only it) to report, including wrong-typed values.
 */
import * as assert from "node:assert/strict";
import { controlOfPolicy } from "../../../../components/controls";
import { AKS_CONTROLS } from "../../../../components/controls/aks";
import { CheckedResource } from "../../../../policy-pack/lib/define";
import { MalformedValueError, Obj } from "../../../../policy-pack/lib/read";
import { aksPolicies } from "../../../../policy-pack/policies/aks";
import { checkAzureNpm } from "../../../../policy-pack/policies/aks/cluster-disallow-azure-npm";
import { checkRiskyAddons } from "../../../../policy-pack/policies/aks/cluster-disallow-risky-addons";
import { checkLocalAccounts } from "../../../../policy-pack/policies/aks/cluster-disallow-local-accounts";
import { checkPublicApiServer } from "../../../../policy-pack/policies/aks/cluster-disallow-public-api-server";
import { checkRunCommand } from "../../../../policy-pack/policies/aks/cluster-disallow-run-command";
import { checkAutoUpgrade } from "../../../../policy-pack/policies/aks/cluster-require-auto-upgrade";
import { checkAzureCni } from "../../../../policy-pack/policies/aks/cluster-require-azure-cni";
import { checkAzurePolicy } from "../../../../policy-pack/policies/aks/cluster-require-azure-policy";
import { checkContainerInsights } from "../../../../policy-pack/policies/aks/cluster-require-container-insights";
import { checkDefender } from "../../../../policy-pack/policies/aks/cluster-require-defender";
import { checkDiskEncryptionSet } from "../../../../policy-pack/policies/aks/cluster-require-disk-encryption-set";
import { checkEntraRbac } from "../../../../policy-pack/policies/aks/cluster-require-entra-rbac";
import { checkKmsSecretsEncryption } from "../../../../policy-pack/policies/aks/cluster-require-kms-secrets-encryption";
import { checkManagedIdentity } from "../../../../policy-pack/policies/aks/cluster-require-managed-identity";
import { checkNetworkPolicy } from "../../../../policy-pack/policies/aks/cluster-require-network-policy";
import { checkPaidSku } from "../../../../policy-pack/policies/aks/cluster-require-paid-sku";
import { checkSecretRotation } from "../../../../policy-pack/policies/aks/cluster-require-secret-rotation";
import { checkWorkloadIdentity } from "../../../../policy-pack/policies/aks/cluster-require-workload-identity";
import { checkAuthorizedIpRanges } from "../../../../policy-pack/policies/aks/cluster-restrict-authorized-ip-ranges";
import { checkAuditLogs } from "../../../../policy-pack/policies/aks/cluster-require-audit-logs";
import { checkNodePublicIp } from "../../../../policy-pack/policies/aks/node-pool-disallow-public-ip";
import { checkNodeSsh } from "../../../../policy-pack/policies/aks/node-pool-disallow-ssh";
import { checkCapacityBaseline } from "../../../../policy-pack/policies/aks/node-pool-enforce-capacity-baseline";
import { checkAzureLinux } from "../../../../policy-pack/policies/aks/node-pool-require-azure-linux";
import { checkEncryptionAtHost } from "../../../../policy-pack/policies/aks/node-pool-require-encryption-at-host";
import { checkEphemeralOsDisk } from "../../../../policy-pack/policies/aks/node-pool-require-ephemeral-os-disk";
import { checkSystemPoolTaint } from "../../../../policy-pack/policies/aks/node-pool-restrict-system-pool-workloads";
import { AGENT_POOL_TYPE, MANAGED_CLUSTER_TYPE, NodePool, nodePoolsOf } from "../../../../policy-pack/policies/aks/resources";

type Props = Record<string, any>;

const POOL: Props = {
    name: "system",
    mode: "System",
    osType: "Linux",
    osSKU: "AzureLinux",
    osDiskType: "Ephemeral",
    maxPods: 110,
    type: "VirtualMachineScaleSets",
    enableNodePublicIP: false,
    enableEncryptionAtHost: true,
    securityProfile: { sshAccess: "Disabled" },
    nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
};

const HARDENED: Props = {
    apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, disableRunCommand: true },
    enableRBAC: true,
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["g"] },
    disableLocalAccounts: true,
    oidcIssuerProfile: { enabled: true },
    identity: { type: "UserAssigned", userAssignedIdentities: ["id"] },
    securityProfile: {
        workloadIdentity: { enabled: true },
        azureKeyVaultKms: { enabled: true, keyId: "https://kv/keys/k/1", keyVaultNetworkAccess: "Private", keyVaultResourceId: "/kv" },
        defender: { logAnalyticsWorkspaceResourceId: "/ws", securityMonitoring: { enabled: true } },
    },
    networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" },
    autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
    addonProfiles: { azurepolicy: { enabled: true }, omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: "/ws", useAADAuth: "true" } } },
    sku: { name: "Base", tier: "Standard" },
    diskEncryptionSetID: "/des",
    agentPoolProfiles: [POOL],
};

type ClusterCheck = (props: Obj) => string[];
const CLUSTER_CHECKS: Record<string, ClusterCheck> = {
    publicApiServer: checkPublicApiServer,
    authorizedIpRanges: checkAuthorizedIpRanges,
    runCommand: checkRunCommand,
    entraRbac: checkEntraRbac,
    localAccounts: checkLocalAccounts,
    workloadIdentity: checkWorkloadIdentity,
    managedIdentity: checkManagedIdentity,
    kms: checkKmsSecretsEncryption,
    networkPolicy: checkNetworkPolicy,
    azureNpm: checkAzureNpm,
    azureCni: checkAzureCni,
    azurePolicy: checkAzurePolicy,
    riskyAddons: checkRiskyAddons,
    secretRotation: checkSecretRotation,
    autoUpgrade: checkAutoUpgrade,
    defender: checkDefender,
    containerInsights: checkContainerInsights,
    paidSku: checkPaidSku,
    diskEncryptionSet: checkDiskEncryptionSet,
};
const POOL_CHECKS: Record<string, (pool: NodePool) => string[]> = {
    publicIp: checkNodePublicIp,
    encryptionAtHost: checkEncryptionAtHost,
    ephemeralOsDisk: checkEphemeralOsDisk,
    ssh: checkNodeSsh,
    azureLinux: checkAzureLinux,
    systemPoolTaint: checkSystemPoolTaint,
    capacity: checkCapacityBaseline,
};

function clone(p: Props): Props {
    return structuredClone(p);
}

function clusterFindings(props: Props): Record<string, string[] | "malformed"> {
    const out: Record<string, string[] | "malformed"> = {};
    for (const [name, check] of Object.entries(CLUSTER_CHECKS)) {
        try {
            const found = check(props);
            if (found.length) {
                out[name] = found;
            }
        } catch (e) {
            assert.ok(e instanceof MalformedValueError, `${name} threw ${String(e)}`);
            out[name] = "malformed";
        }
    }
    const resource: CheckedResource = { type: MANAGED_CLUSTER_TYPE, name: "c", urn: "urn", props };
    for (const pool of nodePoolsOf(resource)) {
        for (const [name, check] of Object.entries(POOL_CHECKS)) {
            try {
                const found = check(pool);
                if (found.length) {
                    out[name] = [...((out[name] as string[]) ?? []), ...found];
                }
            } catch (e) {
                assert.ok(e instanceof MalformedValueError, `${name} threw ${String(e)}`);
                out[name] = "malformed";
            }
        }
    }
    return out;
}

describe("AKS checks", () => {
    it("pass the hardened baseline", () => {
        assert.deepEqual(clusterFindings(HARDENED), {});
    });

    // The fifth element names checks that must also report, where two read the same field.
    const cases: [string, (p: Props) => void, string, RegExp | "malformed", string[]?][] = [
        ["public API server", p => Object.assign(p.apiServerAccessProfile, { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] }), "publicApiServer", /enablePrivateCluster` is false/],
        ["private cluster unset", p => delete p.apiServerAccessProfile.enablePrivateCluster, "publicApiServer", /unset \(AKS default: a public API server\)/, ["authorizedIpRanges"]],
        ["public API server with no ranges", p => (p.apiServerAccessProfile = { enablePrivateCluster: false, disableRunCommand: true }), "authorizedIpRanges", /is public and .* is empty/, ["publicApiServer"]],
        ["public FQDN unset", p => delete p.apiServerAccessProfile.enablePrivateClusterPublicFQDN, "publicApiServer", /enablePrivateClusterPublicFQDN` is unset/],
        ["private flag as a string", p => (p.apiServerAccessProfile.enablePrivateCluster = "true"), "publicApiServer", "malformed", ["authorizedIpRanges"]],
        ["range 0.0.0.0/0", p => (p.apiServerAccessProfile.authorizedIPRanges = ["10.0.0.0/8", "0.0.0.0/0"]), "authorizedIpRanges", /includes "0.0.0.0\/0"/],
        ["ranges as a string", p => (p.apiServerAccessProfile.authorizedIPRanges = "10.0.0.0/8"), "authorizedIpRanges", "malformed"],
        ["run command unset", p => delete p.apiServerAccessProfile.disableRunCommand, "runCommand", /run command enabled/],
        ["RBAC off", p => (p.enableRBAC = false), "entraRbac", /`enableRBAC` is not true/],
        ["no AAD", p => delete p.aadProfile, "entraRbac", /`aadProfile` is unset/],
        ["legacy AAD secret", p => (p.aadProfile.serverAppSecret = "x"), "entraRbac", /serverAppSecret/],
        ["admin groups empty", p => (p.aadProfile.adminGroupObjectIDs = []), "entraRbac", /adminGroupObjectIDs` is empty/],
        ["admin groups as an object", p => (p.aadProfile.adminGroupObjectIDs = { g: 1 }), "entraRbac", "malformed"],
        ["local accounts on", p => (p.disableLocalAccounts = false), "localAccounts", /`disableLocalAccounts` is false/],
        ["local accounts as a number", p => (p.disableLocalAccounts = 1), "localAccounts", "malformed"],
        ["workload identity off", p => delete p.securityProfile.workloadIdentity, "workloadIdentity", /workloadIdentity.enabled` is not true/],
        ["pod identity on", p => (p.podIdentityProfile = { enabled: true }), "workloadIdentity", /pod-managed identity is deprecated/],
        ["no identity", p => delete p.identity, "managedIdentity", /`identity.type` is unset/, ["kms"]],
        ["service principal secret", p => (p.servicePrincipalProfile = { clientId: "app", secret: "s" }), "managedIdentity", /static cloud credential/],
        ["KMS off", p => (p.securityProfile.azureKeyVaultKms.enabled = false), "kms", /enabled` is not true/],
        ["KMS without key", p => delete p.securityProfile.azureKeyVaultKms.keyId, "kms", /keyId` is unset/],
        ["private KMS without vault id", p => delete p.securityProfile.azureKeyVaultKms.keyVaultResourceId, "kms", /keyVaultResourceId` is unset/],
        ["KMS as a string", p => (p.securityProfile.azureKeyVaultKms = "on"), "kms", "malformed"],
        ["network policy none", p => (p.networkProfile.networkPolicy = "none"), "networkPolicy", /is "none"/],
        ["cilium without its dataplane", p => (p.networkProfile.networkDataplane = "azure"), "networkPolicy", /networkDataplane` is not "cilium"/],
        ["Azure NPM (retiring)", p => Object.assign(p.networkProfile, { networkPolicy: "azure", networkDataplane: "azure" }), "azureNpm", /Azure Network Policy Manager.*30 September 2028.*Cilium/],
        ["kubenet", p => delete p.networkProfile.networkPlugin, "azureCni", /unset \(kubenet\)/],
        ["Azure Policy off", p => (p.addonProfiles.azurepolicy.enabled = false), "azurePolicy", /azurepolicy.enabled` is not true/],
        ["Azure Policy key in another case", p => (p.addonProfiles = { ...p.addonProfiles, azurepolicy: undefined, azurePolicy: { enabled: false } }), "azurePolicy", /is not true/],
        ["dashboard on", p => (p.addonProfiles.kubeDashboard = { enabled: true }), "riskyAddons", /kubeDashboard.enabled` is true/],
        ["CSI without rotation", p => (p.addonProfiles.azureKeyvaultSecretsProvider = { enabled: true, config: { enableSecretRotation: "false" } }), "secretRotation", /enableSecretRotation` is not "true"/],
        ["CSI rotation as a boolean", p => (p.addonProfiles.azureKeyvaultSecretsProvider = { enabled: true, config: { enableSecretRotation: true } }), "secretRotation", "malformed"],
        ["upgrade channel none", p => (p.autoUpgradeProfile.upgradeChannel = "none"), "autoUpgrade", /upgradeChannel` is "none"/],
        ["node OS channel unmanaged", p => (p.autoUpgradeProfile.nodeOSUpgradeChannel = "Unmanaged"), "autoUpgrade", /nodeOSUpgradeChannel` is "Unmanaged"/],
        ["Defender off", p => delete p.securityProfile.defender, "defender", /securityMonitoring.enabled` is not true/],
        ["Container Insights with the workspace key", p => delete p.addonProfiles.omsagent.config.useAADAuth, "containerInsights", /useAADAuth/],
        ["Free tier", p => (p.sku.tier = "Free"), "paidSku", /is "Free"/],
        ["no disk encryption set", p => delete p.diskEncryptionSetID, "diskEncryptionSet", /platform-managed keys/],
        ["pool public IP", p => (p.agentPoolProfiles[0].enableNodePublicIP = true), "publicIp", /agentPoolProfiles\[0\].enableNodePublicIP` true/],
        ["second pool public IP", p => p.agentPoolProfiles.push({ ...POOL, name: "user", mode: "User", enableNodePublicIP: true }), "publicIp", /agentPoolProfiles\[1\]/],
        ["pool public IP as a string", p => (p.agentPoolProfiles[0].enableNodePublicIP = "false"), "publicIp", "malformed"],
        ["host encryption unset", p => delete p.agentPoolProfiles[0].enableEncryptionAtHost, "encryptionAtHost", /unset \(off\)/],
        ["managed OS disk", p => (p.agentPoolProfiles[0].osDiskType = "Managed"), "ephemeralOsDisk", /"Managed"/],
        ["SSH unset", p => delete p.agentPoolProfiles[0].securityProfile, "ssh", /unset \(SSH on\)/],
        ["Ubuntu", p => (p.agentPoolProfiles[0].osSKU = "Ubuntu"), "azureLinux", /"Ubuntu"/],
        ["system pool untainted", p => (p.agentPoolProfiles[0].nodeTaints = []), "systemPoolTaint", /system pool without the taint/],
        ["30 pods", p => (p.agentPoolProfiles[0].maxPods = 30), "capacity", /maxPods` 30, below 50/],
        ["max pods as a string", p => (p.agentPoolProfiles[0].maxPods = "110"), "capacity", "malformed"],
        ["availability set", p => (p.agentPoolProfiles[0].type = "AvailabilitySet"), "capacity", /"AvailabilitySet"/],
    ];
    for (const [label, tweak, check, expected, also = []] of cases) {
        it(`${check} reports ${label}`, () => {
            const props = clone(HARDENED);
            tweak(props);
            const found = clusterFindings(props);
            assert.deepEqual(Object.keys(found).sort(), [check, ...also].sort(), `expected only ${[check, ...also]}: ${JSON.stringify(found)}`);
            if (expected === "malformed") {
                assert.equal(found[check], "malformed");
            } else {
                assert.equal((found[check] as string[]).length, 1);
                assert.match((found[check] as string[])[0], expected);
            }
        });
    }

    it("skip Windows pools for SSH and OS image", () => {
        const pool: NodePool = { path: "", name: "win", props: { ...POOL, mode: "User", osType: "Windows", osSKU: "Windows2022", securityProfile: undefined } };
        assert.deepEqual([checkNodeSsh(pool), checkAzureLinux(pool)], [[], []]);
    });

    it("read a separate AgentPool as one pool named by agentPoolName", () => {
        const pools = nodePoolsOf({ type: AGENT_POOL_TYPE, name: "res", urn: "u", props: { ...POOL, agentPoolName: "batch" } });
        assert.deepEqual(pools.map(p => [p.path, p.name]), [["", "batch"]]);
    });

    describe("audit logs", () => {
        const good = { logs: [{ category: "kube-audit-admin", enabled: true }, { category: "guard", enabled: true }], workspaceId: "/ws" };
        it("pass a setting with kube-audit-admin, guard and a destination, or the audit category group", () => {
            assert.deepEqual(checkAuditLogs([{ name: "s", props: good }]), []);
            assert.deepEqual(checkAuditLogs([{ name: "s", props: { logs: [{ categoryGroup: "audit", enabled: true }], storageAccountId: "/sa" } }]), []);
        });
        it("report no setting, a disabled category, a missing guard and a missing destination", () => {
            assert.match(checkAuditLogs([])[0], /no diagnostic setting/);
            assert.deepEqual(checkAuditLogs([{ name: "s", props: { logs: [{ category: "kube-audit-admin", enabled: false }, { category: "guard", enabled: true }] } }]), [
                `diagnostic setting 's' lacks an enabled "kube-audit-admin" or "kube-audit" log, a destination (\`workspaceId\`, \`storageAccountId\` or \`eventHubAuthorizationRuleId\`)`,
            ]);
            assert.match(checkAuditLogs([{ name: "s", props: { ...good, logs: [good.logs[0]] } }])[0], /lacks an enabled "guard" log/);
        });
        it("treat wrong-typed logs as malformed", () => {
            assert.throws(() => checkAuditLogs([{ name: "s", props: { logs: "kube-audit" } }]), MalformedValueError);
        });
    });
});

describe("AKS policy registry", () => {
    it("pins the sorted policy names", () => {
        assert.deepEqual(aksPolicies.map(p => p.name).sort(), [
            "aks-cluster-disallow-azure-npm",
            "aks-cluster-disallow-local-accounts",
            "aks-cluster-disallow-public-api-server",
            "aks-cluster-disallow-risky-addons",
            "aks-cluster-disallow-run-command",
            "aks-cluster-require-audit-logs",
            "aks-cluster-require-auto-upgrade",
            "aks-cluster-require-azure-cni",
            "aks-cluster-require-azure-policy",
            "aks-cluster-require-container-insights",
            "aks-cluster-require-defender",
            "aks-cluster-require-delete-lock",
            "aks-cluster-require-disk-encryption-set",
            "aks-cluster-require-entra-rbac",
            "aks-cluster-require-kms-secrets-encryption",
            "aks-cluster-require-managed-identity",
            "aks-cluster-require-network-policy",
            "aks-cluster-require-paid-sku",
            "aks-cluster-require-pod-security-initiative",
            "aks-cluster-require-secret-rotation",
            "aks-cluster-require-workload-identity",
            "aks-cluster-restrict-authorized-ip-ranges",
            "aks-key-vault-disallow-public-network-access",
            "aks-key-vault-key-require-rotation",
            "aks-key-vault-require-purge-protection",
            "aks-node-pool-disallow-public-ip",
            "aks-node-pool-disallow-ssh",
            "aks-node-pool-enforce-capacity-baseline",
            "aks-node-pool-require-azure-linux",
            "aks-node-pool-require-encryption-at-host",
            "aks-node-pool-require-ephemeral-os-disk",
            "aks-node-pool-restrict-system-pool-workloads",
        ]);
    });

    it("ties every policy to its control and every control to its policies, both ways", () => {
        for (const p of aksPolicies) {
            assert.equal(controlOfPolicy(p.name)?.id, p.control, p.name);
            assert.match(p.name, /^aks-[a-z-]+-(require|disallow|restrict|enforce|limit)-[a-z-]+$/);
        }
        const names = new Set(aksPolicies.map(p => p.name));
        for (const c of AKS_CONTROLS) {
            assert.match(c.id, /^aks-/);
            assert.ok(c.policies.length > 0 && c.policies.every(n => names.has(n)), c.id);
        }
    });

    it("makes security controls mandatory and leaves hygiene advisory", () => {
        const advisory = aksPolicies.filter(p => p.enforcementLevel === "advisory").map(p => p.name).sort();
        assert.deepEqual(advisory, [
            "aks-cluster-disallow-azure-npm",
            "aks-cluster-require-azure-cni",
            "aks-cluster-require-container-insights",
            "aks-cluster-require-defender",
            "aks-cluster-require-delete-lock",
            "aks-cluster-require-disk-encryption-set",
            "aks-cluster-require-paid-sku",
            "aks-cluster-require-pod-security-initiative",
            "aks-cluster-require-secret-rotation",
            "aks-node-pool-enforce-capacity-baseline",
            "aks-node-pool-require-azure-linux",
            "aks-node-pool-require-ephemeral-os-disk",
            "aks-node-pool-restrict-system-pool-workloads",
        ]);
    });
});
