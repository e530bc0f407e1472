import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, hcb, hcbJson, policiesOf } from "../helpers/hcb";

const HARDENED = path.join(FIXTURES, "manifests", "hardened");
const WEAKENED = path.join(FIXTURES, "manifests", "weakened");
const PREVIEW = path.join(FIXTURES, "pulumi", "preview.json");
const STATE = path.join(FIXTURES, "pulumi", "state.json");

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "hcb-check-"));
}

function write(dir: string, name: string, text: string | Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

describe("hcb check", () => {
    describe("on manifests", () => {
        it("passes the hardened set with every resource listed and clean", () => {
            const { code, report } = hcbJson(["check", HARDENED]);
            assert.equal(code, 0);
            assert.equal(report.tool.name, "hcb");
            assert.equal(report.summary.resources, 8);
            const { stages, ...counts } = report.summary;
            assert.deepEqual(counts, { resources: 8, judged: 8, notJudged: 0, kindsNotJudged: [], namespacesNotVerified: [], violations: 0, mandatory: 0, advisory: 0, exempted: 0, unknown: 0 });
            // Manifests hold no cluster and no baseline: the checklist policies judge them as applications.
            assert.deepEqual(stages.map(s => [s.layers, s.from]), [[["applications"], "no cluster in the stack"]]);
            assert.ok(report.resources.every(r => r.violations.length === 0));
            const kinds = report.resources.map(r => r.type.split(":")[2]).sort();
            assert.deepEqual(kinds, ["CronJob", "Deployment", "Namespace", "NetworkPolicy", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount"]);
        });

        it("expands List kinds and locates each item at its line", () => {
            const { report } = hcbJson(["check", path.join(HARDENED, "rbac.json")]);
            assert.deepEqual(report.resources.map(r => [r.type, r.line]), [
                ["kubernetes:rbac.authorization.k8s.io/v1:Role", 5],
                ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", 14],
            ]);
        });

        it("holds a pod whose namespace is not among the inputs to restricted at latest", () => {
            const { code, report } = hcbJson(["check", path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(code, 1);
            assert.deepEqual(policiesOf(report, "ops/debug"), [
                // Its namespace `ops` is not among the inputs: said once, on its first workload.
                "k8s-namespace-require-verified-controls",
                "k8s-workload-disallow-token-automount",
                "k8s-workload-require-image-digest",
                "k8s-workload-require-read-only-root-filesystem",
                "k8s-workload-require-resource-limits",
                "pss-disallow-host-namespaces",
                "pss-disallow-privilege-escalation",
                "pss-disallow-privileged",
                "pss-require-drop-all-capabilities",
                "pss-require-run-as-non-root",
                "pss-require-seccomp-profile",
            ]);
            const pod = report.resources[0];
            assert.equal(pod.line, 2);
            assert.match(pod.violations.find(v => v.policy === "pss-disallow-privileged")!.message, /PodSecurity "restricted:latest": privileged \(container "shell"/);
        });

        it("applies --pod-security and --pod-security-version to namespaces not among the inputs", () => {
            const { report } = hcbJson(["check", "--only", "pss", "--pod-security", "baseline", "--pod-security-version", "v1.24", path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.deepEqual(policiesOf(report, "ops/debug"), ["pss-disallow-host-namespaces", "pss-disallow-privileged"]);
            assert.match(report.resources[0].violations[0].message, /"baseline:v1\.24"/);
        });

        it("restricts the run to the controls named by --only", () => {
            const { report } = hcbJson(["check", "--only", "k8s-rbac", WEAKENED]);
            const reported = new Set(report.resources.flatMap(r => r.violations.map(v => v.control)));
            assert.ok(reported.size > 0);
            assert.ok([...reported].every(c => c.startsWith("k8s-rbac")), [...reported].join(", "));
            // ci-deployer's */*/* rule is reported once, by the wildcard policy (it names what the rule includes).
            assert.deepEqual(policiesOf(report, "ci-deployer"), ["k8s-rbac-disallow-wildcards"]);
            assert.deepEqual(policiesOf(report, "everyone-admin"), ["k8s-rbac-disallow-anonymous-bindings", "k8s-rbac-restrict-cluster-admin-bindings"]);
        });

        it("flags an external load balancer as advisory and exits 0 when nothing mandatory remains", () => {
            const { code, report } = hcbJson(["check", path.join(WEAKENED, "service.yaml")]);
            assert.equal(code, 0);
            const { stages, ...counts } = report.summary;
            assert.equal(stages.length, 1, "one input, one stage statement");
            assert.deepEqual(counts, { resources: 1, judged: 1, notJudged: 0, kindsNotJudged: [], namespacesNotVerified: [], violations: 1, mandatory: 0, advisory: 1, exempted: 0, unknown: 0 });
            assert.equal(report.resources[0].violations[0].policy, "k8s-service-restrict-external-exposure");
        });

        it("reports an exempted finding as exempted, with its justification, and no longer fails on it", () => {
            const dir = tempDir();
            const justification = "Break-glass debug pod, reviewed in SEC-1234, removed after the incident.";
            // Exemptions live per policy: the engine gives `all` nothing but its level.
            const raised = policiesOf(hcbJson(["check", path.join(WEAKENED, "privileged-pod.yaml")]).report, "ops/debug");
            assert.equal(raised.length, 11);
            const config = write(dir, "policy.json", JSON.stringify(Object.fromEntries(raised.map(p => [p, { exemptions: [{ name: "ops/*", justification }] }]))));
            const { code, report } = hcbJson(["check", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(code, 0);
            const findings = report.resources[0].violations;
            assert.equal(findings.length, 11);
            assert.ok(findings.every(f => f.exempted === true && f.level === "advisory" && f.justification === justification));
            assert.equal(report.summary.exempted, 11);
            assert.equal(report.summary.mandatory, 0);
        });

        it("does not exempt on a justification too short to explain anything", () => {
            const dir = tempDir();
            const config = write(dir, "policy.json", JSON.stringify({ "pss-disallow-privileged": { exemptions: [{ name: "ops/*", justification: "ok" }] } }));
            const r = hcb(["check", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /validating policy config: hardened-cluster-blueprint [^ ]+  pss-disallow-privileged: exemptions\.0\.justification: String length must be greater than or equal to 20/);
        });

        it("refuses exemptions under `all` without a level, with the engine's error", () => {
            const dir = tempDir();
            const justification = "Break-glass debug pod, reviewed in SEC-1234, removed after the incident.";
            const config = write(dir, "policy.json", JSON.stringify({ all: { exemptions: [{ name: "ops/*", justification }] } }));
            const r = hcb(["check", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /configuring policy pack "hardened-cluster-blueprint" at "\.\/policy-pack": invalid enforcement level ""/);
            assert.match(r.stderr, /put its settings \(exemptions included\) under each policy/);
        });

        it("ignores exemptions under a leveled `all`, as the engine does, and warns", () => {
            const dir = tempDir();
            const justification = "Break-glass debug pod, reviewed in SEC-1234, removed after the incident.";
            const config = write(dir, "policy.json", JSON.stringify({ all: { enforcementLevel: "mandatory", exemptions: [{ name: "ops/*", justification }] } }));
            const r = hcb(["check", "--format", "json", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 1);
            const report = JSON.parse(r.stdout);
            assert.equal(report.summary.exempted, 0);
            assert.equal(report.summary.mandatory, 11);
            assert.match(r.stderr, /hcb: warning: .*`all` sets `exemptions`, which reaches no policy/);
        });

        it("passes a misspelt policy with a level through, as the engine does, and names the likely policy", () => {
            const dir = tempDir();
            const config = write(dir, "policy.json", JSON.stringify({ "pss-disallow-privilege": "disabled" }));
            const r = hcb(["check", "--format", "json", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 1);
            assert.ok(policiesOf(JSON.parse(r.stdout), "ops/debug").includes("pss-disallow-privileged"));
            assert.match(r.stderr, /hcb: warning: .*`pss-disallow-privilege` is not a policy of hardened-cluster-blueprint \(did you mean `pss-disallow-privileged`\?\)/);
        });

        it("refuses a misspelt policy without a level, as Configure does", () => {
            const dir = tempDir();
            const config = write(dir, "policy.json", JSON.stringify({ "pss-disallow-privilege": { exemptions: [] } }));
            const r = hcb(["check", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /invalid enforcement level "" \(`pss-disallow-privilege` is not a policy of hardened-cluster-blueprint \(did you mean `pss-disallow-privileged`\?\)/);
        });

        it("honours enforcement levels from the config file, `all` first", () => {
            const dir = tempDir();
            const config = write(dir, "policy.json", JSON.stringify({ all: "advisory", "pss-disallow-privileged": "mandatory" }));
            const { code, report } = hcbJson(["check", "--config", config, path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(code, 1);
            const mandatory = report.resources[0].violations.filter(v => v.level === "mandatory").map(v => v.policy);
            assert.deepEqual(mandatory, ["pss-disallow-privileged"]);
        });
    });

    describe("on Pulumi files", () => {
        it("reads preview steps, skips deletions and resolves a computed namespace through its dependency", () => {
            const { code, report } = hcbJson(["check", PREVIEW]);
            assert.equal(code, 1);
            assert.equal(report.summary.resources, 5);
            assert.ok(!report.resources.some(r => r.urn.endsWith("Secret::old")));
            const api = report.resources.find(r => r.name === "api")!;
            const pss = api.violations.filter(v => v.policy.startsWith("pss-"));
            assert.ok(pss.length > 0);
            assert.ok(pss.every(v => v.message.includes('"restricted:v1.35"')), "held to the labels of the Namespace it depends on");
        });

        it("turns a value unknown during preview into an explicit advisory finding, never a pass", () => {
            const { report } = hcbJson(["check", PREVIEW]);
            const worker = report.resources.find(r => r.name === "worker")!;
            assert.deepEqual(worker.violations.map(v => [v.policy, v.level, v.unknown]), [
                ["k8s-workload-require-image-digest", "advisory", true],
                // The preview holds no Namespace for the worker's namespace: said once, not an unknown.
                ["k8s-namespace-require-verified-controls", "advisory", undefined],
            ]);
            assert.match(worker.violations[0].message, /spec\.template\.spec\.containers\.0\.image can't be known during preview/);
            assert.equal(report.summary.unknown, 1);
        });

        it("reads a stack export, seeing encrypted secrets as present", () => {
            const { code, report } = hcbJson(["check", STATE]);
            assert.equal(code, 1);
            assert.deepEqual(policiesOf(report, "db"), ["k8s-secret-disallow-literal-data"]);
            assert.deepEqual(policiesOf(report, "reader"), ["k8s-rbac-restrict-secret-reads"]);
        });
    });

    describe("output", () => {
        it("prints SARIF 2.1.0 with the catalogue's rules and manifest results at file and line", () => {
            const r = hcb(["check", "--format", "sarif", path.join(WEAKENED, "privileged-pod.yaml")]);
            assert.equal(r.code, 1);
            const sarif = JSON.parse(r.stdout);
            assert.equal(sarif.version, "2.1.0");
            const run = sarif.runs[0];
            const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
            assert.ok(ruleIds.includes("pss-privileged") && ruleIds.includes("k8s-network-default-deny"));
            const privileged = run.results.find((x: { ruleId: string }) => x.ruleId === "pss-privileged");
            assert.equal(privileged.level, "error");
            assert.equal(privileged.locations[0].physicalLocation.region.startLine, 2);
            assert.match(privileged.locations[0].physicalLocation.artifactLocation.uri, /test\/fixtures\/manifests\/weakened\/privileged-pod\.yaml$/);
            assert.equal(run.tool.driver.rules[privileged.ruleIndex].id, "pss-privileged");
        });

        it("writes the report to --out and the verdict to stdout", () => {
            const out = path.join(tempDir(), "report.json");
            const r = hcb(["check", "--format", "json", "--out", out, WEAKENED]);
            assert.equal(r.code, 1);
            assert.match(r.stdout, /^FAIL: 4 resources judged/m);
            assert.equal(JSON.parse(fs.readFileSync(out, "utf8")).summary.resources, 4);
        });

        it("groups text findings by resource with file and line, and ends with a summary", () => {
            const r = hcb(["check", path.join(WEAKENED, "rbac.yaml")]);
            assert.equal(r.code, 1);
            assert.match(r.stdout, /rbac\.yaml:1 {2}ci-deployer \(kubernetes:rbac\.authorization\.k8s\.io\/v1:ClusterRole\)/);
            assert.match(r.stdout, /rbac\.yaml:13 {2}everyone-admin/);
            assert.match(r.stdout.trim().split("\n").pop()!, /^FAIL: 2 resources judged, \d+ violations \(\d+ mandatory, 0 advisory\), 0 exempted$/);
        });
    });

    describe("bad input", () => {
        const cases: [string, string | Buffer, RegExp][] = [
            ["syntax.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", /syntax\.yaml:\d+: is not valid YAML/],
            ["dupes.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", /dupes\.yaml:5: is not valid YAML: duplicated mapping key/],
            ["bomb.yaml", `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`).join("\n")}\n`, /alias/],
            ["dag-bomb.yaml", `l0: &l0 [x, x]\n${Array.from({ length: 40 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`).join("\n")}\n`, /alias bombs are refused/],
            ["self-alias.yaml", "a: &a [*a]\n", /refer to themselves/],
            ["binary.yaml", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]), /binary/],
            ["latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]), /UTF-8/],
            ["kindless.yaml", "apiVersion: v1\nmetadata: {name: x}\n", /kindless\.yaml:1: document 1 has no valid `kind`/],
            ["scalar.yaml", "just a string\n", /document 1 is not a Kubernetes object/],
            ["deep.json", `${"[".repeat(5000)}${"]".repeat(5000)}`, /deep\.json/],
            ["preview-bad.json", JSON.stringify({ steps: [{ op: "create", newState: { type: "kubernetes:core/v1:Pod" } }] }), /steps\[0\]\.newState has no valid `urn`/],
            ["state-bad.json", JSON.stringify({ version: 3, deployment: { resources: {} } }), /deployment\.resources must be a list/],
        ];
        for (const [name, content, message] of cases) {
            it(`exits 2 naming the file for ${name}`, () => {
                const dir = tempDir();
                write(dir, name, content);
                const r = hcb(["check", dir]);
                assert.equal(r.code, 2, r.stdout + r.stderr);
                assert.equal(r.stdout, "", "no partial report");
                assert.match(r.stderr, message);
            });
        }

        it("refuses the whole run when one of several files is unreadable", () => {
            const dir = tempDir();
            fs.copyFileSync(path.join(WEAKENED, "rbac.yaml"), path.join(dir, "a.yaml"));
            write(dir, "b.yaml", "kind: [\n");
            const r = hcb(["check", dir]);
            assert.equal(r.code, 2);
            assert.equal(r.stdout, "");
        });

        it("exits 2 for a missing path, an unknown flag, a bad format and an unknown policy without a level in the config", () => {
            assert.match(hcb(["check", "/nonexistent/x.yaml"]).stderr, /\/nonexistent\/x\.yaml: does not exist/);
            assert.equal(hcb(["check", "--frobnicate", HARDENED]).code, 2);
            assert.match(hcb(["check", "--format", "xml", HARDENED]).stderr, /--format must be text, json or sarif/);
            // With a level it would pass through, as in the engine (see "passes a misspelt policy").
            const config = write(tempDir(), "c.json", JSON.stringify({ "no-such-policy": { allowed: [] } }));
            const r = hcb(["check", "--config", config, HARDENED]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /invalid enforcement level "" \(`no-such-policy` is not a policy of hardened-cluster-blueprint/);
            assert.match(hcb(["check", "--only", "zzz", HARDENED]).stderr, /no control id starts with zzz/);
            assert.match(hcb(["check", "--pod-security", "strict", HARDENED]).stderr, /--pod-security must be privileged, baseline or restricted/);
            assert.equal(hcb(["check"]).code, 2);
        });

        it("refuses inputs that hold no resource, as a failed `pulumi preview --json > file` leaves", () => {
            const dir = tempDir();
            write(dir, "empty.yaml", "");
            write(dir, "blank.json", "  \n");
            const r = hcb(["check", dir]);
            assert.equal(r.code, 2);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /holds no resource to check/);
        });

        it("reads YAML booleans as kubectl does (YAML 1.1), so `privileged: yes` is privileged", () => {
            const dir = tempDir();
            write(dir, "yes.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: yes}\n");
            const { report } = hcbJson(["check", "--only", "pss-privileged", dir]);
            assert.deepEqual(policiesOf(report, "p"), ["pss-disallow-privileged"]);
        });

        it("checks an enormous file completely", () => {
            const dir = tempDir();
            const docs: string[] = [];
            for (let i = 0; i < 5000; i++) {
                docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: team-n}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: ${i % 1000 === 0}}\n`);
            }
            write(dir, "many.yaml", docs.join("---\n"));
            const { report } = hcbJson(["check", "--only", "pss-privileged", dir]);
            assert.equal(report.summary.resources, 5000);
            assert.equal(report.summary.mandatory, 5);
        });
    });
});
