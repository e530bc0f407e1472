/**
 * The security surface of a stack: for each resource, the property paths the pack's policies
 * read, and which policies read them. Found by running each policy alone over the stack with the
 * properties wrapped in a recording proxy, under the real in-process engine.
 */
import { POLICIES } from "../../policy-pack/policies";
import { HardenedPolicy } from "../../policy-pack/lib/define";
import { PACK_NAME } from "../../policy-pack/pack";
import { InProcessEngine } from "../../cli/engine/in-process";
import { EngineResource, PackConfig } from "../../cli/engine/model";
import { reconcileConfig } from "../../cli/engine/config";

/** A path step: a key, or `[]` for any array index. */
export type Path = readonly (string | number)[];

export interface SurfacePath {
    readonly path: Path;
    /** The policies that read this path of this resource. */
    readonly policies: Set<string>;
}

/** Records every property read below `root`, as concrete paths. Never alters a value. */
export function recordingProxy<T extends object>(root: T, onRead: (path: Path) => void, prefix: Path = []): T {
    return new Proxy(root, {
        get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            if (typeof prop === "symbol" || prop === "constructor" || prop === "__proto__" || (prop === "length" && Array.isArray(target))) {
                return value;
            }
            const own = Object.prototype.hasOwnProperty.call(target, prop);
            if (!own) {
                if (typeof value === "function") {
                    return value; // array and object methods
                }
                // Reading an absent property is reading it too: absence is what many checks judge.
                onRead([...prefix, Array.isArray(target) && /^\d+$/.test(prop) ? Number(prop) : prop]);
                return value;
            }
            const path = [...prefix, Array.isArray(target) ? Number(prop) : prop];
            onRead(path);
            const desc = Object.getOwnPropertyDescriptor(target, prop);
            if (value !== null && typeof value === "object" && !(desc && desc.configurable === false && desc.writable === false)) {
                return recordingProxy(value as object, onRead, path);
            }
            return value;
        },
    });
}

export function pathKey(path: Path): string {
    return path.map(p => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
}

/** Config with every policy but one disabled, else as reconciled from `file`. */
function onlyPolicy(config: PackConfig, name: string): PackConfig {
    const out: Record<string, PackConfig[string]> = {};
    for (const [k, v] of Object.entries(config)) {
        out[k] = { ...v, enforcementLevel: k === name ? (v.enforcementLevel === "disabled" ? "mandatory" : v.enforcementLevel) : "disabled" };
    }
    return out;
}

/**
 * urn → path key → the surface path. Paths read only as a prefix of a deeper read (an object
 * walked on the way to a leaf) are kept too: removing the object is a mutation worth trying.
 */
export async function securitySurface(
    resources: readonly EngineResource[],
    policies: readonly HardenedPolicy[] = POLICIES,
    configFile?: unknown,
): Promise<Map<string, Map<string, SurfacePath>>> {
    const config = reconcileConfig(POLICIES, configFile);
    const surface = new Map<string, Map<string, SurfacePath>>();
    for (const policy of policies) {
        if (config[policy.name]?.enforcementLevel === "disabled") {
            continue;
        }
        const engine = new InProcessEngine({ name: PACK_NAME, version: "0.0.0" }, POLICIES, (props, urn) =>
            recordingProxy(props, path => {
                if (path.length === 0) return;
                let byPath = surface.get(urn);
                if (!byPath) surface.set(urn, (byPath = new Map()));
                const key = pathKey(path);
                let entry = byPath.get(key);
                if (!entry) byPath.set(key, (entry = { path, policies: new Set() }));
                entry.policies.add(policy.name);
            }),
        );
        await engine.analyze(resources, onlyPolicy(config, policy.name));
    }
    return surface;
}
