/**
 * CKV_AZURE_117: node OS and data disks encrypted with a customer key through a disk encryption
 * set. Advisory: encryption at host with platform keys already encrypts them; a disk encryption set
 * adds customer control of the key.
 */
import { Obj } from "../../lib/read";
import { clusterPolicy, hasKey } from "./resources";

export function checkDiskEncryptionSet(props: Obj): string[] {
    return hasKey(props, "diskEncryptionSetID") ? [] : ["`diskEncryptionSetID` is unset, so node disks use platform-managed keys"];
}

export const diskEncryptionSetPolicy = clusterPolicy({
    name: "aks-cluster-require-disk-encryption-set",
    control: "aks-node-disk-encryption",
    enforcementLevel: "advisory",
    description: "An AKS cluster encrypts node disks with a customer key through a disk encryption set.",
    rule: "encrypt node disks with a customer key",
    check: checkDiskEncryptionSet,
});
