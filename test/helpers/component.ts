/**
 * Runs a component under the Pulumi mock runtime and the whole policy pack over what it
 * registered, so a component test is one call and a few assertions.
 */
import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { RecordedResource, runUnderMocks } from "../../cli/plan/mock-runtime";
import { InProcessEngine } from "../../cli/engine/in-process";
import { reconcileConfig } from "../../cli/engine/config";
import { Diagnostic } from "../../cli/engine/model";
import { InvalidArgsError } from "../../components/args";
import { POLICIES } from "../../policy-pack/policies";
import { PACK_NAME } from "../../policy-pack/pack";

/** A pack finding with the name of the resource it is about (when the engine says). */
export interface Finding extends Diagnostic {
    /** The Pulumi name of the resource the finding is about. */
    readonly resource?: string;
}

export interface ComponentRun {
    /** Every registration, in order (the stack, the provider, the components and their children). */
    readonly resources: readonly RecordedResource[];
    /** Every finding of the pack, mandatory or advisory (exempted findings are advisory). */
    readonly violations: readonly Finding[];
}

export interface RunOptions {
    /** The pack config, as `--policy-pack-config` reads it. */
    readonly packConfig?: unknown;
}

const PACK = { name: PACK_NAME, version: "0.1.0" };

/** Runs `program` (given a mocked cluster provider) under mocks, then the pack over its output. */
export async function runComponent(program: (provider: k8s.Provider) => unknown, options: RunOptions = {}): Promise<ComponentRun> {
    const resources = await runUnderMocks(() => program(new k8s.Provider("cluster", {})), { project: "hcb-test", stack: "test" });
    return { resources, violations: await analyze(resources, options.packConfig) };
}

/** The pack's findings over recorded resources, each tagged with its resource's name. */
export async function analyze(resources: readonly RecordedResource[], packConfig?: unknown): Promise<Finding[]> {
    const engine = new InProcessEngine(PACK, POLICIES);
    const analysis = await engine.analyze(resources, reconcileConfig(POLICIES, packConfig));
    const byUrn = new Map(resources.map(r => [r.urn, r.name]));
    const out: Finding[] = [];
    analysis.resources.forEach((result, i) => {
        for (const d of result.diagnostics) {
            out.push({ ...d, resource: resources[i].name });
        }
    });
    for (const d of analysis.stack.diagnostics) {
        out.push({ ...d, ...(d.urn && byUrn.has(d.urn) ? { resource: byUrn.get(d.urn) } : {}) });
    }
    return out;
}

/** Runs a program expected to throw: the error, and what was registered before it. */
export async function runExpectingError(program: (provider: k8s.Provider) => unknown): Promise<{ error: Error; resources: readonly RecordedResource[] }> {
    let error: Error | undefined;
    const resources = await runUnderMocks(
        () => {
            const provider = new k8s.Provider("cluster", {});
            try {
                program(provider);
            } catch (e) {
                error = e as Error;
            }
        },
        { project: "hcb-test", stack: "test" },
    );
    if (!error) {
        throw new Error("the program was expected to throw, and did not");
    }
    return { error, resources };
}

/**
 * Runs a component constructor expected to refuse its arguments, and holds it to the rule that a
 * refusal comes before anything is registered (the stack alone, not even the component). Returns
 * the error for the caller's assertions on its problems.
 */
export async function refusedBeforeRegistering(build: () => unknown, stack = { project: "hcb", stack: "test" }): Promise<InvalidArgsError> {
    let error: unknown;
    const resources = await runUnderMocks(() => {
        try {
            build();
        } catch (e) {
            error = e;
        }
    }, stack);
    assert.ok(error instanceof InvalidArgsError, `expected an InvalidArgsError, got ${String(error)}`);
    assert.deepEqual(resources.map(r => r.type), ["pulumi:pulumi:Stack"], "a refusal registered resources");
    return error;
}

/** Registrations other than the stack and the test's provider: what the component itself created. */
export function created(resources: readonly RecordedResource[]): RecordedResource[] {
    return resources.filter(r => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
}

/** The Kubernetes objects registered (custom resources with a kubernetes: token), as manifests. */
export function kubernetesObjects(resources: readonly RecordedResource[]): Record<string, unknown>[] {
    return resources
        .filter(r => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"))
        .map(r => ({ ...r.inputs }));
}

/** The single registered resource of `type` named `name` (Pulumi name), or a failed assertion. */
export function resourceNamed(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.filter(r => r.type === type && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}: ${resources.filter(r => r.type === type).map(r => r.name).join(", ")}`);
    }
    return found[0];
}

/** The mandatory findings. */
export function mandatory(violations: readonly Finding[]): Finding[] {
    return violations.filter(v => v.enforcementLevel === "mandatory");
}

/** `policy: message` lines, for readable assertion failures. */
export function describeFindings(violations: readonly Finding[]): string {
    return violations.map(v => `${v.policyName} [${v.enforcementLevel}] ${v.resource ?? ""}: ${v.message}`).join("\n");
}
