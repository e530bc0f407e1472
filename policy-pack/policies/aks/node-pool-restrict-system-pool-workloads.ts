/**
 * CKV_AZURE_232: system pools carry the CriticalAddonsOnly taint so that workloads land on user
 * pools, away from the privileged system add-ons. A cluster's first pool with no mode is a system pool.
 */
import { optString, optStringArray } from "../../lib/read";
import { NodePool, at, nodePoolPolicy } from "./resources";

export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";

export function checkSystemPoolTaint(pool: NodePool): string[] {
    const mode = optString(pool.props["mode"], at(pool.path, "mode"));
    const isSystem = mode === "System" || (mode === undefined && pool.path === "agentPoolProfiles[0]");
    if (!isSystem) {
        return [];
    }
    const path = at(pool.path, "nodeTaints");
    const taints = optStringArray(pool.props["nodeTaints"], path);
    return taints.includes(CRITICAL_ADDONS_TAINT) ? [] : [`is a system pool without the taint "${CRITICAL_ADDONS_TAINT}" in \`${path}\``];
}

export const systemPoolPolicy = nodePoolPolicy({
    name: "aks-node-pool-restrict-system-pool-workloads",
    control: "aks-system-node-isolation",
    enforcementLevel: "advisory",
    description: "AKS system node pools run only critical add-ons.",
    rule: "keep workloads off system pools",
    check: checkSystemPoolTaint,
});
