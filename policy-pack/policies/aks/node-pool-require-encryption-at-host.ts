/**
 * CKV_AZURE_227: encryption at host encrypts temp disks, caches and OS/data disk flows at the VM
 * host, which server-side encryption alone leaves in clear. Every pool, not only the first.
 */
import { optBoolean } from "../../lib/read";
import { NodePool, at, nodePoolPolicy } from "./resources";

export function checkEncryptionAtHost(pool: NodePool): string[] {
    const path = at(pool.path, "enableEncryptionAtHost");
    const value = optBoolean(pool.props["enableEncryptionAtHost"], path);
    return value === true ? [] : [`has \`${path}\` ${value === undefined ? "unset (off)" : "false"}`];
}

export const encryptionAtHostPolicy = nodePoolPolicy({
    name: "aks-node-pool-require-encryption-at-host",
    control: "aks-node-disk-encryption",
    enforcementLevel: "mandatory",
    description: "Every AKS node pool encrypts its disks at host.",
    rule: "encrypt node disks at host",
    check: checkEncryptionAtHost,
});
