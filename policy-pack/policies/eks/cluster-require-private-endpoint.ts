/**
 * CIS EKS 5.4.2. The private endpoint is on, so nodes and in-VPC clients reach the API server
 * without leaving the VPC. EKS defaults `endpointPrivateAccess` to false.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkPrivateEndpoint(resource: CheckedResource): string[] {
    const vpc = optObject(resource.props["vpcConfig"], "vpcConfig");
    const value = optBoolean(vpc?.["endpointPrivateAccess"], "vpcConfig.endpointPrivateAccess");
    return value === true
        ? []
        : [`${subject(resource)} must enable its private API endpoint: \`vpcConfig.endpointPrivateAccess\` is ${value === undefined ? "unset (EKS defaults it to false)" : "false"}; set it to true.`];
}

export const privateEndpointPolicy = resourcePolicy({
    name: "eks-cluster-require-private-endpoint",
    control: "eks-private-endpoint",
    enforcementLevel: "mandatory",
    description: "EKS clusters must enable the private API server endpoint.",
    types: [AWS_TYPES.cluster],
    check: checkPrivateEndpoint,
});
