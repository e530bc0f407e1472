/**
 * Holds the in-process engine to the real @pulumi/policy server: both analyse the same
 * resources with the same config and must give deep-equal results, or fail the same way.
 *
 * Use: call `useEngines()` once inside a `describe` (it starts one protocol engine for the suite
 * and closes it after), then `await assertEnginesAgree(resources, config)` in each test.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { GrpcEngine } from "../../../cli/engine/grpc";
import { InProcessEngine, PolicyError } from "../../../cli/engine/in-process";
import { EngineResource, PackConfig, PackInfo, StackAnalysis } from "../../../cli/engine/model";
import { packVersion } from "../../../cli/paths";
import { PACK_NAME } from "../../../policy-pack/pack";
import { POLICIES } from "../../../policy-pack/policies";

export const PACK: PackInfo = { name: PACK_NAME, version: packVersion() };

let grpc: GrpcEngine | undefined;
const inProcess = new InProcessEngine(PACK, POLICIES);

/** Registers hooks that start the protocol engine before the suite and close it after. */
export function useEngines(): void {
    before(async function () {
        this.timeout(60_000);
        grpc = await GrpcEngine.start({ pack: PACK, policyNames: POLICIES.map(p => p.name) });
    });
    after(async () => {
        await grpc?.close();
        grpc = undefined;
    });
}

/** The running protocol engine (for measurements); `useEngines()` must have started it. */
export function grpcEngine(): GrpcEngine {
    if (!grpc) {
        throw new Error("No protocol engine: call useEngines() in the enclosing describe.");
    }
    return grpc;
}

export function inProcessEngine(): InProcessEngine {
    return inProcess;
}

type Outcome = { ok: true; analysis: StackAnalysis } | { ok: false; error: unknown };

async function outcomeOf(run: () => Promise<StackAnalysis>): Promise<Outcome> {
    try {
        return { ok: true, analysis: await run() };
    } catch (error) {
        return { ok: false, error };
    }
}

/**
 * An error as both engines must agree on it: its class and its message without stack frames
 * (the server appends the throwing policy's stack, whose file paths differ between processes).
 */
export function comparableError(e: unknown): { kind: string; message: string } {
    const kind = e instanceof PolicyError ? "PolicyError" : e instanceof Error ? `Error (${e.name})` : typeof e;
    const text = e instanceof Error ? e.message : String(e);
    const message = text
        .split("\n")
        .filter(line => !/^\s+at /.test(line))
        .join("\n")
        .trim();
    return { kind, message };
}

/**
 * Runs both engines and asserts identical results (diagnostics in the same order with the same
 * messages, levels and URNs; the same not-applicable notes), or the same failure. Returns the
 * agreed analysis so a test can also check that the corpus exercised something.
 */
export async function assertEnginesAgree(resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis> {
    const expected = await outcomeOf(() => inProcess.analyze(resources, config));
    const actual = await outcomeOf(() => grpcEngine().analyze(resources, config));
    if (expected.ok && actual.ok) {
        for (let i = 0; i < resources.length; i++) {
            assert.deepEqual(actual.analysis.resources[i], expected.analysis.resources[i], `Analyze of ${resources[i].urn} (grpc = actual, in-process = expected)`);
        }
        assert.equal(actual.analysis.resources.length, expected.analysis.resources.length);
        assert.deepEqual(actual.analysis.stack, expected.analysis.stack, "AnalyzeStack (grpc = actual, in-process = expected)");
        return expected.analysis;
    }
    if (!expected.ok && !actual.ok) {
        assert.deepEqual(comparableError(actual.error), comparableError(expected.error), "both engines failed, differently (grpc = actual, in-process = expected)");
        throw new EnginesFailedAlike(expected.error);
    }
    const describe = (o: Outcome) => (o.ok ? "succeeded" : `failed: ${comparableError(o.error).kind}: ${comparableError(o.error).message}`);
    assert.fail(`The engines disagree: in-process ${describe(expected)}; grpc ${describe(actual)}.`);
}

/** Thrown by assertEnginesAgree when both engines failed the same way; carries the in-process error. */
export class EnginesFailedAlike extends Error {
    constructor(readonly error: unknown) {
        super(`Both engines failed alike: ${comparableError(error).message}`);
        this.name = "EnginesFailedAlike";
    }
}

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "engine");

/** A corpus from test/fixtures/engine/<name>.json: an array of EngineResource. */
export function loadCorpus(name: string): EngineResource[] {
    const file = path.join(FIXTURES, `${name}.json`);
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    assert.ok(Array.isArray(data), `${file} must hold an array of resources`);
    const urns = new Set<string>();
    return data.map((r: EngineResource, i) => {
        for (const key of ["type", "name", "urn"] as const) {
            assert.equal(typeof r[key], "string", `${file}[${i}].${key} must be a string`);
        }
        assert.ok(!urns.has(r.urn), `${file}[${i}]: duplicate urn ${r.urn}`);
        urns.add(r.urn);
        return {
            ...r,
            outputs: r.outputs ?? r.inputs,
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
        };
    });
}

/** Counts what an analysis found, so a test can show its corpus was not vacuous. */
export function tally(a: StackAnalysis): { diagnostics: number; notApplicable: number; policies: Set<string> } {
    const all = [...a.resources, a.stack];
    const policies = new Set(all.flatMap(r => r.diagnostics.map(d => d.policyName)));
    return {
        diagnostics: all.reduce((n, r) => n + r.diagnostics.length, 0),
        notApplicable: all.reduce((n, r) => n + r.notApplicable.length, 0),
        policies,
    };
}
