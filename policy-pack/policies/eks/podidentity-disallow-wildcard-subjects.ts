/**
 * EKS best practices iam.adoc ("scope the IAM role trust policy for IRSA to the service account
 * name"; one role per application): an EKS Pod Identity association names one namespace and one
 * service account; a wildcard in either would hand the role to every pod that matches.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

const WILDCARD = /[*?]/;

export function checkPodIdentitySubjects(resource: CheckedResource): string[] {
    const out: string[] = [];
    for (const key of ["namespace", "serviceAccount"]) {
        const value = optString(resource.props[key], key);
        if (value === undefined || value.length === 0 || WILDCARD.test(value)) {
            out.push(`${subject(resource)} must name one service account in one namespace: \`${key}\` is ${value === undefined || value.length === 0 ? "empty" : JSON.stringify(value)}; name it exactly.`);
        }
    }
    return out;
}

export const podIdentitySubjectsPolicy = resourcePolicy({
    name: "eks-podidentity-disallow-wildcard-subjects",
    control: "eks-workload-identity-scope",
    enforcementLevel: "mandatory",
    description: "EKS Pod Identity associations must name one namespace and one service account, without wildcards.",
    types: [AWS_TYPES.podIdentityAssociation],
    check: checkPodIdentitySubjects,
});
