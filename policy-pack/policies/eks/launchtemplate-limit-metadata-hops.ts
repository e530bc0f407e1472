/**
 * Checkov CKV_AWS_341. The IMDS response hop limit is 1, so a pod (one hop further than the node)
 * cannot fetch the node role's credentials. Unset is not safe: EC2 then applies the AMI's
 * default, and AMIs registered with ImdsSupport v2.0 (as the AL2023 EKS AMIs are) default to 2
 * (EC2 user guide, "Configure instance metadata options for new instances").
 */
import { EKS_IMDS_HOP_LIMIT } from "../../../components/controls/eks";
import { CheckedResource } from "../../lib/define";
import { launchTemplatePolicy } from "./launch-templates";
import { MalformedValueError, optObject, optString } from "../../lib/read";
import { subject } from "./common";

export interface HopLimitConfig {
    readonly maximumHopLimit: number;
}

export function checkHopLimit(resource: CheckedResource, config: HopLimitConfig): string[] {
    const options = optObject(resource.props["metadataOptions"], "metadataOptions");
    if (optString(options?.["httpEndpoint"], "metadataOptions.httpEndpoint") === "disabled") {
        return [];
    }
    const max = config.maximumHopLimit ?? EKS_IMDS_HOP_LIMIT;
    const hops = options?.["httpPutResponseHopLimit"];
    if (hops !== undefined && hops !== null && typeof hops !== "number") {
        throw new MalformedValueError("metadataOptions.httpPutResponseHopLimit", "a number", hops);
    }
    if (hops === undefined || hops === null) {
        return [`${subject(resource)} must limit IMDS responses to ${max} hop: \`metadataOptions.httpPutResponseHopLimit\` is unset (EC2 then takes the AMI's default, 2 for AMIs registered for IMDSv2 such as AL2023); set it to ${max}.`];
    }
    return hops > max ? [`${subject(resource)} must limit IMDS responses to ${max} hop: \`metadataOptions.httpPutResponseHopLimit\` is ${hops}, so pods reach the node's credentials.`] : [];
}

export const hopLimitPolicy = launchTemplatePolicy<HopLimitConfig>({
    name: "eks-launchtemplate-limit-metadata-hops",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "Launch templates must limit the IMDS response hop limit so pods cannot reach node credentials.",
    config: {
        maximumHopLimit: { type: "integer", minimum: 1, maximum: 64, default: EKS_IMDS_HOP_LIMIT, description: "The highest hop limit allowed." },
    },
    check: checkHopLimit,
});
