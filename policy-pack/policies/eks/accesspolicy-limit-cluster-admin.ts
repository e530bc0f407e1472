/**
 * CIS EKS 4.1.1 (cluster-admin only where required). Per cluster, only the cluster-admin roles the
 * stack declares hold cluster-wide write access: AmazonEKSClusterAdminPolicy, and AmazonEKSAdminPolicy
 * or AmazonEKSEditPolicy scoped to the cluster (they then write every namespace, kube-system
 * included; AWS scopes AmazonEKSAdminPolicy to namespaces "typically", access-policy-reference.adoc).
 * A role is declared by the pack's `clusterAdminPrincipals` when set, else by the marker EksCluster
 * puts on the access entries of `adminRoleArn` (break-glass) and `deployerRoleArn` (deployer).
 * Policies are matched by name, so ARNs of every partition (aws, aws-cn, aws-us-gov) count.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    EKS_CLUSTER_ADMIN_ROLES,
    EKS_CLUSTER_ADMIN_TAG,
    EKS_WRITE_ACCESS_POLICY_NAMES,
    eksAccessPolicyName,
} from "../../../components/controls/eks";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { AWS_TYPES, UNKNOWN, clusterResources, dependenciesThrough, knownString, peek, subject } from "./common";

export interface ClusterAdminConfig {
    /** Principals allowed cluster-wide write access per cluster. */
    readonly maximumClusterAdmins: number;
    /** Access policies (names or ARNs) that write cluster-wide when scoped to the cluster. */
    readonly adminPolicies: readonly string[];
    /** When set, exactly these principal ARNs may hold them (the stack's markers are then ignored). */
    readonly clusterAdminPrincipals: readonly string[];
}

/** A principal with a cluster-wide write policy: its ARN when known, and the access entries it came from. */
export interface ClusterAdmin {
    readonly label: string;
    readonly policy: string;
    readonly arn?: string;
    readonly entryUrns: readonly string[];
}

function policyNameOf(value: string): string {
    return eksAccessPolicyName(value) ?? value;
}

/** The associations of a cluster that grant a cluster-wide write policy. */
export function clusterAdmins(associations: readonly PolicyResource[], adminPolicies: readonly string[]): ClusterAdmin[] {
    const names = new Set(adminPolicies.map(policyNameOf));
    const out: ClusterAdmin[] = [];
    for (const a of associations) {
        const props = a.props as Obj;
        const policyArn = optString(props["policyArn"], "policyArn");
        const scope = optObject(props["accessScope"], "accessScope");
        if (policyArn === undefined || !names.has(policyNameOf(policyArn)) || optString(scope?.["type"], "accessScope.type") !== "cluster") {
            continue;
        }
        const arn = knownString(props, "principalArn");
        out.push({ label: arn ?? `'${a.name}'`, policy: policyNameOf(policyArn), ...(arn ? { arn } : {}), entryUrns: dependenciesThrough(a, "principalArn", AWS_TYPES.accessEntry).map(e => e.urn) });
    }
    return out;
}

/** The access entries of a cluster that carry the cluster-admin marker: their URNs and known principal ARNs. */
export function declaredAdmins(entries: readonly PolicyResource[]): { readonly urns: ReadonlySet<string>; readonly arns: ReadonlySet<string> } {
    const urns = new Set<string>();
    const arns = new Set<string>();
    for (const e of entries) {
        const tags = peek(e.props as Obj, "tags");
        if (tags === UNKNOWN || tags === null || typeof tags !== "object") continue;
        const role = (tags as Record<string, unknown>)[EKS_CLUSTER_ADMIN_TAG];
        if (typeof role === "string" && EKS_CLUSTER_ADMIN_ROLES.includes(role)) {
            urns.add(e.urn);
            const arn = knownString(e.props as Obj, "principalArn");
            if (arn) arns.add(arn);
        }
    }
    return { urns, arns };
}

export function checkClusterAdmins(resource: CheckedResource, associations: readonly PolicyResource[], entries: readonly PolicyResource[], config: ClusterAdminConfig): string[] {
    const max = config.maximumClusterAdmins ?? 2;
    const admins = clusterAdmins(associations, config.adminPolicies ?? EKS_WRITE_ACCESS_POLICY_NAMES);
    const allowList = config.clusterAdminPrincipals ?? [];
    const declared = declaredAdmins(entries);
    const isDeclared = (a: ClusterAdmin) =>
        allowList.length > 0
            ? a.arn !== undefined && allowList.includes(a.arn)
            : a.arn !== undefined
              ? declared.arns.has(a.arn)
              : // Not known yet (an Output during preview): declared when computed from a marked entry.
                a.entryUrns.some(u => declared.urns.has(u));
    const out: string[] = [];
    const undeclared = admins.filter(a => !isDeclared(a));
    if (undeclared.length > 0) {
        out.push(
            `${subject(resource)} must grant cluster-wide write access only to the cluster-admin roles the stack declares: ` +
                `${undeclared.map(a => `${a.label} (${a.policy})`).join(", ")} ${undeclared.length === 1 ? "is" : "are"} not declared; scope ${undeclared.length === 1 ? "it" : "them"} to namespaces or to view, ` +
                (allowList.length > 0 ? "or add the role to `clusterAdminPrincipals`." : "or make the role EksCluster's `adminRoleArn` or `deployerRoleArn`."),
        );
    }
    // The maximum bounds the declared ones; an undeclared admin is already reported above.
    const principals = new Set(admins.filter(isDeclared).map(a => a.label));
    if (principals.size > max) {
        out.push(`${subject(resource)} must grant cluster-wide write access to at most ${max} principal${max === 1 ? "" : "s"} (break-glass and deployer): ${principals.size} have it (${[...principals].sort().join(", ")}).`);
    }
    return out;
}

export const clusterAdminPolicy = stackPolicy<ClusterAdminConfig, readonly PolicyResource[]>({
    name: "eks-accesspolicy-limit-cluster-admin",
    control: "eks-access-entries",
    enforcementLevel: "mandatory",
    description: "EKS clusters must grant cluster-wide admin or edit access policies only to the cluster-admin roles the stack declares.",
    config: {
        maximumClusterAdmins: { type: "integer", minimum: 0, default: 2, description: "Principals allowed a cluster-wide write policy per cluster (break-glass and deployer)." },
        adminPolicies: {
            type: "array",
            items: { type: "string" },
            default: [...EKS_WRITE_ACCESS_POLICY_NAMES],
            description: "Access policies (names or ARNs) that count as cluster-wide write access when scoped to the cluster.",
        },
        clusterAdminPrincipals: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "When set, exactly these principal ARNs may hold cluster-wide write access; otherwise the roles EksCluster marks as declared.",
        },
    },
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, config, raw) =>
        checkClusterAdmins(resource, clusterResources(resources, raw, AWS_TYPES.accessPolicyAssociation), clusterResources(resources, raw, AWS_TYPES.accessEntry), config),
});
