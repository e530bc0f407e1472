/**
 * Not in Checkov; EKS best practices "remove cluster-admin from the cluster creator". The creator
 * gets no implicit, invisible cluster-admin; EKS defaults `bootstrapClusterCreatorAdminPermissions` to true.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkCreatorAdmin(resource: CheckedResource): string[] {
    const access = optObject(resource.props["accessConfig"], "accessConfig");
    const value = optBoolean(access?.["bootstrapClusterCreatorAdminPermissions"], "accessConfig.bootstrapClusterCreatorAdminPermissions");
    return value === false
        ? []
        : [`${subject(resource)} must not give its creator implicit cluster-admin: \`accessConfig.bootstrapClusterCreatorAdminPermissions\` is ${value === undefined ? "unset (EKS defaults it to true)" : "true"}; set it to false and grant a named break-glass role an access entry.`];
}

export const creatorAdminPolicy = resourcePolicy({
    name: "eks-cluster-disallow-creator-admin",
    control: "eks-access-entries",
    enforcementLevel: "mandatory",
    description: "EKS clusters must not grant their creator implicit cluster-admin.",
    types: [AWS_TYPES.cluster],
    check: checkCreatorAdmin,
});
