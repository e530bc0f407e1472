/**
 * Checklist "network policies with default deny"; CIS GKE 5.6.7; Checkov CKV_GCP_12. Without an
 * enforcing dataplane, NetworkPolicies (our default deny included) are accepted and ignored.
 * Dataplane V2 enforces them natively; the legacy Calico add-on needs both its switches on.
 * Autopilot always runs Dataplane V2.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkNetworkPolicy(resource: CheckedResource): string[] {
    const props = resource.props;
    if (props["enableAutopilot"] === true || optString(props["datapathProvider"], "datapathProvider") === "ADVANCED_DATAPATH") {
        return [];
    }
    const policy = optObject(props["networkPolicy"], "networkPolicy");
    const addon = optObject(optObject(props["addonsConfig"], "addonsConfig")?.["networkPolicyConfig"], "addonsConfig.networkPolicyConfig");
    const enabled = optBoolean(policy?.["enabled"], "networkPolicy.enabled") === true;
    const addonOn = optBoolean(addon?.["disabled"], "addonsConfig.networkPolicyConfig.disabled") === false;
    if (enabled && addonOn) {
        return [];
    }
    return [
        `${subjectOf(resource)} must enforce NetworkPolicies: ` +
            (enabled
                ? "`networkPolicy.enabled` is true but `addonsConfig.networkPolicyConfig.disabled` is not false."
                : "neither `datapathProvider` is \"ADVANCED_DATAPATH\" (Dataplane V2) nor `networkPolicy.enabled` is true.") +
            " Set `datapathProvider: \"ADVANCED_DATAPATH\"`.",
    ];
}

export const networkPolicyPolicy = resourcePolicy({
    name: "gke-cluster-require-network-policy",
    control: "gke-network-policy",
    enforcementLevel: "mandatory",
    description: "GKE clusters enforce NetworkPolicies (Dataplane V2 or the network policy add-on).",
    types: [CLUSTER_TYPE],
    check: checkNetworkPolicy,
});
