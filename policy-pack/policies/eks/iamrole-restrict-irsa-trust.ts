/**
 * EKS best practices iam.adoc ("Scope the IAM Role trust policy for IRSA Roles to the service
 * account name, namespace, and cluster"); EKS user guide associate-service-account-role.adoc (the
 * trust policy's `<issuer>:sub` StringEquals `system:serviceaccount:<namespace>:<name>` and `:aud`
 * `sts.amazonaws.com`). A role trusted through an EKS OIDC provider must pin `:sub` to service
 * accounts by exact name: a missing `:sub`, or a wildcard in it (StringLike "system:serviceaccount:*"),
 * lets any pod of the cluster (or of any cluster with that issuer) assume the role.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { MalformedValueError } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

function asList(v: unknown): unknown[] {
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** True for an EKS OIDC provider ARN (…:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>). */
function isEksOidcProvider(value: unknown): boolean {
    return typeof value === "string" && /:oidc-provider\/oidc\.eks\./.test(value);
}

/** The problems of one trust policy document; `fromProvider` when its provider is an in-stack OIDC provider. */
export function irsaTrustProblems(policyJson: string, fromProvider: boolean): string[] {
    let doc: unknown;
    try {
        doc = JSON.parse(policyJson);
    } catch {
        throw new MalformedValueError("assumeRolePolicy", "a JSON trust policy", policyJson);
    }
    const out: string[] = [];
    for (const s of asList((doc as { Statement?: unknown })?.Statement)) {
        const st = s as { Effect?: unknown; Principal?: { Federated?: unknown }; Action?: unknown; Condition?: Record<string, Record<string, unknown>> };
        if (st?.Effect !== "Allow" || !asList(st.Action).some(a => a === "sts:AssumeRoleWithWebIdentity" || a === "sts:*" || a === "*")) continue;
        const federated = asList(st.Principal?.Federated);
        if (!fromProvider && !federated.some(isEksOidcProvider)) continue;
        const subs: { op: string; values: unknown[] }[] = [];
        for (const [op, conditions] of Object.entries(st.Condition ?? {})) {
            for (const [key, value] of Object.entries(conditions ?? {})) {
                if (key.endsWith(":sub")) subs.push({ op, values: asList(value) });
            }
        }
        if (subs.length === 0) {
            out.push("a statement trusts the cluster's OIDC provider with no `:sub` condition, so every service account can assume the role");
            continue;
        }
        for (const { op, values } of subs) {
            const wild = values.filter(v => typeof v !== "string" || /[*?]/.test(v) || !/^system:serviceaccount:[^:]+:[^:]+$/.test(v));
            if (wild.length > 0 || !/^String(Equals|Like)$/.test(op.replace(/^ForAnyValue:|^ForAllValues:/, ""))) {
                out.push(`a \`:sub\` condition (${op}) admits ${JSON.stringify(wild.length > 0 ? wild : values)}, not exact system:serviceaccount:<namespace>:<name> subjects`);
            }
        }
    }
    return out;
}

export function checkIrsaTrust(resource: CheckedResource, fromProvider: boolean): string[] {
    // Read directly: a trust policy not known yet is reported as unknown by the framework, never passed.
    const policy = resource.props["assumeRolePolicy"];
    if (typeof policy !== "string") return [];
    const problems = irsaTrustProblems(policy, fromProvider);
    return problems.length === 0 ? [] : [`${subject(resource)} must trust IRSA for named service accounts only: ${problems.join("; ")}; use StringEquals on "<issuer>:sub" with system:serviceaccount:<namespace>:<name>.`];
}

export const irsaTrustPolicy = stackPolicy<Record<string, never>, undefined>({
    name: "eks-iamrole-restrict-irsa-trust",
    control: "eks-workload-identity-scope",
    enforcementLevel: "mandatory",
    description: "IAM roles trusted through an EKS OIDC provider must name the service accounts that may assume them, without wildcards.",
    selects: type => type === AWS_TYPES.iamRole,
    context: () => undefined,
    check: (resource, _context, _config, raw: PolicyResource) =>
        checkIrsaTrust(resource, (raw.propertyDependencies?.["assumeRolePolicy"] ?? []).some(d => d.type === AWS_TYPES.oidcProvider)),
});
