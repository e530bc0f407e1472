import { strict as assert } from "assert";
import { hardenedManifests, plannedStacks, ProofStack, weakenedManifests } from "../../scripts/proof/corpus";
import { MutationRun, runMutations, runTokenVariants } from "../../scripts/proof/mutation";

/** The unexplained survivors of a run, as readable lines. */
function survivorsOf(stack: ProofStack, run: MutationRun): string[] {
    return run.outcomes.filter(o => !o.caught && !o.explanation).map(o => `${stack.name}: ${o.type} ${o.mutation.describe}`);
}

/** The example stacks, planned once for the whole spec (planning takes most of its time). */
let planning: Promise<ProofStack[]> | undefined;
function planned(): Promise<ProofStack[]> {
    return (planning ??= plannedStacks());
}

describe("mutation proof: nothing weakened goes unnoticed", function () {
    // Planning every example stack under the mock runtime takes ~25 s alone on a shared machine.
    this.timeout(300_000);

    it("reports every mutation of every property the pack reads of the hardened manifests", async () => {
        const stack = hardenedManifests();
        const run = await runMutations(stack.resources);
        assert.ok(run.outcomes.length > 1000, `only ${run.outcomes.length} mutations tried`);
        assert.ok(run.outcomes.filter(o => o.caught).length > 500);
        assert.deepEqual(survivorsOf(stack, run), []);
    });

    it("reports a sample of the mutations of every example stack as planned", async () => {
        const stacks = await planned();
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

    it("judges every resource alike under every other token of its type, secure or weakened", async () => {
        const differences: string[] = [];
        let tried = 0;
        let withFindings = 0;
        let fromStacks = 0;
        for (const stack of [hardenedManifests(), weakenedManifests(), ...(await planned())]) {
            for (const o of await runTokenVariants(stack.resources)) {
                tried++;
                if (o.findings > 0) withFindings++;
                if (stack.name.startsWith("stack ")) fromStacks++;
                if (o.missing.length + o.extra.length > 0) {
                    differences.push(`${stack.name}: ${o.urn} ${o.describe}: missing ${JSON.stringify(o.missing)}, extra ${JSON.stringify(o.extra)}`);
                }
            }
        }
        assert.ok(tried > 50, `only ${tried} variants tried`);
        assert.ok(fromStacks > 20, `only ${fromStacks} variants of the example stacks' resources`);
        assert.ok(withFindings > 3, `only ${withFindings} variants of resources with findings`);
        assert.deepEqual(differences, []);
    });
});
