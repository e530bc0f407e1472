/**
 * The report's statement of each stack's stage (issue 17: how the pack knew, reported in the
 * summary): from the pack config's `layers`, the StackStage marker, or the strict default, in
 * hcb's text, JSON and SARIF reports.
 */
import * as assert from "node:assert/strict";
import { EngineResource, PackConfig } from "../../../../cli/engine/model";
import { ReportBuilder } from "../../../../cli/report/model";
import { renderSarif } from "../../../../cli/report/sarif";
import { renderText } from "../../../../cli/report/text";
import { TOKENS } from "../../../../components/tokens";
import { POLICIES } from "../../../../policy-pack/policies";
import { STAGED_POLICIES, stageStatements } from "../../../../policy-pack/policies/checklist/stage-summary";

function resource(type: string, name: string, inputs: Record<string, unknown> = {}): EngineResource {
    return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, inputs, outputs: inputs, dependencies: [], propertyDependencies: {} };
}

const CLUSTER = resource(TOKENS.gkeCluster, "gke");
const BASELINE = resource(TOKENS.clusterBaseline, "baseline");
const marker = (layers: unknown) => resource(TOKENS.stackStage, "stage", { layers });
const layersConfig = (policies: readonly string[], layers: string[]): PackConfig => Object.fromEntries(policies.map(p => [p, { enforcementLevel: "mandatory", properties: { layers } }]));

describe("stageStatements", () => {
    it("names every policy that takes `layers`", () => {
        const staged = POLICIES.filter(p => (p.configSchema?.properties as Record<string, unknown> | undefined)?.["layers"] !== undefined).map(p => p.name).sort();
        assert.deepEqual([...STAGED_POLICIES].sort(), staged);
    });

    it("says the strict default for a cluster with no declared stage", () => {
        assert.deepEqual(stageStatements("gke", [CLUSTER], undefined), [
            { stack: "gke", layers: ["cluster", "baseline"], from: "strict default", source: "the strict default: the stack holds a cluster and declares no stage" },
        ]);
    });

    it("says the StackStage marker when the program registers one", () => {
        assert.deepEqual(stageStatements("gke-byo", [CLUSTER, marker(["cluster"])], {}), [{ stack: "gke-byo", layers: ["cluster"], from: "StackStage marker", source: "the StackStage marker" }]);
    });

    it("says the pack config when every checklist policy sets `layers`, over the marker", () => {
        const [s] = stageStatements("gke", [CLUSTER, marker(["cluster"])], layersConfig(STAGED_POLICIES, ["cluster", "baseline"]));
        assert.deepEqual([s.layers, s.from, s.policies], [["cluster", "baseline"], "pack config `layers`", undefined]);
    });

    it("reports the policies apart when their `layers` settings differ", () => {
        const statements = stageStatements("gke", [CLUSTER, BASELINE], layersConfig(["k8s-stack-require-runtime-detection"], ["cluster"]));
        assert.deepEqual(
            statements.map(s => [s.from, s.layers, s.policies]),
            [
                ["pack config `layers`", ["cluster"], ["k8s-stack-require-runtime-detection"]],
                ["strict default", ["cluster", "baseline"], STAGED_POLICIES.filter(p => p !== "k8s-stack-require-runtime-detection")],
            ],
        );
    });

    it("says a marker that hides the baseline the stack holds is not trusted", () => {
        const [s] = stageStatements("gke", [CLUSTER, BASELINE, marker(["cluster"])], undefined);
        assert.equal(s.from, "strict default");
        assert.match(s.malformed ?? "", /declares cluster, but the stack holds a ClusterBaseline/);
    });
});

describe("the report states each stack's stage", () => {
    const report = (() => {
        const builder = new ReportBuilder(POLICIES, "0.0.0");
        const resources = [CLUSTER, marker(["cluster"])].map((r, index) => ({ ...r, source: "gke-byo", index }));
        builder.add({ name: "gke-byo", format: "program", resources }, { resources: resources.map(() => ({ diagnostics: [] })), stack: { diagnostics: [] } } as never, {});
        return builder.build();
    })();

    it("in the JSON summary", () => {
        assert.deepEqual(report.summary.stages, [{ stack: "gke-byo", layers: ["cluster"], from: "StackStage marker", source: "the StackStage marker" }]);
    });

    it("in the text report, before the summary line", () => {
        const lines = renderText(report).trimEnd().split("\n");
        assert.ok(lines.includes("Stage of gke-byo: cluster (from the StackStage marker)"), lines.join("\n"));
        assert.match(lines[lines.length - 1], /^PASS: /);
    });

    it("in the SARIF run's properties", () => {
        const sarif = JSON.parse(renderSarif(report)) as { runs: { properties: { stages: unknown } }[] };
        assert.deepEqual(sarif.runs[0].properties.stages, report.summary.stages);
    });
});
