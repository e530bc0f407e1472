/**
 * Per-resource exemptions. An exemption names a resource by URN or name pattern (`*` and `?`
 * wildcards), optionally the policies it covers, and must carry a written justification. An
 * exempted finding is still reported, as an advisory marked exempted, never dropped.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { MIN_JUSTIFICATION_LENGTH } from "../../components/controls";

export interface Exemption {
    readonly urn?: string;
    readonly name?: string;
    readonly policies?: readonly string[];
    readonly justification: string;
}

export { MIN_JUSTIFICATION_LENGTH };

/** The config property every policy accepts; put it under `all` to apply pack-wide. */
export const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    description:
        "Resources exempted from this policy. Each names a `urn` or a `name` pattern (wildcards * and ?), " +
        "may restrict itself to `policies`, and must give a `justification`. Exempted findings are reported as advisory.",
    // anyOf is standard JSON Schema (the engine validates with gojsonschema); the SDK's type omits it.
    items: {
        type: "object",
        properties: {
            urn: { type: "string", minLength: 1 },
            name: { type: "string", minLength: 1 },
            policies: { type: "array", items: { type: "string" } },
            justification: { type: "string", minLength: MIN_JUSTIFICATION_LENGTH },
        },
        required: ["justification"],
        anyOf: [{ required: ["urn"] }, { required: ["name"] }],
        additionalProperties: false,
    } as PolicyConfigJSONSchema,
    default: [],
};

/** Prefix of the message of an exempted finding; the engine reads it back into the report. */
export const EXEMPTED_PREFIX = "exempted: ";
export const JUSTIFICATION_MARKER = "\njustification: ";

const patternCache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
    let re = patternCache.get(pattern);
    if (!re) {
        const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        re = new RegExp(`^${body}$`);
        patternCache.set(pattern, re);
    }
    return re;
}

/** The first exemption that covers this resource for this policy, if any. */
export function findExemption(
    exemptions: readonly Exemption[] | undefined,
    policy: string,
    urn: string,
    name: string,
): Exemption | undefined {
    if (!Array.isArray(exemptions)) {
        return undefined;
    }
    return exemptions.find(e => {
        if (!e || typeof e.justification !== "string" || e.justification.trim().length < MIN_JUSTIFICATION_LENGTH) {
            // An exemption without a real justification exempts nothing.
            return false;
        }
        if (Array.isArray(e.policies) && e.policies.length > 0 && !e.policies.includes(policy)) {
            return false;
        }
        if (typeof e.urn === "string" && !globToRegExp(e.urn).test(urn)) {
            return false;
        }
        if (typeof e.name === "string" && !globToRegExp(e.name).test(name)) {
            return false;
        }
        return typeof e.urn === "string" || typeof e.name === "string";
    });
}

export function exemptedMessage(message: string, exemption: Exemption): string {
    return `${EXEMPTED_PREFIX}${message}${JUSTIFICATION_MARKER}${exemption.justification.trim()}`;
}
