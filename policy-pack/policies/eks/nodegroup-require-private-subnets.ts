/**
 * CIS EKS 5.4.3; Checkov CKV_AWS_130 judges subnets alone. Node groups run only in subnets of the
 * stack that do not map public IPs on launch (pulumi-eks puts nodes on public IPs by default).
 * Subnets from outside the stack cannot be judged here.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optBoolean } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, subject } from "./common";

export function checkPrivateSubnets(resource: CheckedResource, subnets: readonly PolicyResource[]): string[] {
    const publicOnes = subnets.filter(s => optBoolean((s.props as Obj)["mapPublicIpOnLaunch"], `mapPublicIpOnLaunch of subnet '${s.name}'`) === true);
    return publicOnes.length === 0
        ? []
        : [`${subject(resource)} must run in private subnets: ${publicOnes.map(s => `'${s.name}'`).join(", ")} map${publicOnes.length === 1 ? "s" : ""} public IPs on launch.`];
}

export const privateSubnetsPolicy = stackPolicy<Record<string, never>, undefined>({
    name: "eks-nodegroup-require-private-subnets",
    control: "eks-node-private-network",
    enforcementLevel: "mandatory",
    description: "EKS node groups must run in private subnets.",
    selects: type => type === AWS_TYPES.nodeGroup,
    context: () => undefined,
    check: (resource, _context, _config, raw) => checkPrivateSubnets(resource, dependenciesThrough(raw, "subnetIds", AWS_TYPES.subnet)),
});
