/**
 * Table tests of the AKS stack policies that join a cluster to other resources: its diagnostic
 * settings (with a workspace unknown at preview), its locks (every lock type, every level), its
 * KMS key and vault, and its pod security initiative. Each case starts from a stack that passes and
 * changes one thing; the policy is called as the @pulumi/policy server calls it.
 */
import * as assert from "node:assert/strict";
import { HardenedPolicy } from "../../../../policy-pack/lib/define";
import { aksPolicies } from "../../../../policy-pack/policies/aks";
import { isoDays } from "../../../../policy-pack/policies/aks/key-vault-key-require-rotation";
import { Json, StackInput, UNKNOWN, urnOf, validateStack } from "../../../helpers/policy";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const SETTING = "azure-native:monitor:DiagnosticSetting";
const LOCK = "azure-native:authorization:ManagementLockAtResourceLevel";
const SCOPE_LOCK = "azure-native:authorization:ManagementLockByScope";
const GROUP_LOCK = "azure-native:authorization:ManagementLockAtResourceGroupLevel";
const KEY = "azure-native:keyvault:Key";
const VAULT = "azure-native:keyvault:Vault";
const ASSIGNMENT = "azure-native:authorization:PolicyAssignment";
const CLUSTER_ID = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks";
const CLUSTER_URN = urnOf(CLUSTER, "aks");

function policy(name: string): HardenedPolicy {
    const p = aksPolicies.find(x => x.name === name);
    assert.ok(p, name);
    return p;
}

function cluster(extra: Json = {}): StackInput {
    return {
        type: CLUSTER,
        name: "aks",
        props: {
            id: CLUSTER_ID,
            name: "aks",
            resourceGroupName: "rg-aks",
            addonProfiles: { azurepolicy: { enabled: true } },
            securityProfile: { azureKeyVaultKms: { enabled: true, keyId: UNKNOWN.string, keyVaultNetworkAccess: "Private", keyVaultResourceId: UNKNOWN.string } },
            ...extra,
        },
        propertyDependencies: { securityProfile: [urnOf(KEY, "kms"), urnOf(VAULT, "kv")] },
    };
}

async function findings(name: string, inputs: readonly StackInput[], config: Json = {}): Promise<{ message: string; level?: string }[]> {
    const outcome = await validateStack(policy(name), inputs, config);
    return outcome.reports.map(r => ({ message: r.message, ...(r.enforcementLevel ? { level: r.enforcementLevel } : {}) }));
}

describe("AKS stack policies", () => {
    describe("aks-cluster-require-audit-logs with a workspace unknown at preview", () => {
        const setting = (logs: Json[], workspaceId: unknown = UNKNOWN.string): StackInput => ({
            type: SETTING,
            name: "audit",
            props: { resourceUri: UNKNOWN.string, workspaceId, logs },
            propertyDependencies: { resourceUri: [CLUSTER_URN] },
        });
        const good = [{ category: "kube-audit-admin", enabled: true }, { category: "guard", enabled: true }];

        it("reports missing audit categories as mandatory even when the workspace is unknown", async () => {
            const found = await findings("aks-cluster-require-audit-logs", [cluster(), setting([{ category: "guard", enabled: true }])]);
            assert.equal(found.length, 1);
            assert.equal(found[0].level, undefined, "the policy's own (mandatory) level");
            assert.match(found[0].message, /diagnostic setting 'audit' lacks an enabled "kube-audit-admin" or "kube-audit" log\./);
        });

        it("reports a disabled audit category whatever the workspace", async () => {
            const found = await findings("aks-cluster-require-audit-logs", [cluster(), setting([{ category: "kube-audit-admin", enabled: false }, good[1]])]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /lacks an enabled "kube-audit-admin"/);
        });

        it("cannot tell only about the workspace of a complete setting: advisory", async () => {
            const found = await findings("aks-cluster-require-audit-logs", [cluster(), setting(good)]);
            assert.equal(found.length, 1);
            assert.equal(found[0].level, "advisory");
            assert.match(found[0].message, /can't|cannot|unknown|preview/i);
        });

        it("passes a complete setting with a known workspace, and reports one without any destination", async () => {
            assert.deepEqual(await findings("aks-cluster-require-audit-logs", [cluster(), setting(good, "/ws")]), []);
            const none = await findings("aks-cluster-require-audit-logs", [cluster(), { ...setting(good), props: { resourceUri: UNKNOWN.string, logs: good } }]);
            assert.equal(none.length, 1);
            assert.match(none[0].message, /lacks a destination/);
        });
    });

    describe("aks-cluster-require-delete-lock", () => {
        const table: [string, StackInput[], RegExp | null][] = [
            ["a CanNotDelete resource lock", [{ type: LOCK, name: "l", props: { level: "CanNotDelete", resourceProviderNamespace: "Microsoft.ContainerService", resourceType: "managedClusters", resourceName: UNKNOWN.string }, propertyDependencies: { resourceName: [CLUSTER_URN] } }], null],
            ["a CanNotDelete lock by scope on the cluster", [{ type: SCOPE_LOCK, name: "l", props: { level: "CanNotDelete", scope: UNKNOWN.string }, propertyDependencies: { scope: [CLUSTER_URN] } }], null],
            ["a CanNotDelete lock by scope on its resource group", [{ type: SCOPE_LOCK, name: "l", props: { level: "CanNotDelete", scope: "/subscriptions/s/resourceGroups/RG-AKS" } }], null],
            ["a CanNotDelete lock by scope on a subscription", [{ type: SCOPE_LOCK, name: "l", props: { level: "CanNotDelete", scope: "/subscriptions/s" } }], null],
            ["a CanNotDelete resource-group lock", [{ type: GROUP_LOCK, name: "l", props: { level: "CanNotDelete", resourceGroupName: "rg-aks" } }], null],
            ["a ReadOnly lock by scope", [{ type: SCOPE_LOCK, name: "ro", props: { level: "ReadOnly", scope: CLUSTER_ID } }], /lock 'ro' is ReadOnly, which is no delete lock: it also stops every write/],
            ["a ReadOnly resource lock", [{ type: LOCK, name: "ro", props: { level: "ReadOnly", resourceProviderNamespace: "Microsoft.ContainerService", resourceType: "managedClusters", resourceName: "aks" } }], /is ReadOnly, which is no delete lock/],
            ["a lock by scope on another resource group", [{ type: SCOPE_LOCK, name: "l", props: { level: "CanNotDelete", scope: "/subscriptions/s/resourceGroups/rg-other" } }], /no CanNotDelete management lock/],
            ["a lock by scope on another resource", [{ type: SCOPE_LOCK, name: "l", props: { level: "CanNotDelete", scope: `${CLUSTER_ID}-2` } }], /no CanNotDelete management lock/],
            ["no lock", [], /no CanNotDelete management lock \(ManagementLockAtResourceLevel, ManagementLockByScope or a resource-group lock\)/],
        ];
        for (const [label, locks, expected] of table) {
            it(`${expected ? "reports" : "accepts"} ${label}`, async () => {
                const found = await findings("aks-cluster-require-delete-lock", [cluster(), ...locks]);
                if (expected === null) {
                    assert.deepEqual(found, []);
                } else {
                    assert.equal(found.length, 1);
                    assert.match(found[0].message, expected);
                }
            });
        }
    });

    describe("the KMS vault and key", () => {
        const vault = (properties: Json): StackInput => ({ type: VAULT, name: "kv", props: { name: "kv-aks", properties } });
        const key = (props: Json, name = "kms"): StackInput => ({ type: KEY, name, props: { vaultName: UNKNOWN.string, ...props }, propertyDependencies: { vaultName: [urnOf(VAULT, "kv")] } });
        const protectedVault = { enableSoftDelete: true, enablePurgeProtection: true, publicNetworkAccess: "Disabled" };
        const rotating = { properties: { rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } }] } } };

        it("pass a protected private vault and a rotating key", async () => {
            const stack = [cluster(), vault(protectedVault), key(rotating)];
            for (const name of ["aks-key-vault-require-purge-protection", "aks-key-vault-disallow-public-network-access", "aks-key-vault-key-require-rotation"]) {
                assert.deepEqual(await findings(name, stack), [], name);
            }
        });

        const table: [string, string, (v: Json, k: Json) => void, RegExp][] = [
            ["purge protection off", "aks-key-vault-require-purge-protection", v => delete v.enablePurgeProtection, /enablePurgeProtection` is not true/],
            ["soft delete off", "aks-key-vault-require-purge-protection", v => (v.enableSoftDelete = false), /enableSoftDelete` is false/],
            ["public network access on", "aks-key-vault-disallow-public-network-access", v => (v.publicNetworkAccess = "Enabled"), /publicNetworkAccess` is "Enabled"/],
            ["public network access unset", "aks-key-vault-disallow-public-network-access", v => delete v.publicNetworkAccess, /unset \(enabled\)/],
            ["no rotation policy", "aks-key-vault-key-require-rotation", (_, k) => delete k.properties.rotationPolicy, /rotationPolicy` is unset, so the key never rotates/],
            ["a notify-only policy", "aks-key-vault-key-require-rotation", (_, k) => (k.properties.rotationPolicy.lifetimeActions[0].action.type = "notify"), /no "rotate" lifetime action/],
            ["a yearly rotation", "aks-key-vault-key-require-rotation", (_, k) => (k.properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate = "P1Y"), /rotates every 365 days, more than 90/],
            ["a malformed duration", "aks-key-vault-key-require-rotation", (_, k) => (k.properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate = "90 days"), /cannot be verified: `properties.rotationPolicy.lifetimeActions\[0\].trigger.timeAfterCreate` must be an ISO 8601 duration/],
        ];
        for (const [label, name, change, expected] of table) {
            it(`${name} reports ${label}`, async () => {
                const v = structuredClone(protectedVault) as Json;
                const k = structuredClone(rotating) as Json;
                change(v, k);
                const found = await findings(name, [cluster(), vault(v), key(k)]);
                assert.equal(found.length, 1, JSON.stringify(found));
                assert.match(found[0].message, expected);
            });
        }

        it("judge only the vault and key a cluster encrypts with", async () => {
            const stack = [cluster(), vault(protectedVault), key(rotating), { type: VAULT, name: "apps", props: { properties: {} } }, { type: KEY, name: "other", props: { properties: {} } }];
            for (const name of ["aks-key-vault-require-purge-protection", "aks-key-vault-disallow-public-network-access", "aks-key-vault-key-require-rotation"]) {
                assert.deepEqual(await findings(name, stack), [], name);
            }
        });

        it("find a brought key's vault by the key id's host, and the key by its versioned id", async () => {
            const byId = cluster({ securityProfile: { azureKeyVaultKms: { enabled: true, keyId: "https://kv-aks.vault.azure.net/keys/kms/0123", keyVaultNetworkAccess: "Public" } } });
            const stack = [{ ...byId, propertyDependencies: {} }, vault({ enablePurgeProtection: true }), { type: KEY, name: "kms", props: { keyUriWithVersion: "https://kv-aks.vault.azure.net/keys/kms/0123", rotationPolicy: { lifetimeActions: [] } } }];
            assert.match((await findings("aks-key-vault-disallow-public-network-access", stack))[0].message, /must be unreachable from the internet/);
            assert.match((await findings("aks-key-vault-key-require-rotation", stack))[0].message, /no "rotate" lifetime action/);
        });

        it("read a key's outputs, where rotationPolicy is at the top", async () => {
            const outputs = { type: KEY, name: "kms", props: { rotationPolicy: rotating.properties.rotationPolicy }, propertyDependencies: { vaultName: [urnOf(VAULT, "kv")] } };
            assert.deepEqual(await findings("aks-key-vault-key-require-rotation", [cluster(), vault(protectedVault), outputs]), []);
        });

        it("read the durations Key Vault takes", () => {
            assert.deepEqual(["P90D", "P3M", "P1Y", "P1Y2M3D"].map(d => isoDays(d, "d")), [90, 90, 365, 428]);
            assert.throws(() => isoDays("P", "d"));
        });
    });

    describe("aks-cluster-require-pod-security-initiative", () => {
        const RESTRICTED = "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00";
        const BASELINE = "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d";
        const assignment = (props: Json, deps: Json = {}): StackInput => ({ type: ASSIGNMENT, name: "pss", props, propertyDependencies: deps });
        const table: [string, StackInput[], Json, boolean][] = [
            ["restricted at the cluster", [assignment({ scope: UNKNOWN.string, policyDefinitionId: RESTRICTED }, { scope: [CLUSTER_URN] })], {}, true],
            ["baseline at the resource group", [assignment({ scope: "/subscriptions/s/resourceGroups/rg-aks", policyDefinitionId: BASELINE })], {}, true],
            ["restricted at the subscription", [assignment({ scope: "/subscriptions/s", policyDefinitionId: RESTRICTED })], {}, true],
            ["no assignment", [], {}, false],
            ["another initiative", [assignment({ scope: CLUSTER_ID, policyDefinitionId: "/providers/Microsoft.Authorization/policySetDefinitions/00000000-0000-0000-0000-000000000000" })], {}, false],
            ["not enforced", [assignment({ scope: CLUSTER_ID, policyDefinitionId: RESTRICTED, enforcementMode: "DoNotEnforce" })], {}, false],
            ["an enforcement mode Azure does not define", [assignment({ scope: CLUSTER_ID, policyDefinitionId: RESTRICTED, enforcementMode: "Audit" })], {}, false],
            ["another resource group", [assignment({ scope: "/subscriptions/s/resourceGroups/rg-other", policyDefinitionId: RESTRICTED })], {}, false],
            ["no add-on (another policy reports it)", [], { addonProfiles: {} }, true],
        ];
        it("never passes an enforcement mode unknown at preview", async () => {
            const found = await findings("aks-cluster-require-pod-security-initiative", [cluster(), assignment({ scope: CLUSTER_ID, policyDefinitionId: RESTRICTED, enforcementMode: UNKNOWN.string })]);
            assert.equal(found.length, 1);
            assert.equal(found[0].level, "advisory");
        });

        for (const [label, extra, clusterProps, passes] of table) {
            it(`${passes ? "accepts" : "reports"} ${label}`, async () => {
                const found = await findings("aks-cluster-require-pod-security-initiative", [cluster(clusterProps), ...extra]);
                if (passes) {
                    assert.deepEqual(found, []);
                } else {
                    assert.equal(found.length, 1);
                    assert.match(found[0].message, /Azure Policy add-on runs but no pod security initiative is assigned/);
                }
            });
        }
    });
});
