/**
 * What each policy declares it judges, against what it reports on. The report counts a resource
 * as judged when a policy that ran declares its type (cli/report/accounting.ts): a stack policy
 * that only searches the stack for evidence (a chart, a ConfigMap, a custom resource) must not
 * turn those into "judged". These tests keep the declarations and the findings from drifting:
 * every policy declares, and over a corpus where every Kubernetes and checklist policy reports,
 * each finding lands on a resource of a type its policy declares.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { EngineResource } from "../../cli/engine/model";
import { loadInputs } from "../../cli/inputs/load";
import { TOKENS } from "../../components/tokens";
import { judgesOf } from "../../policy-pack/lib/define";
import { POLICIES } from "../../policy-pack/policies";
import { STACK_TYPE } from "../../policy-pack/policies/checklist/policy";
import { Finding, NAMESPACE, NETWORK_POLICY_TYPE, analyze, hardenedStack, resource } from "../helpers/policy";
import { sharedInput } from "../helpers/shared";

const CLOUD_PREFIXES = ["eks-", "gke-", "aks-"];
/** The "not judged by this policy" advisory a policy gives a resource it cannot read under its token (lib/define.ts). */
const NOT_JUDGED_ADVISORY = /is not judged by this policy: its type/;

/**
 * A stack that declares the baseline layer and builds none of the checklist's controls: every
 * checklist stack policy reports on the stack resource, mesh mTLS on a namespace with a flow to
 * another namespace. Helm charts, RBAC and Services each with one weakness the rest of the
 * corpus does not show.
 */
function checklistStack(): EngineResource[] {
    return [
        resource(STACK_TYPE, "hcb-test", {}),
        resource(TOKENS.stackStage, "stage", { layers: ["baseline"] }),
        ...hardenedStack(),
        resource(NETWORK_POLICY_TYPE, "from-shop", {
            metadata: { name: "from-shop", namespace: NAMESPACE },
            spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } }] }] },
        }),
        resource("kubernetes:helm.sh/v3:Release", "unpinned", { chart: "falco", repositoryOpts: { repo: "https://falcosecurity.github.io/charts" } }),
        resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "anonymous", {
            metadata: { name: "anonymous" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:anonymous" }],
        }),
        resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "aggregated", {
            metadata: { name: "aggregated" },
            aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-aggregated": "true" } }] },
        }),
        resource("kubernetes:core/v1:Service", "public", {
            metadata: { name: "public", namespace: NAMESPACE },
            spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 80 }] },
        }),
    ];
}

/** The corpus: the checklist stack, the real-world manifests, the weakened manifests, a Pulumi preview and the engine fixtures. */
function corpus(): EngineResource[][] {
    const stacks: EngineResource[][] = [checklistStack()];
    for (const stack of loadInputs([path.join(sharedInput("realworld-manifests"), "files"), "test/fixtures/manifests/weakened", "test/fixtures/pulumi/preview.json"])) {
        stacks.push([...stack.resources]);
    }
    // The engine fixtures are resources as the engine sends them (malformed.json: values no policy can read).
    for (const file of fs.readdirSync("test/fixtures/engine")) {
        stacks.push(JSON.parse(fs.readFileSync(path.join("test/fixtures/engine", file), "utf8")) as EngineResource[]);
    }
    return stacks;
}

describe("what each policy declares it judges", function () {
    this.timeout(300_000);
    const findings: { finding: Finding; type: string | undefined }[] = [];

    before(async () => {
        for (const resources of corpus()) {
            const types = new Map(resources.map(r => [r.urn, r.type]));
            for (const finding of await analyze(resources)) {
                findings.push({ finding, type: finding.urn ? types.get(finding.urn) : undefined });
            }
        }
    });

    it("declares, for every policy of the pack, the types it judges", () => {
        const undeclared = POLICIES.filter(p => judgesOf(p) === undefined).map(p => p.name);
        // An undeclared policy counts as judging every type, which the report would then claim.
        assert.deepEqual(undeclared, []);
    });

    it("exercises every Kubernetes and checklist policy in the corpus", () => {
        const fired = new Set(findings.map(f => f.finding.policy));
        const silent = POLICIES.map(p => p.name).filter(n => !CLOUD_PREFIXES.some(c => n.startsWith(c)) && !fired.has(n));
        assert.deepEqual(silent, []);
    });

    it("reports a finding only on a resource of a type its policy declares", () => {
        const wrong: string[] = [];
        for (const { finding, type } of findings) {
            if (type === undefined || NOT_JUDGED_ADVISORY.test(finding.detail)) {
                continue;
            }
            const judges = judgesOf(POLICIES.find(p => p.name === finding.policy)!)!;
            if (!judges(type)) {
                wrong.push(`${finding.policy} reported on ${type}: ${finding.detail.slice(0, 120)}`);
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("does not count what a checklist policy searches for evidence as judged by it", () => {
        const checklist = POLICIES.filter(p => p.name.startsWith("k8s-stack-require-"));
        assert.equal(checklist.length, 3);
        for (const p of checklist) {
            const judges = judgesOf(p)!;
            assert.equal(judges(STACK_TYPE), true, p.name);
            for (const evidence of ["kubernetes:core/v1:ConfigMap", "kubernetes:helm.sh/v3:Release", "kubernetes:apps/v1:DaemonSet", "kubernetes:external-secrets.io/v1beta1:ClusterSecretStore", TOKENS.clusterBaseline]) {
                assert.equal(judges(evidence), false, `${p.name} judges ${evidence}`);
            }
        }
        const mesh = judgesOf(POLICIES.find(p => p.name === "k8s-namespace-require-mesh-mtls")!)!;
        assert.deepEqual(
            ["kubernetes:core/v1:Namespace", NETWORK_POLICY_TYPE, "kubernetes:security.istio.io/v1:PeerAuthentication"].map(mesh),
            [true, false, false],
        );
    });
});
