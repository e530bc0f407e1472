/**
 * Checkov CKV_AWS_79. Instances launched from the template require IMDSv2 session tokens (or turn
 * the metadata service off); IMDSv1 lets any SSRF read the node role's credentials.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkImdsV2(resource: CheckedResource): string[] {
    const options = optObject(resource.props["metadataOptions"], "metadataOptions");
    if (optString(options?.["httpEndpoint"], "metadataOptions.httpEndpoint") === "disabled") {
        return [];
    }
    const tokens = optString(options?.["httpTokens"], "metadataOptions.httpTokens");
    return tokens === "required"
        ? []
        : [`${subject(resource)} must require IMDSv2: \`metadataOptions.httpTokens\` is ${tokens === undefined ? "unset (IMDSv1 stays on)" : JSON.stringify(tokens)}; set it to "required".`];
}

export const imdsV2Policy = resourcePolicy({
    name: "eks-launchtemplate-require-imdsv2",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "Launch templates must require IMDSv2 session tokens.",
    types: [AWS_TYPES.launchTemplate],
    check: checkImdsV2,
});
