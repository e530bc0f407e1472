/**
 * CIS EKS 5.4.2; Checkov CKV_AWS_39. The API server endpoint is not public. An unset
 * `endpointPublicAccess` is public: that is the EKS default.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkPublicEndpoint(resource: CheckedResource): string[] {
    const vpc = optObject(resource.props["vpcConfig"], "vpcConfig");
    const value = optBoolean(vpc?.["endpointPublicAccess"], "vpcConfig.endpointPublicAccess");
    if (value === false) {
        return [];
    }
    const why = value === undefined ? "`vpcConfig.endpointPublicAccess` is unset and EKS defaults it to true" : "`vpcConfig.endpointPublicAccess` is true";
    return [`${subject(resource)} must not expose its API server publicly: ${why}; set it to false and reach the API from inside the VPC.`];
}

export const publicEndpointPolicy = resourcePolicy({
    name: "eks-cluster-disallow-public-endpoint",
    control: "eks-private-endpoint",
    enforcementLevel: "mandatory",
    description: "EKS clusters must not have a public API server endpoint.",
    types: [AWS_TYPES.cluster],
    check: checkPublicEndpoint,
});
