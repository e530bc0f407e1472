/** The table-driven runner shared by the check specs. */
import * as assert from "node:assert/strict";
import { Level, evaluatePod } from "../../../../policy-pack/lib/pss";
import { TestPod } from "./fixtures";

/** One case: a tweaked pod judged at a level and version, and the exact failures expected. */
export interface Case {
  readonly name: string;
  readonly level: Level;
  readonly version: string;
  readonly pod: TestPod;
  /** [check id, reason, detail] in upstream order; empty when the pod is allowed. */
  readonly expect: ReadonlyArray<readonly [string, string, string]>;
}

/** Registers one mocha test per case, asserting every failure and that no other check failed. */
export function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(`${c.name} (${c.level}:${c.version})`, () => {
      const result = evaluatePod(c.level, c.version, c.pod.metadata, c.pod.spec);
      const actual = result.failures.map((f) => [f.id, f.reason, f.detail]);
      assert.deepEqual(actual, c.expect);
      assert.equal(result.allowed, c.expect.length === 0);
    });
  }
}
