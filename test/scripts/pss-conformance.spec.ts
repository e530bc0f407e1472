import * as assert from "node:assert/strict";
import { judgeIndexed } from "../../scripts/pss-conformance";
import { sharedInput } from "../helpers/shared";

describe("scripts/pss-conformance (upstream Pod Security fixtures)", () => {
    it("agrees with every upstream fixture at its own level and version, in verdict, message and checks", () => {
        const outcomes = judgeIndexed(sharedInput("pss-fixtures"));
        // The count is the fixtures README's (4,537 files): a missing or partial copy fails here.
        assert.equal(outcomes.length, 4537);
        const problems = outcomes.filter(o => o.problem !== undefined).map(o => `${o.file}: ${o.problem}`);
        assert.deepEqual(problems, []);
    });
});
