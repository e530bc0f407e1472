/**
 * What the AKS policies share: the type tokens they judge, the node pools of a resource (every
 * `agentPoolProfiles[*]` of a ManagedCluster and each separate AgentPool), and the wrappers that
 * turn a pure check into a policy over clusters or over every node pool.
 */
import type { EnforcementLevel, PolicyResource } from "@pulumi/policy";
import { CheckedResource, HardenedPolicy, isUnknownValueError, resourcePolicy, subjectOf } from "../../lib/define";
import { MalformedValueError, Obj, optArray, optObject, optString } from "../../lib/read";

export const MANAGED_CLUSTER_TYPE = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL_TYPE = "azure-native:containerservice:AgentPool";
export const DIAGNOSTIC_SETTING_TYPE = "azure-native:monitor:DiagnosticSetting";
export const MANAGEMENT_LOCK_TYPE = "azure-native:authorization:ManagementLockAtResourceLevel";

/** One node pool as registered: where it sits in the resource, its name and its properties. */
export interface NodePool {
    /** The property path of the pool in its resource: `agentPoolProfiles[1]`, or "" for an AgentPool. */
    readonly path: string;
    readonly name: string;
    readonly props: Obj;
}

/** `path.key`, or `key` when the path is the resource itself. */
export function at(path: string, key: string): string {
    return path ? `${path}.${key}` : key;
}

/** Every node pool the resource defines: all of a cluster's agentPoolProfiles, or the AgentPool itself. */
export function nodePoolsOf(resource: CheckedResource): readonly NodePool[] {
    if (resource.type === AGENT_POOL_TYPE) {
        const name = optString(resource.props["agentPoolName"], "agentPoolName") ?? resource.name;
        return [{ path: "", name, props: resource.props }];
    }
    return optArray(resource.props["agentPoolProfiles"], "agentPoolProfiles").map((p, i) => {
        const path = `agentPoolProfiles[${i}]`;
        const props = optObject(p, path);
        if (props === undefined) {
            throw new MalformedValueError(path, "an object", p);
        }
        const name = optString(props["name"], `${path}.name`) ?? `#${i}`;
        return { path, name, props };
    });
}

/** True for a Windows pool (`osType: Windows`): Linux-only settings do not apply to it. */
export function isWindowsPool(pool: NodePool): boolean {
    return optString(pool.props["osType"], at(pool.path, "osType")) === "Windows";
}

/** An object at `key` of `obj`, or undefined; wrong types raise. */
export function objAt(obj: Obj | undefined, key: string, path: string): Obj | undefined {
    return obj === undefined ? undefined : optObject(obj[key], path);
}

/** True when `obj` has `key` set, without reading it (a computed id is unknown during preview). */
export function hasKey(obj: Obj | undefined, key: string): boolean {
    return obj !== undefined && Object.keys(obj).includes(key) && obj[key] !== null;
}

/** An add-on's `enabled` flag; its `config` values are strings in the ARM API ("true"). */
export function addonOf(props: Obj, key: string): Obj | undefined {
    const addons = optObject(props["addonProfiles"], "addonProfiles");
    if (addons === undefined) {
        return undefined;
    }
    // ARM add-on keys are case-insensitive on the server (omsagent / omsAgent).
    const match = Object.keys(addons).sort().find(k => k.toLowerCase() === key.toLowerCase());
    return match === undefined ? undefined : optObject(addons[match], `addonProfiles.${match}`);
}

interface AksPolicyDefinition {
    readonly name: string;
    readonly control: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly description: string;
}

/**
 * A policy over ManagedClusters: `check` returns the details of each problem, and the message reads
 * "<subject> must <rule>: <detail>.".
 */
export function clusterPolicy(def: AksPolicyDefinition & { readonly rule: string; check(props: Obj): readonly string[] }): HardenedPolicy {
    return resourcePolicy({
        name: def.name,
        control: def.control,
        enforcementLevel: def.enforcementLevel,
        description: def.description,
        types: [MANAGED_CLUSTER_TYPE],
        check: resource => def.check(resource.props).map(detail => `${subjectOf(resource)} must ${def.rule}: ${detail}.`),
    });
}

/**
 * A policy over every node pool: a cluster's `agentPoolProfiles[*]` and separate AgentPools, so a
 * pool added beside the cluster, or second in the list, cannot slip past.
 */
export function nodePoolPolicy(def: AksPolicyDefinition & { readonly rule: string; check(pool: NodePool): readonly string[] }): HardenedPolicy {
    return resourcePolicy({
        name: def.name,
        control: def.control,
        enforcementLevel: def.enforcementLevel,
        description: def.description,
        types: [MANAGED_CLUSTER_TYPE, AGENT_POOL_TYPE],
        check: resource =>
            nodePoolsOf(resource).flatMap(pool =>
                def.check(pool).map(detail => `${subjectOf(resource)} must ${def.rule}: node pool '${pool.name}' ${detail}.`),
            ),
    });
}

/** A property that may be unknown during preview (a computed id): its value, or undefined when unknown. */
export function knownValue(obj: Obj | undefined, key: string): unknown {
    try {
        return obj?.[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return undefined;
        }
        throw e;
    }
}

/** True when `dependent` takes `property` from `target` (a property dependency the engine recorded). */
export function dependsThrough(dependent: PolicyResource, property: string, target: PolicyResource): boolean {
    const deps = dependent.propertyDependencies?.[property] ?? [];
    return deps.some(d => d === target || d.urn === target.urn);
}

/** The same Azure resource id or name, compared case-insensitively as ARM does. */
export function sameAzureId(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" && a.length > 0 && a.toLowerCase() === b.toLowerCase();
}

/**
 * True when an ARM `scope` property of `resource` (a lock by scope, a policy assignment) holds the
 * cluster: the cluster's id, its resource group's id, or a subscription's id (a subscription-wide
 * scope holds every cluster of it; the cluster's subscription is not among its inputs, so any
 * subscription id is taken to be the cluster's).
 */
export function scopeHolds(resource: PolicyResource, cluster: PolicyResource): boolean {
    if (dependsThrough(resource, "scope", cluster)) {
        return true;
    }
    const scope = knownValue(resource.props as Obj, "scope");
    if (typeof scope !== "string") {
        return false;
    }
    const clusterProps = cluster.props as Obj;
    if (sameAzureId(scope, knownValue(clusterProps, "id"))) {
        return true;
    }
    const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(scope);
    return group ? sameAzureId(group[1], knownValue(clusterProps, "resourceGroupName")) : /^\/subscriptions\/[^/]+$/i.test(scope);
}
