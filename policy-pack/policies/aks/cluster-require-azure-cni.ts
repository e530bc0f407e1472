/**
 * CKV2_AZURE_29: Azure CNI (overlay or VNet) instead of kubenet, which AKS retires and whose route
 * tables leave pod traffic outside the VNet's controls. Unset means kubenet.
 */
import { Obj, optString } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export function checkAzureCni(props: Obj): string[] {
    const network = objAt(props, "networkProfile", "networkProfile");
    const plugin = optString(network?.["networkPlugin"], "networkProfile.networkPlugin");
    return plugin === "azure" ? [] : [`\`networkProfile.networkPlugin\` is ${plugin === undefined ? "unset (kubenet)" : JSON.stringify(plugin)}`];
}

export const azureCniPolicy = clusterPolicy({
    name: "aks-cluster-require-azure-cni",
    control: "aks-network-policy",
    enforcementLevel: "advisory",
    description: "An AKS cluster uses the Azure CNI network plugin.",
    rule: "use Azure CNI",
    check: checkAzureCni,
});
