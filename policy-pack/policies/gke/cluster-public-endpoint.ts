/**
 * Checklist "API server not exposed publicly"; CIS GKE 5.6.4. The control plane is reached only
 * on its private endpoint, or has no IP endpoint at all (DNS-based endpoint only, IAM-checked).
 * Checkov has no check for the private endpoint (CKV_GCP_25 only tests the block exists).
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, ipEndpointsDisabled } from "./resources";

export function checkPublicEndpoint(resource: CheckedResource): string[] {
    const props = resource.props;
    if (ipEndpointsDisabled(props)) {
        return [];
    }
    const config = optObject(props["privateClusterConfig"], "privateClusterConfig");
    const privateEndpoint = optBoolean(config?.["enablePrivateEndpoint"], "privateClusterConfig.enablePrivateEndpoint");
    if (privateEndpoint === true) {
        return [];
    }
    const state = privateEndpoint === false ? "is false" : "is unset (GKE then serves a public endpoint)";
    return [
        `${subjectOf(resource)} must not expose a public control-plane endpoint: \`privateClusterConfig.enablePrivateEndpoint\` ${state}. ` +
            "Set it to true, or turn the IP endpoints off (`controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false`) and use the DNS endpoint.",
    ];
}

export const publicEndpointPolicy = resourcePolicy({
    name: "gke-cluster-disallow-public-endpoint",
    control: "gke-private-control-plane",
    enforcementLevel: "mandatory",
    description: "GKE clusters serve the control plane on a private endpoint only.",
    types: [CLUSTER_TYPE],
    check: checkPublicEndpoint,
});
