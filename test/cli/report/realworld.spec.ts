/**
 * End to end over ../shared/realworld-manifests: 25 public files, byte for byte (INDEX.json names
 * each one's repository and commit). The report must read every file, judge without crashing,
 * and account for what it did not check: the namespaces it could not verify, the kinds no policy
 * reads, the level each workload was judged at, each finding once.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { analyzeStacks } from "../../../cli/commands/run";
import { loadInputs } from "../../../cli/inputs/load";
import { packConfigOf } from "../../../cli/options";
import { Report } from "../../../cli/report/model";
import { renderText, TEXT_WIDTH } from "../../../cli/report/text";
import { sharedInput } from "../../helpers/shared";

interface IndexEntry {
    readonly repo: string;
    readonly file: string;
}

describe("hcb check on the real-world manifests (../shared/realworld-manifests)", function () {
    this.timeout(300_000);
    let dir: string;
    let entries: IndexEntry[];
    let report: Report;

    before(async () => {
        const root = sharedInput("realworld-manifests");
        dir = path.join(root, "files");
        entries = JSON.parse(fs.readFileSync(path.join(root, "INDEX.json"), "utf8")) as IndexEntry[];
        report = await analyzeStacks(loadInputs([dir]), packConfigOf({}), "inprocess");
    });

    const inFile = (file: string) => report.resources.filter(r => path.basename(r.source) === file);

    it("reads every file, refusing none, and reports every object it holds", () => {
        assert.equal(entries.length, 25);
        for (const e of entries) {
            assert.ok(inFile(e.file).length > 0, `${e.file} (${e.repo}) yielded no resource`);
        }
        assert.equal(report.summary.resources, report.resources.length);
        assert.equal(report.summary.judged + report.summary.notJudged, report.summary.resources);
    });

    it("names the namespaces its workloads use that no input declares, and not the declared ones", () => {
        const names = report.summary.namespacesNotVerified.map(n => n.namespace).sort();
        // microservices-demo and Argo CD's install set no namespace (applied with -n): `default`.
        // kube-state-metrics and metrics-server live in kube-system, kube-prometheus in monitoring,
        // Istio's Prometheus add-on in istio-system; none of these files declares the Namespace.
        assert.deepEqual(names, ["default", "istio-system", "kube-system", "monitoring"]);
        for (const n of report.summary.namespacesNotVerified) {
            assert.equal(n.declared, "absent");
            assert.deepEqual(n.unverified, ["pod-security-labels", "default-deny"]);
            assert.equal(n.judgedAt, "restricted:latest");
        }
        // ingress-nginx and the dashboard declare their Namespace: judged by its own policies instead.
        const labels = report.resources.filter(r => r.type === "kubernetes:core/v1:Namespace" && r.violations.some(v => v.policy === "k8s-namespace-require-pod-security-labels"));
        assert.ok(labels.some(r => r.name === "ingress-nginx") && labels.some(r => r.name === "kubernetes-dashboard"), labels.map(r => r.name).join(", "));
    });

    it("reports each unverified namespace once, as advisory, on its first workload", () => {
        const findings = report.resources.flatMap(r => r.violations.filter(v => v.policy === "k8s-namespace-require-verified-controls").map(v => ({ r, v })));
        assert.deepEqual(findings.map(f => f.v.message.match(/^Namespace '([^']+)'/)?.[1]).sort(), ["default", "istio-system", "kube-system", "monitoring"]);
        assert.ok(findings.every(f => f.v.level === "advisory"));
    });

    it("counts and names the kinds no policy reads, the Prometheus custom resource among them with why", () => {
        const kinds = new Map(report.summary.kindsNotJudged.map(k => [k.type, k]));
        for (const type of ["kubernetes:core/v1:ConfigMap", "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "kubernetes:monitoring.coreos.com/v1:Prometheus"]) {
            assert.ok(kinds.has(type), `${type} missing from ${[...kinds.keys()].join(", ")}`);
        }
        assert.match(kinds.get("kubernetes:monitoring.coreos.com/v1:Prometheus")!.note ?? "", /operator builds/);
        assert.equal(report.summary.kindsNotJudged.reduce((n, k) => n + k.count, 0), report.summary.notJudged);
        for (const r of report.resources) {
            assert.equal(r.judged, !kinds.has(r.type), `${r.type} ${r.name}`);
            if (!r.judged) assert.deepEqual(r.violations, [], `${r.name} has findings but is counted as not judged`);
        }
    });

    it("states the Pod Security level, version and source of every workload", () => {
        const workloads = report.resources.filter(r => /:(Deployment|DaemonSet|StatefulSet|Job|CronJob|Pod)$/.test(r.type));
        assert.ok(workloads.length > 40);
        for (const w of workloads) {
            assert.ok(w.podSecurity, `${w.name} has no Pod Security statement`);
        }
        const nginx = workloads.find(w => w.name === "ingress-nginx/ingress-nginx-controller")!;
        // Its Namespace is among the inputs without an enforce label: the default applies, as upstream's.
        assert.equal(nginx.podSecurity!.statement, "restricted:latest, the default level (--pod-security), as namespace 'ingress-nginx' sets no enforce label");
        const demo = workloads.find(w => w.name === "frontend")!;
        assert.equal(demo.podSecurity!.statement, "restricted:latest, the default level (--pod-security), in place of namespace 'default' (it names none), which is not among the inputs");
    });

    it("reports no policy twice on one resource", () => {
        for (const r of report.resources) {
            const policies = r.violations.map(v => v.policy);
            assert.equal(new Set(policies).size, policies.length, `${r.name}: ${policies.join(", ")}`);
        }
        const argo = report.resources.find(r => r.name === "argocd-application-controller" && r.type.endsWith(":ClusterRole"))!;
        assert.deepEqual(argo.violations.map(v => v.policy), ["k8s-rbac-disallow-wildcards"]);
    });

    it("does not read an empty Secret value as literal data (the dashboard's CSRF placeholder)", () => {
        const csrf = report.resources.find(r => r.name === "kubernetes-dashboard/kubernetes-dashboard-csrf")!;
        assert.deepEqual(csrf.violations.map(v => v.policy), []);
    });

    it("prints the accounting in the text report, wrapped, each finding once", () => {
        const text = renderText(report);
        for (const heading of ["Pod Security level each workload was judged at:", "Namespaces not verified", "Not judged: "]) {
            assert.ok(text.includes(heading), heading);
        }
        assert.match(text, /resources \(\d+ judged, \d+ of kinds no policy reads\)/);
        // A resource no policy read is not counted clean: nothing looked at it.
        const clean = report.resources.filter(r => r.judged && r.violations.length === 0).length;
        assert.ok(text.includes(`\n${clean} of ${report.summary.judged} judged resources have no finding.\n`), text.slice(-600));
        // Messages and list entries (indented lines) are wrapped; only a single word longer than a
        // line (a URN, a type token) may run past the width.
        for (const line of text.split("\n").filter(l => l.startsWith(" "))) {
            if (line.length > TEXT_WIDTH) {
                assert.ok(line.trim().split(" ").some(w => w.length > 40), `unwrapped: ${line}`);
            }
        }
    });
});
