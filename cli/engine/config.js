"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = void 0;
exports.reconcileConfig = reconcileConfig;
/**
 * Policy config as the Pulumi engine reconciles it (pkg/resource/analyzer/config.go): each
 * policy's schema defaults, then the file's `all` entry, then the policy's own entry (properties
 * merged), then each policy's properties validated against its schema. The file format is the one
 * `pulumi preview --policy-pack-config` reads.
 */
const ajv_1 = __importDefault(require("ajv"));
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const PACK_DEFAULT_LEVEL = "advisory";
class ConfigError extends Error {
    constructor(message) {
        super(message);
        this.name = "ConfigError";
    }
}
exports.ConfigError = ConfigError;
function parseEntry(key, value, where) {
    if (typeof value === "string") {
        if (!LEVELS.includes(value)) {
            throw new ConfigError(`${where}: \`${key}\` must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(value)}.`);
        }
        return { enforcementLevel: value, properties: {} };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new ConfigError(`${where}: \`${key}\` must be an enforcement level or an object of settings.`);
    }
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel)) {
        throw new ConfigError(`${where}: \`${key}.enforcementLevel\` must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(enforcementLevel)}.`);
    }
    return { enforcementLevel: enforcementLevel, properties };
}
/**
 * The config each policy receives. `file` is the parsed --policy-pack-config / --config document
 * (or undefined); `where` names it in errors.
 */
function reconcileConfig(policies, file, where = "policy config") {
    const doc = file ?? {};
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new ConfigError(`${where}: must be a JSON object whose keys are policy names or "all".`);
    }
    const names = new Set(policies.map(p => p.name));
    const entries = new Map();
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
    const ajv = new ajv_1.default({ allErrors: true, strict: false });
    const out = {};
    const problems = [];
    for (const p of policies) {
        const schemaProps = p.configSchema?.properties ?? {};
        const properties = {};
        for (const [k, s] of Object.entries(schemaProps)) {
            if (s.default !== undefined) {
                properties[k] = s.default;
            }
        }
        let level = p.enforcementLevel ?? PACK_DEFAULT_LEVEL;
        for (const entry of [all, entries.get(p.name)]) {
            if (!entry) {
                continue;
            }
            level = entry.enforcementLevel ?? level;
            Object.assign(properties, entry.properties);
        }
        if (p.configSchema) {
            const validate = ajv.compile({ type: "object", properties: schemaProps, required: p.configSchema.required ?? [] });
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
//# sourceMappingURL=config.js.map