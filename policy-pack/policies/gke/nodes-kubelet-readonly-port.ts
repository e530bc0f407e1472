/**
 * Checklist "RBAC with least privilege"; CIS GKE 3.2.4 (--read-only-port disabled). Port 10255
 * serves pod and node details to anyone on the node network, with no authentication. Unset keeps
 * GKE's default (on, for clusters created before 1.32), so the setting is required: on a Cluster as
 * the default for new pools (`nodePoolDefaults`, or `nodePoolAutoConfig` on Autopilot), on each
 * NodePool for itself; no pool may turn it back on.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, join, nodeSettingsOf } from "./resources";

const FIELD = "insecureKubeletReadonlyPortEnabled";

function valueAt(obj: Obj | undefined, path: string): string | undefined {
    return optString(obj?.[FIELD], join(path, FIELD))?.toUpperCase();
}

export function checkKubeletReadonlyPort(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const rule = (what: string, path: string, value: string | undefined) =>
        `${subject} must turn off the kubelet's unauthenticated read-only port on ${what}: \`${path}\` is ${value === undefined ? "unset" : `"${value}"`}. Set it to "FALSE".`;
    const props = resource.props;
    const out: string[] = [];
    if (resource.type === CLUSTER_TYPE) {
        const autopilot = props["enableAutopilot"] === true;
        const base = autopilot ? "nodePoolAutoConfig.nodeKubeletConfig" : "nodePoolDefaults.nodeConfigDefaults";
        const [outer, inner] = autopilot ? ["nodePoolAutoConfig", "nodeKubeletConfig"] : ["nodePoolDefaults", "nodeConfigDefaults"];
        const defaults = optObject(optObject(props[outer], outer)?.[inner], base);
        const value = valueAt(defaults, base);
        if (value !== "FALSE") {
            out.push(rule("new node pools", join(base, FIELD), value));
        }
    }
    for (const pool of nodeSettingsOf(resource.type, props)) {
        const base = join(pool.nodeConfigPath, "kubeletConfig");
        const value = valueAt(optObject(pool.nodeConfig?.["kubeletConfig"], base), base);
        // A Cluster's pools inherit nodePoolDefaults; a NodePool resource states its own.
        const required = resource.type === NODE_POOL_TYPE;
        if (value === "TRUE" || (required && value !== "FALSE")) {
            out.push(rule(pool.label, join(base, FIELD), value));
        }
    }
    return out;
}

export const kubeletReadonlyPortPolicy = resourcePolicy({
    name: "gke-nodes-disallow-kubelet-readonly-port",
    control: "gke-kubelet-read-only-port",
    enforcementLevel: "mandatory",
    description: "GKE kubelets do not serve the unauthenticated read-only port.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkKubeletReadonlyPort,
});
