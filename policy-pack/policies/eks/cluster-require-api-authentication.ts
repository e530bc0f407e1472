/**
 * Not in Checkov. Access is managed by EKS access entries only: authentication mode "API". Unset
 * means CONFIG_MAP (the aws-auth ConfigMap, editable by anyone who can edit kube-system).
 */
import { EKS_AUTHENTICATION_MODE } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkApiAuthentication(resource: CheckedResource): string[] {
    const access = optObject(resource.props["accessConfig"], "accessConfig");
    const mode = optString(access?.["authenticationMode"], "accessConfig.authenticationMode");
    return mode === EKS_AUTHENTICATION_MODE
        ? []
        : [`${subject(resource)} must manage access with access entries only: \`accessConfig.authenticationMode\` is ${mode === undefined ? "unset (EKS uses CONFIG_MAP)" : JSON.stringify(mode)}; set it to "API".`];
}

export const apiAuthenticationPolicy = resourcePolicy({
    name: "eks-cluster-require-api-authentication",
    control: "eks-access-entries",
    enforcementLevel: "mandatory",
    description: "EKS clusters must use the API authentication mode (access entries, no aws-auth ConfigMap).",
    types: [AWS_TYPES.cluster],
    check: checkApiAuthentication,
});
