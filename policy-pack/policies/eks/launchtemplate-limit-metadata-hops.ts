/**
 * Checkov CKV_AWS_341. The IMDS response hop limit is 1, so a pod (one hop further than the node)
 * cannot fetch the node role's credentials. Unset is not safe: AL2023 and Bottlerocket AMIs
 * register a default of 2.
 */
import { EKS_IMDS_HOP_LIMIT } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { MalformedValueError, optObject, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

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
        return [`${subject(resource)} must limit IMDS responses to ${max} hop: \`metadataOptions.httpPutResponseHopLimit\` is unset (EKS AMIs default to 2); set it to ${max}.`];
    }
    return hops > max ? [`${subject(resource)} must limit IMDS responses to ${max} hop: \`metadataOptions.httpPutResponseHopLimit\` is ${hops}, so pods reach the node's credentials.`] : [];
}

export const hopLimitPolicy = resourcePolicy<HopLimitConfig>({
    name: "eks-launchtemplate-limit-metadata-hops",
    control: "eks-node-metadata",
    enforcementLevel: "mandatory",
    description: "Launch templates must limit the IMDS response hop limit so pods cannot reach node credentials.",
    types: [AWS_TYPES.launchTemplate],
    config: {
        maximumHopLimit: { type: "integer", minimum: 1, maximum: 64, default: EKS_IMDS_HOP_LIMIT, description: "The highest hop limit allowed." },
    },
    check: checkHopLimit,
});
