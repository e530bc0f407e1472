/**
 * CKV_AZURE_172: when the Key Vault Secrets Store CSI add-on mounts secrets, it polls Key Vault for
 * new versions (`enableSecretRotation`, the string "true" in the ARM API), so a rotated secret
 * reaches pods. A cluster without the add-on passes (External Secrets may do the job).
 */
import { Obj, optBoolean, optStringMap } from "../../lib/read";
import { addonOf, clusterPolicy } from "./resources";

export function checkSecretRotation(props: Obj): string[] {
    const addon = addonOf(props, "azureKeyvaultSecretsProvider");
    if (optBoolean(addon?.["enabled"], "addonProfiles.azureKeyvaultSecretsProvider.enabled") !== true) {
        return [];
    }
    const config = optStringMap(addon?.["config"], "addonProfiles.azureKeyvaultSecretsProvider.config");
    return config.get("enableSecretRotation") === "true"
        ? []
        : ['`addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation` is not "true"'];
}

export const secretRotationPolicy = clusterPolicy({
    name: "aks-cluster-require-secret-rotation",
    control: "aks-secrets-store-rotation",
    enforcementLevel: "advisory",
    description: "An AKS cluster's Key Vault Secrets Store CSI add-on, when on, rotates secrets.",
    rule: "rotate Secrets Store CSI secrets",
    check: checkSecretRotation,
});
