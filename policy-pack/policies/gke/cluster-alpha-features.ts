/**
 * Checklist "runtime protection"; CIS GKE 5.10.2; Checkov CKV2_GCP_19. Alpha clusters run
 * unsupported, unpatched-by-SLA features and cannot be upgraded.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkAlphaFeatures(resource: CheckedResource): string[] {
    return optBoolean(resource.props["enableKubernetesAlpha"], "enableKubernetesAlpha") === true
        ? [`${subjectOf(resource)} must not enable Kubernetes alpha features: \`enableKubernetesAlpha\` is true.`]
        : [];
}

export const alphaFeaturesPolicy = resourcePolicy({
    name: "gke-cluster-disallow-alpha-features",
    control: "gke-alpha-features",
    enforcementLevel: "mandatory",
    description: "GKE clusters do not enable Kubernetes alpha features.",
    types: [CLUSTER_TYPE],
    check: checkAlphaFeatures,
});
