/**
 * The settings every command shares, turned into the pack config the engine receives: the
 * policy config file (the format of `pulumi preview --policy-pack-config`), --only, and the
 * Pod Security defaults.
 */
import * as fs from "fs";
import { POLICIES } from "../policy-pack/policies";
import { HardenedPolicy } from "../policy-pack/lib/define";
import { parseLevel, parseVersion } from "../policy-pack/lib/pss";
import { ConfigError, reconcileConfig } from "./engine/config";
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
        return {}; // the engine accepts an empty config file
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

/** The pack config both engines receive. Policies left out by --only are disabled. */
export function packConfigOf(options: PackOptions): PackConfig {
    const file = options.configFile ? readConfigFile(options.configFile) : undefined;
    let config: PackConfig;
    try {
        config = reconcileConfig(POLICIES, file, options.configFile ? `--config ${options.configFile}` : "policy config");
    } catch (e) {
        if (e instanceof ConfigError) {
            throw new UsageError(e.message);
        }
        throw e;
    }
    if (options.podSecurity !== undefined && parseLevel(options.podSecurity) === undefined) {
        throw new UsageError(`--pod-security must be privileged, baseline or restricted, not ${JSON.stringify(options.podSecurity)}`);
    }
    if (options.podSecurityVersion !== undefined && (parseVersion(options.podSecurityVersion) === undefined || !/^(latest|v1\.(0|[1-9][0-9]*))$/.test(options.podSecurityVersion))) {
        throw new UsageError(`--pod-security-version must be latest or v1.N (e.g. v1.30), not ${JSON.stringify(options.podSecurityVersion)}`);
    }
    const kept = selectPolicies(options.only);
    const out: Record<string, PackConfig[string]> = {};
    for (const [name, c] of Object.entries(config)) {
        const properties = { ...c.properties };
        // The pss- policies, and any other that judges by the default level (it declares defaultLevel).
        if (name.startsWith(PSS_PREFIX) || "defaultLevel" in properties) {
            if (options.podSecurity !== undefined) properties["defaultLevel"] = options.podSecurity;
            if (options.podSecurityVersion !== undefined) properties["defaultVersion"] = options.podSecurityVersion;
        }
        out[name] = { enforcementLevel: kept.has(name) ? c.enforcementLevel : "disabled", properties };
    }
    return out;
}
