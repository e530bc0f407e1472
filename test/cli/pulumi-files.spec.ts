/**
 * Preview files as `pulumi preview --json` writes them, read as the engine would analyse the
 * same update (facts and sources: cli/inputs/pulumi-files.ts).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPreview, stateResources } from "../../cli/inputs/pulumi-files";
import { hcb } from "../helpers/hcb";

const STACK = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev";
const PROVIDER = "urn:pulumi:dev::shop::pulumi:providers:kubernetes::k8s";

function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::shop::${type}::${name}`;
}

function step(op: string, type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const urn = urnOf(type, name);
    return { op, urn, newState: { urn, custom: true, type, inputs, parent: STACK, provider: `${PROVIDER}::id`, ...extra } };
}

const root = (op: string) => ({ op, urn: STACK, newState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" } });
const provider = (op: string, inputs: Record<string, unknown> = { version: "4.34.2" }) => ({
    op,
    urn: PROVIDER,
    newState: { urn: PROVIDER, custom: true, type: "pulumi:providers:kubernetes", inputs, parent: STACK },
});

const NAMESPACE = (name: string) =>
    step("create", "kubernetes:core/v1:Namespace", name, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
const DENY_ALL = (op: string, ns: string) =>
    step(op, "kubernetes:networking.k8s.io/v1:NetworkPolicy", `${ns}-deny`, {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "default-deny", namespace: ns },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
const PRIVILEGED_POD = (op: string, ns: string) =>
    step(op, "kubernetes:core/v1:Pod", `${ns}-debug`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "debug", namespace: ns },
        spec: { containers: [{ name: "shell", image: "busybox", securityContext: { privileged: true } }] },
    });

function preview(steps: unknown[]): Record<string, unknown> {
    return { steps, diagnostics: [], duration: 1 };
}

describe("readPreview", () => {
    it("drops top-level `__` keys from inputs, outputs and provider inputs, and keeps nested ones", () => {
        const ns = step("create", "kubernetes:core/v1:Namespace", "a", { __defaults: ["metadata"], metadata: { name: "a", __kept: 1 } }, { outputs: { __meta: "x", kind: "Namespace" } });
        const { resources } = readPreview("p.json", preview([root("create"), provider("create", { __internal: true, version: "4" }), ns]));
        const r = resources.find(x => x.urn === ns.urn)!;
        assert.deepEqual(r.inputs, { metadata: { name: "a", __kept: 1 } });
        assert.deepEqual(r.outputs, { kind: "Namespace" });
        assert.deepEqual(r.provider?.inputs, { version: "4" });
    });

    it("drops `__` keys from state files too", () => {
        const urn = urnOf("kubernetes:core/v1:Namespace", "a");
        const resources = stateResources("s.json", { deployment: { resources: [{ urn, type: "kubernetes:core/v1:Namespace", inputs: { __defaults: [], a: 1 }, outputs: { __x: 1, b: 2 } }] } });
        assert.deepEqual([resources[0].inputs, resources[0].outputs], [{ a: 1 }, { b: 2 }]);
    });

    it("leaves out read steps and says so", () => {
        const { resources, warnings } = readPreview("p.json", preview([root("create"), provider("create"), NAMESPACE("team"), DENY_ALL("read", "team"), PRIVILEGED_POD("read", "team")]));
        assert.deepEqual(resources.map(r => r.name), ["shop-dev", "k8s", "team"]);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /^p\.json: 2 resources read with `\.get\(\)` \(`read` steps\) are not checked/);
    });

    it("keeps one resource per URN through a replacement, with its last state at its first place, and skips deletions", () => {
        const before = PRIVILEGED_POD("create-replacement", "team");
        const after = { ...PRIVILEGED_POD("replace", "team") };
        (after.newState as Record<string, unknown>)["protect"] = true;
        const gone = { op: "delete-replaced", urn: before.urn, oldState: before.newState };
        const { resources } = readPreview("p.json", preview([root("same"), provider("same"), before, NAMESPACE("team"), after, gone]));
        assert.deepEqual(resources.map(r => r.name), ["shop-dev", "k8s", "team-debug", "team"]);
        assert.equal(resources[2].protect, true);
    });

    it("warns when an existing stack's preview lists no unchanged resource (no --show-sames)", () => {
        const { warnings } = readPreview("p.json", preview([root("same"), NAMESPACE("team")]));
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /lists no unchanged \(`same`\) resource: .*`pulumi preview --json --show-sames`/);
    });

    it("does not warn for a new stack, nor when unchanged resources are listed", () => {
        assert.deepEqual(readPreview("p.json", preview([root("create"), provider("create"), NAMESPACE("team")])).warnings, []);
        assert.deepEqual(readPreview("p.json", preview([root("same"), provider("same"), NAMESPACE("team")])).warnings, []);
    });
});

describe("hcb check on a preview with read steps", () => {
    it("judges neither the read resources nor with them: a read default deny does not cover a namespace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-preview-"));
        const file = path.join(dir, "preview.json");
        fs.writeFileSync(file, JSON.stringify(preview([root("create"), provider("create"), NAMESPACE("team"), DENY_ALL("read", "team"), PRIVILEGED_POD("read", "team")])));
        const r = hcb(["check", "--format", "json", file]);
        const report = JSON.parse(r.stdout) as { resources: { name: string; violations: { policy: string }[] }[] };
        assert.deepEqual(report.resources.map(x => x.name), ["shop-dev", "k8s", "team"]);
        const team = report.resources.find(x => x.name === "team")!;
        assert.ok(team.violations.some(v => v.policy === "k8s-namespace-require-default-deny"), JSON.stringify(team.violations));
        assert.match(r.stderr, /hcb: warning: .*2 resources read with `\.get\(\)`/);

        // The same default deny, registered, covers the namespace: the case above is no accident.
        fs.writeFileSync(file, JSON.stringify(preview([root("create"), provider("create"), NAMESPACE("team"), DENY_ALL("create", "team")])));
        const covered = JSON.parse(hcb(["check", "--format", "json", file]).stdout) as typeof report;
        assert.ok(!covered.resources.find(x => x.name === "team")!.violations.some(v => v.policy === "k8s-namespace-require-default-deny"));
    });
});
