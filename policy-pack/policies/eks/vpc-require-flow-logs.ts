/**
 * CIS AWS Foundations 3.9 (VPC flow logging in all VPCs), EKS best practices network.adoc and
 * detective.adoc: the VPC that holds an EKS cluster records its traffic. A cluster's VPC is found
 * through its subnets (`vpcConfig.subnetIds` computed from subnets, whose `vpcId` is computed from
 * a VPC of the stack); a flow log covers it when its `vpcId` was computed from that VPC (or names
 * its known id) and it records the required traffic type. VPCs from outside the stack cannot be
 * judged here: their flow logs are the account's to keep.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optString } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, dependsThrough, knownString, subject } from "./common";

export interface FlowLogsConfig {
    /** Traffic types that count: ALL by default (REJECT alone misses accepted exfiltration). */
    readonly trafficTypes: readonly string[];
}

/** The URNs of the VPCs that hold an EKS cluster's subnets. */
export function eksVpcUrns(resources: readonly PolicyResource[]): ReadonlySet<string> {
    const urns = new Set<string>();
    for (const cluster of resources.filter(r => r.type === AWS_TYPES.cluster)) {
        for (const subnet of dependenciesThrough(cluster, "vpcConfig", AWS_TYPES.subnet)) {
            dependenciesThrough(subnet, "vpcId", AWS_TYPES.vpc).forEach(v => urns.add(v.urn));
        }
    }
    return urns;
}

export function checkFlowLogs(resource: CheckedResource, vpc: PolicyResource, flowLogs: readonly PolicyResource[], config: FlowLogsConfig): string[] {
    const types = config.trafficTypes ?? ["ALL"];
    const id = knownString(vpc.props as Obj, "id");
    const covering = flowLogs.filter(f => dependsThrough(f, "vpcId", vpc) || (id !== undefined && knownString(f.props as Obj, "vpcId") === id));
    if (covering.length === 0) {
        return [`${subject(resource)} must record flow logs: it holds an EKS cluster and no aws.ec2.FlowLog covers it; add one with trafficType "ALL" (EksCluster creates it unless \`vpc.flowLogs\` is false).`];
    }
    const recorded = covering.map(f => optString((f.props as Obj)["trafficType"], "trafficType"));
    return recorded.some(t => t !== undefined && types.includes(t))
        ? []
        : [`${subject(resource)} must record flow logs of ${types.join(" or ")} traffic: its flow logs record ${recorded.map(t => t ?? "an unset type").join(", ")}.`];
}

export const flowLogsPolicy = stackPolicy<FlowLogsConfig, { readonly vpcs: ReadonlySet<string>; readonly flowLogs: readonly PolicyResource[] }>({
    name: "eks-vpc-require-flow-logs",
    control: "eks-network-flow-logs",
    enforcementLevel: "mandatory",
    description: "The VPC of an EKS cluster must record flow logs of all traffic.",
    config: {
        trafficTypes: { type: "array", items: { type: "string", enum: ["ALL", "ACCEPT", "REJECT"] }, minItems: 1, default: ["ALL"], description: "Traffic types a flow log must record to count." },
    },
    selects: type => type === AWS_TYPES.vpc,
    context: resources => ({ vpcs: eksVpcUrns(resources), flowLogs: resources.filter(r => r.type === AWS_TYPES.flowLog) }),
    check: (resource, ctx, config, raw) => (ctx.vpcs.has(raw.urn) ? checkFlowLogs(resource, raw, ctx.flowLogs, config) : []),
});
