/**
 * Checklist "API server not exposed publicly"; CIS GKE 5.6.3; Checkov CKV_GCP_20 (authorized
 * networks enabled) and CKV_GCP_18 (no 0.0.0.0/0). We also refuse `::/0`, any other /0, and
 * `gcpPublicCidrsAccessEnabled`, which admits every Google Cloud public address.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optArray, optBoolean, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, listOf } from "./resources";

function isWholeInternet(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

export function checkAuthorizedNetworks(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const config = optObject(resource.props["masterAuthorizedNetworksConfig"], "masterAuthorizedNetworksConfig");
    if (config === undefined) {
        return [
            `${subject} must restrict the control plane to authorized networks: \`masterAuthorizedNetworksConfig\` is unset, so any address that reaches an endpoint may connect. ` +
                "Set it (an empty `cidrBlocks` admits only the cluster's own network).",
        ];
    }
    const out: string[] = [];
    const open = optArray(config["cidrBlocks"], "masterAuthorizedNetworksConfig.cidrBlocks").flatMap((entry, i) => {
        const path = `masterAuthorizedNetworksConfig.cidrBlocks[${i}]`;
        const cidr = optString(optObject(entry, path)?.["cidrBlock"], `${path}.cidrBlock`);
        return cidr !== undefined && isWholeInternet(cidr) ? [cidr] : [];
    });
    if (open.length) {
        out.push(`${subject} must not authorize the whole internet on the control plane: \`masterAuthorizedNetworksConfig.cidrBlocks\` contains ${listOf(open)}.`);
    }
    if (optBoolean(config["gcpPublicCidrsAccessEnabled"], "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled") === true) {
        out.push(`${subject} must not authorize Google Cloud's public addresses on the control plane: \`masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled\` is true.`);
    }
    return out;
}

export const authorizedNetworksPolicy = resourcePolicy({
    name: "gke-cluster-restrict-authorized-networks",
    control: "gke-private-control-plane",
    enforcementLevel: "mandatory",
    description: "GKE clusters admit only authorized networks, none of them public, to the control plane.",
    types: [CLUSTER_TYPE],
    check: checkAuthorizedNetworks,
});
