/**
 * Checklist "secrets encrypted at rest"; CIS GCP 1.10 (KMS keys rotated within 90 days). A
 * cross-resource rule: the Cloud KMS keys of this stack that encrypt a cluster's Secrets (found by
 * the cluster's dependency on them, not by name) rotate at least every `maxRotationDays`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { GKE_KEY_ROTATION_MAX_DAYS } from "../../../components/controls/gke";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { MalformedValueError, optString } from "../../lib/read";
import { CLUSTER_TYPE, CRYPTO_KEY_TYPE } from "./resources";

export interface KeyRotationConfig {
    readonly maxRotationDays: number;
}

/** The URNs of the stack's keys that clusters encrypt Secrets with. */
export function clusterKeyUrns(resources: readonly PolicyResource[]): ReadonlySet<string> {
    const out = new Set<string>();
    for (const r of resources) {
        if (r.type === CLUSTER_TYPE) {
            for (const dep of r.propertyDependencies?.["databaseEncryption"] ?? []) {
                if (dep.type === CRYPTO_KEY_TYPE) {
                    out.add(dep.urn);
                }
            }
        }
    }
    return out;
}

/** Seconds of a Cloud KMS duration such as "7776000s". */
export function durationSeconds(value: string, path: string): number {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    if (!m) {
        throw new MalformedValueError(path, 'a duration in seconds such as "7776000s"', value);
    }
    return Number(m[1]);
}

export function checkKeyRotation(resource: CheckedResource, config: KeyRotationConfig): string[] {
    const maxDays = config.maxRotationDays ?? GKE_KEY_ROTATION_MAX_DAYS;
    const period = optString(resource.props["rotationPeriod"], "rotationPeriod");
    const rule = `${subjectOf(resource)} must rotate at least every ${maxDays} days, as it encrypts a GKE cluster's Secrets`;
    if (period === undefined) {
        return [`${rule}: \`rotationPeriod\` is unset, so the key never rotates. Set \`rotationPeriod: "${maxDays * 86400}s"\`.`];
    }
    const days = durationSeconds(period, "rotationPeriod") / 86400;
    return days > maxDays ? [`${rule}: \`rotationPeriod\` is ${period} (${Math.round(days)} days).`] : [];
}

export const keyRotationPolicy = stackPolicy<KeyRotationConfig, ReadonlySet<string>>({
    name: "gke-encryption-key-require-rotation",
    control: "gke-secrets-encryption",
    enforcementLevel: "mandatory",
    description: "Cloud KMS keys that encrypt GKE Secrets rotate at least every maxRotationDays days.",
    config: {
        maxRotationDays: {
            type: "integer",
            minimum: 1,
            default: GKE_KEY_ROTATION_MAX_DAYS,
            description: "The longest rotation period allowed, in days.",
        },
    },
    selects: type => type === CRYPTO_KEY_TYPE,
    context: resources => clusterKeyUrns(resources),
    check: (resource, used, config) => (used.has(resource.urn) ? checkKeyRotation(resource, config) : []),
});
