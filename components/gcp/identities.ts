/**
 * People's identities in a GKE cluster's RBAC subjects, as GKE names them: Google accounts and
 * service accounts by email, and Google Groups by email once the cluster resolves groups
 * (`authenticatorGroupsConfig.securityGroup` = gke-security-groups@<domain>; groups are members
 * of that group: cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac). An
 * `oidc:`-prefixed name is Identity Service for GKE's form, which this component does not
 * configure (closed to new organisations since 1 July 2025, per the anchor's variables), so such
 * a subject binds nobody: an error, never a silent no-op.
 */

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

const EMAIL = /^[^@\s:]+@([a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/** The domain Google Groups for RBAC reads, from the security group's address. */
export function gkeGroupsDomain(securityGroup: string): string {
    return securityGroup.slice(securityGroup.indexOf("@") + 1).toLowerCase();
}

/** One problem per subject that binds nobody on this cluster, naming where it is and the fix. */
export function gkeSubjectProblems(identity: GkeIdentityConfig, subjects: readonly GkeSubject[]): string[] {
    const out: string[] = [];
    for (const s of subjects) {
        const at = `\`${s.path}\` ("${s.name}")`;
        if (s.name.startsWith("oidc:")) {
            out.push(`${at} binds nobody on GKE: the \`oidc:\` prefix is Identity Service for GKE's, which this cluster does not use. Name the ${s.kind === "Group" ? "Google Group by its email" : "Google account by its email"}.`);
            continue;
        }
        const m = EMAIL.exec(s.name);
        if (!m) {
            out.push(`${at} must be an email address: GKE authenticates Google accounts, service accounts and Google Groups by email.`);
            continue;
        }
        if (s.kind !== "Group") {
            continue;
        }
        if (identity.securityGroup === undefined) {
            out.push(`${at} binds nobody: GKE resolves Google Groups only when the cluster sets \`rbacSecurityGroup\` (gke-security-groups@<your domain>, \`authenticatorGroupsConfig.securityGroup\`). Set it, and make the group a member of it.`);
        } else if (m[1].toLowerCase() !== gkeGroupsDomain(identity.securityGroup)) {
            out.push(`${at} must be a group of ${gkeGroupsDomain(identity.securityGroup)}, the domain of ${identity.securityGroup}: Google Groups for RBAC reads only groups nested in that group.`);
        }
    }
    return out;
}
