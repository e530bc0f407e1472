/**
 * CIS EKS 5.4.3; Checkov CKV_AWS_130 judges `mapPublicIpOnLaunch` alone. A subnet is public when
 * its route table sends traffic to an internet gateway (VPC user guide, "Subnet types": "public
 * subnet – The subnet has a direct route to an internet gateway"), or when it maps public IPs on
 * launch. Node groups run only in subnets of the stack that are neither. Route tables are linked by
 * property dependencies (an association's subnet and route table, a route's table and gateway) or a
 * known `igw-` id; subnets from outside the stack, and a VPC's main route table changed outside the
 * stack, cannot be judged here.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optArray, optBoolean, optObject } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, dependsThrough, knownString, subject } from "./common";

function isInternetGateway(route: Obj | undefined): boolean {
    return (knownString(route, "gatewayId") ?? "").startsWith("igw-");
}

/** True when the route table (its inline routes, or separate aws.ec2.Route resources) routes to an internet gateway. */
export function routesToInternetGateway(table: PolicyResource, resources: readonly PolicyResource[]): boolean {
    const props = table.props as Obj;
    if (dependenciesThrough(table, "routes", AWS_TYPES.internetGateway).length > 0) return true;
    const inline = optArray(props["routes"], "routes");
    if (inline.some((r, i) => isInternetGateway(optObject(r, `routes[${i}]`)))) return true;
    return resources.some(r =>
        r.type === AWS_TYPES.route &&
        dependsThrough(r, "routeTableId", table) &&
        (dependenciesThrough(r, "gatewayId", AWS_TYPES.internetGateway).length > 0 || isInternetGateway(r.props as Obj)),
    );
}

/** Why a subnet is public, or undefined when it is private as far as the stack shows. */
export function publicReason(subnet: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
    if (optBoolean((subnet.props as Obj)["mapPublicIpOnLaunch"], `mapPublicIpOnLaunch of subnet '${subnet.name}'`) === true) {
        return `'${subnet.name}' maps public IPs on launch`;
    }
    const tables = resources
        .filter(a => a.type === AWS_TYPES.routeTableAssociation && dependsThrough(a, "subnetId", subnet))
        .flatMap(a => dependenciesThrough(a, "routeTableId", AWS_TYPES.routeTable));
    const igw = tables.find(t => routesToInternetGateway(t, resources));
    return igw ? `'${subnet.name}' routes to an internet gateway through '${igw.name}'` : undefined;
}

export function checkPrivateSubnets(resource: CheckedResource, subnets: readonly PolicyResource[], resources: readonly PolicyResource[] = []): string[] {
    const reasons = subnets.map(s => publicReason(s, resources)).filter((r): r is string => r !== undefined);
    return reasons.length === 0 ? [] : [`${subject(resource)} must run in private subnets: ${reasons.join("; ")}.`];
}

export const privateSubnetsPolicy = stackPolicy<Record<string, never>, readonly PolicyResource[]>({
    name: "eks-nodegroup-require-private-subnets",
    control: "eks-node-private-network",
    enforcementLevel: "mandatory",
    description: "EKS node groups must run in private subnets: no route to an internet gateway, no public IPs on launch.",
    selects: type => type === AWS_TYPES.nodeGroup,
    context: resources => resources,
    check: (resource, resources, _config, raw) => checkPrivateSubnets(resource, dependenciesThrough(raw, "subnetIds", AWS_TYPES.subnet), resources),
});
