/** Runs the program (program/index.ts) under the mock runtime with a stack's config. */
import * as path from "path";
import { MockRun, RecordedResource, runProgramUnderMocks } from "../../cli/plan/mock-runtime";
import { readStack } from "../../cli/plan/stacks";
import { deployProgram } from "../../program";

export const ROOT = path.join(__dirname, "..", "..");

/** The flat config of an example stack, with `overrides` (`hcb:key` → value; undefined removes it). */
export function stackConfig(name: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, string> {
    const config: Record<string, string> = { ...readStack(ROOT, name).config };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) {
            delete config[key];
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return config;
}

export interface ProgramRun extends MockRun {
    readonly error?: Error;
}

/** Runs the program; a thrown error is returned with what was registered before it. */
export async function runProgram(config: Readonly<Record<string, string>>, stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Promise<ProgramRun> {
    let error: Error | undefined;
    const run = await runProgramUnderMocks(
        () => {
            try {
                return deployProgram();
            } catch (e) {
                error = e as Error;
                return {};
            }
        },
        { project: "hardened-cluster-blueprint", stack: "test", config, ...(stackOutputs ? { stackOutputs } : {}) },
    );
    return { ...run, ...(error ? { error } : {}) };
}

/** Registrations other than the stack itself. */
export function registered(resources: readonly RecordedResource[]): RecordedResource[] {
    return resources.filter(r => r.type !== "pulumi:pulumi:Stack");
}
