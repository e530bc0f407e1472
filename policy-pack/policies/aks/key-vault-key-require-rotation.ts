/**
 * Checklist "secrets encrypted at rest", as the EKS and GKE packs judge their keys: a Key Vault key
 * that encrypts an AKS cluster's Secrets rotates at least every `maxRotationDays`, through a
 * rotation policy with a "rotate" lifetime action (Key Vault creates a new version; AKS moves to it
 * when `keyId` is updated, and every Secret must then be rewritten: README "KMS key rotation").
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { MalformedValueError, Obj, optArray, optObject, optString } from "../../lib/read";
import { KEY_TYPE, KmsResources, kmsResourcesOf } from "./kms-keys";

export const AKS_KEY_ROTATION_MAX_DAYS = 90;

export interface KeyRotationConfig {
    readonly maxRotationDays: number;
}

/** Days of an ISO 8601 duration as Key Vault takes them: P90D, P3M, P1Y (months as 30 days, years as 365). */
export function isoDays(value: string, path: string): number {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(value.trim());
    if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
        throw new MalformedValueError(path, 'an ISO 8601 duration such as "P90D"', value);
    }
    return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0);
}

export function checkKeyRotation(props: Obj, maxDays: number): string[] {
    // Inputs nest it under `properties`; the Key's outputs (what a stack policy sees once the key
    // exists) carry `rotationPolicy` at the top (azure-native keyvault/key.d.ts).
    const properties = optObject(props["properties"], "properties");
    const policy = properties !== undefined ? optObject(properties["rotationPolicy"], "properties.rotationPolicy") : optObject(props["rotationPolicy"], "rotationPolicy");
    const fix = `add \`properties.rotationPolicy.lifetimeActions: [{ trigger: { timeAfterCreate: "P${maxDays}D" }, action: { type: "rotate" } }]\``;
    if (policy === undefined) {
        return [`\`properties.rotationPolicy\` is unset, so the key never rotates: ${fix}`];
    }
    const expiry = optString(optObject(policy["attributes"], "properties.rotationPolicy.attributes")?.["expiryTime"], "properties.rotationPolicy.attributes.expiryTime");
    const periods: number[] = [];
    optArray(policy["lifetimeActions"], "properties.rotationPolicy.lifetimeActions").forEach((entry, i) => {
        const path = `properties.rotationPolicy.lifetimeActions[${i}]`;
        const action = optObject(entry, path) ?? {};
        const type = optString(optObject(action["action"], `${path}.action`)?.["type"], `${path}.action.type`);
        if (type === undefined || type.toLowerCase() !== "rotate") {
            return;
        }
        const trigger = optObject(action["trigger"], `${path}.trigger`) ?? {};
        const afterCreate = optString(trigger["timeAfterCreate"], `${path}.trigger.timeAfterCreate`);
        const beforeExpiry = optString(trigger["timeBeforeExpiry"], `${path}.trigger.timeBeforeExpiry`);
        if (afterCreate !== undefined) {
            periods.push(isoDays(afterCreate, `${path}.trigger.timeAfterCreate`));
        } else if (beforeExpiry !== undefined && expiry !== undefined) {
            // Rotated this long before each version expires: at most the version's lifetime.
            periods.push(isoDays(expiry, "properties.rotationPolicy.attributes.expiryTime") - isoDays(beforeExpiry, `${path}.trigger.timeBeforeExpiry`));
        }
    });
    if (periods.length === 0) {
        return [`\`properties.rotationPolicy\` has no "rotate" lifetime action with a trigger, so the key never rotates: ${fix}`];
    }
    const shortest = Math.min(...periods);
    return shortest > maxDays ? [`the key rotates every ${shortest} days, more than ${maxDays}: shorten \`timeAfterCreate\` to "P${maxDays}D" or less`] : [];
}

export const kmsKeyRotationPolicy = stackPolicy<KeyRotationConfig, KmsResources>({
    name: "aks-key-vault-key-require-rotation",
    control: "aks-secrets-kms",
    enforcementLevel: "mandatory",
    description: "A Key Vault key that encrypts AKS Secrets rotates at least every maxRotationDays days.",
    config: {
        maxRotationDays: { type: "integer", minimum: 1, default: AKS_KEY_ROTATION_MAX_DAYS, description: "The longest rotation period allowed, in days." },
    },
    selects: type => type === KEY_TYPE,
    context: (resources: readonly PolicyResource[]) => kmsResourcesOf(resources),
    check: (resource: CheckedResource, used, config) =>
        used.keys.has(resource.urn)
            ? checkKeyRotation(resource.props, config.maxRotationDays ?? AKS_KEY_ROTATION_MAX_DAYS).map(d => `${subjectOf(resource)} must rotate, as it encrypts an AKS cluster's Secrets: ${d}.`)
            : [],
});
