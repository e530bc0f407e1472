/**
 * What the proofs run over: the hardened manifests of the fixtures and every example stack as
 * the program would register it (planned under the mock runtime).
 */
import * as path from "path";
import { EngineResource } from "../../cli/engine/model";
import { loadInputs } from "../../cli/inputs/load";
import { planStack } from "../../cli/commands/plan";
import { listStacks } from "../../cli/plan/stacks";
import { packageRoot } from "../../cli/paths";

const ROOT = packageRoot();

export interface ProofStack {
    readonly name: string;
    readonly resources: readonly EngineResource[];
}

export function hardenedManifests(): ProofStack {
    const [stack] = loadInputs([path.join(ROOT, "test", "fixtures", "manifests", "hardened")]);
    return { name: "manifests (hardened fixtures)", resources: stack.resources };
}

/** The weakened manifests of the fixtures: each breaks controls, so the pack has findings to compare. */
export function weakenedManifests(): ProofStack {
    const [stack] = loadInputs([path.join(ROOT, "test", "fixtures", "manifests", "weakened")]);
    return { name: "manifests (weakened fixtures)", resources: stack.resources };
}

/** Every example stack, planned; needs the compiled program (dist/index.js). */
export async function plannedStacks(names: readonly string[] = listStacks(ROOT)): Promise<ProofStack[]> {
    const program = path.join(ROOT, "dist", "index.js");
    const out: ProofStack[] = [];
    for (const name of names) {
        const { stack } = await planStack(ROOT, program, name);
        out.push({ name: `stack ${name}`, resources: stack.resources });
    }
    return out;
}
