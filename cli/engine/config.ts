/**
 * Policy config as the Pulumi engine reads, reconciles, validates and sends it (pulumi/pulumi at
 * 1b59498, pkg/resource/analyzer/config.go and pkg/resource/plugin/analyzer_plugin.go):
 *
 * 1. `parsePolicyPackConfig` (config.go L93-158): each entry is a level or an object whose
 *    `enforcementLevel` is taken out; an entry with neither a level nor properties is dropped;
 *    `environments` is taken aside (ESC, which hcb cannot resolve offline).
 * 2. `ReconcilePolicyPackConfig` (L307-335): each policy's level and schema defaults
 *    (`createConfigWithDefaults`, L276), then the pack's initial config, then the file, each
 *    applied by `applyConfig` (L337-372): `all` contributes ONLY its level to every policy; then
 *    every entry, `all` and names the pack does not have included, is merged into the result
 *    under its own key (level if valid, properties merged shallowly over what is there).
 * 3. `validatePolicyPackConfig` (L183-208): every policy with a schema, configured or not, against
 *    `{type: object, properties, required}` (`convertSchema`, L263); `all` and unknown names are
 *    never validated.
 * 4. `analyzer.Configure` (analyzer_plugin.go L612-658) refuses any entry whose level is not valid:
 *    `invalid enforcement level ""` for `all` or an unknown name given without a level, wrapped by
 *    pkg/engine/update.go (L1036-1039) as `configuring policy pack "<name>" at "<path>": ...`.
 *    What passes is sent as it is, `all` and unknown names included; the pack's server keeps it
 *    and each policy's getConfig reads only its own entry.
 *
 * hcb adds warnings only, never another result: an unknown name (with the closest policy name, a
 * likely typo) and `all` settings other than its level, which reach no policy.
 */
import type Ajv from "ajv";
import type { EnforcementLevel } from "@pulumi/policy";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { PACK_NAME } from "../../policy-pack/pack";
import { packVersion } from "../paths";
import { PackConfig, PolicyConfig } from "./model";

/** apitype.EnforcementLevel.IsValid (sdk/go/common/apitype/policy.go). */
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
/** What @pulumi/policy reports for a policy without a level (protoutil.ts makeAnalyzerInfo). */
const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";
const ALL = "all";

export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

/** A JSON schema as a policy's configSchema holds one. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What GetAnalyzerInfo tells the engine of one policy (analyzer_plugin.go L491-586). */
export interface PolicyInfo {
    readonly name: string;
    /** The policy's own level, or the pack's, or advisory. */
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: { readonly properties?: Readonly<Record<string, JsonSchema>>; readonly required?: readonly string[] };
}

/** One entry of a config, as AnalyzerPolicyConfig holds it: the level may be empty. */
export interface ConfigEntry {
    readonly enforcementLevel: EnforcementLevel | "";
    readonly properties?: Readonly<Record<string, unknown>>;
}

export type ParsedConfig = ReadonlyMap<string, ConfigEntry>;

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

/** Go's `%v` of a decoded JSON value (fmt, encoding/json): what the engine's messages print. */
export function goValue(v: unknown): string {
    if (v === null || v === undefined) return "<nil>";
    if (typeof v === "number") {
        // %v of a float64 is %g with the shortest precision: exponent form below 1e-4 or from 1e21.
        const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
        if (exp < -4 || exp >= 21) {
            return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
        }
        return String(v);
    }
    if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
    if (typeof v === "object") {
        const o = v as Record<string, unknown>;
        return `map[${Object.keys(o).sort().map(k => `${k}:${goValue(o[k])}`).join(" ")}]`;
    }
    return String(v);
}

function goType(v: unknown): string {
    return Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v;
}

/**
 * The file as `parsePolicyPackConfig` reads it (config.go L93-180), messages included. `doc` is
 * the decoded JSON; undefined or null is an empty config, as an empty file is for the engine.
 */
export function parsePolicyPackConfig(doc: unknown, where: string): ParsedConfig {
    const out = new Map<string, ConfigEntry>();
    if (doc === undefined || doc === null) {
        return out;
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        // json.Unmarshal into map[string]any refuses any other top-level value.
        throw new ConfigError(`${where}: json: cannot unmarshal ${goType(doc)} into Go value of type map[string]interface {}`);
    }
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
        if (key === "environments") {
            throw new ConfigError(`${where}: \`environments\` (Pulumi ESC) cannot be resolved offline; inline the settings instead.`);
        }
        let entry: ConfigEntry;
        if (typeof value === "string") {
            if (!isLevel(value)) {
                throw new ConfigError(`${where}: parsing enforcement level for ${JSON.stringify(key)}: ${JSON.stringify(value)} is not a valid enforcement level (use one of ${LEVELS.join(", ")})`);
            }
            entry = { enforcementLevel: value };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && typeof enforcementLevel !== "string") {
                throw new ConfigError(`${where}: parsing enforcement level for ${JSON.stringify(key)}: ${goValue(enforcementLevel)} is not a valid enforcement level; must be a string`);
            }
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                throw new ConfigError(`${where}: parsing enforcement level for ${JSON.stringify(key)}: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (use one of ${LEVELS.join(", ")})`);
            }
            const level = (enforcementLevel ?? "") as EnforcementLevel | "";
            const hasProps = Object.keys(properties).length > 0;
            if (level === "" && !hasProps) {
                continue; // "Don't bother including empty configs" (L147-150)
            }
            entry = hasProps ? { enforcementLevel: level, properties } : { enforcementLevel: level };
        } else {
            throw new ConfigError(`${where}: parsing ${JSON.stringify(key)}: ${goValue(value)} is not a valid value; must be a string or object`);
        }
        out.set(key, entry);
    }
    return out;
}

/** `applyConfig` (config.go L337-372), on a copy. */
function applyConfig(result: Map<string, ConfigEntry>, toApply: ParsedConfig): void {
    const all = toApply.get(ALL);
    if (all && isLevel(all.enforcementLevel)) {
        for (const [k, v] of result) {
            result.set(k, { enforcementLevel: all.enforcementLevel, ...(v.properties ? { properties: v.properties } : {}) });
        }
    }
    for (const [policy, given] of toApply) {
        const current = result.get(policy);
        let level: EnforcementLevel | "" = current?.enforcementLevel ?? "";
        let properties = current?.properties ? { ...current.properties } : undefined;
        if (isLevel(given.enforcementLevel)) {
            level = given.enforcementLevel;
        }
        if (given.properties && Object.keys(given.properties).length > 0) {
            properties = { ...(properties ?? {}), ...given.properties };
        }
        result.set(policy, { enforcementLevel: level, ...(properties ? { properties } : {}) });
    }
}

let ajvInstance: Ajv | undefined;
const validators = new WeakMap<object, ReturnType<Ajv["compile"]>>();

function validatorFor(schema: NonNullable<PolicyInfo["configSchema"]>): ReturnType<Ajv["compile"]> {
    let v = validators.get(schema);
    if (!v) {
        if (!ajvInstance) {
            // Loaded only when something is validated.
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const AjvClass = (require("ajv") as { default: typeof Ajv }).default;
            ajvInstance = new AjvClass({ allErrors: true, strict: false });
        }
        // convertSchema (L263-273), with the `enforcementLevel` property GetAnalyzerInfo injects
        // into every schema when the pack supports config (analyzer_plugin.go L520-532).
        v = ajvInstance.compile({
            type: "object",
            properties: { ...(schema.properties ?? {}), enforcementLevel: { type: "string", enum: [...LEVELS] } },
            ...(schema.required && schema.required.length ? { required: [...schema.required] } : {}),
        });
        validators.set(schema, v);
    }
    return v;
}

function jsonType(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
    let v = root;
    for (const s of segments) {
        v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[s] : undefined;
    }
    return v;
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

/**
 * An Ajv error in the form the engine prints gojsonschema's (config.go L219-225: `<field>:
 * <description>`, "(root): " trimmed), with gojsonschema's wording (its locales.go) for the
 * keywords policy schemas use; any other keyword keeps Ajv's wording.
 */
function fieldError(e: AjvError, props: unknown): string {
    const segments = e.instancePath.split("/").slice(1).map(s => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const field = segments.length ? segments.join(".") : "(root)";
    const p = e.params;
    let description: string;
    switch (e.keyword) {
        case "required":
            description = `${String(p["missingProperty"])} is required`;
            break;
        case "type":
            description = `Invalid type. Expected: ${String(p["type"]).split(",").join(", ")}, given: ${jsonType(valueAt(props, segments))}`;
            break;
        case "enum":
            description = `${field} must be one of the following: ${(p["allowedValues"] as unknown[]).map(v => JSON.stringify(v)).join(", ")}`;
            break;
        case "const":
            description = `${field} does not match: ${JSON.stringify(p["allowedValue"])}`;
            break;
        case "minLength":
            description = `String length must be greater than or equal to ${String(p["limit"])}`;
            break;
        case "maxLength":
            description = `String length must be less than or equal to ${String(p["limit"])}`;
            break;
        case "minItems":
            description = `Array must have at least ${String(p["limit"])} items`;
            break;
        case "maxItems":
            description = `Array must have at most ${String(p["limit"])} items`;
            break;
        case "pattern":
            description = `Does not match pattern '${String(p["pattern"])}'`;
            break;
        case "additionalProperties":
            description = `Additional property ${String(p["additionalProperty"])} is not allowed`;
            break;
        case "uniqueItems":
            description = "array items must be unique";
            break;
        default:
            description = e.message ?? "is invalid";
    }
    return field === "(root)" ? description : `${field}: ${description}`;
}

export interface ReconcileOptions {
    /** The pack's name and version and where it was loaded from, as the engine names it in errors. */
    readonly pack: { readonly name: string; readonly version: string; readonly path: string };
    /** The pack's own initial config (GetAnalyzerInfo initialConfig). */
    readonly initialConfig?: ParsedConfig;
    /**
     * Applied after the file, as one more `applyConfig` layer: hcb's own options (--only,
     * --pod-security), equivalent to the same entries written into the file.
     */
    readonly overlay?: ParsedConfig;
    /** Names the file in errors and warnings. */
    readonly where: string;
    /**
     * Skip validating a policy that no layer names: its properties are then its schema defaults,
     * which this repository's registry test holds valid. Only for this repository's pack; the
     * results are the same, without compiling every schema on every run.
     */
    readonly trustDefaults?: boolean;
}

export interface ResolvedConfig {
    /** What Configure sends, entry by entry (every policy, and `all` and unknown names if given). */
    readonly config: PackConfig;
    /** hcb's own advice; never changes a result. */
    readonly warnings: readonly string[];
}

/** Edit distance, for naming the policy a misspelt entry most likely meant. */
function distance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

export function closestName(name: string, names: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestD = Infinity;
    for (const n of names) {
        const d = distance(name, n);
        if (d < bestD) {
            best = n;
            bestD = d;
        }
    }
    return best;
}

/**
 * The config the engine would send for `file` (the decoded --policy-pack-config document), or
 * the error it would stop on. Throws ConfigError.
 */
export function resolvePolicyConfig(policies: readonly PolicyInfo[], file: unknown, options: ReconcileOptions): ResolvedConfig {
    const { where, pack } = options;
    const parsed = parsePolicyPackConfig(file, where);
    const names = new Set(policies.map(p => p.name));
    const warnings: string[] = [];
    for (const [key, entry] of parsed) {
        if (key === ALL) {
            const extra = Object.keys(entry.properties ?? {});
            if (extra.length && entry.enforcementLevel !== "") {
                warnings.push(
                    `${where}: \`all\` sets ${extra.map(k => `\`${k}\``).join(", ")}, which reaches no policy: the Pulumi engine gives \`all\` only its enforcementLevel. ` +
                        "Put settings (exemptions included) under each policy's own entry.",
                );
            }
        } else if (!names.has(key)) {
            const near = closestName(key, [...names]);
            warnings.push(
                `${where}: \`${key}\` is not a policy of ${pack.name}${near ? ` (did you mean \`${near}\`?)` : ""}; ` +
                    "the Pulumi engine passes it to the pack, which ignores it. Run `hcb policies` to list the policies.",
            );
        }
    }
    // createConfigWithDefaults (L276-302).
    const result = new Map<string, ConfigEntry>();
    for (const p of policies) {
        let props: Record<string, unknown> | undefined;
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if ("default" in s) {
                (props ??= {})[k] = s["default"];
            }
        }
        result.set(p.name, { enforcementLevel: p.enforcementLevel, ...(props ? { properties: props } : {}) });
    }
    for (const layer of [options.initialConfig, parsed, options.overlay]) {
        if (layer) {
            applyConfig(result, layer);
        }
    }
    // validatePolicyPackConfig (L183-208): messages sorted and joined as update.go L1055-1060 reports them.
    const problems: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) {
            continue;
        }
        if (options.trustDefaults && ![options.initialConfig, parsed, options.overlay].some(l => l?.get(p.name)?.properties)) {
            continue;
        }
        const validate = validatorFor(p.configSchema);
        const props = result.get(p.name)?.properties ?? {};
        if (!validate(props)) {
            for (const e of validate.errors ?? []) {
                problems.push(`validating policy config: ${pack.name} ${pack.version}  ${p.name}: ${fieldError(e as AjvError, props)}`);
            }
        }
    }
    if (problems.length) {
        throw new ConfigError(`${where}: ${problems.sort().join("; ")}`);
    }
    // analyzer.Configure (analyzer_plugin.go L622-626), wrapped by update.go L1036-1039.
    const levelless = [...result].filter(([, c]) => !isLevel(c.enforcementLevel)).map(([k]) => k);
    if (levelless.length) {
        const hint = levelless
            .map(k =>
                k === ALL
                    ? "`all` has settings but no enforcementLevel, and the engine gives `all` nothing but its level: add a level to `all` and put its settings (exemptions included) under each policy"
                    : names.has(k)
                      ? `\`${k}\` has no level`
                      : `\`${k}\` is not a policy of ${pack.name}${closestName(k, [...names]) ? ` (did you mean \`${closestName(k, [...names])}\`?)` : ""} and sets no enforcementLevel`,
            )
            .join("; ");
        throw new ConfigError(`${where}: configuring policy pack ${JSON.stringify(pack.name)} at ${JSON.stringify(pack.path)}: invalid enforcement level "" (${hint}).`);
    }
    const config: Record<string, PolicyConfig> = {};
    for (const [k, c] of result) {
        config[k] = { enforcementLevel: c.enforcementLevel as EnforcementLevel, properties: c.properties ?? {} };
    }
    return { config, warnings };
}

const infoCache = new WeakMap<readonly HardenedPolicy[], PolicyInfo[]>();

/** What GetAnalyzerInfo reports of this repository's policies (@pulumi/policy protoutil.ts). */
export function policyInfosOf(policies: readonly HardenedPolicy[]): PolicyInfo[] {
    let infos = infoCache.get(policies);
    if (!infos) {
        infos = policies.map(p => ({
            name: p.name,
            enforcementLevel: p.enforcementLevel ?? PACK_DEFAULT_LEVEL,
            ...(p.configSchema ? { configSchema: p.configSchema as PolicyInfo["configSchema"] } : {}),
        }));
        infoCache.set(policies, infos);
    }
    return infos;
}

/** The config for this repository's pack, as the engine would send it for `file`. Throws ConfigError. */
export function reconcileConfig(policies: readonly HardenedPolicy[], file: unknown, where = "policy config"): PackConfig {
    return resolvePolicyConfig(policyInfosOf(policies), file, { where, pack: ownPack(), trustDefaults: true }).config;
}

/** This repository's pack as the engine names it: `pulumi preview --policy-pack ./policy-pack`. */
export function ownPack(): ReconcileOptions["pack"] {
    return { name: PACK_NAME, version: packVersion(), path: "./policy-pack" };
}
