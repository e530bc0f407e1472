/**
 * CIS AKS 5.4.4, CKV_AZURE_7: a NetworkPolicy engine enforces the in-cluster default deny. Checkov
 * accepts any value, including "none"; scanners that reject "cilium" are wrong (Checkmarx/kics#7297).
 * Cilium policy needs the Cilium dataplane, and Azure NPM needs Azure CNI.
 */
import { Obj, optString } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export const NETWORK_POLICY_ENGINES: readonly string[] = ["cilium", "azure", "calico"];

export function checkNetworkPolicy(props: Obj): string[] {
    const network = objAt(props, "networkProfile", "networkProfile");
    const policy = optString(network?.["networkPolicy"], "networkProfile.networkPolicy");
    if (policy === undefined || !NETWORK_POLICY_ENGINES.includes(policy)) {
        return [`\`networkProfile.networkPolicy\` is ${policy === undefined ? "unset" : JSON.stringify(policy)}: use "cilium", "azure" or "calico"`];
    }
    const dataplane = optString(network?.["networkDataplane"], "networkProfile.networkDataplane");
    if (policy === "cilium" && dataplane !== "cilium") {
        return ['`networkProfile.networkPolicy` is "cilium" but `networkProfile.networkDataplane` is not "cilium"'];
    }
    const plugin = optString(network?.["networkPlugin"], "networkProfile.networkPlugin");
    if (policy === "azure" && plugin !== "azure") {
        return ['`networkProfile.networkPolicy` is "azure" but `networkProfile.networkPlugin` is not "azure"'];
    }
    return [];
}

export const networkPolicyPolicy = clusterPolicy({
    name: "aks-cluster-require-network-policy",
    control: "aks-network-policy",
    enforcementLevel: "mandatory",
    description: "An AKS cluster runs a NetworkPolicy engine: Cilium, Azure or Calico.",
    rule: "enforce NetworkPolicies",
    check: checkNetworkPolicy,
});
