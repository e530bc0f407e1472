/**
 * CIS AKS 5.3.1: Secrets in etcd are encrypted with a Key Vault key through the KMS plugin. AKS
 * requires a user-assigned control-plane identity for it, and the vault's resource id when the
 * vault is private. The key id is computed by the key's resource, so only its presence is read.
 */
import { Obj, optBoolean, optObject, optString } from "../../lib/read";
import { clusterPolicy, hasKey, objAt } from "./resources";

export function checkKmsSecretsEncryption(props: Obj): string[] {
    const security = objAt(props, "securityProfile", "securityProfile");
    const kms = objAt(security, "azureKeyVaultKms", "securityProfile.azureKeyVaultKms");
    if (optBoolean(kms?.["enabled"], "securityProfile.azureKeyVaultKms.enabled") !== true) {
        return ["`securityProfile.azureKeyVaultKms.enabled` is not true, so Secrets are stored with platform keys only"];
    }
    const out: string[] = [];
    if (!hasKey(kms, "keyId")) {
        out.push("`securityProfile.azureKeyVaultKms.keyId` is unset");
    }
    const access = optString(kms?.["keyVaultNetworkAccess"], "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess") ?? "Public";
    if (access === "Private" && !hasKey(kms, "keyVaultResourceId")) {
        out.push("`securityProfile.azureKeyVaultKms.keyVaultResourceId` is unset for a private key vault");
    }
    const identity = optObject(props["identity"], "identity");
    if (optString(identity?.["type"], "identity.type") !== "UserAssigned") {
        out.push('`identity.type` is not "UserAssigned", which Key Vault KMS requires');
    }
    return out;
}

export const kmsSecretsEncryptionPolicy = clusterPolicy({
    name: "aks-cluster-require-kms-secrets-encryption",
    control: "aks-secrets-kms",
    enforcementLevel: "mandatory",
    description: "An AKS cluster encrypts Secrets with a Key Vault key (KMS) through a user-assigned identity.",
    rule: "encrypt Secrets with a Key Vault key",
    check: checkKmsSecretsEncryption,
});
