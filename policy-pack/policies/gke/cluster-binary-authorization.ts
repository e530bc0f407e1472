/**
 * Checklist "image signing and verification"; CIS GKE 5.10.4; Checkov CKV_GCP_66. Every image is
 * admitted against the project's Binary Authorization policy (attestations, allowed registries).
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

const ENFORCING = ["PROJECT_SINGLETON_POLICY_ENFORCE", "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE"];

export function checkBinaryAuthorization(resource: CheckedResource): string[] {
    const config = optObject(resource.props["binaryAuthorization"], "binaryAuthorization");
    const mode = optString(config?.["evaluationMode"], "binaryAuthorization.evaluationMode");
    if (mode !== undefined ? ENFORCING.includes(mode) : optBoolean(config?.["enabled"], "binaryAuthorization.enabled") === true) {
        return [];
    }
    return [
        `${subjectOf(resource)} must enforce Binary Authorization on every image: \`binaryAuthorization.evaluationMode\` is ${mode === undefined ? "unset" : `"${mode}"`}. ` +
            'Set it to "PROJECT_SINGLETON_POLICY_ENFORCE".',
    ];
}

export const binaryAuthorizationPolicy = resourcePolicy({
    name: "gke-cluster-require-binary-authorization",
    control: "gke-binary-authorization",
    enforcementLevel: "mandatory",
    description: "GKE clusters enforce the project's Binary Authorization policy.",
    types: [CLUSTER_TYPE],
    check: checkBinaryAuthorization,
});
