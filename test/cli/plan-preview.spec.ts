/**
 * `hcb plan --format preview` writes what the program would create as `pulumi preview --json`
 * does, and `hcb check` reads it back to the same results, for every example stack.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack } from "../../cli/commands/plan";
import { reconcileConfig } from "../../cli/engine/config";
import { InProcessEngine } from "../../cli/engine/in-process";
import { EngineResource } from "../../cli/engine/model";
import { UNKNOWN_STRING } from "../../cli/engine/wire";
import { previewDocumentOf } from "../../cli/inputs/preview-document";
import { readPreview } from "../../cli/inputs/pulumi-files";
import { listStacks } from "../../cli/plan/stacks";
import { packVersion } from "../../cli/paths";
import { PACK_NAME } from "../../policy-pack/pack";
import { POLICIES } from "../../policy-pack/policies";
import { ROOT, hcb } from "../helpers/hcb";

const PROGRAM = path.join(ROOT, "dist", "index.js");
const engine = new InProcessEngine({ name: PACK_NAME, version: packVersion() }, POLICIES);
const DEFAULTS = reconcileConfig(POLICIES, undefined);
const MANDATORY = reconcileConfig(POLICIES, { all: "mandatory" });

/** Through the file: written, serialised, parsed and read as `hcb check` reads it. */
function roundTrip(resources: readonly EngineResource[]): EngineResource[] {
    const text = JSON.stringify(previewDocumentOf(resources), null, 4);
    return readPreview("plan.json", JSON.parse(text)).resources;
}

/** A privileged pod in the stack's first namespace-scoped place, so that findings exist to compare. */
function withPrivilegedPod(resources: readonly EngineResource[]): EngineResource[] {
    const rootUrn = resources.find(r => r.type === "pulumi:pulumi:Stack")!.urn;
    const stackPart = rootUrn.split("::")[0].slice("urn:pulumi:".length);
    const urn = `urn:pulumi:${stackPart}::hardened-cluster-blueprint::kubernetes:core/v1:Pod::debug`;
    const inputs = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "debug", namespace: UNKNOWN_STRING },
        spec: { hostNetwork: true, containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }] },
    };
    return [...resources, { type: "kubernetes:core/v1:Pod", name: "debug", urn, parent: rootUrn, inputs, outputs: inputs, dependencies: [], propertyDependencies: { metadata: [] } }];
}

describe("hcb plan --format preview", function () {
    this.timeout(300_000);
    // Planned in each stack's own test, so that one stack the program refuses hides no other.
    const planned = new Map<string, Promise<EngineResource[]>>();
    const plannedOf = (name: string) => {
        if (!planned.has(name)) {
            planned.set(name, planStack(ROOT, PROGRAM, name).then(p => [...p.stack.resources]));
        }
        return planned.get(name)!;
    };

    it("has example stacks to plan", () => {
        assert.ok(listStacks(ROOT).length >= 7, listStacks(ROOT).join(", "));
    });

    for (const name of listStacks(ROOT)) {
        it(`reads stack ${name} back to the same resources and the same analysis`, async () => {
            const resources = await plannedOf(name);
            const back = roundTrip(resources);
            const shape = (rs: readonly EngineResource[]) => rs.map(r => [r.urn, r.type, r.name, r.parent ?? "", r.provider?.urn ?? "", r.protect ?? false, r.dependencies.join(",")]);
            assert.deepEqual(shape(back), shape(resources));
            for (const config of [DEFAULTS, MANDATORY]) {
                assert.deepEqual(await engine.analyze(back, config), await engine.analyze(resources, config));
            }
        });

        it(`reads stack ${name} back with a privileged pod to the same findings`, async () => {
            const resources = withPrivilegedPod(await plannedOf(name));
            const expected = await engine.analyze(resources, DEFAULTS);
            const findings = expected.resources.flatMap(r => r.diagnostics).length;
            assert.ok(findings > 0, "the pod raises findings to compare");
            assert.deepEqual(await engine.analyze(roundTrip(resources), DEFAULTS), expected);
        });
    }

    it("writes a file `hcb check` reads to the report `hcb plan` gives", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-plan-preview-"));
        const file = path.join(dir, "gke.json");
        // gke: a stack the program plans whole (cluster and baseline).
        const written = hcb(["plan", "--stack", "gke", "--format", "preview", "--out", file]);
        assert.equal(written.code, 0, written.stderr);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        assert.ok(doc.steps.length > 10 && doc.steps.every((s: { op: string; newState: { inputs: unknown } }) => s.op === "create" && s.newState.inputs !== undefined));
        assert.equal(doc.changeSummary.create, doc.steps.length);
        const checked = hcb(["check", "--format", "json", file]);
        const plannedReport = hcb(["plan", "--stack", "gke", "--format", "json"]);
        assert.equal(checked.code, plannedReport.code);
        const byUrn = (out: string) => (JSON.parse(out) as { resources: { urn: string; violations: unknown[] }[] }).resources.map(r => [r.urn, r.violations]);
        assert.deepEqual(byUrn(checked.stdout), byUrn(plannedReport.stdout));
        assert.equal(checked.stderr, "", "a new stack's preview needs no --show-sames warning");
    });

    it("refuses --format preview without --out", () => {
        const r = hcb(["plan", "--stack", "gke", "--format", "preview"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--format preview needs --out FILE/);
    });
});
