/**
 * Checklist "image signing and verification"; CIS GKE 5.10.4. A GKE cluster that enforces the
 * project's Binary Authorization policy verifies images only if that policy denies by default:
 * the stack manages it (GkeCluster `binaryAuthorizationPolicy` builds a REQUIRE_ATTESTATION
 * policy), or GkeCluster names why not (`optOuts.binaryAuthorizationPolicy`: another stack owns
 * the project's one policy), which the pack reports as an advisory with the reason. Judged on the
 * cluster layer, where the cluster is; independent of Kyverno in the baseline, which
 * k8s-stack-require-image-verification counts instead.
 */
import { BINAUTHZ_OPT_OUT, BINAUTHZ_POLICY, binaryAuthorizationEvidence, enforcingClusters } from "../checklist/binary-authorization";
import { checklistPolicy } from "../checklist/policy";

export const projectBinaryAuthorizationPolicy = checklistPolicy<Record<string, never>>({
    name: "gke-project-require-binary-authorization-policy",
    control: "gke-binary-authorization",
    enforcementLevel: "mandatory",
    description: "A stack whose GKE cluster enforces the project's Binary Authorization policy manages that policy, deny by default and enforced.",
    layer: "cluster",
    optOutKey: BINAUTHZ_OPT_OUT,
    rule: "manage the project's Binary Authorization policy that its GKE cluster enforces, denying unattested images",
    fix: "set GkeCluster's `binaryAuthorizationPolicy` with your attestors (a REQUIRE_ATTESTATION, enforced policy), or name in `optOuts.binaryAuthorizationPolicy` the stack that manages the project's policy",
    notApplicable: ({ resources }) =>
        enforcingClusters(resources).length === 0 && !resources.some(r => r.type === BINAUTHZ_POLICY) ? "No GKE cluster in the stack enforces the project's Binary Authorization policy" : undefined,
    // The opt-out is this policy's own: reported with its reason, not as "cannot tell".
    evidence: ({ resources }) => binaryAuthorizationEvidence(resources, { optOut: "absent" }),
});
