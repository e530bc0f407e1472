import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHECKLIST, CONTROLS } from "../../components/controls";
import { BEGIN, END, checklistTable, withTable } from "../../scripts/docs";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("README checklist table", () => {
    it("is the table generated from the catalogue (run `npm run docs` after changing a control)", () => {
        assert.equal(README, withTable(README));
    });

    it("has one row per checklist line, and every line is built by a control with a policy or held by a named test", () => {
        const table = README.slice(README.indexOf(BEGIN), README.indexOf(END));
        for (const line of CHECKLIST) {
            assert.ok(table.includes(`| ${line} |`), line);
            const policies = CONTROLS.filter(c => c.checklist === line).flatMap(c => c.policies);
            if (policies.length === 0) {
                assert.match(table, new RegExp(`\\| ${line} \\|[^\\n]*\\| none: test/`), `${line} is refused by no policy and held by no test`);
            }
        }
        assert.equal(checklistTable().split("\n").length, CHECKLIST.length + 2);
    });

    it("names the mandatory checklist policies of the four lines this project enforces", () => {
        for (const [line, policy] of [
            ["external secrets manager", "k8s-stack-require-external-secrets"],
            ["image signing and verification", "k8s-stack-require-image-verification"],
            ["runtime protection", "k8s-stack-require-runtime-detection"],
            ["service-to-service mTLS", "k8s-namespace-require-mesh-mtls"],
        ]) {
            assert.match(checklistTable(), new RegExp(`\\| ${line} \\|[^\\n]*\`${policy}\` \\(mandatory\\)`));
        }
    });
});
