/**
 * Not in Checkov. Each cluster's control-plane log group `/aws/eks/<name>/cluster` is a resource
 * of the stack, created before the cluster: otherwise EKS creates it itself with logs that never
 * expire and no KMS key, outside the stack (mitodl/ol-infrastructure#5929). The cluster's `name`
 * must be set for the group's name to be known beforehand.
 */
import type { PolicyResource } from "@pulumi/policy";
import { eksLogGroupName } from "../../../components/controls/eks";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { optString } from "../../lib/read";
import { AWS_TYPES, knownString, subject } from "./common";

export function checkLogGroup(resource: CheckedResource, resources: readonly PolicyResource[], dependencies: readonly PolicyResource[]): string[] {
    if (!("name" in resource.props)) {
        return [`${subject(resource)} must have a pre-created control-plane log group: \`name\` is unset, so the group's name is not known before the cluster exists; set \`name\`.`];
    }
    const name = optString(resource.props["name"], "name");
    const groupName = eksLogGroupName(name ?? "");
    const group = resources.find(r => r.type === AWS_TYPES.logGroup && knownString(r.props, "name") === groupName);
    if (!group) {
        return [`${subject(resource)} must have a pre-created control-plane log group: no aws.cloudwatch.LogGroup named ${groupName} is in the stack, so EKS creates one that never expires.`];
    }
    return dependencies.some(d => d.urn === group.urn)
        ? []
        : [`${subject(resource)} must be created after its log group ${groupName}: add it to the cluster's \`dependsOn\`, or EKS may create the group first.`];
}

export const logGroupPolicy = stackPolicy<Record<string, never>, readonly PolicyResource[]>({
    name: "eks-cluster-require-log-group",
    control: "eks-control-plane-logging",
    enforcementLevel: "mandatory",
    description: "EKS clusters must have their control-plane log group created in the stack before them.",
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, _config, raw) => checkLogGroup(resource, resources, raw.dependencies ?? []),
});
