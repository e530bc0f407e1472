/**
 * Checkov CKV_AWS_158. EKS control-plane log groups (audit logs carry request bodies) are encrypted
 * with a KMS key. The key ARN is usually computed, so presence is checked.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { AWS_TYPES, UNKNOWN, peek, subject } from "./common";
import { isEksLogGroup } from "./loggroup-require-retention";

export function checkLogGroupEncryption(resource: CheckedResource): string[] {
    if (!isEksLogGroup(resource)) {
        return [];
    }
    const key = peek(resource.props, "kmsKeyId");
    return key === UNKNOWN || (typeof key === "string" && key.length > 0)
        ? []
        : [`${subject(resource)} must encrypt control-plane logs with a KMS key: \`kmsKeyId\` is not set.`];
}

export const logGroupEncryptionPolicy = resourcePolicy({
    name: "eks-loggroup-require-encryption",
    control: "eks-log-group-protection",
    enforcementLevel: "mandatory",
    description: "EKS control-plane log groups must be encrypted with a KMS key.",
    types: [AWS_TYPES.logGroup],
    check: checkLogGroupEncryption,
});
