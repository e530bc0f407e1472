import * as assert from "node:assert/strict";
import { Report, Summary } from "../../../cli/report/model";
import { summaryLine } from "../../../cli/report/text";

function reportWith(summary: Partial<Summary>): Report {
    const base: Summary = { resources: 3, judged: 3, notJudged: 0, kindsNotJudged: [], namespacesNotVerified: [], violations: 0, mandatory: 0, advisory: 0, exempted: 0, unknown: 0, stages: [] };
    return { tool: { name: "hcb", version: "0" }, summary: { ...base, ...summary }, resources: [], stack: [] };
}

describe("the text report's summary line", () => {
    it("agrees in number with one violation and with several", () => {
        assert.equal(summaryLine(reportWith({ violations: 1, advisory: 1 })), "PASS: 3 resources judged, 1 violation (0 mandatory, 1 advisory), 0 exempted");
        assert.equal(summaryLine(reportWith({ violations: 2, mandatory: 2 })), "FAIL: 3 resources judged, 2 violations (2 mandatory, 0 advisory), 0 exempted");
        assert.equal(summaryLine(reportWith({})), "PASS: 3 resources judged, 0 violations (0 mandatory, 0 advisory), 0 exempted");
    });
});
