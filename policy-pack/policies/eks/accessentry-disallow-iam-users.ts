/**
 * EKS best practices (iam.adoc, "Use IAM roles... avoid IAM users"): people reach a cluster as a
 * role they assume, with short-lived credentials; an access entry for an IAM user ties cluster
 * access to long-lived access keys. Judged on the known ARN, and on the provenance of an ARN that
 * is not known yet (an `aws.iam.User` of the stack).
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, knownString, subject } from "./common";

const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\//;

export function checkIamUserPrincipal(resource: CheckedResource, fromUsers: readonly PolicyResource[]): string[] {
    const arn = knownString(resource.props as Obj, "principalArn");
    if (arn !== undefined && IAM_USER_ARN.test(arn)) {
        return [`${subject(resource)} must grant an IAM role, not an IAM user: \`principalArn\` is ${arn}, whose access keys never expire; grant a role the person assumes.`];
    }
    if (arn === undefined && fromUsers.length > 0) {
        return [`${subject(resource)} must grant an IAM role, not an IAM user: \`principalArn\` comes from the IAM user '${fromUsers[0].name}'; grant a role the person assumes.`];
    }
    return [];
}

export const iamUserPolicy = stackPolicy<Record<string, never>, undefined>({
    name: "eks-accessentry-disallow-iam-users",
    control: "eks-access-entries",
    enforcementLevel: "mandatory",
    description: "EKS access entries must grant IAM roles, never IAM users.",
    selects: type => type === AWS_TYPES.accessEntry,
    context: () => undefined,
    check: (resource, _context, _config, raw) => checkIamUserPrincipal(resource, dependenciesThrough(raw, "principalArn", AWS_TYPES.iamUser)),
});
