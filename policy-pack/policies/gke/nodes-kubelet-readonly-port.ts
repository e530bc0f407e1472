/**
 * Checklist "RBAC with least privilege"; CIS GKE 3.2.4 (--read-only-port disabled). Port 10255
 * serves pod and node details to anyone on the node network, with no authentication. Unset keeps
 * GKE's default (on, for clusters created before 1.32), so the setting is required on a Cluster as
 * the default for new pools (`nodePoolDefaults.nodeConfigDefaults`, or `nodePoolAutoConfig
 * .nodeKubeletConfig` on Autopilot), and no pool may turn it back on.
 *
 * A stack check over the cluster and its pools: a NodePool that states nothing inherits its
 * cluster's `nodePoolDefaults` (GKE applies the node-pool defaults to pools created in the
 * cluster), so it is judged by the inherited value when its cluster is in the stack (found by its
 * dependency on the cluster, or by the cluster's name). Requiring every pool to repeat the
 * setting was a false alarm. A pool whose cluster is elsewhere must state it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, knownString, nodeSettingsOf } from "./resources";

const FIELD = "insecureKubeletReadonlyPortEnabled";

function valueAt(obj: Obj | undefined, path: string): string | undefined {
    return optString(obj?.[FIELD], join(path, FIELD))?.toUpperCase();
}

/** The value a cluster gives new pools, and where. */
export function clusterDefault(props: Obj): { readonly path: string; readonly value: string | undefined } {
    const autopilot = props["enableAutopilot"] === true;
    const [outer, inner] = autopilot ? ["nodePoolAutoConfig", "nodeKubeletConfig"] : ["nodePoolDefaults", "nodeConfigDefaults"];
    const base = `${outer}.${inner}`;
    return { path: join(base, FIELD), value: valueAt(optObject(optObject(props[outer], outer)?.[inner], base), base) };
}

/** The stack's clusters, by URN and by known name, for the pools that inherit their defaults. */
export interface ClusterIndex {
    readonly byUrn: ReadonlyMap<string, PolicyResource>;
    readonly byName: ReadonlyMap<string, PolicyResource>;
}

export function clusterIndexOf(resources: readonly PolicyResource[]): ClusterIndex {
    const byUrn = new Map<string, PolicyResource>();
    const byName = new Map<string, PolicyResource>();
    for (const r of resources) {
        if (r.type === CLUSTER_TYPE) {
            byUrn.set(r.urn, r);
            const name = knownString(r.props as Obj, "name", "name");
            if (name) {
                byName.set(name, r);
            }
        }
    }
    return { byUrn, byName };
}

/** The cluster a NodePool belongs to, when it is in the stack. */
export function clusterOfPool(raw: PolicyResource | undefined, props: Obj, index: ClusterIndex): PolicyResource | undefined {
    const dep = (raw?.propertyDependencies?.["cluster"] ?? []).find(d => index.byUrn.has(d.urn));
    if (dep) {
        return index.byUrn.get(dep.urn);
    }
    const name = knownString(props, "cluster", "cluster");
    return name === undefined ? undefined : index.byName.get(name.split("/").pop() as string);
}

export function checkKubeletReadonlyPort(resource: CheckedResource, index: ClusterIndex = { byUrn: new Map(), byName: new Map() }, raw?: PolicyResource): string[] {
    const subject = subjectOf(resource);
    const rule = (what: string, path: string, value: string | undefined, why = "") =>
        `${subject} must turn off the kubelet's unauthenticated read-only port on ${what}: \`${path}\` is ${value === undefined ? "unset" : `"${value}"`}${why}. Set it to "FALSE".`;
    const props = resource.props;
    const out: string[] = [];
    if (resource.type === CLUSTER_TYPE) {
        const d = clusterDefault(props);
        if (d.value !== "FALSE") {
            out.push(rule("new node pools", d.path, d.value));
        }
    }
    for (const pool of nodeSettingsOf(resource.type, props)) {
        const base = join(pool.nodeConfigPath, "kubeletConfig");
        const value = valueAt(optObject(pool.nodeConfig?.["kubeletConfig"], base), base);
        if (value === "TRUE") {
            out.push(rule(pool.label, join(base, FIELD), value));
        } else if (value === undefined && resource.type === NODE_POOL_TYPE) {
            // A Cluster's own pools inherit nodePoolDefaults, judged above; a NodePool resource
            // inherits its cluster's, judged when the cluster is in the stack.
            const cluster = clusterOfPool(raw, props, index);
            const inherited = cluster ? clusterDefault(cluster.props as Obj) : undefined;
            if (inherited?.value !== "FALSE") {
                out.push(
                    rule(
                        pool.label,
                        join(base, FIELD),
                        value,
                        cluster ? `, and its cluster's \`${inherited?.path}\` it inherits is ${inherited?.value === undefined ? "unset" : `"${inherited.value}"`}` : ", and its cluster is not in this stack to inherit from",
                    ),
                );
            }
        }
    }
    return out;
}

export const kubeletReadonlyPortPolicy = stackPolicy<Record<string, never>, ClusterIndex>({
    name: "gke-nodes-disallow-kubelet-readonly-port",
    control: "gke-kubelet-read-only-port",
    enforcementLevel: "mandatory",
    description: "GKE kubelets do not serve the unauthenticated read-only port, whether a pool sets it or inherits its cluster's default.",
    selects: type => type === CLUSTER_TYPE || type === NODE_POOL_TYPE,
    context: resources => clusterIndexOf(resources),
    check: (resource, index, _config, raw) => checkKubeletReadonlyPort(resource, index, raw),
});
