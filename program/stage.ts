/**
 * The stack's declaration of the layers it holds (the StackStage marker, components/stage.ts), for
 * the pack's checklist stack policies: a cluster-only stage is not flagged for the baseline another
 * stage deploys, and a stack that holds a cluster with no declaration must hold the baseline too.
 */
import { StackLayer, StackStage } from "../components/stage";
import { Stage } from "./config";

/** The layers of a stage. */
export function layersOf(stage: Stage): StackLayer[] {
    switch (stage) {
        case "cluster":
            return ["cluster"];
        case "baseline":
            return ["baseline"];
        case "all":
            return ["cluster", "baseline"];
    }
}

/** Registers the StackStage marker naming the stack's layers. */
export function declareStackLayers(layers: readonly StackLayer[]): StackStage {
    return new StackStage("stage", { layers });
}
