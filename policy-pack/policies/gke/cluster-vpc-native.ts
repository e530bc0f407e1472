/**
 * Checklist "network policies with default deny"; CIS GKE 5.6.2; Checkov CKV_GCP_23. VPC-native
 * clusters give pods routable alias IPs that firewall rules and private clusters rely on.
 * Advisory: a routes-based cluster is legacy rather than exposed.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkVpcNative(resource: CheckedResource): string[] {
    const mode = optString(resource.props["networkingMode"], "networkingMode");
    const policy = optObject(resource.props["ipAllocationPolicy"], "ipAllocationPolicy");
    if (mode === "ROUTES") {
        return [`${subjectOf(resource)} must be VPC-native: \`networkingMode\` is "ROUTES". Set it to "VPC_NATIVE" with an \`ipAllocationPolicy\`.`];
    }
    return policy === undefined && resource.props["enableAutopilot"] !== true
        ? [`${subjectOf(resource)} must be VPC-native: \`ipAllocationPolicy\` is unset. Set it with the pod and service secondary ranges.`]
        : [];
}

export const vpcNativePolicy = resourcePolicy({
    name: "gke-cluster-require-vpc-native",
    control: "gke-vpc-native",
    enforcementLevel: "advisory",
    description: "GKE clusters are VPC-native.",
    types: [CLUSTER_TYPE],
    check: checkVpcNative,
});
