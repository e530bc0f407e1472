import { strict as assert } from "assert";
import { hardenedManifests, plannedStacks, ProofStack } from "../../scripts/proof/corpus";
import { MutationRun, runMutations } from "../../scripts/proof/mutation";

/** The unexplained survivors of a run, as readable lines. */
function survivorsOf(stack: ProofStack, run: MutationRun): string[] {
    return run.outcomes.filter(o => !o.caught && !o.explanation).map(o => `${stack.name}: ${o.type} ${o.mutation.describe}`);
}

describe("mutation proof: nothing weakened goes unnoticed", () => {
    it("reports every mutation of every property the pack reads of the hardened manifests", async () => {
        const stack = hardenedManifests();
        const run = await runMutations(stack.resources);
        assert.ok(run.outcomes.length > 1000, `only ${run.outcomes.length} mutations tried`);
        assert.ok(run.outcomes.filter(o => o.caught).length > 500);
        assert.deepEqual(survivorsOf(stack, run), []);
    });

    it("reports a sample of the mutations of every example stack as planned", async () => {
        const stacks = await plannedStacks();
        assert.ok(stacks.length >= 7, `only ${stacks.length} example stacks`);
        const survivors: string[] = [];
        for (const stack of stacks) {
            // Every 5th mutation, offset by the stack's position: bounded, and different properties per stack.
            const offset = stacks.indexOf(stack);
            const run = await runMutations(stack.resources, { select: (_, i) => (i + offset) % 5 === 0 });
            assert.ok(run.outcomes.length > 100, `${stack.name}: only ${run.outcomes.length} mutations tried`);
            survivors.push(...survivorsOf(stack, run));
        }
        assert.deepEqual(survivors, []);
    });

    it("catches a weakening that the surface reaches, and does not explain it away", async () => {
        const stack = hardenedManifests();
        const run = await runMutations(stack.resources, { select: m => m.describe.includes("readOnlyRootFilesystem: true -> false") });
        assert.ok(run.outcomes.length >= 3);
        assert.ok(run.outcomes.every(o => o.caught && !o.explanation));
    });
});
