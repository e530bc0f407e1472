/**
 * CIS GKE 5.6.1 ("Enable VPC Flow Logs and Intranode Visibility"); Checkov CKV_GCP_74. Traffic
 * between pods of one node stays on the node unless intranode visibility sends it through the
 * VPC, where flow logs, firewall rules and packet mirroring see it. Off by default on Standard
 * clusters, on in Autopilot (cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility).
 * Advisory: it costs flow-log volume, and it is visibility, not a barrier.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkIntranodeVisibility(resource: CheckedResource): string[] {
    if (resource.props["enableAutopilot"] === true) {
        return []; // on by default in Autopilot
    }
    const value = optBoolean(resource.props["enableIntranodeVisibility"], "enableIntranodeVisibility");
    return value === true
        ? []
        : [`${subjectOf(resource)} must route same-node pod traffic through the VPC: \`enableIntranodeVisibility\` is ${value === false ? "false" : "unset (default off)"}, so flow logs and firewall rules miss it. Set it to true.`];
}

export const intranodeVisibilityPolicy = resourcePolicy({
    name: "gke-cluster-require-intranode-visibility",
    control: "gke-network-visibility",
    enforcementLevel: "advisory",
    description: "GKE Standard clusters turn intranode visibility on, so flow logs and firewall rules see pod traffic within a node.",
    types: [CLUSTER_TYPE],
    check: checkIntranodeVisibility,
});
