/**
 * Not in Checkov. A managed node group without a launch template gets EKS's default one: IMDSv1
 * on, hop limit 2, and the launch-template policies never see it.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkLaunchTemplate(resource: CheckedResource): string[] {
    const lt = optObject(resource.props["launchTemplate"], "launchTemplate");
    return lt && ("id" in lt || "name" in lt)
        ? []
        : [`${subject(resource)} must launch nodes from a launch template that requires IMDSv2 with hop limit 1: \`launchTemplate\` is unset, so EKS uses a default with IMDSv1 on.`];
}

export const launchTemplatePolicy = resourcePolicy({
    name: "eks-nodegroup-require-launch-template",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "EKS managed node groups must use a launch template.",
    types: [AWS_TYPES.nodeGroup],
    check: checkLaunchTemplate,
});
