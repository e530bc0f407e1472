/**
 * How the pack knew a stack's stage, for the report's summary (issue 17: "how the pack knows a
 * stack's stage is explicit, documented, reported in the summary"): the layers the checklist
 * stack policies judge the stack on, and where they came from (the pack config's `layers`, the
 * StackStage marker, or the strict default). Policies configured with different `layers` are
 * reported apart.
 */
import type { PolicyResource } from "@pulumi/policy";
import { StackLayer } from "../../../components/stage";
import { stageOf } from "./stage";

/** The checklist stack policies that take `layers` (./index.ts and ../gke's project policy). */
export const STAGED_POLICIES: readonly string[] = [
    "k8s-stack-require-runtime-detection",
    "k8s-stack-require-external-secrets",
    "k8s-stack-require-image-verification",
    "k8s-namespace-require-mesh-mtls",
    "gke-project-require-binary-authorization-policy",
];

export interface StageStatement {
    /** The stack (or input) the statement is about. */
    readonly stack: string;
    readonly layers: readonly StackLayer[];
    /** "pack config `layers`", "StackStage marker" or "strict default". */
    readonly from: "pack config `layers`" | "StackStage marker" | "strict default" | "no cluster in the stack";
    /** The full reason, as the findings name it. */
    readonly source: string;
    /** True when the marker's layers are unknown during preview. */
    readonly unknown?: true;
    /** Set when the declared stage cannot be trusted (the policies then refuse it). */
    readonly malformed?: string;
    /** Set when only some checklist policies are judged on this stage (their `layers` settings differ). */
    readonly policies?: readonly string[];
}

function fromOf(source: string): StageStatement["from"] {
    if (source.startsWith("the policy's `layers`")) {
        return "pack config `layers`";
    }
    if (source.startsWith("the StackStage marker")) {
        return "StackStage marker";
    }
    return source.startsWith("the strict default") ? "strict default" : "no cluster in the stack";
}

/** The stage statements of one stack: one, or one per group of policies whose `layers` settings differ. */
export function stageStatements(
    stack: string,
    resources: readonly { readonly type: string; readonly name: string; readonly inputs: Record<string, unknown> }[],
    config: Readonly<Record<string, { readonly properties?: Readonly<Record<string, unknown>> } | undefined>> | undefined,
): StageStatement[] {
    const asPolicy = resources.map(r => ({ type: r.type, name: r.name, props: r.inputs }) as unknown as PolicyResource);
    const groups = new Map<string, { statement: Omit<StageStatement, "policies">; policies: string[] }>();
    for (const policy of STAGED_POLICIES) {
        const layers = config?.[policy]?.properties?.["layers"];
        const stage = stageOf(asPolicy, Array.isArray(layers) ? (layers as string[]) : undefined);
        const statement: Omit<StageStatement, "policies"> = {
            stack,
            layers: stage.layers,
            from: fromOf(stage.source),
            source: stage.source,
            ...(stage.unknown ? { unknown: true as const } : {}),
            ...(stage.malformed ? { malformed: stage.malformed } : {}),
        };
        const key = JSON.stringify(statement);
        groups.set(key, { statement, policies: [...(groups.get(key)?.policies ?? []), policy] });
    }
    const all = [...groups.values()];
    return all.length === 1 ? [all[0].statement] : all.map(g => ({ ...g.statement, policies: g.policies }));
}
