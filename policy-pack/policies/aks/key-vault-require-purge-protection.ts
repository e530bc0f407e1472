/**
 * CIS AKS 5.3.1 depends on the key staying: a Key Vault whose key encrypts an AKS cluster's
 * Secrets keeps soft delete and purge protection on, so no deletion (a stray destroy, a portal
 * click) can make etcd unreadable for good. Soft delete is on unless set false (azure-native
 * VaultProperties: "it will be set to true by default"); purge protection must be set.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optBoolean, optObject } from "../../lib/read";
import { KmsResources, VAULT_TYPE, kmsResourcesOf } from "./kms-keys";

export function checkVaultProtection(props: Obj): string[] {
    const p = optObject(props["properties"], "properties") ?? {};
    const out: string[] = [];
    if (optBoolean(p["enableSoftDelete"], "properties.enableSoftDelete") === false) {
        out.push("`properties.enableSoftDelete` is false, so a deleted key is gone at once");
    }
    if (optBoolean(p["enablePurgeProtection"], "properties.enablePurgeProtection") !== true) {
        out.push("`properties.enablePurgeProtection` is not true, so a deleted key can be purged before the retention ends");
    }
    return out;
}

export const purgeProtectionPolicy = stackPolicy<object, KmsResources>({
    name: "aks-key-vault-require-purge-protection",
    control: "aks-secrets-kms",
    enforcementLevel: "mandatory",
    description: "A Key Vault holding an AKS cluster's KMS key has soft delete and purge protection on.",
    selects: type => type === VAULT_TYPE,
    context: (resources: readonly PolicyResource[]) => kmsResourcesOf(resources),
    check: (resource: CheckedResource, used) =>
        used.vaults.has(resource.urn)
            ? checkVaultProtection(resource.props).map(d => `${subjectOf(resource)} must keep an AKS KMS key from deletion: ${d}.`)
            : [],
});
