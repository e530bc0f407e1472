/**
 * Policy config as the Pulumi engine reconciles it (pkg/resource/analyzer/config.go): each
 * policy's schema defaults, then the file's `all` entry, then the policy's own entry (properties
 * merged), then each policy's properties validated against its schema. The file format is the one
 * `pulumi preview --policy-pack-config` reads.
 */
import type Ajv from "ajv";
import type { EnforcementLevel } from "@pulumi/policy";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { PackConfig, PolicyConfig } from "./model";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";

function newAjv(): Ajv {
    // Loaded only when a config file is given.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const AjvClass = (require("ajv") as { default: typeof Ajv }).default;
    return new AjvClass({ allErrors: true, strict: false });
}

export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

type Entry = { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> };

function parseEntry(key: string, value: unknown, where: string): Entry {
    if (typeof value === "string") {
        if (!LEVELS.includes(value as EnforcementLevel)) {
            throw new ConfigError(`${where}: \`${key}\` must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(value)}.`);
        }
        return { enforcementLevel: value as EnforcementLevel, properties: {} };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new ConfigError(`${where}: \`${key}\` must be an enforcement level or an object of settings.`);
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
        throw new ConfigError(`${where}: \`${key}.enforcementLevel\` must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(enforcementLevel)}.`);
    }
    return { enforcementLevel: enforcementLevel as EnforcementLevel | undefined, properties };
}

/**
 * The config each policy receives. `file` is the parsed --policy-pack-config / --config document
 * (or undefined); `where` names it in errors.
 */
export function reconcileConfig(policies: readonly HardenedPolicy[], file: unknown, where = "policy config"): PackConfig {
    const doc = file ?? {};
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new ConfigError(`${where}: must be a JSON object whose keys are policy names or "all".`);
    }
    const names = new Set(policies.map(p => p.name));
    const entries = new Map<string, Entry>();
    for (const [key, value] of Object.entries(doc)) {
        if (key === "environments") {
            throw new ConfigError(`${where}: \`environments\` (Pulumi ESC) cannot be resolved offline; inline the settings instead.`);
        }
        if (key !== "all" && !names.has(key)) {
            throw new ConfigError(`${where}: \`${key}\` is not a policy of this pack; run \`hcb policies\` to list them.`);
        }
        entries.set(key, parseEntry(key, value, where));
    }
    const all = entries.get("all");
    let ajv: Ajv | undefined;
    const out: Record<string, PolicyConfig> = {};
    const problems: string[] = [];
    for (const p of policies) {
        const schemaProps = p.configSchema?.properties ?? {};
        const properties: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(schemaProps)) {
            if (s.default !== undefined) {
                properties[k] = s.default;
            }
        }
        let level: EnforcementLevel = p.enforcementLevel ?? PACK_DEFAULT_LEVEL;
        for (const entry of [all, entries.get(p.name)]) {
            if (!entry) {
                continue;
            }
            level = entry.enforcementLevel ?? level;
            Object.assign(properties, entry.properties);
        }
        // Schema defaults are valid by construction (a registry test holds them to their schemas);
        // only settings from the file need validating, which keeps Ajv's compile off the default path.
        const configured = all !== undefined || entries.has(p.name);
        if (p.configSchema && configured) {
            const validate = (ajv ??= newAjv()).compile({ type: "object", properties: schemaProps, required: p.configSchema.required ?? [] });
            if (!validate(properties)) {
                for (const e of validate.errors ?? []) {
                    problems.push(`${p.name}: ${e.instancePath || "(root)"} ${e.message}`);
                }
            }
        }
        out[p.name] = { enforcementLevel: level, properties };
    }
    if (problems.length) {
        throw new ConfigError(`${where}: invalid settings: ${problems.join("; ")}.`);
    }
    return out;
}
