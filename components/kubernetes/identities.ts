/**
 * People's identities as each cloud names them in RBAC subjects, and the egress a workload needs
 * to reach its cloud's workload-identity credential endpoint behind a default deny.
 *
 * A RoleBinding whose subject is written the way another cloud (or no configured identity
 * provider) names people binds nobody: the API server accepts it and access silently never works.
 * `checkSubjects` refuses such a subject, naming the field and the fix.
 *
 * Sources (../shared/notes/deployability.md, "Identities of people, per cloud"):
 * - GKE: Google Groups for RBAC: group subjects are Google Group emails nested under
 *   `gke-security-groups@<domain>`, and the cluster needs `authenticatorGroupsConfig.securityGroup`
 *   (cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac); users are Google account
 *   or service-account emails. An `oidc:` name binds nobody unless Identity Service for GKE is set up.
 * - AKS (Entra ID): a group subject is the group's object id (GUID); a user is its UPN in the same
 *   tenant, or its object id from another tenant (MicrosoftDocs/azure-aks-docs
 *   articles/aks/kubernetes-rbac-entra-id.md, "Create AKS cluster resources").
 * - EKS with an OIDC identity provider config: user and group names carry the config's
 *   `usernamePrefix` / `groupsPrefix` (aws.eks.IdentityProviderConfig; AWS docs
 *   authenticate-oidc-identity-provider.adoc). Without one, people are IAM principals mapped by
 *   access entries, and an RBAC group name binds nobody unless an access entry lists it.
 */
import { PUBLIC_GROUPS } from "../controls";
import { Problems } from "./args";

/** The clouds whose identity formats are known. */
export type IdentityCloud = "aws" | "gcp" | "azure";

/** How an EKS cluster's OIDC identity provider config names people. */
export interface EksOidcIdentity {
    /** The identity provider config's `usernamePrefix` ("" for none). */
    readonly usernamePrefix: string;
    /** The identity provider config's `groupsPrefix` ("" for none). */
    readonly groupsPrefix: string;
}

/**
 * How the cluster names people, from the cloud layer's settings (the program derives it from
 * `hcb:cluster`, or a baseline-only stack states it as `hcb:identity`).
 */
export type ClusterIdentity =
    | {
          readonly cloud: "aws";
          /** The OIDC identity provider config; absent when people are IAM principals only. */
          readonly oidc?: EksOidcIdentity;
      }
    | {
          readonly cloud: "gcp";
          /** `authenticatorGroupsConfig.securityGroup` (gke-security-groups@<domain>); absent when Google Groups for RBAC is off. */
          readonly securityGroup?: string;
      }
    | {
          readonly cloud: "azure";
      };

/** A user or group as an RBAC subject names it. */
export interface Subject {
    readonly kind: "User" | "Group";
    readonly name: string;
}

const IDENTITY_CLOUDS: readonly IdentityCloud[] = ["aws", "gcp", "azure"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An account as Google and Entra name it: local@domain.tld (no spaces, no ":", one @); group 1 is the domain.
const ACCOUNT = /^[^@\s:]+@([a-z0-9-]+(\.[a-z0-9-]+)+)$/i;
const GKE_SECURITY_GROUP = /^gke-security-groups@[a-z0-9.-]+\.[a-z]+$/;

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Checks a ClusterIdentity written by hand (a baseline-only stack's `hcb:identity`), reporting
 * under `path`; returns it when valid.
 */
export function checkClusterIdentity(problems: Problems, value: unknown, path: string): ClusterIdentity | undefined {
    if (!isObject(value) || !IDENTITY_CLOUDS.includes(value["cloud"] as IdentityCloud)) {
        problems.add(`\`${path}.cloud\` must be one of ${IDENTITY_CLOUDS.join(", ")}: it decides how people's names are written in RBAC subjects.`);
        return undefined;
    }
    const before = problems.messages.length;
    const allowed: Record<IdentityCloud, readonly string[]> = { aws: ["cloud", "oidc"], gcp: ["cloud", "securityGroup"], azure: ["cloud"] };
    const cloud = value["cloud"] as IdentityCloud;
    for (const key of Object.keys(value).filter(k => !allowed[cloud].includes(k))) {
        problems.add(`\`${path}.${key}\` is not a setting of a ${cloud} identity: use ${allowed[cloud].map(k => `\`${k}\``).join(", ")}.`);
    }
    if (cloud === "aws" && value["oidc"] !== undefined) {
        const oidc = value["oidc"];
        if (!isObject(oidc)) {
            problems.add(`\`${path}.oidc\` must be { usernamePrefix, groupsPrefix }: the prefixes of the cluster's OIDC identity provider config.`);
        } else {
            for (const key of ["usernamePrefix", "groupsPrefix"]) {
                if (typeof oidc[key] !== "string") {
                    problems.add(`\`${path}.oidc.${key}\` must be the identity provider config's ${key} as a string ("" for none), e.g. "oidc:".`);
                }
            }
        }
    }
    if (cloud === "gcp" && value["securityGroup"] !== undefined && (typeof value["securityGroup"] !== "string" || !GKE_SECURITY_GROUP.test(value["securityGroup"]))) {
        problems.add(`\`${path}.securityGroup\` must be "gke-security-groups@<your domain>" (GKE reads only that group name), not ${JSON.stringify(value["securityGroup"])}.`);
    }
    return problems.messages.length === before ? (value as unknown as ClusterIdentity) : undefined;
}

/**
 * Why a subject binds nobody, per cloud: the one rule each cloud's validators share
 * (checkSubjects here, gkeSubjectProblems in components/gcp, aksSubjectProblems in
 * components/azure), each wording its own message.
 * - `gke-oidc-prefix`: an `oidc:` name, Identity Service for GKE's form, which nothing here configures;
 * - `gke-not-email`: GKE names users, service accounts and Google Groups by email;
 * - `gke-groups-off`: a group, but the cluster sets no `authenticatorGroupsConfig.securityGroup`;
 * - `gke-other-domain`: a group outside the security group's domain ("Security groups can only
 *   contain ... security groups inside of your domain", cloud.google.com/identity/docs/how-to/
 *   update-group-to-security-group, "Security group requirements");
 * - `aks-group-not-object-id`: AKS puts group object ids (GUIDs) in a user's groups;
 * - `aks-user-not-entra`: a user is its object id or user principal name;
 * - `eks-no-oidc`: no OIDC identity provider, so no person signs in with an RBAC name;
 * - `eks-missing-prefix`: the identity provider config prefixes every name.
 */
export type SubjectReason =
    | "gke-oidc-prefix"
    | "gke-not-email"
    | "gke-groups-off"
    | "gke-other-domain"
    | "aks-group-not-object-id"
    | "aks-user-not-entra"
    | "eks-no-oidc"
    | "eks-missing-prefix";

/** The domain Google Groups for RBAC reads, from the security group's address. */
export function gkeGroupsDomain(securityGroup: string): string {
    return securityGroup.slice(securityGroup.indexOf("@") + 1).toLowerCase();
}

/** Why `subject` binds nobody on a cluster of `identity`, or undefined when it is written the way that cloud names people. */
export function subjectReason(identity: ClusterIdentity, subject: Subject): SubjectReason | undefined {
    const { kind, name } = subject;
    switch (identity.cloud) {
        case "gcp": {
            if (name.startsWith("oidc:")) {
                return "gke-oidc-prefix";
            }
            const m = ACCOUNT.exec(name);
            if (!m) {
                return "gke-not-email";
            }
            if (kind !== "Group") {
                return undefined;
            }
            if (identity.securityGroup === undefined) {
                return "gke-groups-off";
            }
            return m[1].toLowerCase() === gkeGroupsDomain(identity.securityGroup) ? undefined : "gke-other-domain";
        }
        case "azure":
            if (GUID.test(name)) {
                return undefined;
            }
            return kind === "Group" ? "aks-group-not-object-id" : ACCOUNT.test(name) ? undefined : "aks-user-not-entra";
        case "aws": {
            if (identity.oidc === undefined) {
                return "eks-no-oidc";
            }
            const prefix = kind === "Group" ? identity.oidc.groupsPrefix : identity.oidc.usernamePrefix;
            return name.startsWith(prefix) && name.length > prefix.length ? undefined : "eks-missing-prefix";
        }
    }
}

/**
 * Why `subject` binds nobody on a cluster of `identity`, or undefined when it is written the way
 * that cloud names people. Messages name no field: the caller prefixes the path.
 */
export function subjectProblem(identity: ClusterIdentity, subject: Subject): string | undefined {
    const { kind, name } = subject;
    const reason = subjectReason(identity, subject);
    switch (reason) {
        case undefined:
            return undefined;
        case "gke-oidc-prefix":
        case "gke-not-email":
            return kind === "Group"
                ? `must be a Google Group email (e.g. "payments-devs@example.com") nested in gke-security-groups@<domain>, not ${JSON.stringify(name)}: GKE puts only Google Groups in a user's groups (an "oidc:" name needs Identity Service for GKE).`
                : `must be a Google account or service account email (e.g. "alice@example.com"), not ${JSON.stringify(name)}: GKE names users by their email.`;
        case "gke-groups-off":
            return `names the Google Group ${JSON.stringify(name)}, but Google Groups for RBAC is off on this cluster, so no user carries it: set \`rbacSecurityGroup\` ("gke-security-groups@<domain>") on the GKE cluster (authenticatorGroupsConfig.securityGroup), or state it as \`hcb:identity.securityGroup\` in a baseline-only stack.`;
        case "gke-other-domain": {
            const group = (identity as { securityGroup: string }).securityGroup;
            return `must be a group of ${gkeGroupsDomain(group)}, the domain of ${group}, not ${JSON.stringify(name)}: Google Groups for RBAC reads only groups nested in that security group, which holds groups of its own domain only.`;
        }
        case "aks-group-not-object-id":
            return `must be the Entra group's object id (a GUID such as "00000000-0000-0000-0000-000000000000", from \`az ad group show --group <name> --query id -o tsv\`), not ${JSON.stringify(name)}: AKS puts group object ids, never names, in a user's groups.`;
        case "aks-user-not-entra":
            return `must be the Entra user's UPN (e.g. "alice@contoso.com") or, for a user of another tenant, its object id (GUID), not ${JSON.stringify(name)}.`;
        case "eks-no-oidc":
            return `names ${JSON.stringify(name)}, but the EKS cluster has no OIDC identity provider, so no person signs in with that name: set \`oidc\` on the EKS cluster (people sign in through your IdP), or grant IAM principals through the cluster's \`accessEntries\` instead of RBAC subjects.`;
        case "eks-missing-prefix": {
            const oidc = (identity as { oidc: EksOidcIdentity }).oidc;
            const prefix = kind === "Group" ? oidc.groupsPrefix : oidc.usernamePrefix;
            const field = kind === "Group" ? "groupsPrefix" : "usernamePrefix";
            return `must start with the identity provider config's ${field} ${JSON.stringify(prefix)} (e.g. ${JSON.stringify(`${prefix}payments-developers`)}), not ${JSON.stringify(name)}: EKS prefixes every ${kind === "Group" ? "group" : "user"} name from the IdP, so an unprefixed name binds nobody.`;
        }
    }
}

/**
 * Checks RBAC subjects against how the cluster names people; reports each one that would bind
 * nobody, under `path[i]`. `identity` undefined checks nothing (the caller said nothing about the
 * cluster); the system: and public-group checks stay with the caller.
 */
export function checkSubjects(problems: Problems, identity: ClusterIdentity | undefined, subjects: readonly Subject[], paths: readonly string[]): void {
    if (identity === undefined) {
        return;
    }
    subjects.forEach((s, i) => {
        if (typeof s?.name !== "string" || s.name.startsWith("system:") || PUBLIC_GROUPS.includes(s.name)) {
            return;
        }
        const problem = subjectProblem(identity, s);
        if (problem) {
            problems.add(`\`${paths[i]}\` ${problem}`);
        }
    });
}
