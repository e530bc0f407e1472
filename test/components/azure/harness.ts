/**
 * Runs AksCluster (or the program's deployAks from a stack file) under the mock runtime and the
 * whole pack over what it registered, with the in-process engine.
 */
import { asClusterStage } from "../../helpers/policy";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { InProcessEngine } from "../../../cli/engine/in-process";
import { reconcileConfig } from "../../../cli/engine/config";
import { Diagnostic, EngineResource } from "../../../cli/engine/model";
import { RecordedResource, runUnderMocks } from "../../../cli/plan/mock-runtime";
import { AksCluster, AksClusterArgs } from "../../../components/azure";
import { PACK_NAME } from "../../../policy-pack/pack";
import { POLICIES } from "../../../policy-pack/policies";

export const ADMIN_GROUP = "00000000-0000-0000-0000-00000000a001";

/** The smallest valid arguments: everything else is a default. */
export const MINIMAL_ARGS: AksClusterArgs = {
    resourceGroupName: "rg-aks",
    location: "westeurope",
    adminGroupObjectIds: [ADMIN_GROUP],
};

export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL = "azure-native:containerservice:AgentPool";
export const DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting";
export const LOCK = "azure-native:authorization:ManagementLockAtResourceLevel";

const MOCK = { project: "hcb", stack: "test" };

export function runAks(args: AksClusterArgs, name = "aks"): Promise<RecordedResource[]> {
    return runUnderMocks(() => new AksCluster(name, args), MOCK);
}

/** The stack file's `config:` as the string map the runtime takes (objects as JSON). */
export function stackConfigOf(file: string): Record<string, string> {
    const doc = YAML.parse(fs.readFileSync(path.join(__dirname, "../../../stacks", file), "utf8")) as { config: Record<string, unknown> };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.config)) {
        out[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

/** Runs program/azure.ts's deployAks over a stack file, as the program does. */
export function runStackFile(file: string): Promise<RecordedResource[]> {
    const config = stackConfigOf(file);
    return runUnderMocks(async () => {
        const { readStackConfig } = await import("../../../program/config");
        const { deployAks } = await import("../../../program/azure");
        deployAks(readStackConfig().cluster);
    }, { ...MOCK, config });
}

const engine = new InProcessEngine({ name: PACK_NAME, version: "0.1.0" }, POLICIES);

/** Every diagnostic of the whole pack over these resources, resource and stack policies alike. */
export async function analyze(resources: readonly EngineResource[], packConfig: unknown = {}): Promise<Diagnostic[]> {
    const result = await engine.analyze(asClusterStage(resources), reconcileConfig(POLICIES, packConfig));
    return [...result.resources.flatMap(r => r.diagnostics), ...result.stack.diagnostics];
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter(r => r.type === type);
}

export function only(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}

/** A copy of the resources with one resource's inputs and outputs changed by `mutate`. */
export function mutated(
    resources: readonly RecordedResource[],
    pick: (r: RecordedResource) => boolean,
    mutate: (props: Record<string, unknown>) => void,
): RecordedResource[] {
    let hits = 0;
    const out = resources.map(r => {
        if (!pick(r)) {
            return r;
        }
        hits++;
        const inputs = structuredClone(r.inputs) as Record<string, unknown>;
        mutate(inputs);
        const outputs = { ...(structuredClone(r.outputs) as Record<string, unknown>), ...inputs };
        for (const k of Object.keys(r.inputs)) {
            if (!(k in inputs)) {
                delete outputs[k];
            }
        }
        return { ...r, inputs, outputs };
    });
    if (hits === 0) {
        throw new Error("mutated(): no resource matched");
    }
    return out;
}

/** Policy names of the diagnostics, sorted, with duplicates. */
export function policiesOf(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => d.policyName).sort();
}
