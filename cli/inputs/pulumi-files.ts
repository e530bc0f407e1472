/**
 * `pulumi preview --json` output (steps[].newState) and `pulumi stack export` files
 * (deployment.resources[]), turned into the resources the engine would send a policy pack.
 * Facts from pulumi/pulumi at 1b59498 (../shared/notes/pulumi-cli.md):
 * - Top-level property keys starting with `__` (`__defaults`, ...) never reach an analyzer: the
 *   engine marshals with SkipInternalKeys (pkg/resource/plugin/analyzer_plugin.go L306-307,
 *   L351-352, marshalProvider; sdk/go/common/resource/plugin/rpc.go L104-111: top level only).
 * - Resources read with `.get()` (`read`, `read-replacement` steps) are analysed neither one by
 *   one (Analyze runs in GenerateSteps for registrations, step_generator.go L1469) nor in the
 *   stack check: the step executor keeps them in `reads`, apart from the `news` that
 *   AnalyzeResources hands to AnalyzeStack (step_executor.go L571-582, step_generator.go
 *   L3496-3576).
 * - Unchanged resources are in a preview file only with `--show-sames` (pkg/backend/display
 *   json.go L210: shouldShow); the root stack is always there.
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
    const inputs = withoutInternalKeys(toAnalyzerWire(raw["inputs"] ?? {}) as Record<string, unknown>);
    const outputs = raw["outputs"] !== undefined && raw["outputs"] !== null
        ? withoutInternalKeys(toAnalyzerWire(raw["outputs"]) as Record<string, unknown>)
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

/** Drops top-level `__*` keys, as the engine's MarshalProperties with SkipInternalKeys does. */
export function withoutInternalKeys(props: Record<string, unknown>): Record<string, unknown> {
    if (!Object.keys(props).some(k => k.startsWith("__"))) {
        return props;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
        if (!k.startsWith("__")) {
            out[k] = v;
        }
    }
    return out;
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

/** Steps whose resource does not remain in the stack (pkg/resource/deploy/step.go StepOp). */
const GONE_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);
/** Steps of resources read with `.get()`: the engine analyses them in no call (see above). */
const READ_OPS = new Set(["read", "read-replacement"]);
const ROOT_STACK = "pulumi:pulumi:Stack";

export interface PreviewResources {
    readonly resources: SourcedResource[];
    readonly warnings: string[];
}

/**
 * The resources of a preview as the engine analyses them: registered resources that remain, one
 * per URN (a replacement lists its URN in several steps: the last state is kept, at the first
 * step's place); reads and deletions left out, with warnings for what the file cannot show.
 */
export function previewResources(file: string, doc: Record<string, unknown>): SourcedResource[] {
    return readPreview(file, doc).resources;
}

export function readPreview(file: string, doc: Record<string, unknown>): PreviewResources {
    const steps = doc["steps"] as unknown[];
    const states: ResourceState[] = [];
    const at = new Map<string, number>();
    const ops: string[] = [];
    let reads = 0;
    steps.forEach((step, i) => {
        if (!isObject(step)) {
            throw new InputError(file, `steps[${i}] is not an object`);
        }
        const op = typeof step["op"] === "string" ? step["op"] : "";
        ops.push(op);
        if (READ_OPS.has(op)) {
            reads++;
            return;
        }
        if (GONE_OPS.has(op) || step["newState"] === undefined || step["newState"] === null) {
            return;
        }
        const state = stateOf(step["newState"], file, `steps[${i}].newState`, true);
        const seen = at.get(state.urn);
        if (seen === undefined) {
            at.set(state.urn, states.length);
            states.push(state);
        } else {
            states[seen] = state;
        }
    });
    const warnings: string[] = [];
    if (reads > 0) {
        warnings.push(
            `${file}: ${reads} resource${reads === 1 ? "" : "s"} read with \`.get()\` (\`read\` steps) ${reads === 1 ? "is" : "are"} not checked: ` +
                "the Pulumi engine analyses read resources neither one by one nor in its stack-wide checks.",
        );
    }
    const sameListed = steps.some(st => isObject(st) && st["op"] === "same" && st["newState"] !== null && isObject(st["newState"]) && st["newState"]["type"] !== ROOT_STACK);
    // Any step but a creation or a read means the stack exists already.
    const existing = ops.some(op => op !== "create" && op !== "" && !READ_OPS.has(op));
    if (!sameListed && existing) {
        warnings.push(
            `${file} lists no unchanged (\`same\`) resource: \`pulumi preview --json\` leaves them out unless given \`--show-sames\`, ` +
                "so stack-wide checks (a default deny in every namespace, ...) would judge only what changes. Write it with `pulumi preview --json --show-sames`.",
        );
    }
    return { resources: toResources(file, states), warnings };
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
