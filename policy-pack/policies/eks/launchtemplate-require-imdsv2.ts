/**
 * Checkov CKV_AWS_79. Instances launched from the template require IMDSv2 session tokens (or turn
 * the metadata service off); IMDSv1 lets any SSRF read the node role's credentials.
 */
import { CheckedResource } from "../../lib/define";
import { launchTemplatePolicy } from "./launch-templates";
import { optObject, optString } from "../../lib/read";
import { subject } from "./common";

export function checkImdsV2(resource: CheckedResource): string[] {
    const options = optObject(resource.props["metadataOptions"], "metadataOptions");
    if (optString(options?.["httpEndpoint"], "metadataOptions.httpEndpoint") === "disabled") {
        return [];
    }
    const tokens = optString(options?.["httpTokens"], "metadataOptions.httpTokens");
    return tokens === "required"
        ? []
        : [`${subject(resource)} must require IMDSv2: \`metadataOptions.httpTokens\` is ${tokens === undefined ? "unset (the AMI or account default decides, and IMDSv1 stays on for AMIs not registered for IMDSv2)" : JSON.stringify(tokens)}; set it to "required".`];
}

export const imdsV2Policy = launchTemplatePolicy({
    name: "eks-launchtemplate-require-imdsv2",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "Launch templates must require IMDSv2 session tokens.",
    check: checkImdsV2,
});
