/**
 * A management lock (CanNotDelete, or ReadOnly) on the cluster, or on its resource group, so that
 * neither a stray `pulumi destroy` from another program nor a portal click deletes it; the
 * ManagedCluster has no deletion-protection field of its own. A stack policy: the lock is its own
 * resource, linked by `resourceName` (or `resourceGroupName` for a group lock).
 */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../lib/define";
import { Obj } from "../../lib/read";
import { MANAGED_CLUSTER_TYPE, MANAGEMENT_LOCK_TYPE, dependsThrough, knownValue, sameAzureId } from "./resources";

export const GROUP_LOCK_TYPE = "azure-native:authorization:ManagementLockAtResourceGroupLevel";
export const LOCK_LEVELS: readonly string[] = ["CanNotDelete", "ReadOnly"];

/** True when the lock is a resource-level lock on a managedClusters resource. */
function isClusterLock(lock: Obj): boolean {
    return sameAzureId(knownValue(lock, "resourceProviderNamespace"), "Microsoft.ContainerService") && sameAzureId(knownValue(lock, "resourceType"), "managedClusters");
}

/** True when `lock` protects `cluster`. */
export function locks(lock: PolicyResource, cluster: PolicyResource): boolean {
    const props = lock.props as Obj;
    const clusterProps = cluster.props as Obj;
    if (!LOCK_LEVELS.includes(knownValue(props, "level") as string)) {
        return false;
    }
    if (lock.type === GROUP_LOCK_TYPE) {
        return dependsThrough(lock, "resourceGroupName", cluster) || sameAzureId(knownValue(props, "resourceGroupName"), knownValue(clusterProps, "resourceGroupName"));
    }
    if (!isClusterLock(props)) {
        return false;
    }
    const clusterName = knownValue(clusterProps, "resourceName") ?? knownValue(clusterProps, "name");
    return dependsThrough(lock, "resourceName", cluster) || sameAzureId(knownValue(props, "resourceName"), clusterName);
}

export function checkDeleteLock(cluster: PolicyResource, locksInStack: readonly PolicyResource[]): string[] {
    return locksInStack.some(l => locks(l, cluster))
        ? []
        : ["no CanNotDelete management lock (azure-native:authorization:ManagementLockAtResourceLevel) targets the cluster or its resource group"];
}

export const deleteLockPolicy = stackPolicy<object, readonly PolicyResource[]>({
    name: "aks-cluster-require-delete-lock",
    control: "aks-operational-baseline",
    enforcementLevel: "advisory",
    description: "Every AKS cluster is under a CanNotDelete management lock.",
    selects: type => type === MANAGED_CLUSTER_TYPE,
    context: resources => resources.filter(r => r.type === MANAGEMENT_LOCK_TYPE || r.type === GROUP_LOCK_TYPE),
    check: (resource, lockResources, _config, raw) =>
        checkDeleteLock(raw, lockResources).map(detail => `ManagedCluster '${resource.name}' must be locked against deletion: ${detail}.`),
});
