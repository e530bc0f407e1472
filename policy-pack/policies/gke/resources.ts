/**
 * What the GKE policies share: the type tokens they judge (gcp.container.Cluster and NodePool as
 * registered, whoever built them), where node settings live on each, and readers that tell a
 * present value from an absent one without reading a value that is unknown during preview.
 */
import { isUnknownValueError } from "../../lib/define";
import { MalformedValueError, Obj, optArray, optBoolean, optObject, optString } from "../../lib/read";

export const CLUSTER_TYPE = "gcp:container/cluster:Cluster";
export const NODE_POOL_TYPE = "gcp:container/nodePool:NodePool";
export const CRYPTO_KEY_TYPE = "gcp:kms/cryptoKey:CryptoKey";
export const SERVICE_ACCOUNT_TYPE = "gcp:serviceaccount/account:Account";
export const SERVICE_ACCOUNT_KEY_TYPE = "gcp:serviceaccount/key:Key";
export const KEY_RING_TYPE = "gcp:kms/keyRing:KeyRing";
/** The resources that grant a role on a Cloud KMS key. */
export const KEY_GRANT_TYPES: readonly string[] = ["gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding"];
/** The resources that grant a role on a key ring, inherited by every key in it (Cloud KMS IAM). */
export const KEY_RING_GRANT_TYPES: readonly string[] = ["gcp:kms/keyRingIAMMember:KeyRingIAMMember", "gcp:kms/keyRingIAMBinding:KeyRingIAMBinding"];
/** The resources that grant a project role to a member: one member, one role's members, or the whole policy. */
export const PROJECT_GRANT_TYPES: readonly string[] = ["gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding", "gcp:projects/iAMPolicy:IAMPolicy"];
export const PROJECT_POLICY_TYPE = "gcp:projects/iAMPolicy:IAMPolicy";

/** The node settings of one pool, and where they sit on the resource. */
export interface NodeSettings {
    /** Property path of the pool on the resource ("" for a NodePool resource itself). */
    readonly path: string;
    /** How a message names the pool. */
    readonly label: string;
    /** `nodeConfig`; undefined when absent, which means every provider default. */
    readonly nodeConfig: Obj | undefined;
    readonly nodeConfigPath: string;
    /** The pool's own object (NodePool props, or a `nodePools[i]` entry of a Cluster). */
    readonly pool: Obj;
}

/** `a.b`, or `b` at the root. */
export function join(prefix: string, key: string): string {
    return prefix ? `${prefix}.${key}` : key;
}

/**
 * Every node pool a resource defines. A Cluster's own `nodeConfig` shapes its default pool, which
 * GKE creates even when `removeDefaultNodePool` deletes it right after: its nodes boot with those
 * settings (the default service account included), so it is judged like any pool. Autopilot
 * clusters manage their nodes (shielded, secure boot, GKE metadata server) and have none.
 */
export function nodeSettingsOf(type: string, props: Obj): NodeSettings[] {
    if (type === NODE_POOL_TYPE) {
        return [{ path: "", label: "its nodes", nodeConfig: optObject(props["nodeConfig"], "nodeConfig"), nodeConfigPath: "nodeConfig", pool: props }];
    }
    if (props["enableAutopilot"] === true) {
        return [];
    }
    const out: NodeSettings[] = [
        { path: "", label: "the default node pool", nodeConfig: optObject(props["nodeConfig"], "nodeConfig"), nodeConfigPath: "nodeConfig", pool: {} },
    ];
    optArray(props["nodePools"], "nodePools").forEach((entry, i) => {
        const path = `nodePools[${i}]`;
        const pool = optObject(entry, path) ?? {};
        const name = optString(pool["name"], `${path}.name`);
        out.push({
            path,
            label: `node pool ${name ? `'${name}'` : `#${i}`}`,
            nodeConfig: optObject(pool["nodeConfig"], `${path}.nodeConfig`),
            nodeConfigPath: `${path}.nodeConfig`,
            pool,
        });
    });
    return out;
}

/**
 * True when `obj[key]` holds a value: a non-empty string, or a value not known until the resource
 * that computes it exists (presence is what matters; the value is the provider's). A wrong type
 * is malformed.
 */
export function hasValue(obj: Obj | undefined, key: string, path: string): boolean {
    if (obj === undefined || !(key in obj)) {
        return false;
    }
    let value: unknown;
    try {
        value = obj[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return true;
        }
        throw e;
    }
    if (value === undefined || value === null) {
        return false;
    }
    if (typeof value !== "string") {
        throw new MalformedValueError(path, "a string", value);
    }
    return value.length > 0;
}

/** The value of `obj[key]`, or undefined when not yet known (during preview). */
export function knownString(obj: Obj | undefined, key: string, path: string): string | undefined {
    if (obj === undefined) {
        return undefined;
    }
    try {
        return optString(obj[key], path);
    } catch (e) {
        if (isUnknownValueError(e)) {
            return undefined;
        }
        throw e;
    }
}

/** "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * True when a Cluster turns its IP endpoints off (`controlPlaneEndpointsConfig.ipEndpointsConfig
 * .enabled: false`): the control plane is then reached by its DNS endpoint only, gated by IAM.
 */
export function ipEndpointsDisabled(props: Obj): boolean {
    const endpoints = optObject(props["controlPlaneEndpointsConfig"], "controlPlaneEndpointsConfig");
    const ip = optObject(endpoints?.["ipEndpointsConfig"], "controlPlaneEndpointsConfig.ipEndpointsConfig");
    return optBoolean(ip?.["enabled"], "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled") === false;
}

/**
 * The node settings GKE gives the pools it creates itself: node auto-provisioning on a Standard
 * cluster (`clusterAutoscaling.enabled`) and every Autopilot node take
 * `clusterAutoscaling.autoProvisioningDefaults` (service account, shielded instance settings,
 * boot-disk key). Undefined when the cluster creates no pools of its own.
 */
export function autoProvisioningOf(props: Obj): { readonly defaults: Obj | undefined; readonly path: string; readonly autopilot: boolean } | undefined {
    const autopilot = props["enableAutopilot"] === true;
    const autoscaling = optObject(props["clusterAutoscaling"], "clusterAutoscaling");
    if (!autopilot && optBoolean(autoscaling?.["enabled"], "clusterAutoscaling.enabled") !== true) {
        return undefined;
    }
    const path = "clusterAutoscaling.autoProvisioningDefaults";
    return { defaults: optObject(autoscaling?.["autoProvisioningDefaults"], path), path, autopilot };
}
