/**
 * CIS EKS 5.3.1; Checkov CKV_AWS_58 (which checks `resources` only). Secrets are envelope-encrypted
 * with a customer KMS key: `encryptionConfig.resources` includes "secrets" and a key ARN is given.
 * The ARN is usually computed by a key of the stack, so only its presence is checked.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject, optStringArray } from "../../lib/read";
import { AWS_TYPES, UNKNOWN, peek, subject } from "./common";

export function checkSecretsEncryption(resource: CheckedResource): string[] {
    const config = optObject(resource.props["encryptionConfig"], "encryptionConfig");
    if (!config) {
        return [`${subject(resource)} must encrypt Secrets with a customer KMS key: \`encryptionConfig\` is unset; set { provider: { keyArn }, resources: ["secrets"] }.`];
    }
    const out: string[] = [];
    if (!optStringArray(config["resources"], "encryptionConfig.resources").includes("secrets")) {
        out.push(`${subject(resource)} must encrypt Secrets with a customer KMS key: \`encryptionConfig.resources\` does not include "secrets".`);
    }
    const provider = optObject(config["provider"], "encryptionConfig.provider");
    const keyArn = peek(provider, "keyArn");
    if (keyArn !== UNKNOWN && (typeof keyArn !== "string" || keyArn.length === 0)) {
        out.push(`${subject(resource)} must encrypt Secrets with a customer KMS key: \`encryptionConfig.provider.keyArn\` is not set.`);
    }
    return out;
}

export const secretsEncryptionPolicy = resourcePolicy({
    name: "eks-cluster-require-secrets-encryption",
    control: "eks-secrets-encryption",
    enforcementLevel: "mandatory",
    description: "EKS clusters must envelope-encrypt Secrets with a customer-managed KMS key.",
    types: [AWS_TYPES.cluster],
    check: checkSecretsEncryption,
});
