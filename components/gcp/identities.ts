/**
 * People's identities in a GKE cluster's RBAC subjects, as GKE names them: Google accounts and
 * service accounts by email, and Google Groups by email once the cluster resolves groups
 * (`authenticatorGroupsConfig.securityGroup` = gke-security-groups@<domain>; groups are members
 * of that group: cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac). An
 * `oidc:`-prefixed name is Identity Service for GKE's form, which this component does not
 * configure (closed to new organisations since 1 July 2025, per the anchor's variables), so such
 * a subject binds nobody: an error, never a silent no-op.
 */

import { ClusterIdentity, gkeGroupsDomain, subjectReason } from "../kubernetes/identities";

export { gkeGroupsDomain };

/** What decides how a GKE cluster names people: its Google Groups for RBAC security group. */
export interface GkeIdentityConfig {
    /** `gke-security-groups@<domain>`, or undefined when the cluster does not resolve groups. */
    readonly securityGroup?: string;
}

export interface GkeSubject {
    readonly kind: "User" | "Group";
    readonly name: string;
    /** Where the subject was written, for messages (`namespaces[0].developerGroups[1]`). */
    readonly path: string;
}

/** One problem per subject that binds nobody on this cluster, naming where it is and the fix; the rule is subjectReason's (components/kubernetes/identities.ts). */
export function gkeSubjectProblems(identity: GkeIdentityConfig, subjects: readonly GkeSubject[]): string[] {
    const out: string[] = [];
    const cluster: ClusterIdentity = identity.securityGroup === undefined ? { cloud: "gcp" } : { cloud: "gcp", securityGroup: identity.securityGroup };
    for (const s of subjects) {
        const at = `\`${s.path}\` ("${s.name}")`;
        switch (subjectReason(cluster, s)) {
            case "gke-oidc-prefix":
                out.push(`${at} binds nobody on GKE: the \`oidc:\` prefix is Identity Service for GKE's, which this cluster does not use. Name the ${s.kind === "Group" ? "Google Group by its email" : "Google account by its email"}.`);
                break;
            case "gke-not-email":
                out.push(`${at} must be an email address: GKE authenticates Google accounts, service accounts and Google Groups by email.`);
                break;
            case "gke-groups-off":
                out.push(`${at} binds nobody: GKE resolves Google Groups only when the cluster sets \`rbacSecurityGroup\` (gke-security-groups@<your domain>, \`authenticatorGroupsConfig.securityGroup\`). Set it, and make the group a member of it.`);
                break;
            case "gke-other-domain":
                out.push(`${at} must be a group of ${gkeGroupsDomain(identity.securityGroup!)}, the domain of ${identity.securityGroup}: Google Groups for RBAC reads only groups nested in that group.`);
                break;
        }
    }
    return out;
}
