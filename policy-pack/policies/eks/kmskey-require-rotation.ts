/**
 * Checkov CKV_AWS_7. The keys that encrypt EKS Secrets and control-plane logs rotate their key
 * material (yearly by default); rotation is off unless asked for.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";
import { eksKeyUrns } from "./kms-keys";

export function checkKeyRotation(resource: CheckedResource): string[] {
    const rotation = optBoolean(resource.props["enableKeyRotation"], "enableKeyRotation");
    return rotation === true
        ? []
        : [`${subject(resource)} must rotate its key material: it encrypts EKS data and \`enableKeyRotation\` is ${rotation === undefined ? "unset (off)" : "false"}; set it to true.`];
}

export const keyRotationPolicy = stackPolicy<Record<string, never>, ReadonlySet<string>>({
    name: "eks-kmskey-require-rotation",
    control: "eks-secrets-encryption",
    enforcementLevel: "mandatory",
    description: "KMS keys that encrypt EKS Secrets or control-plane logs must rotate.",
    selects: type => type === AWS_TYPES.kmsKey,
    context: (resources: readonly PolicyResource[]) => eksKeyUrns(resources),
    check: (resource, keys) => (keys.has(resource.urn) ? checkKeyRotation(resource) : []),
});
