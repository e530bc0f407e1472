/**
 * Writes planned resources as `pulumi preview --json` would for a new stack, so that reviewers
 * and other tools read what the program would create, and `hcb check` reads it back
 * (pulumi-files.ts). The shape follows pkg/display/json.go (PreviewDigest: steps, diagnostics,
 * changeSummary) and pkg/backend/display/json.go getPreviewMetadataStep (op, urn, provider,
 * newState as apitype.ResourceV3), at pulumi/pulumi 1b59498:
 * - inputs as registered, unknown values as the engine's sentinel string
 *   (pkg/resource/stack/deployment.go ~L66), secrets as the plain string "[secret]"
 *   (MassageSecrets, backend/display/json.go ~L67-87);
 * - a provider reference is `<provider urn>::<id>`, the id unknown until the provider exists.
 */
import { EngineResource } from "../engine/model";
import { SECRET_SIG, SPECIAL_SIG_KEY, UNDECRYPTED_SECRET, UNKNOWN_STRING } from "../engine/wire";

export interface PreviewStep {
    readonly op: "create";
    readonly urn: string;
    readonly provider?: string;
    readonly newState: Record<string, unknown>;
}

export interface PreviewDocument {
    readonly steps: PreviewStep[];
    readonly diagnostics: never[];
    readonly changeSummary: { readonly create: number };
}

/** Secrets shown as the CLI shows them without --show-secrets. */
function massageSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(massageSecrets);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SPECIAL_SIG_KEY] === SECRET_SIG) {
        return UNDECRYPTED_SECRET;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        if (v !== undefined) {
            out[k] = massageSecrets(v);
        }
    }
    return out;
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The preview document of a stack that does not exist yet: one `create` step per resource. */
export function previewDocumentOf(resources: readonly (EngineResource & { readonly custom?: boolean })[]): PreviewDocument {
    const steps = resources.map((r): PreviewStep => {
        const provider = r.provider ? `${r.provider.urn}::${UNKNOWN_STRING}` : undefined;
        const inputs = massageSecrets(r.inputs) as Record<string, unknown>;
        const outputs = massageSecrets(r.outputs) as Record<string, unknown>;
        const deps = Object.entries(r.propertyDependencies);
        const newState: Record<string, unknown> = {
            urn: r.urn,
            custom: r.custom ?? true,
            type: r.type,
            inputs,
            // Written only where the stack policies would see more than the inputs.
            ...(sameJson(outputs, inputs) ? {} : { outputs }),
            ...(r.parent ? { parent: r.parent } : {}),
            ...(r.protect ? { protect: true } : {}),
            ...(r.dependencies.length ? { dependencies: [...r.dependencies] } : {}),
            ...(provider ? { provider } : {}),
            ...(deps.length ? { propertyDependencies: Object.fromEntries(deps) } : {}),
        };
        return { op: "create", urn: r.urn, ...(provider ? { provider } : {}), newState };
    });
    return { steps, diagnostics: [], changeSummary: { create: steps.length } };
}
