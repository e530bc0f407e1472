/**
 * GKE security posture: the misconfiguration (Kubernetes security posture) scanning of workloads
 * that GKE turns on by default (mode BASIC) for clusters on 1.27 and later (GKE "About the
 * security posture dashboard"). Turning it off removes the findings operators rely on;
 * safer-cluster exposes it as an option. Unset keeps GKE's default and passes.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkSecurityPosture(resource: CheckedResource): string[] {
    const config = optObject(resource.props["securityPostureConfig"], "securityPostureConfig");
    const mode = optString(config?.["mode"], "securityPostureConfig.mode");
    return mode?.toUpperCase() === "DISABLED"
        ? [`${subjectOf(resource)} must keep GKE security posture scanning on: \`securityPostureConfig.mode\` is "${mode}". Set it to "BASIC" (or "ENTERPRISE"), or remove it for GKE's default.`]
        : [];
}

export const securityPosturePolicy = resourcePolicy({
    name: "gke-cluster-require-security-posture",
    control: "gke-security-posture",
    enforcementLevel: "mandatory",
    description: "GKE clusters keep security posture scanning on (mode BASIC or ENTERPRISE).",
    types: [CLUSTER_TYPE],
    check: checkSecurityPosture,
});
