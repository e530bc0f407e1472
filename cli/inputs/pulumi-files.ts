/**
 * `pulumi preview --json` output (steps[].newState) and `pulumi stack export` files
 * (deployment.resources[]), turned into the resources the engine would send a policy pack.
 */
import { toAnalyzerWire } from "../engine/wire";
import { InputError, SourcedResource } from "./source";

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function isPreviewDocument(v: unknown): boolean {
    return isObject(v) && Array.isArray(v["steps"]);
}

export function isStateDocument(v: unknown): boolean {
    return isObject(v) && isObject(v["deployment"]) && "resources" in v["deployment"];
}

interface ResourceState {
    readonly type: string;
    readonly urn: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly parent?: string;
    readonly provider?: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly protect?: boolean;
}

function stringList(v: unknown, file: string, what: string): string[] {
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v) || v.some(x => typeof x !== "string")) {
        throw new InputError(file, `${what} must be a list of URNs`);
    }
    return v as string[];
}

function stateOf(raw: unknown, file: string, what: string, outputsFallBackToInputs: boolean): ResourceState {
    if (!isObject(raw)) {
        throw new InputError(file, `${what} is not an object`);
    }
    const { type, urn } = raw;
    if (typeof type !== "string" || type === "") {
        throw new InputError(file, `${what} has no \`type\``);
    }
    if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:")) {
        throw new InputError(file, `${what} has no valid \`urn\``);
    }
    for (const key of ["inputs", "outputs"] as const) {
        if (raw[key] !== undefined && raw[key] !== null && !isObject(raw[key])) {
            throw new InputError(file, `${what}.${key} must be an object`);
        }
    }
    const inputs = toAnalyzerWire(raw["inputs"] ?? {}) as Record<string, unknown>;
    const outputs = raw["outputs"] !== undefined && raw["outputs"] !== null
        ? (toAnalyzerWire(raw["outputs"]) as Record<string, unknown>)
        : outputsFallBackToInputs ? inputs : {};
    const pd: Record<string, string[]> = {};
    if (isObject(raw["propertyDependencies"])) {
        for (const [k, v] of Object.entries(raw["propertyDependencies"])) {
            pd[k] = stringList(v, file, `${what}.propertyDependencies.${k}`);
        }
    }
    return {
        type,
        urn,
        inputs,
        outputs,
        ...(typeof raw["parent"] === "string" && raw["parent"] ? { parent: raw["parent"] } : {}),
        ...(typeof raw["provider"] === "string" && raw["provider"] ? { provider: raw["provider"] } : {}),
        dependencies: stringList(raw["dependencies"], file, `${what}.dependencies`),
        propertyDependencies: pd,
        ...(typeof raw["protect"] === "boolean" ? { protect: raw["protect"] } : {}),
    };
}

function nameOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}

/** A provider reference `urn::id` resolved against the providers of the same file. */
function toResources(file: string, states: readonly ResourceState[]): SourcedResource[] {
    const providers = new Map<string, ResourceState>();
    for (const s of states) {
        if (s.type.startsWith("pulumi:providers:")) {
            providers.set(s.urn, s);
        }
    }
    return states.map((s, index) => {
        const providerUrn = s.provider ? s.provider.slice(0, s.provider.lastIndexOf("::")) : undefined;
        const provider = providerUrn ? providers.get(providerUrn) : undefined;
        return {
            type: s.type,
            name: nameOfUrn(s.urn),
            urn: s.urn,
            inputs: s.inputs,
            outputs: s.outputs,
            ...(s.parent ? { parent: s.parent } : {}),
            dependencies: s.dependencies,
            propertyDependencies: s.propertyDependencies,
            ...(s.protect !== undefined ? { protect: s.protect } : {}),
            ...(provider ? { provider: { type: provider.type, name: nameOfUrn(provider.urn), urn: provider.urn, inputs: provider.inputs } } : {}),
            source: file,
            index,
        };
    });
}

/** Steps that leave a resource in the stack; a delete's newState is absent and is skipped. */
export function previewResources(file: string, doc: Record<string, unknown>): SourcedResource[] {
    const steps = doc["steps"] as unknown[];
    const states: ResourceState[] = [];
    steps.forEach((step, i) => {
        if (!isObject(step)) {
            throw new InputError(file, `steps[${i}] is not an object`);
        }
        if (step["newState"] === undefined || step["newState"] === null) {
            return;
        }
        states.push(stateOf(step["newState"], file, `steps[${i}].newState`, true));
    });
    return toResources(file, states);
}

export function stateResources(file: string, doc: Record<string, unknown>): SourcedResource[] {
    const deployment = doc["deployment"] as Record<string, unknown>;
    const resources = deployment["resources"];
    if (resources === null || resources === undefined) {
        return [];
    }
    if (!Array.isArray(resources)) {
        throw new InputError(file, "deployment.resources must be a list");
    }
    const states = resources
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => !(isObject(r) && r["delete"] === true))
        .map(({ r, i }) => stateOf(r, file, `deployment.resources[${i}]`, false));
    return toResources(file, states);
}
