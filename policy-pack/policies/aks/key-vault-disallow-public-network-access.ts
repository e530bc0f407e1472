/**
 * A Key Vault holding an AKS cluster's KMS key takes no traffic from the internet: public network
 * access disabled (azure-native VaultProperties: "all traffic except private endpoint traffic and
 * that that originates from trusted services will be blocked"); AKS reaches it through API server
 * VNet integration (`keyVaultNetworkAccess: "Private"`, MS docs use-kms-etcd-encryption.md). A
 * public vault (AksCluster `encryption.keyVaultNetworkAccess: "Public"`) is reported; record an
 * exemption with the reason when it is chosen.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { KmsResources, VAULT_TYPE, kmsResourcesOf } from "./kms-keys";

export function checkVaultNetwork(props: Obj): string[] {
    const p = optObject(props["properties"], "properties") ?? {};
    const access = optString(p["publicNetworkAccess"], "properties.publicNetworkAccess");
    // Unset means enabled: the vault's default (azure-native VaultProperties).
    return access !== undefined && access.toLowerCase() === "disabled"
        ? []
        : [`\`properties.publicNetworkAccess\` is ${access === undefined ? "unset (enabled)" : JSON.stringify(access)}: set "Disabled" and let AKS reach the vault privately (\`keyVaultNetworkAccess: "Private"\`)`];
}

export const vaultNetworkPolicy = stackPolicy<object, KmsResources>({
    name: "aks-key-vault-disallow-public-network-access",
    control: "aks-secrets-kms",
    enforcementLevel: "mandatory",
    description: "A Key Vault holding an AKS cluster's KMS key has public network access disabled.",
    selects: type => type === VAULT_TYPE,
    context: (resources: readonly PolicyResource[]) => kmsResourcesOf(resources),
    check: (resource: CheckedResource, used) =>
        used.vaults.has(resource.urn)
            ? checkVaultNetwork(resource.props).map(d => `${subjectOf(resource)} must be unreachable from the internet, as it holds an AKS KMS key: ${d}.`)
            : [],
});
