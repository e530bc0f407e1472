/**
 * CKV_AZURE_226: an ephemeral OS disk lives on the host and disappears with the node, so nothing of
 * a node survives in storage, and reimaging is fast. Unset lets AKS pick Managed on some VM sizes.
 */
import { optString } from "../../lib/read";
import { NodePool, at, nodePoolPolicy } from "./resources";

export function checkEphemeralOsDisk(pool: NodePool): string[] {
    const path = at(pool.path, "osDiskType");
    const value = optString(pool.props["osDiskType"], path);
    return value === "Ephemeral" ? [] : [`has \`${path}\` ${value === undefined ? "unset" : JSON.stringify(value)}`];
}

export const ephemeralOsDiskPolicy = nodePoolPolicy({
    name: "aks-node-pool-require-ephemeral-os-disk",
    control: "aks-node-disk-encryption",
    enforcementLevel: "advisory",
    description: "Every AKS node pool uses ephemeral OS disks.",
    rule: "use ephemeral OS disks",
    check: checkEphemeralOsDisk,
});
