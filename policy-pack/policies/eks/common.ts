/**
 * What the EKS policies share: the AWS type tokens they judge (the provider's, as Pulumi
 * registers them), subjects for messages, reads that tell "absent" from "unknown during
 * preview", and the links between resources of a stack that hold for hand-built resources too
 * (a property's dependency on a resource, or the same cluster name), never our component's naming.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, isUnknownValueError } from "../../lib/define";
import { readableKind } from "../../lib/labels";
import { Obj, optString } from "../../lib/read";

export const AWS_TYPES = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicyAssociation: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    identityProviderConfig: "aws:eks/identityProviderConfig:IdentityProviderConfig",
    podIdentityAssociation: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    subnet: "aws:ec2/subnet:Subnet",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    kmsKey: "aws:kms/key:Key",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    iamUser: "aws:iam/user:User",
    iamRole: "aws:iam/role:Role",
    vpc: "aws:ec2/vpc:Vpc",
    flowLog: "aws:ec2/flowLog:FlowLog",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    detectorFeature: "aws:guardduty/detectorFeature:DetectorFeature",
} as const;


/** `EKS cluster 'prod'`: a readable kind and the Pulumi resource name (what exemptions match). */
export function subject(resource: Pick<CheckedResource, "type" | "name">): string {
    return `${readableKind(resource.type)} '${resource.name}'`;
}

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Peeked = unknown | typeof UNKNOWN;

/**
 * A property's value without throwing on an unknown: `UNKNOWN` when it will only be known after
 * deployment. For checks where presence is what matters (a key ARN computed by another resource).
 */
export function peek(obj: Obj | undefined, key: string): Peeked {
    if (!obj || !(key in obj)) {
        return undefined;
    }
    try {
        return obj[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** A resource's string property when known, else undefined (absent, unknown or not a string). */
export function knownString(obj: Obj | undefined, key: string): string | undefined {
    const v = peek(obj, key);
    return typeof v === "string" ? v : undefined;
}

/** True when a property of `r` was computed from `target` (Pulumi property dependencies). */
export function dependsThrough(r: PolicyResource, property: string, target: PolicyResource): boolean {
    return (r.propertyDependencies?.[property] ?? []).some(d => d.urn === target.urn);
}

/** The resources a property of `r` was computed from, of one type. */
export function dependenciesThrough(r: PolicyResource, property: string, type: string): PolicyResource[] {
    return (r.propertyDependencies?.[property] ?? []).filter(d => d.type === type);
}

/**
 * True when `r` (an add-on, access entry, identity provider config, node group...) belongs to
 * `cluster`: its `clusterName` was computed from the cluster, or names the cluster's name.
 */
export function belongsToCluster(r: PolicyResource, cluster: PolicyResource): boolean {
    if (dependsThrough(r, "clusterName", cluster)) {
        return true;
    }
    const name = knownString(r.props as Obj, "clusterName");
    return name !== undefined && name === knownString(cluster.props as Obj, "name");
}

/** The resources of `type` in the stack that belong to `cluster`. */
export function clusterResources(resources: readonly PolicyResource[], cluster: PolicyResource, type: string): PolicyResource[] {
    return resources.filter(r => r.type === type && belongsToCluster(r, cluster));
}

/** An EKS add-on's name, read as a string (malformed input raises). */
export function addonNameOf(r: PolicyResource): string | undefined {
    return optString((r.props as Obj)["addonName"], "addonName");
}
