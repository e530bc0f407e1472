import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeStacks } from "../../../cli/commands/run";
import { loadInputs } from "../../../cli/inputs/load";
import { packConfigOf } from "../../../cli/options";
import { renderJson } from "../../../cli/report/json";
import { renderText, wrap } from "../../../cli/report/text";
import { accountStack } from "../../../cli/report/accounting";
import { EngineResource } from "../../../cli/engine/model";
import { PINNED_POD_SECURITY_VERSION } from "../../../components/controls";
import { POLICIES } from "../../../policy-pack/policies";
import { DEPLOYMENT_TYPE, analyze, hardenedWorkload, namespaceResources, resource } from "../../helpers/policy";

/** A folder of mixed manifests: a privileged namespace, a workload in it, one elsewhere, a ConfigMap and a Prometheus. */
const MIXED = `apiVersion: v1
kind: Namespace
metadata:
  name: ops
  labels:
    pod-security.kubernetes.io/enforce: privileged
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: debug, namespace: ops}
spec:
  selector: {matchLabels: {app: debug}}
  template:
    metadata: {labels: {app: debug}}
    spec:
      containers:
        - {name: shell, image: busybox, securityContext: {privileged: true}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: nginx}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {a: b}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: {replicas: 2}
`;

async function check(args: { podSecurity?: string; only?: string } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-mixed-"));
    fs.writeFileSync(path.join(dir, "mixed.yaml"), MIXED);
    return analyzeStacks(loadInputs([dir]), packConfigOf(args), "inprocess");
}

describe("the report's accounting", () => {
    it("says a labelled namespace's level wins over --pod-security, and that it is weaker", async () => {
        const report = await check({ podSecurity: "restricted" });
        const debug = report.resources.find(r => r.name === "ops/debug")!;
        assert.deepEqual(debug.podSecurity, {
            level: "privileged",
            version: "latest",
            from: "namespace-labels",
            namespace: "ops",
            statement: "privileged:latest from the labels of Namespace 'ops', weaker than --pod-security restricted, which applies only where a namespace sets no enforce label",
        });
        // The labels are judged themselves: a privileged namespace is a mandatory finding.
        const ops = report.resources.find(r => r.type === "kubernetes:core/v1:Namespace")!;
        assert.ok(ops.violations.some(v => v.policy === "k8s-namespace-require-pod-security-labels" && v.message.includes("enforce=privileged is not an allowed level")));
        const web = report.resources.find(r => r.name === "shop/web")!;
        assert.equal(web.podSecurity!.statement, "restricted:latest, the default level (--pod-security), in place of namespace 'shop', which is not among the inputs");
    });

    it("names the --pod-security level used in place of a namespace not among the inputs", async () => {
        const report = await check({ podSecurity: "baseline" });
        assert.deepEqual(report.summary.namespacesNotVerified, [
            { namespace: "shop", workloads: 1, declared: "absent", unverified: ["pod-security-labels", "default-deny"], judgedAt: "baseline:latest" },
        ]);
        const web = report.resources.find(r => r.name === "shop/web")!;
        assert.ok(web.violations.some(v => v.policy === "k8s-namespace-require-verified-controls" && v.message.includes("judged at baseline:latest")));
    });

    it("separates resources judged from kinds no policy reads, under the policies that ran", async () => {
        const all = await check();
        assert.deepEqual(
            all.summary.kindsNotJudged.map(k => [k.kind, k.count]),
            [["ConfigMap", 1], ["Prometheus", 1]],
        );
        assert.equal(all.summary.judged, 3);
        // --only pss: only workloads are read.
        const pss = await check({ only: "pss" });
        assert.deepEqual(pss.summary.kindsNotJudged.map(k => k.kind).sort(), ["ConfigMap", "Namespace", "Prometheus"]);
        assert.equal(pss.summary.judged, 2);
    });

    it("shows the levels, the unverified namespaces and the kinds not judged in the text report; JSON keeps whole messages", async () => {
        const report = await check({ podSecurity: "restricted" });
        const text = renderText(report);
        const flat = text.replace(/\s+/g, " ");
        assert.ok(flat.includes("Pod Security: privileged:latest from the labels of Namespace 'ops', weaker than --pod-security restricted"), text);
        assert.match(text, /shop: Pod Security labels and default deny not verified/);
        assert.match(text, /1 Prometheus \(kubernetes:monitoring\.coreos\.com\/v1:Prometheus\): describes pods that its operator/);
        assert.match(text, /FAIL: 5 resources \(3 judged, 2 of kinds no policy reads\)/);
        const json = JSON.parse(renderJson(report));
        const messages: string[] = json.resources.flatMap((r: { violations: { message: string }[] }) => r.violations.map(v => v.message));
        assert.ok(messages.some(m => m.length > 100) && messages.every(m => !m.includes("\n")));
    });
});

describe("wrap", () => {
    const cases: { it: string; text: string; width: number; lines: string[] }[] = [
        { it: "keeps a short text on one line", text: "a b c", width: 40, lines: ["  a b c"] },
        { it: "breaks at spaces before the width", text: "aaaa bbbb cccc dddd eeee ffff gggg", width: 24, lines: ["  aaaa bbbb cccc dddd", "  eeee ffff gggg"] },
        { it: "keeps a word longer than a line whole", text: `x ${"y".repeat(30)} z`, width: 24, lines: ["  x", `  ${"y".repeat(30)}`, "  z"] },
    ];
    for (const c of cases) {
        it(c.it, () => assert.deepEqual(wrap(c.text, "  ", c.width), c.lines));
    }

    it("indents continuation lines by the hanging indent", () => {
        assert.deepEqual(wrap("aaaa bbbb cccc dddd eeee ffff", "  ", 22, "    "), ["  aaaa bbbb cccc dddd", "    eeee ffff"]);
    });
});

describe("the SARIF report's accounting", () => {
    it("carries the judged count, the kinds not judged and the namespaces not verified in the run's properties", async () => {
        const { renderSarif } = await import("../../../cli/report/sarif");
        const report = await check();
        const run = JSON.parse(renderSarif(report)).runs[0];
        assert.equal(run.properties.judged, 3);
        assert.equal(run.properties.notJudged, 2);
        assert.deepEqual(run.properties.kindsNotJudged.map((k: { kind: string }) => k.kind), ["ConfigMap", "Prometheus"]);
        assert.deepEqual(run.properties.namespacesNotVerified.map((n: { namespace: string }) => n.namespace), ["shop"]);
        assert.ok(run.results.some((r: { properties: { policy: string } }) => r.properties.policy === "k8s-namespace-require-verified-controls"));
    });
});

describe("the namespace of an object that names none", () => {
    // pulumi-kubernetes places it in its Provider's `namespace` (provider.d.ts, ProviderArgs.namespace), else `default`.
    const provider = { type: "pulumi:providers:kubernetes", name: "apps-provider", urn: "urn:pulumi:test::hcb::pulumi:providers:kubernetes::apps-provider", inputs: { namespace: "apps" } };
    const privileged = (withProvider: boolean): EngineResource[] => [
        ...namespaceResources("apps"),
        {
            ...resource(DEPLOYMENT_TYPE, "debug", hardenedWorkload(DEPLOYMENT_TYPE, { name: "debug", namespace: null, tweak: spec => (spec.containers[0].securityContext.privileged = true) })),
            ...(withProvider ? { provider } : {}),
        },
    ];

    it("is its provider's: judged by that Namespace's labels, its controls verified", async () => {
        const resources = privileged(true);
        const accounting = accountStack(resources, POLICIES, undefined);
        assert.equal(accounting.podSecurity[2]!.statement, `restricted:${PINNED_POD_SECURITY_VERSION} from the labels of Namespace 'apps' (it names none: its provider's)`);
        assert.deepEqual(accounting.namespacesNotVerified, []);
        const policies = (await analyze(resources)).map(f => f.policy);
        assert.ok(policies.includes("pss-disallow-privileged"), policies.join(", "));
        assert.ok(!policies.includes("k8s-namespace-require-verified-controls"), policies.join(", "));
    });

    it("is default when its provider names none, which the inputs do not verify", async () => {
        const accounting = accountStack(privileged(false), POLICIES, undefined);
        assert.equal(accounting.podSecurity[2]!.statement, "restricted:latest, the default level (--pod-security), in place of namespace 'default' (it names none), which is not among the inputs");
        assert.deepEqual(accounting.namespacesNotVerified.map(n => n.namespace), ["default"]);
    });
});
