/**
 * A CanNotDelete management lock on the cluster, or on its resource group or subscription, so that
 * neither a stray `pulumi destroy` from another program nor a portal click deletes it; the
 * ManagedCluster has no deletion-protection field of its own. A stack policy: the lock is its own
 * resource, linked by `resourceName` (ManagementLockAtResourceLevel), `resourceGroupName`
 * (ManagementLockAtResourceGroupLevel) or `scope` (ManagementLockByScope: the cluster id, its
 * group's id, or a subscription id). A ReadOnly lock is no delete lock: it also stops every write,
 * so AKS cannot scale, upgrade or rotate anything (Azure applies a lock to the resource and its
 * children); it is reported as such.
 */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, subjectOf } from "../../lib/define";
import { Obj } from "../../lib/read";
import { MANAGED_CLUSTER_TYPE, MANAGEMENT_LOCK_TYPE, dependsThrough, knownValue, sameAzureId, scopeHolds } from "./resources";

export const GROUP_LOCK_TYPE = "azure-native:authorization:ManagementLockAtResourceGroupLevel";
export const SCOPE_LOCK_TYPE = "azure-native:authorization:ManagementLockByScope";
export const LOCK_TYPES: readonly string[] = [MANAGEMENT_LOCK_TYPE, GROUP_LOCK_TYPE, SCOPE_LOCK_TYPE];
export const DELETE_LOCK_LEVEL = "CanNotDelete";

/** True when the lock is a resource-level lock on a managedClusters resource. */
function isClusterLock(lock: Obj): boolean {
    return sameAzureId(knownValue(lock, "resourceProviderNamespace"), "Microsoft.ContainerService") && sameAzureId(knownValue(lock, "resourceType"), "managedClusters");
}


/** True when `lock`, at any level, targets `cluster` (the cluster, its resource group or subscription). */
export function targets(lock: PolicyResource, cluster: PolicyResource): boolean {
    const props = lock.props as Obj;
    const clusterProps = cluster.props as Obj;
    if (lock.type === GROUP_LOCK_TYPE) {
        return dependsThrough(lock, "resourceGroupName", cluster) || sameAzureId(knownValue(props, "resourceGroupName"), knownValue(clusterProps, "resourceGroupName"));
    }
    if (lock.type === SCOPE_LOCK_TYPE) {
        return scopeHolds(lock, cluster);
    }
    if (!isClusterLock(props)) {
        return false;
    }
    const clusterName = knownValue(clusterProps, "resourceName") ?? knownValue(clusterProps, "name");
    return dependsThrough(lock, "resourceName", cluster) || sameAzureId(knownValue(props, "resourceName"), clusterName);
}

/** True when `lock` protects `cluster` from deletion: a CanNotDelete lock that targets it. */
export function locks(lock: PolicyResource, cluster: PolicyResource): boolean {
    return knownValue(lock.props as Obj, "level") === DELETE_LOCK_LEVEL && targets(lock, cluster);
}

export function checkDeleteLock(cluster: PolicyResource, locksInStack: readonly PolicyResource[]): string[] {
    if (locksInStack.some(l => locks(l, cluster))) {
        return [];
    }
    const readOnly = locksInStack.find(l => knownValue(l.props as Obj, "level") === "ReadOnly" && targets(l, cluster));
    if (readOnly) {
        return [`lock '${readOnly.name}' is ReadOnly, which is no delete lock: it also stops every write, so AKS cannot scale, upgrade or rotate. Use level "CanNotDelete"`];
    }
    return ["no CanNotDelete management lock (ManagementLockAtResourceLevel, ManagementLockByScope or a resource-group lock) targets the cluster, its resource group or subscription"];
}

export const deleteLockPolicy = stackPolicy<object, readonly PolicyResource[]>({
    name: "aks-cluster-require-delete-lock",
    control: "aks-operational-baseline",
    enforcementLevel: "advisory",
    description: "Every AKS cluster is under a CanNotDelete management lock.",
    selects: type => type === MANAGED_CLUSTER_TYPE,
    context: resources => resources.filter(r => LOCK_TYPES.includes(r.type)),
    check: (resource, lockResources, _config, raw) =>
        checkDeleteLock(raw, lockResources).map(detail => `${subjectOf(resource)} must be locked against deletion: ${detail}.`),
});
