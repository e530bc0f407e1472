/**
 * Which Key Vault keys and vaults of the stack encrypt an AKS cluster's Secrets (KMS): found by the
 * cluster's dependency on them (azure-native lifts `securityProfile` into one input, so the key and
 * the vault are dependencies of `securityProfile`), or by the key id and vault id when they are
 * known strings; a key's vault by the key's dependency through `vaultName`, or its name.
 */
import type { PolicyResource } from "@pulumi/policy";
import { Obj } from "../../lib/read";
import { MANAGED_CLUSTER_TYPE, knownValue, sameAzureId } from "./resources";

export const KEY_TYPE = "azure-native:keyvault:Key";
export const VAULT_TYPE = "azure-native:keyvault:Vault";

export interface KmsResources {
    readonly keys: ReadonlySet<string>;
    readonly vaults: ReadonlySet<string>;
}

function kmsOf(cluster: PolicyResource): Obj | undefined {
    const security = knownValue(cluster.props as Obj, "securityProfile");
    if (security === null || typeof security !== "object") {
        return undefined;
    }
    const kms = knownValue(security as Obj, "azureKeyVaultKms");
    return kms !== null && typeof kms === "object" ? (kms as Obj) : undefined;
}

/** The vault name of a key id `https://<vault>.vault.azure.net/keys/<name>/<version>`. */
function vaultNameOfKeyId(keyId: unknown): string | undefined {
    return typeof keyId === "string" ? /^https:\/\/([^.]+)\./.exec(keyId)?.[1] : undefined;
}

function keyMatches(key: PolicyResource, keyId: unknown): boolean {
    if (typeof keyId !== "string") {
        return false;
    }
    const props = key.props as Obj;
    const versioned = knownValue(props, "keyUriWithVersion");
    const unversioned = knownValue(props, "keyUri");
    return sameAzureId(versioned, keyId) || (typeof unversioned === "string" && keyId.toLowerCase().startsWith(`${unversioned.toLowerCase()}/`));
}

function vaultNamed(vault: PolicyResource, name: unknown): boolean {
    const props = vault.props as Obj;
    return sameAzureId(knownValue(props, "vaultName"), name) || sameAzureId(knownValue(props, "name"), name);
}

export function kmsResourcesOf(resources: readonly PolicyResource[]): KmsResources {
    const keys = new Set<string>();
    const vaults = new Set<string>();
    const allKeys = resources.filter(r => r.type === KEY_TYPE);
    const allVaults = resources.filter(r => r.type === VAULT_TYPE);
    const usedKeys: PolicyResource[] = [];
    for (const cluster of resources.filter(r => r.type === MANAGED_CLUSTER_TYPE)) {
        const deps = cluster.propertyDependencies?.["securityProfile"] ?? [];
        const kms = kmsOf(cluster);
        const keyId = kms ? knownValue(kms, "keyId") : undefined;
        const vaultId = kms ? knownValue(kms, "keyVaultResourceId") : undefined;
        for (const key of allKeys) {
            if (deps.some(d => d.urn === key.urn) || keyMatches(key, keyId)) {
                usedKeys.push(key);
            }
        }
        for (const vault of allVaults) {
            if (deps.some(d => d.urn === vault.urn) || sameAzureId(knownValue(vault.props as Obj, "id"), vaultId) || vaultNamed(vault, vaultNameOfKeyId(keyId))) {
                vaults.add(vault.urn);
            }
        }
    }
    for (const key of usedKeys) {
        keys.add(key.urn);
        const vaultDeps = key.propertyDependencies?.["vaultName"] ?? [];
        const vaultName = knownValue(key.props as Obj, "vaultName");
        for (const vault of allVaults) {
            if (vaultDeps.some(d => d.urn === vault.urn) || vaultNamed(vault, vaultName)) {
                vaults.add(vault.urn);
            }
        }
    }
    return { keys, vaults };
}
