/**
 * Shared by the GkeCluster and GKE policy specs: run a program under the mock runtime, and the
 * whole pack over what it registered, as `pulumi preview --policy-pack` would.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { runUnderMocks, RecordedResource } from "../../../cli/plan/mock-runtime";
import { InProcessEngine } from "../../../cli/engine/in-process";
import { reconcileConfig } from "../../../cli/engine/config";
import { asClusterStage } from "../../helpers/policy";
import { Diagnostic } from "../../../cli/engine/model";
import { POLICIES } from "../../../policy-pack/policies";
import { PACK_NAME } from "../../../policy-pack/pack";
import { GkeCluster, GkeClusterArgs } from "../../../components/gcp";

export const STACK = { project: "hcb", stack: "gke" } as const;

/** The attestor the specs' clusters require (GkeCluster needs one, or a named opt-out). */
export const ATTESTOR = "projects/my-gke-project/attestors/built-by-ci";

/** The fewest arguments GkeCluster builds from: a location, and the attestor of the managed Binary Authorization policy. */
export const GKE_MINIMAL = { location: "europe-west1", binaryAuthorizationPolicy: { attestors: [ATTESTOR] } } as const;

/** What GkeCluster("gke", args) registers under the mocks (a preview). */
export function registerGke(args: GkeClusterArgs | Record<string, unknown>): Promise<RecordedResource[]> {
    return runUnderMocks(() => new GkeCluster("gke", args as GkeClusterArgs), STACK);
}

/** Every diagnostic the whole pack reports over these resources (resource and stack policies). */
export async function runPack(resources: readonly RecordedResource[], config: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    const engine = new InProcessEngine({ name: PACK_NAME, version: "0.1.0" }, POLICIES);
    const result = await engine.analyze(asClusterStage(resources), reconcileConfig(POLICIES, config));
    return [...result.resources.flatMap(r => r.diagnostics), ...result.stack.diagnostics];
}

/** `policy: first line of message` for readable assertion failures. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => `${d.policyName} [${d.enforcementLevel}]: ${d.message.split("\n").slice(1).join(" ") || d.message}`);
}

export function byType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter(r => r.type === type);
}

export function only(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = byType(resources, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}

/** A copy of `resources` where `name`'s inputs (and preview outputs) are changed by `mutate`. */
export function mutated(
    resources: readonly RecordedResource[],
    name: string,
    mutate: (inputs: Record<string, unknown>) => void,
): RecordedResource[] {
    return resources.map(r => {
        if (r.name !== name) {
            return r;
        }
        const inputs = structuredClone(r.inputs) as Record<string, unknown>;
        mutate(inputs);
        return { ...r, inputs, outputs: { ...inputs } };
    });
}

/** The `hcb:cluster` object of an example stack file. */
export function stackCluster(file: string): Record<string, unknown> {
    const doc = YAML.parse(fs.readFileSync(path.join(__dirname, "../../../stacks", file), "utf8")) as { config: Record<string, unknown> };
    assert.equal(doc.config["hcb:cloud"], "gcp");
    return doc.config["hcb:cluster"] as Record<string, unknown>;
}

