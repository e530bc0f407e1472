import * as assert from "node:assert/strict";
import { InvalidArgsError } from "../../components/args";
import { STACK_LAYERS, StackStage, resolveStackStageArgs } from "../../components/stage";
import { TOKENS } from "../../components/tokens";
import { created, runComponent, runExpectingError } from "../helpers/component";

describe("StackStage", () => {
    it("registers the declared layers as its inputs under hardened:program:StackStage", async () => {
        const run = await runComponent(() => new StackStage("stage", { layers: ["baseline", "cluster"] }));
        const marker = created(run.resources).filter(r => r.type === TOKENS.stackStage);
        assert.equal(TOKENS.stackStage, "hardened:program:StackStage");
        assert.equal(marker.length, 1);
        // Normalised to build order, so the pack reads one form.
        assert.deepEqual(marker[0].inputs["layers"], ["cluster", "baseline"]);
        assert.deepEqual(run.violations, []);
    });

    it("accepts every non-empty subset of the layers", () => {
        for (let mask = 1; mask < 1 << STACK_LAYERS.length; mask++) {
            const layers = STACK_LAYERS.filter((_, i) => mask & (1 << i));
            assert.deepEqual(resolveStackStageArgs({ layers }).layers, layers);
        }
    });

    for (const [what, args, path] of [
        ["no layers", { layers: [] }, "`layers`"],
        ["a missing list", {}, "`layers`"],
        ["a string instead of a list", { layers: "cluster" }, "`layers`"],
        ["an unknown layer", { layers: ["cluster", "addons"] }, "`layers[1]`"],
        ["a repeated layer", { layers: ["cluster", "cluster"] }, "`layers[1]`"],
    ] as const) {
        it(`refuses ${what}, naming ${path}, and registers nothing`, async () => {
            const { error, resources } = await runExpectingError(() => new StackStage("stage", args as never));
            assert.ok(error instanceof InvalidArgsError, String(error));
            assert.equal(error.problems.length, 1, error.problems.join("\n"));
            assert.ok(error.problems[0].startsWith(path), error.problems[0]);
            assert.deepEqual(created(resources), []);
        });
    }
});
