/**
 * Checkov CKV_AWS_338. EKS control-plane log groups (`/aws/eks/<cluster>/cluster`) keep a year of
 * logs; unset or 0 means never expire, the unbounded cost users report (terraform-aws-eks#2277).
 */
import { EKS_LOG_GROUP_PREFIX, EKS_MIN_LOG_RETENTION_DAYS } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { MalformedValueError, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface RetentionConfig {
    readonly minimumRetentionDays: number;
}

/** True for a log group EKS writes control-plane logs to. Absent name = auto-named, not one. */
export function isEksLogGroup(resource: CheckedResource): boolean {
    const name = optString(resource.props["name"], "name");
    return name !== undefined && name.startsWith(EKS_LOG_GROUP_PREFIX) && name.endsWith("/cluster");
}

export function checkRetention(resource: CheckedResource, config: RetentionConfig): string[] {
    if (!isEksLogGroup(resource)) {
        return [];
    }
    const min = config.minimumRetentionDays ?? EKS_MIN_LOG_RETENTION_DAYS;
    const days = resource.props["retentionInDays"];
    if (days !== undefined && days !== null && typeof days !== "number") {
        throw new MalformedValueError("retentionInDays", "a number", days);
    }
    if (days === undefined || days === null || days === 0) {
        return [`${subject(resource)} must keep control-plane logs for at least ${min} days: \`retentionInDays\` is unset, so logs never expire; set it.`];
    }
    return days < min ? [`${subject(resource)} must keep control-plane logs for at least ${min} days: \`retentionInDays\` is ${days}.`] : [];
}

export const retentionPolicy = resourcePolicy<RetentionConfig>({
    name: "eks-loggroup-require-retention",
    control: "eks-log-group-protection",
    enforcementLevel: "mandatory",
    description: "EKS control-plane log groups must retain logs for at least the configured number of days.",
    types: [AWS_TYPES.logGroup],
    config: {
        minimumRetentionDays: { type: "integer", minimum: 1, default: EKS_MIN_LOG_RETENTION_DAYS, description: "The shortest retention allowed, in days." },
    },
    check: checkRetention,
});
