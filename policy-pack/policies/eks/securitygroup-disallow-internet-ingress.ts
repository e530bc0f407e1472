/**
 * CIS AWS Foundations 5.2/5.3 and Checkov CKV_AWS_24/25/260 judge a few ports; on EKS, any ingress
 * from the whole internet to the cluster's or nodes' security groups bypasses the private endpoint
 * and private subnets. Judged: the cluster security group EKS creates (rules whose group is
 * computed from a cluster, `vpcConfig.clusterSecurityGroupId`), the groups in a cluster's
 * `vpcConfig.securityGroupIds`, and the groups of launch templates that EKS node groups use. A rule
 * opens the internet when its networks cover all of IPv4 or IPv6 (0.0.0.0/0, ::/0, or halves that
 * add up to it).
 */
import type { PolicyResource } from "@pulumi/policy";
import { coveredAddresses, parseCidrRange } from "../../../components/aws/cidr";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optArray, optObject, optString, optStringArray } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, knownString, subject } from "./common";
import { eksLaunchTemplateUrns } from "./launch-templates";

/** The networks among `cidrs` that, together, are the whole internet of one family. */
export function internetCidrs(cidrs: readonly string[]): string[] {
    const ranges = cidrs.map(c => parseCidrRange(c)).filter((r): r is NonNullable<typeof r> => r !== undefined);
    const out: string[] = [];
    if (coveredAddresses(ranges, 4) === 1n << 32n) out.push(...cidrs.filter(c => parseCidrRange(c)?.family === 4));
    if (coveredAddresses(ranges, 6) === 1n << 128n) out.push(...cidrs.filter(c => parseCidrRange(c)?.family === 6));
    return out;
}

export interface EksGroups {
    /** Security groups (SecurityGroup resources) that guard EKS control-plane ENIs or nodes. */
    readonly groupUrns: ReadonlySet<string>;
    /** Clusters: a rule computed from one is on its cluster security group. */
    readonly clusterUrns: ReadonlySet<string>;
    /** Known ids of those groups (a rule may name one as a plain string). */
    readonly ids: ReadonlySet<string>;
}

export function eksSecurityGroups(resources: readonly PolicyResource[]): EksGroups {
    const groupUrns = new Set<string>();
    const clusterUrns = new Set<string>();
    const ids = new Set<string>();
    const templates = eksLaunchTemplateUrns(resources);
    for (const r of resources) {
        if (r.type === AWS_TYPES.cluster) {
            clusterUrns.add(r.urn);
            dependenciesThrough(r, "vpcConfig", AWS_TYPES.securityGroup).forEach(g => groupUrns.add(g.urn));
            const vpc = optObject((r.props as Obj)["vpcConfig"], "vpcConfig");
            const id = knownString(vpc, "clusterSecurityGroupId");
            if (id) ids.add(id);
        } else if (r.type === AWS_TYPES.launchTemplate && templates.has(r.urn)) {
            for (const key of ["vpcSecurityGroupIds", "networkInterfaces"]) {
                dependenciesThrough(r, key, AWS_TYPES.securityGroup).forEach(g => groupUrns.add(g.urn));
            }
        }
    }
    return { groupUrns, clusterUrns, ids };
}

function guardsEks(rule: PolicyResource, groups: EksGroups): boolean {
    const deps = rule.propertyDependencies?.["securityGroupId"] ?? [];
    if (deps.some(d => groups.groupUrns.has(d.urn) || groups.clusterUrns.has(d.urn))) return true;
    const id = knownString(rule.props as Obj, "securityGroupId");
    return id !== undefined && groups.ids.has(id);
}

/** The networks of an ingress rule or an inline `ingress` block. */
function networksOf(props: Obj, path: string): string[] {
    return [
        ...optStringArray(props["cidrBlocks"], `${path}cidrBlocks`),
        ...optStringArray(props["ipv6CidrBlocks"], `${path}ipv6CidrBlocks`),
        ...[optString(props["cidrIpv4"], `${path}cidrIpv4`), optString(props["cidrIpv6"], `${path}cidrIpv6`)].filter((c): c is string => c !== undefined),
    ];
}

export function checkInternetIngress(resource: CheckedResource, guards: boolean): string[] {
    if (!guards) return [];
    let open: string[] = [];
    if (resource.type === AWS_TYPES.securityGroup) {
        optArray(resource.props["ingress"], "ingress").forEach((r, i) => {
            open.push(...internetCidrs(networksOf(optObject(r, `ingress[${i}]`) ?? {}, `ingress[${i}].`)));
        });
    } else if (resource.type === AWS_TYPES.securityGroupRule) {
        if (optString(resource.props["type"], "type") !== "ingress") return [];
        open = internetCidrs(networksOf(resource.props, ""));
    } else {
        open = internetCidrs(networksOf(resource.props, ""));
    }
    return open.length === 0
        ? []
        : [`${subject(resource)} must not open an EKS cluster or node security group to the internet: it admits ${open.join(", ")}; name the networks that need access (a private endpoint is reached through apiAccess).`];
}

export const internetIngressPolicy = stackPolicy<Record<string, never>, EksGroups>({
    name: "eks-securitygroup-disallow-internet-ingress",
    control: "eks-node-private-network",
    enforcementLevel: "mandatory",
    description: "Security groups of EKS clusters and node groups must not admit 0.0.0.0/0 or ::/0.",
    selects: type => type === AWS_TYPES.securityGroup || type === AWS_TYPES.securityGroupRule || type === AWS_TYPES.ingressRule,
    context: resources => eksSecurityGroups(resources),
    check: (resource, groups, _config, raw) =>
        checkInternetIngress(resource, raw.type === AWS_TYPES.securityGroup ? groups.groupUrns.has(raw.urn) : guardsEks(raw, groups)),
});
