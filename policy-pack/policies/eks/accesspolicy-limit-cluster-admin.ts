/**
 * CIS EKS 4.1.1 (cluster-admin only where required). Per cluster, at most the configured number
 * of principals (the break-glass role) hold a cluster-wide admin access policy.
 */
import type { PolicyResource } from "@pulumi/policy";
import { EKS_ACCESS_POLICIES } from "../../../components/controls/eks";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { AWS_TYPES, clusterResources, knownString, subject } from "./common";

export interface ClusterAdminConfig {
    readonly maximumClusterAdmins: number;
    readonly adminPolicyArns: readonly string[];
}

/** The principals (ARN, or the association's name when not known yet) with a cluster-wide admin policy. */
export function clusterAdmins(associations: readonly PolicyResource[], adminPolicies: readonly string[]): string[] {
    const admins = new Set<string>();
    for (const a of associations) {
        const props = a.props as Obj;
        const policyArn = optString(props["policyArn"], "policyArn");
        const scope = optObject(props["accessScope"], "accessScope");
        if (policyArn !== undefined && adminPolicies.includes(policyArn) && optString(scope?.["type"], "accessScope.type") === "cluster") {
            admins.add(knownString(props, "principalArn") ?? a.name);
        }
    }
    return [...admins].sort();
}

export function checkClusterAdmins(resource: CheckedResource, associations: readonly PolicyResource[], config: ClusterAdminConfig): string[] {
    const max = config.maximumClusterAdmins ?? 1;
    const admins = clusterAdmins(associations, config.adminPolicyArns ?? [EKS_ACCESS_POLICIES["cluster-admin"]]);
    return admins.length <= max
        ? []
        : [`${subject(resource)} must grant cluster-wide admin to at most ${max} principal${max === 1 ? "" : "s"} (the break-glass role): ${admins.length} have it (${admins.join(", ")}); scope the others to namespaces or to view/edit.`];
}

export const clusterAdminPolicy = stackPolicy<ClusterAdminConfig, readonly PolicyResource[]>({
    name: "eks-accesspolicy-limit-cluster-admin",
    control: "eks-access-entries",
    enforcementLevel: "mandatory",
    description: "EKS clusters must limit cluster-wide admin access policies to a break-glass principal.",
    config: {
        maximumClusterAdmins: { type: "integer", minimum: 0, default: 1, description: "Principals allowed a cluster-wide admin policy per cluster." },
        adminPolicyArns: { type: "array", items: { type: "string" }, default: [EKS_ACCESS_POLICIES["cluster-admin"]], description: "Access policies that count as cluster admin." },
    },
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, config, raw) => checkClusterAdmins(resource, clusterResources(resources, raw, AWS_TYPES.accessPolicyAssociation), config),
});
