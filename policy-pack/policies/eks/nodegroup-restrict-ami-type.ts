/**
 * Node groups run AL2023 or Bottlerocket (minimal, supported). Unset follows the EKS default for
 * the version, and CUSTOM AMIs escape the EKS-maintained images.
 */
import { EKS_AMI_TYPE_PREFIXES } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface AmiTypeConfig {
    readonly allowedAmiTypePrefixes: readonly string[];
}

export function checkAmiType(resource: CheckedResource, config: AmiTypeConfig): string[] {
    const prefixes = config.allowedAmiTypePrefixes ?? EKS_AMI_TYPE_PREFIXES;
    const ami = optString(resource.props["amiType"], "amiType");
    if (ami !== undefined && prefixes.some(p => ami.startsWith(p))) {
        return [];
    }
    return [`${subject(resource)} must run an AMI type starting with ${prefixes.join(" or ")}: \`amiType\` is ${ami === undefined ? "unset" : JSON.stringify(ami)}.`];
}

export const amiTypePolicy = resourcePolicy<AmiTypeConfig>({
    name: "eks-nodegroup-restrict-ami-type",
    control: "eks-supported-versions",
    enforcementLevel: "advisory",
    description: "EKS node groups should run AL2023 or Bottlerocket AMIs.",
    types: [AWS_TYPES.nodeGroup],
    config: {
        allowedAmiTypePrefixes: { type: "array", items: { type: "string" }, default: [...EKS_AMI_TYPE_PREFIXES], description: "AMI type prefixes allowed." },
    },
    check: checkAmiType,
});
