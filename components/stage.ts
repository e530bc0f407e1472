/**
 * The stage marker: which layers of the hardened platform a stack holds. A platform may be built
 * in stages (issue 13): the cluster alone, from a runner outside its network; the in-cluster
 * baseline alone, from a runner inside it; applications alone. The policy pack's checklist stack
 * policies judge each stack on the layers it declares here, so a cluster-only stage is not flagged
 * for a baseline another stage deploys. A stack that holds a cluster and registers no marker (and
 * sets no `stage` in the pack config) is judged strictly: it must hold the baseline too.
 *
 * The marker registers no cloud or cluster object: it is a component resource whose inputs (the
 * layers) are what the pack reads, under the type token `hardened:program:StackStage`.
 */
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "./args";
import { TOKENS } from "./tokens";

/** The layers of the platform, in build order. */
export const STACK_LAYERS = ["cluster", "baseline", "applications"] as const;

export type StackLayer = (typeof STACK_LAYERS)[number];

/** Arguments of StackStage. */
export interface StackStageArgs {
    /**
     * The layers this stack builds: a non-empty subset of "cluster", "baseline", "applications",
     * each named once. No default: a stage is declared, never guessed (no marker is the strict case).
     */
    readonly layers: readonly StackLayer[];
}

export interface ResolvedStackStageArgs {
    /** The layers, each once, in STACK_LAYERS order. */
    readonly layers: readonly StackLayer[];
}

/** Validates the layers, reporting every problem at once. */
export function resolveStackStageArgs(args: StackStageArgs): ResolvedStackStageArgs {
    const problems: string[] = [];
    const layers: unknown = args && typeof args === "object" ? (args as { layers?: unknown }).layers : undefined;
    const fix = `name the layers this stack builds, e.g. { layers: ["cluster", "baseline"] } (any of ${STACK_LAYERS.map(l => `"${l}"`).join(", ")}).`;
    if (!Array.isArray(layers) || layers.length === 0) {
        problems.push(`\`layers\` must be a non-empty list, not ${JSON.stringify(layers) ?? "undefined"}: ${fix}`);
    } else {
        layers.forEach((layer: unknown, i) => {
            if (!STACK_LAYERS.includes(layer as StackLayer)) {
                problems.push(`\`layers[${i}]\` must be one of ${STACK_LAYERS.map(l => `"${l}"`).join(", ")}, not ${JSON.stringify(layer) ?? "undefined"}: ${fix}`);
            } else if (layers.indexOf(layer) !== i) {
                problems.push(`\`layers[${i}]\` repeats ${JSON.stringify(layer)}: name each layer once.`);
            }
        });
    }
    if (problems.length > 0) {
        throw new InvalidArgsError("StackStage", problems);
    }
    const named = layers as readonly StackLayer[];
    return { layers: STACK_LAYERS.filter(l => named.includes(l)) };
}

/** The stage marker (see the module comment). */
export class StackStage extends pulumi.ComponentResource {
    /** The layers this stack declares, each once, in STACK_LAYERS order. */
    public readonly layers: readonly StackLayer[];

    constructor(name: string, args: StackStageArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveStackStageArgs(args);
        // The layers are the component's inputs, so the pack sees them in the stack's resources.
        super(TOKENS.stackStage, name, { layers: [...r.layers] }, opts);
        this.layers = r.layers;
        this.registerOutputs({ layers: [...r.layers] });
    }
}
