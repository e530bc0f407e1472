/**
 * Azure Network Policy Manager (`networkPolicy: "azure"`) is being retired: AKS stops supporting it
 * on Linux nodes on 30 September 2028 (MS docs includes/azure-network-policy-manager-linux-
 * retirement.md). It still enforces NetworkPolicy today, so this is advisory, with the replacement.
 */
import { Obj, optString } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export function checkAzureNpm(props: Obj): string[] {
    const network = objAt(props, "networkProfile", "networkProfile");
    const policy = optString(network?.["networkPolicy"], "networkProfile.networkPolicy");
    return policy === "azure"
        ? [
              '`networkProfile.networkPolicy` is "azure" (Azure Network Policy Manager), which AKS stops supporting on Linux nodes on 30 September 2028: ' +
                  'migrate to Cilium (`networkPolicy` and `networkDataplane` "cilium"; MS docs migrate-from-npm-to-cilium-network-policy.md)',
          ]
        : [];
}

export const azureNpmPolicy = clusterPolicy({
    name: "aks-cluster-disallow-azure-npm",
    control: "aks-network-policy",
    enforcementLevel: "advisory",
    description: "An AKS cluster does not rely on Azure Network Policy Manager, which is being retired.",
    rule: "not rely on a retiring NetworkPolicy engine",
    check: checkAzureNpm,
});
