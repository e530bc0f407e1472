/**
 * Checkov CKV_AWS_339 (which passes an unset version). The cluster pins a Kubernetes version in
 * standard support and opts out of paid extended support, which EKS enables when unset.
 */
import { EKS_SUPPORTED_VERSIONS } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface SupportedVersionConfig {
    readonly supportedVersions: readonly string[];
}

export function checkSupportedVersion(resource: CheckedResource, config: SupportedVersionConfig): string[] {
    const out: string[] = [];
    const supported = config.supportedVersions ?? EKS_SUPPORTED_VERSIONS;
    const version = optString(resource.props["version"], "version");
    if (version === undefined) {
        out.push(`${subject(resource)} must pin its Kubernetes version: \`version\` is unset, so EKS picks one; set one of ${supported.join(", ")}.`);
    } else if (!supported.includes(version)) {
        out.push(`${subject(resource)} must run a Kubernetes version in standard support: ${version} is not one of ${supported.join(", ")}.`);
    }
    const policy = optObject(resource.props["upgradePolicy"], "upgradePolicy");
    const supportType = optString(policy?.["supportType"], "upgradePolicy.supportType");
    if (supportType !== "STANDARD") {
        out.push(`${subject(resource)} must stay in standard support: \`upgradePolicy.supportType\` is ${supportType === undefined ? "unset (EKS defaults to EXTENDED)" : JSON.stringify(supportType)}; set it to "STANDARD".`);
    }
    return out;
}

export const supportedVersionPolicy = resourcePolicy<SupportedVersionConfig>({
    name: "eks-cluster-require-supported-version",
    control: "eks-supported-versions",
    enforcementLevel: "advisory",
    description: "EKS clusters should pin a Kubernetes version in standard support.",
    types: [AWS_TYPES.cluster],
    config: {
        supportedVersions: { type: "array", items: { type: "string" }, default: [...EKS_SUPPORTED_VERSIONS], description: "Kubernetes minor versions considered supported." },
    },
    check: checkSupportedVersion,
});
