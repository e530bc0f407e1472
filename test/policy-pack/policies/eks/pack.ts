/**
 * Runs the whole pack in process over recorded resources, as `pulumi preview --policy-pack` would,
 * and flattens the findings (each with the resource it is about) for assertions.
 */
import type { RecordedResource } from "../../../../cli/plan/mock-runtime";
import { reconcileConfig } from "../../../../cli/engine/config";
import { InProcessEngine } from "../../../../cli/engine/in-process";
import { EngineResource } from "../../../../cli/engine/model";
import { PACK_NAME } from "../../../../policy-pack/pack";
import { POLICIES } from "../../../../policy-pack/policies";
import { asClusterStage } from "../../../helpers/policy";

const engine = new InProcessEngine({ name: PACK_NAME, version: "0.1.0" }, POLICIES);

export interface Finding {
    readonly policyName: string;
    readonly message: string;
    readonly enforcementLevel: string;
    /** The resource's name (resource policies) or URN (stack policies). */
    readonly resource: string;
}

export async function runPack(planned: readonly EngineResource[], config?: unknown): Promise<Finding[]> {
    const resources = asClusterStage(planned);
    const analysis = await engine.analyze(resources, reconcileConfig(POLICIES, config));
    const findings: Finding[] = [];
    analysis.resources.forEach((result, i) => {
        for (const d of result.diagnostics) {
            findings.push({ policyName: d.policyName, message: d.message, enforcementLevel: d.enforcementLevel, resource: resources[i].name });
        }
    });
    for (const d of analysis.stack.diagnostics) {
        const r = resources.find(x => x.urn === d.urn);
        findings.push({ policyName: d.policyName, message: d.message, enforcementLevel: d.enforcementLevel, resource: r?.name ?? d.urn ?? "" });
    }
    return findings;
}

/** A copy of `resources` with one resource's inputs (and outputs) changed: a hand-built weakening. */
export function mutate(
    resources: readonly RecordedResource[],
    pick: (r: RecordedResource) => boolean,
    change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): RecordedResource[] {
    let changed = 0;
    const out = resources.map(r => {
        if (!pick(r)) return r;
        changed++;
        const inputs = change(structuredClone(r.inputs) as Record<string, unknown>);
        const outputs = change(structuredClone(r.outputs) as Record<string, unknown>);
        return { ...r, inputs, outputs };
    });
    if (changed === 0) {
        throw new Error("mutate: no resource matched");
    }
    return out;
}
