/**
 * CKV_AZURE_171 (upgrade channel), plus the node OS channel Checkov ignores: security patches reach
 * the control plane and the node image without a human. Unset means no automatic upgrade.
 */
import { Obj, optString } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export const UPGRADE_CHANNELS: readonly string[] = ["patch", "stable", "rapid", "node-image"];
export const NODE_OS_UPGRADE_CHANNELS: readonly string[] = ["NodeImage", "SecurityPatch"];

export function checkAutoUpgrade(props: Obj): string[] {
    const profile = objAt(props, "autoUpgradeProfile", "autoUpgradeProfile");
    const out: string[] = [];
    const channel = optString(profile?.["upgradeChannel"], "autoUpgradeProfile.upgradeChannel");
    if (channel === undefined || !UPGRADE_CHANNELS.includes(channel)) {
        out.push(`\`autoUpgradeProfile.upgradeChannel\` is ${channel === undefined ? "unset" : JSON.stringify(channel)}: use "patch" or "stable"`);
    }
    const nodeOs = optString(profile?.["nodeOSUpgradeChannel"], "autoUpgradeProfile.nodeOSUpgradeChannel");
    if (nodeOs === undefined || !NODE_OS_UPGRADE_CHANNELS.includes(nodeOs)) {
        out.push(`\`autoUpgradeProfile.nodeOSUpgradeChannel\` is ${nodeOs === undefined ? "unset" : JSON.stringify(nodeOs)}: use "NodeImage" or "SecurityPatch"`);
    }
    return out;
}

export const autoUpgradePolicy = clusterPolicy({
    name: "aks-cluster-require-auto-upgrade",
    control: "aks-automatic-upgrades",
    enforcementLevel: "mandatory",
    description: "An AKS cluster upgrades its control plane and node OS automatically.",
    rule: "upgrade automatically",
    check: checkAutoUpgrade,
});
