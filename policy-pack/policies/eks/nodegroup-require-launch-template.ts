/**
 * Not in Checkov. A managed node group without a launch template gets EKS's default one, which is
 * not in the stack, so the launch-template policies never see it; and AWS documents its metadata
 * options inconsistently: "the hop limit ... is automatically set [to 2] ... in the default launch
 * template" (launch-templates.adoc), but "the default hop count for managed node groups is set to
 * 1" and IMDSv2 required on AL2023 (al2023.adoc). Only a template of our own states them.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkLaunchTemplate(resource: CheckedResource): string[] {
    const lt = optObject(resource.props["launchTemplate"], "launchTemplate");
    return lt && ("id" in lt || "name" in lt)
        ? []
        : [`${subject(resource)} must launch nodes from a launch template that requires IMDSv2 with hop limit 1: \`launchTemplate\` is unset, so EKS uses its default template, whose metadata options are not in the stack (AWS documents its hop limit as 2 in one guide and 1 for AL2023 in another).`];
}

export const launchTemplatePolicy = resourcePolicy({
    name: "eks-nodegroup-require-launch-template",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "EKS managed node groups must use a launch template.",
    types: [AWS_TYPES.nodeGroup],
    check: checkLaunchTemplate,
});
