/**
 * The settings every command shares, turned into the pack config the engine receives: the
 * policy config file (the format of `pulumi preview --policy-pack-config`), --only, and the
 * Pod Security defaults.
 */
import * as fs from "fs";
import { POLICIES } from "../policy-pack/policies";
import { HardenedPolicy } from "../policy-pack/lib/define";
import { parseLevel, parseVersion } from "../policy-pack/lib/pss";
import { ConfigEntry, ConfigError, ParsedConfig, ownPack, policyInfosOf, resolvePolicyConfig } from "./engine/config";
import { PackConfig } from "./engine/model";

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface PackOptions {
    readonly configFile?: string;
    readonly only?: string;
    readonly podSecurity?: string;
    readonly podSecurityVersion?: string;
}

function readConfigFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`--config ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (text.trim() === "") {
        return undefined; // the engine accepts an empty config file (config.go L96-99)
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new UsageError(`--config ${file}: is not JSON (${(e as Error).message})`);
    }
}

const PSS_PREFIX = "pss-";

/** The policies --only keeps: those serving a control whose id starts with one of the prefixes. */
export function selectPolicies(only: string | undefined, policies: readonly HardenedPolicy[] = POLICIES): Set<string> {
    if (only === undefined) {
        return new Set(policies.map(p => p.name));
    }
    const prefixes = only.split(",").map(s => s.trim()).filter(Boolean);
    if (prefixes.length === 0) {
        throw new UsageError("--only needs one or more control id prefixes, e.g. --only pss or --only eks,k8s");
    }
    const kept = new Set(policies.filter(p => prefixes.some(prefix => p.control.startsWith(prefix))).map(p => p.name));
    if (kept.size === 0) {
        throw new UsageError(`--only ${only}: no control id starts with ${prefixes.join(" or ")}; families are pss, k8s, eks, gke, aks`);
    }
    return kept;
}

/**
 * hcb's own options as one more config layer, applied after the file exactly as the same entries
 * written into the file would be: policies left out by --only disabled, the Pod Security defaults
 * set on every pss- policy.
 */
export function overlayOf(options: PackOptions, policies: readonly HardenedPolicy[] = POLICIES): ParsedConfig {
    if (options.podSecurity !== undefined && parseLevel(options.podSecurity) === undefined) {
        throw new UsageError(`--pod-security must be privileged, baseline or restricted, not ${JSON.stringify(options.podSecurity)}`);
    }
    if (options.podSecurityVersion !== undefined && (parseVersion(options.podSecurityVersion) === undefined || !/^(latest|v1\.(0|[1-9][0-9]*))$/.test(options.podSecurityVersion))) {
        throw new UsageError(`--pod-security-version must be latest or v1.N (e.g. v1.30), not ${JSON.stringify(options.podSecurityVersion)}`);
    }
    const kept = selectPolicies(options.only, policies);
    const overlay = new Map<string, ConfigEntry>();
    for (const p of policies) {
        const properties: Record<string, unknown> = {};
        // The pss- policies, and any other that judges by the default level (it declares defaultLevel).
        if (p.name.startsWith(PSS_PREFIX) || "defaultLevel" in (p.configSchema?.properties ?? {})) {
            if (options.podSecurity !== undefined) properties["defaultLevel"] = options.podSecurity;
            if (options.podSecurityVersion !== undefined) properties["defaultVersion"] = options.podSecurityVersion;
        }
        const disabled = !kept.has(p.name);
        if (disabled || Object.keys(properties).length) {
            overlay.set(p.name, { enforcementLevel: disabled ? "disabled" : "", ...(Object.keys(properties).length ? { properties } : {}) });
        }
    }
    return overlay;
}

/** The config file's decoded content, or undefined without one. */
export function configDocumentOf(configFile: string | undefined): unknown {
    return configFile ? readConfigFile(configFile) : undefined;
}

/**
 * The pack config both engines receive, as the Pulumi engine would send it in Configure for the
 * config file (with hcb's options as one more layer), and hcb's warnings about the file.
 */
export function resolvePackOptions(options: PackOptions): { config: PackConfig; warnings: readonly string[] } {
    const file = configDocumentOf(options.configFile);
    const overlay = overlayOf(options);
    try {
        return resolvePolicyConfig(policyInfosOf(POLICIES), file, {
            where: options.configFile ? `--config ${options.configFile}` : "policy config",
            pack: ownPack(),
            overlay,
            trustDefaults: true,
        });
    } catch (e) {
        if (e instanceof ConfigError) {
            throw new UsageError(e.message);
        }
        throw e;
    }
}

/** The pack config both engines receive (see resolvePackOptions), without the warnings. */
export function packConfigOf(options: PackOptions): PackConfig {
    return resolvePackOptions(options).config;
}

/** Writes hcb's warnings to stderr. */
export function printWarnings(warnings: readonly string[]): void {
    for (const w of warnings) {
        process.stderr.write(`hcb: warning: ${w}\n`);
    }
}
