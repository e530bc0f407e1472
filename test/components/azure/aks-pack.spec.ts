/**
 * The whole pack over what AksCluster registers: clean in every example configuration, and each
 * single weakening (a named opt-out, or one registered property changed by hand) caught by the
 * policy meant for it, with no other new finding.
 */
import * as assert from "node:assert/strict";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { Diagnostic } from "../../../cli/engine/model";
import { RecordedResource, runUnderMocks } from "../../../cli/plan/mock-runtime";
import { AksClusterArgs } from "../../../components/azure";
import { aksPolicies } from "../../../policy-pack/policies/aks";
import { AGENT_POOL, DIAGNOSTIC_SETTING, LOCK, MANAGED_CLUSTER, MINIMAL_ARGS, analyze, mutated, runAks, runStackFile } from "./harness";

const REASON = "a written reason of enough length";
const BYO_KEY = { keyId: "https://kv.vault.azure.net/keys/aks/0123456789abcdef", keyVaultResourceId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv" };
const DES = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/diskEncryptionSets/des";

/**
 * Findings that an example configuration may carry, each with its justification:
 * - `aks-cluster-require-disk-encryption-set` (advisory): a disk encryption set is a bring-your-own
 *   option; by default node disks are encrypted at host with platform keys.
 * - `aks-cluster-require-defender` (advisory): Defender is a paid option, off by default; the
 *   in-cluster runtime detection answers the same checklist line.
 * - "can't run ... during preview" on `securityProfile` (advisory): with a key created in the same
 *   stack, its versioned id is computed, and azure-native lifts the whole `securityProfile` into
 *   one output, so the three policies reading it cannot run at the first preview. They run at
 *   `up`, and never pass silently; the bring-your-own-key configurations show them passing.
 */
function isJustified(d: Diagnostic): boolean {
    if (d.enforcementLevel !== "advisory") {
        return false;
    }
    return (
        d.policyName === "aks-cluster-require-disk-encryption-set" ||
        d.policyName === "aks-cluster-require-defender" ||
        /can't run policy .* during preview: .*\.securityProfile can't be known/.test(d.message)
    );
}

function unjustified(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.filter(d => !isJustified(d)).map(d => `${d.policyName} [${d.enforcementLevel}] ${d.message}`);
}

/** What the pack finds in `after` beyond what it found in `before`, as policy names. */
async function newFindings(before: readonly RecordedResource[], after: readonly RecordedResource[]): Promise<string[]> {
    const seen = new Map<string, number>();
    for (const d of await analyze(before)) {
        seen.set(d.policyName + d.message, (seen.get(d.policyName + d.message) ?? 0) + 1);
    }
    const out: string[] = [];
    for (const d of await analyze(after)) {
        const n = seen.get(d.policyName + d.message) ?? 0;
        if (n > 0) {
            seen.set(d.policyName + d.message, n - 1);
        } else {
            out.push(`${d.policyName} [${d.enforcementLevel}]`);
        }
    }
    return out.sort();
}

const CONFIGURATIONS: Record<string, AksClusterArgs> = {
    "defaults": MINIMAL_ARGS,
    "full kube-audit": { ...MINIMAL_ARGS, audit: { level: "full" } },
    // User-defined routing needs the brought subnets' route table (a created VNet has none).
    "Calico with a firewall egress": {
        ...MINIMAL_ARGS,
        network: {
            networkPolicy: "calico",
            outboundType: "userDefinedRouting",
            existing: {
                nodeSubnetId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/n",
                apiServerSubnetId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
                routeTableId: "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/routeTables/rt",
            },
        },
    },
    "brought key, Defender, CSI driver, disk encryption set": {
        ...MINIMAL_ARGS,
        encryption: { existingKey: BYO_KEY },
        defender: true,
        keyVaultSecretsProvider: true,
        diskEncryptionSetId: DES,
    },
    "brought subnets": {
        ...MINIMAL_ARGS,
        network: { existing: { nodeSubnetId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/n", apiServerSubnetId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a" } },
    },
};

describe("the pack over AksCluster", () => {
    for (const [label, args] of Object.entries(CONFIGURATIONS)) {
        it(`reports no violation with ${label}`, async () => {
            assert.deepEqual(unjustified(await analyze(await runAks(args))), []);
        });
    }

    it("reports exactly the documented finding of a choice the pack flags: Azure NPM (advisory), a public KMS vault", async () => {
        const kinds = async (args: AksClusterArgs) => [...new Set(unjustified(await analyze(await runAks(args))).map(l => l.split(" ").slice(0, 2).join(" ")))];
        assert.deepEqual(await kinds({ ...MINIMAL_ARGS, network: { networkPolicy: "azure" } }), ["aks-cluster-disallow-azure-npm [advisory]"]);
        assert.deepEqual(await kinds({ ...MINIMAL_ARGS, encryption: { keyVaultNetworkAccess: "Public" } }), ["aks-key-vault-disallow-public-network-access [mandatory]"]);
    });

    for (const file of ["Pulumi.aks.yaml", "Pulumi.aks-byo.yaml"]) {
        it(`reports no violation over stacks/${file}`, async () => {
            assert.deepEqual(unjustified(await analyze(await runStackFile(file))), []);
        });
    }

    it("runs every policy that reads securityProfile once the key is known, and they pass", async () => {
        const diagnostics = await analyze(await runAks({ ...MINIMAL_ARGS, encryption: { existingKey: BYO_KEY }, defender: true, diskEncryptionSetId: DES }));
        assert.deepEqual(diagnostics, []);
    });

    describe("catches each named opt-out with its intended policy", () => {
        const cases: [string, AksClusterArgs["optOuts"], string[]][] = [
            ["publicApiServer", { publicApiServer: { reason: REASON, authorizedIpRanges: ["203.0.113.0/24"] } }, ["aks-cluster-disallow-public-api-server [mandatory]"]],
            ["runCommand", { runCommand: { reason: REASON } }, ["aks-cluster-disallow-run-command [mandatory]"]],
            ["secretsEncryption", { secretsEncryption: { reason: REASON } }, ["aks-cluster-require-kms-secrets-encryption [mandatory]"]],
            ["localAccounts", { localAccounts: { reason: REASON } }, ["aks-cluster-disallow-local-accounts [mandatory]"]],
            ["encryptionAtHost", { encryptionAtHost: { reason: REASON } }, ["aks-node-pool-require-encryption-at-host [mandatory]", "aks-node-pool-require-encryption-at-host [mandatory]"]],
            ["nodeSsh", { nodeSsh: { reason: REASON, publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMock" } }, ["aks-node-pool-disallow-ssh [mandatory]", "aks-node-pool-disallow-ssh [mandatory]"]],
            ["azurePolicy", { azurePolicy: { reason: REASON } }, ["aks-cluster-require-azure-policy [mandatory]"]],
            ["deleteLock", { deleteLock: { reason: REASON } }, ["aks-cluster-require-delete-lock [advisory]"]],
        ];
        // A brought key keeps securityProfile known, so every policy runs in both runs.
        const base: AksClusterArgs = { ...MINIMAL_ARGS, encryption: { existingKey: BYO_KEY }, defender: true, diskEncryptionSetId: DES };
        for (const [name, optOuts, expected] of cases) {
            it(name, async () => {
                const { encryption, ...rest } = base;
                const args = name === "secretsEncryption" ? { ...rest, optOuts } : { ...base, optOuts };
                assert.deepEqual(await newFindings(await runAks(base), await runAks({ ...args, ...(name === "secretsEncryption" ? {} : { encryption }) })), expected);
            });
        }
    });

    describe("catches each single weakening made by hand to a registered resource", () => {
        type Props = Record<string, any>;
        const isCluster = (r: RecordedResource) => r.type === MANAGED_CLUSTER;
        const isPool = (r: RecordedResource) => r.type === AGENT_POOL;
        const cases: [string, (r: RecordedResource) => boolean, (p: Props) => void, string][] = [
            ["public API server (with authorized ranges)", isCluster, p => Object.assign(p.apiServerAccessProfile, { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] }), "aks-cluster-disallow-public-api-server"],
            ["IPv6 range to everywhere on a private cluster", isCluster, p => Object.assign(p, { apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, disableRunCommand: true, authorizedIPRanges: ["::/0"] } }), "aks-cluster-restrict-authorized-ip-ranges"],
            ["public FQDN on a private cluster", isCluster, p => (p.apiServerAccessProfile.enablePrivateClusterPublicFQDN = true), "aks-cluster-disallow-public-api-server"],
            ["authorized range to everywhere", isCluster, p => (p.apiServerAccessProfile.authorizedIPRanges = ["0.0.0.0/0"]), "aks-cluster-restrict-authorized-ip-ranges"],
            ["run command on", isCluster, p => delete p.apiServerAccessProfile.disableRunCommand, "aks-cluster-disallow-run-command"],
            ["Azure RBAC off", isCluster, p => (p.aadProfile.enableAzureRBAC = false), "aks-cluster-require-entra-rbac"],
            ["no admin groups", isCluster, p => (p.aadProfile.adminGroupObjectIDs = []), "aks-cluster-require-entra-rbac"],
            ["local accounts on", isCluster, p => delete p.disableLocalAccounts, "aks-cluster-disallow-local-accounts"],
            ["OIDC issuer off", isCluster, p => (p.oidcIssuerProfile.enabled = false), "aks-cluster-require-workload-identity"],
            ["service principal secret", isCluster, p => (p.servicePrincipalProfile = { clientId: "app", secret: "s3cret" }), "aks-cluster-require-managed-identity"],
            ["KMS off", isCluster, p => (p.securityProfile.azureKeyVaultKms.enabled = false), "aks-cluster-require-kms-secrets-encryption"],
            ["no network policy", isCluster, p => (p.networkProfile.networkPolicy = "none"), "aks-cluster-require-network-policy"],
            ["kubenet", isCluster, p => (p.networkProfile.networkPlugin = "kubenet"), "aks-cluster-require-azure-cni"],
            ["system pool public IP", isCluster, p => (p.agentPoolProfiles[0].enableNodePublicIP = true), "aks-node-pool-disallow-public-ip"],
            ["second inline pool public IP (Checkov reads only the first)", isCluster, p => p.agentPoolProfiles.push({ ...p.agentPoolProfiles[0], name: "extra", mode: "User", nodeTaints: [], enableNodePublicIP: true }), "aks-node-pool-disallow-public-ip"],
            ["user pool public IP", isPool, p => (p.enableNodePublicIP = true), "aks-node-pool-disallow-public-ip"],
            ["user pool without host encryption", isPool, p => delete p.enableEncryptionAtHost, "aks-node-pool-require-encryption-at-host"],
            ["user pool managed OS disk", isPool, p => (p.osDiskType = "Managed"), "aks-node-pool-require-ephemeral-os-disk"],
            ["user pool SSH", isPool, p => delete p.securityProfile, "aks-node-pool-disallow-ssh"],
            ["user pool Ubuntu", isPool, p => (p.osSKU = "Ubuntu"), "aks-node-pool-require-azure-linux"],
            ["user pool 30 pods", isPool, p => (p.maxPods = 30), "aks-node-pool-enforce-capacity-baseline"],
            ["system pool untainted", isCluster, p => (p.agentPoolProfiles[0].nodeTaints = []), "aks-node-pool-restrict-system-pool-workloads"],
            ["no upgrade channel", isCluster, p => (p.autoUpgradeProfile.upgradeChannel = "none"), "aks-cluster-require-auto-upgrade"],
            ["Azure Policy off", isCluster, p => (p.addonProfiles.azurepolicy.enabled = false), "aks-cluster-require-azure-policy"],
            ["dashboard on", isCluster, p => (p.addonProfiles.kubeDashboard = { enabled: true }), "aks-cluster-disallow-risky-addons"],
            ["Defender off", isCluster, p => delete p.securityProfile.defender, "aks-cluster-require-defender"],
            ["CSI driver without rotation", isCluster, p => (p.addonProfiles.azureKeyvaultSecretsProvider = { enabled: true, config: {} }), "aks-cluster-require-secret-rotation"],
            ["Container Insights off", isCluster, p => delete p.addonProfiles.omsagent, "aks-cluster-require-container-insights"],
            ["Free tier", isCluster, p => (p.sku.tier = "Free"), "aks-cluster-require-paid-sku"],
            ["no disk encryption set", isCluster, p => delete p.diskEncryptionSetID, "aks-cluster-require-disk-encryption-set"],
            ["audit without guard", r => r.type === DIAGNOSTIC_SETTING, p => p.logs.pop(), "aks-cluster-require-audit-logs"],
            ["audit without destination", r => r.type === DIAGNOSTIC_SETTING, p => delete p.workspaceId, "aks-cluster-require-audit-logs"],
            ["lock downgraded", r => r.type === LOCK, p => (p.level = "NotSpecified"), "aks-cluster-require-delete-lock"],
        ];
        let base: RecordedResource[];
        before(async () => {
            base = await runAks({ ...MINIMAL_ARGS, encryption: { existingKey: BYO_KEY }, defender: true, diskEncryptionSetId: DES });
        });
        for (const [label, pick, mutate, policy] of cases) {
            it(label, async () => {
                const found = await newFindings(base, mutated(base, pick, mutate as (p: Record<string, unknown>) => void));
                assert.equal(found.length, 1, `expected one new finding, got ${found.join(", ")}`);
                assert.match(found[0], new RegExp(`^${policy} `));
            });
        }

        it("reports a wrong-typed value as a violation, not a pass or a crash", async () => {
            const after = mutated(base, isPool, p => (p.enableNodePublicIP = "false"));
            const diagnostics = (await analyze(after)).filter(d => d.policyName === "aks-node-pool-disallow-public-ip");
            assert.equal(diagnostics.length, 1);
            assert.equal(diagnostics[0].enforcementLevel, "mandatory");
            assert.match(diagnostics[0].message, /cannot be verified: `enableNodePublicIP` must be a boolean, not a string/);
        });

        it("catches a cluster whose audit setting is gone", async () => {
            const found = await newFindings(base, base.filter(r => r.type !== DIAGNOSTIC_SETTING));
            assert.deepEqual(found, ["aks-cluster-require-audit-logs [mandatory]"]);
        });

        // With the vault and key created here, the KMS policies judge them too.
        const created: [string, (r: RecordedResource) => boolean, (p: Props) => void, string][] = [
            ["vault purge protection off", r => r.type === "azure-native:keyvault:Vault", p => delete p.properties.enablePurgeProtection, "aks-key-vault-require-purge-protection"],
            ["vault public", r => r.type === "azure-native:keyvault:Vault", p => (p.properties.publicNetworkAccess = "Enabled"), "aks-key-vault-disallow-public-network-access"],
            ["key without rotation", r => r.type === "azure-native:keyvault:Key", p => delete p.properties.rotationPolicy, "aks-key-vault-key-require-rotation"],
            ["Azure NPM", isCluster, p => Object.assign(p.networkProfile, { networkPolicy: "azure", networkDataplane: "azure" }), "aks-cluster-disallow-azure-npm"],
            ["pod security initiative not enforced", r => r.type === "azure-native:authorization:PolicyAssignment", p => (p.enforcementMode = "DoNotEnforce"), "aks-cluster-require-pod-security-initiative"],
            ["lock downgraded to ReadOnly", r => r.type === LOCK, p => (p.level = "ReadOnly"), "aks-cluster-require-delete-lock"],
        ];
        let createdBase: RecordedResource[];
        before(async () => {
            createdBase = await runAks(MINIMAL_ARGS);
        });
        for (const [label, pick, mutate, policy] of created) {
            it(label, async () => {
                const found = await newFindings(createdBase, mutated(createdBase, pick, mutate as (p: Record<string, unknown>) => void));
                assert.equal(found.length, 1, `expected one new finding, got ${found.join(", ")}`);
                assert.match(found[0], new RegExp(`^${policy} `));
            });
        }

        it("covers every AKS policy with at least one weakening", () => {
            const covered = new Set([...cases.map(c => c[3]), ...created.map(c => c[3]), "aks-cluster-require-audit-logs"]);
            assert.deepEqual(aksPolicies.map(p => p.name).filter(n => !covered.has(n)), []);
        });
    });

    it("judges the resources the same under versioned and local-package tokens (azure-native 3)", async () => {
        // A stack with findings from resource and stack policies alike: Free tier, a public vault, a ReadOnly lock.
        const weakened = mutated(
            mutated(mutated(await runAks(MINIMAL_ARGS), r => r.type === MANAGED_CLUSTER, p => ((p.sku as Record<string, unknown>).tier = "Free")),
                r => r.type === "azure-native:keyvault:Vault", p => ((p.properties as Record<string, unknown>).publicNetworkAccess = "Enabled")),
            r => r.type === LOCK, p => (p.level = "ReadOnly"),
        );
        const retype = (token: (module: string, type: string) => string) =>
            weakened.map(r => {
                const m = /^azure-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(r.type);
                return m ? { ...r, type: token(m[1], m[2]) } : r;
            });
        const summary = async (resources: readonly RecordedResource[]) => (await analyze(resources)).map(d => `${d.policyName} [${d.enforcementLevel}]`).sort();
        const expected = await summary(weakened);
        for (const policy of ["aks-cluster-require-paid-sku", "aks-key-vault-disallow-public-network-access", "aks-cluster-require-delete-lock"]) {
            assert.ok(expected.some(e => e.startsWith(`${policy} `)), `${policy} reports the weakened stack`);
        }
        assert.deepEqual(await summary(retype((m, t) => `azure-native:${m}/v20240901:${t}`)), expected);
        assert.deepEqual(await summary(retype((m, t) => `azure-native_${m}_v20240901:${m}:${t}`)), expected);
    });

    it("judges a ManagedCluster built by hand without the component", async () => {
        const resources = await runUnderMocks(() => {
            new containerservice.ManagedCluster("byhand", {
                resourceGroupName: "rg",
                dnsPrefix: "byhand",
                agentPoolProfiles: [{ name: "pool", count: 1, vmSize: "Standard_D2s_v5", mode: "System" }],
            });
        }, { project: "hcb", stack: "test" });
        const mandatory = [...new Set((await analyze(resources)).filter(d => d.enforcementLevel === "mandatory").map(d => d.policyName))].sort();
        assert.deepEqual(
            mandatory,
            aksPolicies
                // Unset node public IPs and no add-ons are the secure AKS defaults; everything else is insecure when unset.
                // The Key Vault policies judge a vault and key, which this stack lacks.
                .filter(p => p.enforcementLevel === "mandatory" && !["aks-node-pool-disallow-public-ip", "aks-cluster-disallow-risky-addons"].includes(p.name) && !p.name.startsWith("aks-key-vault-"))
                .map(p => p.name)
                .sort(),
        );
    });
});
