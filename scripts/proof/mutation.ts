/**
 * Mutation testing of the pack over what our components register: every property a policy reads
 * is mutated towards insecure values, one at a time, and the pack must report something it did
 * not report before. A survivor is either a gap to fix or a mutation explained as no weakening.
 */
import { controlOfPolicy } from "../../components/controls";
import { POLICIES } from "../../policy-pack/policies";
import { PACK_NAME } from "../../policy-pack/pack";
import { InProcessEngine } from "../../cli/engine/in-process";
import { AnalyzeResult, EngineResource, PackConfig } from "../../cli/engine/model";
import { reconcileConfig } from "../../cli/engine/config";
import { explain } from "./explanations";
import { Mutation, applyMutation, mutationsAt, withTokenVariant } from "./mutate";
import { variantsOf } from "../../policy-pack/lib/type-tokens";
import { SurfacePath, securitySurface } from "./surface";

export interface MutationOutcome {
    readonly mutation: Mutation;
    readonly type: string;
    readonly controls: readonly string[];
    readonly caught: boolean;
    /** Why a survivor is no weakening, when it is explained. */
    readonly explanation?: string;
}

export interface ControlScore {
    tried: number;
    caught: number;
    explained: number;
    survivors: MutationOutcome[];
}

function fingerprints(urn: string, result: AnalyzeResult, into: Set<string>): void {
    for (const d of result.diagnostics) {
        into.add(`${d.urn ?? urn}|${d.policyName}|${d.enforcementLevel}|${d.message}`);
    }
}

/** Only the leaves and the objects on the way: no index-free duplicates, no array lengths. */
function candidatePaths(byPath: ReadonlyMap<string, SurfacePath>): SurfacePath[] {
    return [...byPath.values()].filter(p => p.path.every(step => typeof step === "string" || Number.isInteger(step)));
}

export interface MutationRun {
    readonly outcomes: MutationOutcome[];
    readonly byControl: Map<string, ControlScore>;
}

/**
 * Runs every mutation of every surface path of every resource of `stack` (or those `select`
 * keeps), against the pack with `configFile`.
 */
export async function runMutations(
    stack: readonly EngineResource[],
    options: { configFile?: unknown; select?: (m: Mutation, index: number) => boolean } = {},
): Promise<MutationRun> {
    const config: PackConfig = reconcileConfig(POLICIES, options.configFile);
    const engine = new InProcessEngine({ name: PACK_NAME, version: "0.0.0" }, POLICIES);
    const surface = await securitySurface(stack, POLICIES, options.configFile);

    const base = await engine.analyze(stack, config);
    const baseline = new Set<string>();
    stack.forEach((r, i) => fingerprints(r.urn, base.resources[i], baseline));
    fingerprints("stack", base.stack, baseline);

    const outcomes: MutationOutcome[] = [];
    let counter = 0;
    for (let i = 0; i < stack.length; i++) {
        const resource = stack[i];
        const byPath = surface.get(resource.urn);
        if (!byPath) continue;
        for (const sp of candidatePaths(byPath)) {
            const controls = [...new Set([...sp.policies].map(p => controlOfPolicy(p)?.id ?? p))].sort();
            for (const mutation of mutationsAt(resource, sp.path)) {
                if (options.select && !options.select(mutation, counter++)) continue;
                const mutated = applyMutation(resource, mutation);
                const stackAfter = stack.map((r, j) => (j === i ? mutated : r));
                const seen = new Set<string>();
                fingerprints(resource.urn, await engine.analyzeResource(mutated, config), seen);
                fingerprints("stack", await engine.analyzeStack(stackAfter, config), seen);
                const caught = [...seen].some(f => !baseline.has(f));
                const explanation = caught ? undefined : explain(resource.type, mutation, resource.inputs, mutated.inputs, stackAfter);
                outcomes.push({ mutation, type: resource.type, controls, caught, ...(explanation ? { explanation } : {}) });
            }
        }
    }
    const byControl = new Map<string, ControlScore>();
    for (const o of outcomes) {
        for (const control of o.controls) {
            let score = byControl.get(control);
            if (!score) byControl.set(control, (score = { tried: 0, caught: 0, explained: 0, survivors: [] }));
            score.tried++;
            if (o.caught) score.caught++;
            else if (o.explanation) score.explained++;
            else score.survivors.push(o);
        }
    }
    return { outcomes, byControl };
}

/** Caught over tried, leaving out explained survivors; 1 when nothing was tried. */
export function scoreOf(s: ControlScore): number {
    const relevant = s.tried - s.explained;
    return relevant === 0 ? 1 : s.caught / relevant;
}

export interface VariantOutcome {
    readonly urn: string;
    readonly describe: string;
    /** How many findings the resource has under its own token. */
    readonly findings: number;
    /** Findings of the resource as registered that its variant lacks, and the reverse. */
    readonly missing: readonly string[];
    readonly extra: readonly string[];
}

/**
 * Registers every resource of `stack` under every other token of its type (type-tokens.ts
 * `variantsOf`) and compares the pack's findings with the original's: a variant must give the
 * same findings, its URN read back as the original's.
 */
export async function runTokenVariants(stack: readonly EngineResource[], options: { configFile?: unknown } = {}): Promise<VariantOutcome[]> {
    const config: PackConfig = reconcileConfig(POLICIES, options.configFile);
    const engine = new InProcessEngine({ name: PACK_NAME, version: "0.0.0" }, POLICIES);
    const base = await engine.analyze(stack, config);
    const outcomes: VariantOutcome[] = [];
    for (let i = 0; i < stack.length; i++) {
        const original = stack[i];
        const expected = new Set<string>();
        fingerprints(original.urn, base.resources[i], expected);
        fingerprints("stack", base.stack, expected);
        for (const variant of variantsOf(original.type)) {
            const v = withTokenVariant(stack, i, variant);
            const seen = new Set<string>();
            fingerprints(v.resource.urn, await engine.analyzeResource(v.resource, config), seen);
            fingerprints("stack", await engine.analyzeStack(v.stack, config), seen);
            // The variant's URN differs only in its type: read it back as the original's.
            const actual = new Set([...seen].map(f => f.split(v.resource.urn).join(original.urn)));
            outcomes.push({
                urn: original.urn,
                describe: v.describe,
                findings: [...expected].filter(f => f.startsWith(`${original.urn}|`)).length,
                missing: [...expected].filter(f => !actual.has(f)),
                extra: [...actual].filter(f => !expected.has(f)),
            });
        }
    }
    return outcomes;
}
