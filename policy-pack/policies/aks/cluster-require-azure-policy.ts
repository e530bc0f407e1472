/** CIS AKS 5.6.1, CKV_AZURE_116: the Azure Policy add-on runs Gatekeeper to admit workloads against assigned policies. */
import { Obj, optBoolean } from "../../lib/read";
import { addonOf, clusterPolicy } from "./resources";

export function checkAzurePolicy(props: Obj): string[] {
    const addon = addonOf(props, "azurepolicy");
    return optBoolean(addon?.["enabled"], "addonProfiles.azurepolicy.enabled") === true ? [] : ["`addonProfiles.azurepolicy.enabled` is not true"];
}

export const azurePolicyPolicy = clusterPolicy({
    name: "aks-cluster-require-azure-policy",
    control: "aks-azure-policy",
    enforcementLevel: "mandatory",
    description: "An AKS cluster runs the Azure Policy add-on.",
    rule: "run the Azure Policy add-on",
    check: checkAzurePolicy,
});
