/**
 * Mutations of one property of one resource towards insecure values: removed, flipped, widened
 * to 0.0.0.0/0 or `*`, emptied, set to a weaker setting, or made unknown (as during preview).
 */
import { EngineResource } from "../../cli/engine/model";
import { UNKNOWN_STRING } from "../../cli/engine/wire";
import { Path, pathKey } from "./surface";

export type Operator = "remove" | "unknown" | "flip" | "zero" | "raise" | "widen-cidr" | "wildcard" | "empty" | "weaken" | "drop-element";

export interface Mutation {
    readonly urn: string;
    readonly path: Path;
    readonly operator: Operator;
    readonly value?: unknown;
    /** `spec.x: true -> false` */
    readonly describe: string;
}

/** Settings that are weaker than the secure ones they replace, across the clouds and Kubernetes. */
const WEAKER_STRINGS = [
    "optional", "Unconfined", "privileged", "baseline", "CONFIG_MAP", "API_AND_CONFIG_MAP", "Public", "Enabled", "Disabled",
    "DISABLED", "ENABLED", "Audit", "NONE", "UNSPECIFIED", "GCE_METADATA", "EXPOSE", "None", "latest", "kubenet", "Metadata",
    "cluster-admin", "system:masters", "system:authenticated", "system:anonymous", "LoadBalancer", "NodePort", "Localhost",
    // RBAC: the verbs and resources that grant more than they name.
    "escalate", "bind", "impersonate", "create", "secrets", "pods/exec", "nodes/proxy", "clusterrolebindings",
];

const ABSENT = Symbol("absent");

function getAt(root: unknown, path: Path): unknown {
    let node = root;
    for (const step of path) {
        if (node === null || typeof node !== "object") return ABSENT;
        if (!Object.prototype.hasOwnProperty.call(node, step)) return ABSENT;
        node = (node as Record<string | number, unknown>)[step];
    }
    return node;
}

function clone<T>(v: T): T {
    return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** A copy of `root` with the value at `path` replaced (or removed when `value` is ABSENT). */
function setAt(root: Readonly<Record<string, unknown>>, path: Path, value: unknown): Record<string, unknown> {
    const copy = clone(root) as Record<string, unknown>;
    let node: Record<string | number, unknown> = copy;
    for (let i = 0; i < path.length - 1; i++) {
        node = node[path[i]] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value === ABSENT) {
        if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
        else delete node[last];
    } else {
        node[last] = value;
    }
    return copy;
}

function candidates(value: unknown): { operator: Operator; value: unknown }[] {
    const out: { operator: Operator; value: unknown }[] = [
        { operator: "remove", value: ABSENT },
        { operator: "unknown", value: UNKNOWN_STRING },
    ];
    if (typeof value === "boolean") {
        out.push({ operator: "flip", value: !value });
    } else if (typeof value === "number") {
        out.push({ operator: "zero", value: 0 }, { operator: "raise", value: value + 1 }, { operator: "raise", value: 65535 });
    } else if (typeof value === "string") {
        if (/^[0-9a-f.:]+\/\d+$/i.test(value)) out.push({ operator: "widen-cidr", value: value.includes(":") ? "::/0" : "0.0.0.0/0" });
        out.push({ operator: "wildcard", value: "*" }, { operator: "empty", value: "" });
        // Weaker settings replace setting-like strings only: not names, ARNs, paths or IDs.
        if (/^[A-Za-z_][A-Za-z0-9_./-]{0,39}$/.test(value) && !value.includes("/") || /^[a-z]+\/[a-z]+$/.test(value)) {
            for (const weaker of WEAKER_STRINGS) out.push({ operator: "weaken", value: weaker });
        }
    } else if (Array.isArray(value)) {
        out.push({ operator: "empty", value: [] });
        if (value.every(v => typeof v === "string")) {
            out.push({ operator: "wildcard", value: [...value, "*"] });
            if (value.some(v => /^[0-9a-f.:]+\/\d+$/i.test(v as string))) out.push({ operator: "widen-cidr", value: [...value, "0.0.0.0/0"] });
        }
        value.forEach((_, i) => out.push({ operator: "drop-element", value: value.filter((__, j) => j !== i) }));
    } else if (value !== null && typeof value === "object") {
        out.push({ operator: "empty", value: {} });
    }
    return out.filter(c => c.value === ABSENT || JSON.stringify(c.value) !== JSON.stringify(value));
}

function show(v: unknown): string {
    if (v === ABSENT) return "(removed)";
    if (v === UNKNOWN_STRING) return "(unknown)";
    const text = JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Every mutation of the value at `path` of the resource's inputs. */
export function mutationsAt(resource: EngineResource, path: Path): Mutation[] {
    const value = getAt(resource.inputs, path);
    if (value === ABSENT) {
        return [];
    }
    return candidates(value).map(c => ({
        urn: resource.urn,
        path,
        operator: c.operator,
        value: c.value,
        describe: `${pathKey(path)}: ${show(value)} -> ${show(c.value)}`,
    }));
}

/** The resource with the mutation applied to inputs, and to outputs where the path exists there. */
export function applyMutation(resource: EngineResource, m: Mutation): EngineResource {
    const value = m.operator === "remove" ? ABSENT : m.value;
    const inputs = setAt(resource.inputs, m.path, value);
    const outputs = getAt(resource.outputs, m.path) === ABSENT && value !== ABSENT ? clone(resource.outputs) : setAt(resource.outputs, m.path, value);
    return { ...resource, inputs, outputs };
}

export { ABSENT };

/** The URN of `urn` with its own type (the last of its type path) written as `type`. */
function urnWithType(urn: string, type: string): string {
    // urn:pulumi:<stack>::<project>::<parentType$...$type>::<name> (pulumi sdk/go/common/resource/urn.go).
    const parts = urn.split("::");
    if (parts.length < 4) {
        return urn;
    }
    const path = parts[2].split("$");
    path[path.length - 1] = type;
    parts[2] = path.join("$");
    return parts.join("::");
}

export interface TokenVariant {
    /** The resource as registered under the variant token. */
    readonly resource: EngineResource;
    /** The stack with the resource replaced and every reference to its URN following it. */
    readonly stack: readonly EngineResource[];
    readonly describe: string;
}

/**
 * The stack with resource `index` registered under `variant`: another token of the same type (an
 * alias, a versioned module, a local package). Parents and dependencies follow its new URN, as
 * the engine would record them.
 */
export function withTokenVariant(stack: readonly EngineResource[], index: number, variant: string): TokenVariant {
    const original = stack[index];
    const urn = urnWithType(original.urn, variant);
    const follow = (u: string) => (u === original.urn ? urn : u);
    const rewritten = stack.map((r, i) => {
        const base = i === index ? { ...r, type: variant, urn } : r;
        return {
            ...base,
            ...(base.parent ? { parent: follow(base.parent) } : {}),
            dependencies: base.dependencies.map(follow),
            propertyDependencies: Object.fromEntries(Object.entries(base.propertyDependencies).map(([k, v]) => [k, v.map(follow)])),
        };
    });
    return { resource: rewritten[index], stack: rewritten, describe: `type: ${original.type} -> ${variant}` };
}
