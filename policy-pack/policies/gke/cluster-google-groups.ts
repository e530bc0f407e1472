/**
 * Checklist "OIDC for users, no static tokens"; CIS GKE 5.8.2; Checkov CKV_GCP_65. RBAC subjects
 * can be Google Groups, members of the `gke-security-groups@<domain>` group. Advisory: it needs a
 * Google Workspace or Cloud Identity domain, which not every project has.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject } from "../../lib/read";
import { CLUSTER_TYPE, hasValue, knownString } from "./resources";

const GROUP = /^gke-security-groups@/;

export function checkGoogleGroups(resource: CheckedResource): string[] {
    const config = optObject(resource.props["authenticatorGroupsConfig"], "authenticatorGroupsConfig");
    const path = "authenticatorGroupsConfig.securityGroup";
    if (!hasValue(config, "securityGroup", path)) {
        return [`${subjectOf(resource)} must resolve Google Groups for RBAC: \`${path}\` is unset. Set it to "gke-security-groups@<your domain>".`];
    }
    const group = knownString(config, "securityGroup", path);
    return group !== undefined && !GROUP.test(group)
        ? [`${subjectOf(resource)} must resolve Google Groups for RBAC: \`${path}\` is "${group}", but GKE reads only the group named gke-security-groups@<domain>.`]
        : [];
}

export const googleGroupsPolicy = resourcePolicy({
    name: "gke-cluster-require-google-groups",
    control: "gke-google-groups-rbac",
    enforcementLevel: "advisory",
    description: "GKE clusters resolve Google Groups for RBAC.",
    types: [CLUSTER_TYPE],
    check: checkGoogleGroups,
});
