/**
 * The stack's declaration of the layers it holds, for the pack's checklist stack policies (a stack
 * holding a cluster and no declaration must hold the baseline too).
 */
import { Stage } from "./config";

/** A layer of the blueprint a stack may hold (the StackStage marker's `layers`). */
export type Layer = "cluster" | "baseline" | "applications";

/** The layers of a stage. */
export function layersOf(stage: Stage): Layer[] {
    switch (stage) {
        case "cluster":
            return ["cluster"];
        case "baseline":
            return ["baseline"];
        case "all":
            return ["cluster", "baseline"];
    }
}

/**
 * Registers the StackStage marker (`hardened:program:StackStage`, components/stage.ts) naming the
 * stack's layers. SEAM: the marker component is built by the checklist helper (issue 17); until it
 * lands this registers nothing, and the pack's strict default (a cluster stack holds its baseline)
 * applies to every stack.
 */
export function declareStackLayers(layers: readonly Layer[]): void {
    void layers;
}
