/**
 * AVM aks-production and aks-baseline: Linux nodes run AzureLinux, a minimal image with a smaller
 * attack surface than Ubuntu. Unset means Ubuntu. Windows pools are skipped.
 */
import { optString } from "../../lib/read";
import { NodePool, at, isWindowsPool, nodePoolPolicy } from "./resources";

export const AZURE_LINUX_SKUS: readonly string[] = ["AzureLinux", "AzureLinux3"];

export function checkAzureLinux(pool: NodePool): string[] {
    if (isWindowsPool(pool)) {
        return [];
    }
    const path = at(pool.path, "osSKU");
    const value = optString(pool.props["osSKU"], path);
    return value !== undefined && AZURE_LINUX_SKUS.includes(value) ? [] : [`has \`${path}\` ${value === undefined ? "unset (Ubuntu)" : JSON.stringify(value)}`];
}

export const azureLinuxPolicy = nodePoolPolicy({
    name: "aks-node-pool-require-azure-linux",
    control: "aks-node-access",
    enforcementLevel: "advisory",
    description: "Every AKS Linux node pool runs AzureLinux.",
    rule: "run AzureLinux nodes",
    check: checkAzureLinux,
});
