/**
 * Losing the Secrets key loses the cluster: its Secrets can no longer be decrypted. The keys EKS
 * uses are protected in Pulumi, wait at least the configured deletion window, keep the lock-out
 * safety check, and keep the account root in their key policy (a policy without it can lock
 * every IAM administrator out: terraform-aws-eks#2816).
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { MalformedValueError, optBoolean, optString } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";
import { eksKeyUrns } from "./kms-keys";

export interface KeyDeletionConfig {
    readonly minimumDeletionWindowInDays: number;
}

const ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

function asList(v: unknown): unknown[] {
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** True when a key policy lets the account root administer the key (`kms:*`), through IAM. */
export function keepsAccountRoot(policyJson: string): boolean {
    let doc: unknown;
    try {
        doc = JSON.parse(policyJson);
    } catch {
        throw new MalformedValueError("policy", "a JSON key policy", policyJson);
    }
    const statements = asList((doc as { Statement?: unknown })?.Statement);
    return statements.some(s => {
        const st = s as { Effect?: unknown; Principal?: { AWS?: unknown }; Action?: unknown };
        return st?.Effect === "Allow" &&
            asList(st.Principal?.AWS).some(p => typeof p === "string" && (ROOT.test(p) || /^\d{12}$/.test(p))) &&
            asList(st.Action).some(a => a === "kms:*");
    });
}

export function checkKeyDeletion(resource: CheckedResource, protect: boolean, config: KeyDeletionConfig): string[] {
    const out: string[] = [];
    const min = config.minimumDeletionWindowInDays ?? 30;
    if (!protect) {
        out.push(`${subject(resource)} must be protected from deletion: it encrypts EKS data and is not \`protect\`ed; set the resource option \`protect: true\`.`);
    }
    const window = resource.props["deletionWindowInDays"];
    if (window !== undefined && window !== null) {
        if (typeof window !== "number") {
            throw new MalformedValueError("deletionWindowInDays", "a number", window);
        }
        if (window < min) {
            out.push(`${subject(resource)} must wait at least ${min} days before deletion: \`deletionWindowInDays\` is ${window}.`);
        }
    }
    if (optBoolean(resource.props["bypassPolicyLockoutSafetyCheck"], "bypassPolicyLockoutSafetyCheck") === true) {
        out.push(`${subject(resource)} must keep the key-policy lock-out safety check: \`bypassPolicyLockoutSafetyCheck\` is true.`);
    }
    const policy = optString(resource.props["policy"], "policy");
    if (policy !== undefined && !keepsAccountRoot(policy)) {
        out.push(`${subject(resource)} must let the account root administer it (kms:* for arn:aws:iam::<account>:root): its \`policy\` can lock IAM administrators out.`);
    }
    return out;
}

export const keyDeletionPolicy = stackPolicy<KeyDeletionConfig, ReadonlySet<string>>({
    name: "eks-kmskey-restrict-deletion",
    control: "eks-deletion-protection",
    enforcementLevel: "advisory",
    description: "KMS keys that encrypt EKS data should be protected from deletion and lock-out.",
    config: {
        minimumDeletionWindowInDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "The shortest deletion window allowed." },
    },
    selects: type => type === AWS_TYPES.kmsKey,
    context: (resources: readonly PolicyResource[]) => eksKeyUrns(resources),
    check: (resource, keys, config, raw) => (keys.has(resource.urn) ? checkKeyDeletion(resource, raw.opts?.protect === true, config) : []),
});
