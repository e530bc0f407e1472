/**
 * Secrets encryption with Key Vault KMS (CIS AKS 5.3.1): a vault and key the component creates, or
 * a key you bring, and the control-plane identity's roles on the vault. The created vault uses
 * Azure RBAC, soft delete and purge protection (a deleted key would make every Secret unreadable),
 * and is private unless `keyVaultNetworkAccess` is "Public".
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAksClusterArgs } from "./resolve";
import { BUILT_IN_ROLES, grantRole } from "./roles";

export interface ClusterEncryption {
    /** The versioned key id AKS encrypts with. */
    readonly keyId: pulumi.Input<string>;
    readonly keyVaultResourceId: pulumi.Input<string>;
    readonly keyVaultNetworkAccess: "Private" | "Public";
    readonly vault?: keyvault.Vault;
    readonly key?: keyvault.Key;
    readonly roleAssignments: readonly authorization.RoleAssignment[];
}

export function createEncryption(
    name: string,
    args: ResolvedAksClusterArgs,
    settings: NonNullable<ResolvedAksClusterArgs["encryption"]>,
    identity: { principalId: pulumi.Input<string>; subscriptionId: pulumi.Input<string>; tenantId: pulumi.Input<string> },
    parent: pulumi.Resource,
): ClusterEncryption {
    const isPrivate = settings.keyVaultNetworkAccess === "Private";
    let vault: keyvault.Vault | undefined;
    let key: keyvault.Key | undefined;
    let keyId: pulumi.Input<string>;
    let keyVaultResourceId: pulumi.Input<string>;
    if (settings.existingKey) {
        keyId = settings.existingKey.keyId;
        keyVaultResourceId = settings.existingKey.keyVaultResourceId;
    } else {
        vault = new keyvault.Vault(
            `${name}-kv`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                properties: {
                    tenantId: identity.tenantId,
                    sku: { family: "A", name: "standard" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: 90,
                    enablePurgeProtection: true,
                    publicNetworkAccess: isPrivate ? "Disabled" : "Enabled",
                    networkAcls: { defaultAction: isPrivate ? "Deny" : "Allow", bypass: "AzureServices" },
                },
                tags: args.tags,
            },
            { parent, protect: args.protect },
        );
        key = new keyvault.Key(
            `${name}-kms`,
            {
                resourceGroupName: args.resourceGroupName,
                vaultName: vault.name,
                properties: {
                    kty: "RSA",
                    keySize: 2048,
                    keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                    // Key Vault makes a new version on schedule; AKS keeps the pinned version until
                    // `keyId` moves to the new one (pulumi refresh, then up). No expiry: an expired
                    // pinned version would make every Secret unreadable.
                    rotationPolicy: {
                        lifetimeActions: [{ trigger: { timeAfterCreate: `P${settings.keyRotationDays}D` }, action: { type: "rotate" } }],
                    },
                },
                tags: args.tags,
            },
            { parent, protect: args.protect },
        );
        keyId = key.keyUriWithVersion;
        keyVaultResourceId = vault.id;
    }
    const roleAssignments = [
        grantRole(`${name}-kms-crypto`, { ...identity, role: BUILT_IN_ROLES.keyVaultCryptoUser, scope: keyVaultResourceId, description: "AKS KMS encrypts and decrypts etcd Secrets" }, parent),
        ...(isPrivate
            ? [grantRole(`${name}-kms-vault`, { ...identity, role: BUILT_IN_ROLES.keyVaultContributor, scope: keyVaultResourceId, description: "AKS KMS reaches the private vault" }, parent)]
            : []),
    ];
    return { keyId, keyVaultResourceId, keyVaultNetworkAccess: settings.keyVaultNetworkAccess, ...(vault ? { vault } : {}), ...(key ? { key } : {}), roleAssignments };
}
