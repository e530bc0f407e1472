import { strict as assert } from "node:assert";
import { ReachPath } from "../../program/types";
import { registered, runProgram, stackConfig } from "./helpers";

/** Runs `fn` with program/aws.ts declaring `reach` (as the EKS layer does from its `apiAccess`). */
async function withEksReach<T>(reach: ReachPath, fn: () => Promise<T>): Promise<T> {
    const file = require.resolve("../../program/aws");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const real = require(file);
    const cached = require.cache[file]!;
    cached.exports = { ...real, reachOf: () => reach };
    try {
        return await fn();
    } finally {
        cached.exports = real;
    }
}

const CLUSTER_STACK = "acme/hardened-cluster-blueprint/eks";
const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";

/** The outputs a cluster stage of the eks example exports, as the baseline stage reads them. */
const EKS_OUTPUTS = { kubeconfig: KUBECONFIG, cloud: "aws", stage: "cluster", identity: { cloud: "aws", oidc: { usernamePrefix: "oidc:", groupsPrefix: "oidc:" } } };

/** The staged EKS example: stacks/Pulumi.eks-baseline.yaml against stacks/Pulumi.eks.yaml. */
function baselineStage(overrides: Readonly<Record<string, unknown>> = {}): Record<string, string> {
    return stackConfig("eks-baseline", overrides);
}

/** The EKS example's cluster and baseline in one stack (stage all, the default). */
function eksAll(overrides: Readonly<Record<string, unknown>> = {}): Record<string, string> {
    return stackConfig("eks", { "hcb:stage": undefined, "hcb:baseline": JSON.parse(baselineStage()["hcb:baseline"]), ...overrides });
}

describe("program stages", () => {
    describe("all (the default)", () => {
        it("refuses a private cluster with no reach path before registering anything, naming the options", async () => {
            const run = await withEksReach({ kind: "none", detail: "the VPC is created by this run" }, () => runProgram(eksAll()));
            assert.ok(run.error, "the program must refuse");
            assert.match(run.error.message, /`hcb:stage` is "all" \(the default\)/);
            assert.match(run.error.message, /reach: none: the VPC is created by this run/);
            assert.match(run.error.message, /a staged run: set `hcb:stage: cluster`/);
            assert.match(run.error.message, /`hcb:clusterStack: <org>\/<project>\/<this stack>`/);
            assert.match(run.error.message, /`hcb:renderYamlTo: <directory>`/);
            assert.match(run.error.message, /EKS: admit the runner's security group/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("applies both layers in one run on the cluster's own provider when the cloud declares a path", async () => {
            const run = await withEksReach({ kind: "network", detail: "runner security group admitted to 443" }, () => runProgram(eksAll()));
            assert.equal(run.error, undefined, run.error?.message);
            const eks = run.resources.find(r => r.type === "hardened:aws:EksCluster");
            const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
            assert.ok(eks);
            assert.equal(namespaces.length, 2);
            const provider = run.resources.find(r => r.type === "pulumi:providers:kubernetes" && r.urn === namespaces[0].provider?.urn);
            assert.match(provider?.urn ?? "", /hardened:aws:EksCluster\$pulumi:providers:kubernetes::/, "the namespaces use the provider the EKS layer built");
            assert.notEqual(provider?.name, "render");
            assert.deepEqual(run.resources.find(r => r.type === "hardened:program:StackStage")?.inputs["layers"], ["cluster", "baseline"]);
        });

        it("renders the baseline for the cluster's GitOps agent when that is the path, and refuses to apply it live", async () => {
            const refused = await runProgram(stackConfig("aks", { "hcb:renderYamlTo": undefined }));
            assert.match(refused.error?.message ?? "", /delivers the baseline through GitOps \(reach: gitops: Flux .*\), but `hcb:renderYamlTo` is unset/);
            assert.deepEqual(registered(refused.resources), []);
            const run = await runProgram(stackConfig("aks"));
            assert.equal(run.error, undefined, run.error?.message);
            const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
            assert.ok(namespaces.length > 0);
            assert.ok(namespaces.every(n => n.provider?.name === "render"), "every in-cluster object goes to the rendered manifests");
            assert.equal(run.resources.find(r => r.name === "render")?.inputs["renderYamlToDirectory"], JSON.parse(JSON.stringify(stackConfig("aks")["hcb:renderYamlTo"])));
        });

        it("renders the baseline to a directory in one run, on a provider that applies nothing", async () => {
            const run = await runProgram(eksAll({ "hcb:renderYamlTo": "rendered/eks" }));
            assert.equal(run.error, undefined, run.error?.message);
            const render = run.resources.find(r => r.type === "pulumi:providers:kubernetes" && r.name === "render");
            assert.ok(render, "a render provider is registered");
            assert.equal(render.inputs["renderYamlToDirectory"], "rendered/eks");
            const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
            assert.deepEqual(namespaces.map(n => n.provider?.name), ["render", "render"]);
            const stage = run.resources.find(r => r.type === "hardened:program:StackStage");
            assert.deepEqual(stage?.inputs["layers"], ["cluster", "baseline"]);
        });

        it("refuses to render Helm-release add-ons, which the provider cannot render", async () => {
            const baseline = { ...JSON.parse(baselineStage()["hcb:baseline"]), runtimeDetection: {} };
            const run = await runProgram(eksAll({ "hcb:renderYamlTo": "rendered/eks", "hcb:baseline": baseline }));
            assert.match(run.error?.message ?? "", /`hcb:renderYamlTo` cannot render `hcb:baseline.runtimeDetection`.*pulumi-kubernetes#1716/);
            assert.deepEqual(registered(run.resources), []);
        });
    });

    describe("cluster", () => {
        it("builds the cluster alone and exports what the baseline stage needs", async () => {
            const run = await runProgram(stackConfig("eks"));
            assert.equal(run.error, undefined, run.error?.message);
            assert.deepEqual(run.resources.filter(r => r.type.startsWith("kubernetes:") || r.type.startsWith("hardened:kubernetes:")), []);
            assert.ok(run.resources.some(r => r.type === "hardened:aws:EksCluster"));
            assert.deepEqual(run.resources.find(r => r.type === "hardened:program:StackStage")?.inputs["layers"], ["cluster"]);
            assert.equal(run.outputs["cloud"], "aws");
            assert.equal(run.outputs["stage"], "cluster");
            assert.deepEqual(run.outputs["identity"], EKS_OUTPUTS.identity);
            assert.equal((run.outputs["reach"] as { kind: string }).kind, "none");
            assert.ok("kubeconfig" in run.outputs);
        });

        it("refuses a baseline left in a cluster stage, rather than ignoring it", async () => {
            const run = await runProgram(stackConfig("eks", { "hcb:baseline": { namespaces: [] } }));
            assert.match(run.error?.message ?? "", /`hcb:baseline` is set but `hcb:stage` is "cluster"/);
            assert.deepEqual(registered(run.resources), []);
        });
    });

    describe("baseline", () => {
        it("runs against the cluster stack's kubeconfig through a StackReference, with no cloud resource", async () => {
            const run = await runProgram(baselineStage(), { [CLUSTER_STACK]: EKS_OUTPUTS });
            assert.equal(run.error, undefined, run.error?.message);
            assert.deepEqual(run.resources.filter(r => r.type.startsWith("aws:") || r.type.startsWith("hardened:aws:")), []);
            const provider = run.resources.find(r => r.type === "pulumi:providers:kubernetes");
            assert.ok(provider);
            assert.equal((provider.inputs["kubeconfig"] as { value: string }).value, KUBECONFIG, "the kubeconfig, as a secret");
            const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
            assert.deepEqual(namespaces.map(n => n.provider?.name), ["cluster", "cluster"]);
            assert.deepEqual(run.resources.find(r => r.type === "hardened:program:StackStage")?.inputs["layers"], ["baseline"]);
        });

        it("runs against an explicit kubeconfig", async () => {
            const run = await runProgram(baselineStage({ "hcb:clusterStack": undefined, "hcb:kubeconfig": KUBECONFIG }));
            assert.equal(run.error, undefined, run.error?.message);
            assert.equal((run.resources.find(r => r.type === "pulumi:providers:kubernetes")?.inputs["kubeconfig"] as { value: string }).value, KUBECONFIG);
        });

        it("stops before the cluster is touched when the cluster stack runs on another cloud", async () => {
            await assert.rejects(runProgram(baselineStage(), { [CLUSTER_STACK]: { ...EKS_OUTPUTS, cloud: "gcp" } }), /runs on "gcp": set the same cloud/);
        });

        it("stops when the referenced stack applies the baseline itself", async () => {
            await assert.rejects(runProgram(baselineStage(), { [CLUSTER_STACK]: { ...EKS_OUTPUTS, stage: "all" } }), /is a "all" stage: it applies the baseline itself/);
        });

        it("stops when `hcb:identity` differs from the cluster stack's identity", async () => {
            const outputs = { ...EKS_OUTPUTS, identity: { cloud: "aws", oidc: { usernamePrefix: "idp:", groupsPrefix: "idp:" } } };
            await assert.rejects(runProgram(baselineStage(), { [CLUSTER_STACK]: outputs }), /differs from the cluster stack's `identity` output/);
        });

        const refusals: [string, Readonly<Record<string, unknown>>, RegExp][] = [
            ["both a stack and a kubeconfig", { "hcb:kubeconfig": KUBECONFIG }, /exactly one of `hcb:clusterStack`.*not both/],
            ["neither a stack nor a kubeconfig", { "hcb:clusterStack": undefined }, /needs exactly one of `hcb:clusterStack`/],
            ["a stack name that is not fully qualified", { "hcb:clusterStack": "eks" }, /must be the fully qualified cluster stack/],
            ["no identity", { "hcb:identity": undefined }, /`hcb:identity` is required in a "baseline" stage/],
            ["an identity of another cloud", { "hcb:identity": { cloud: "gcp" } }, /`hcb:identity.cloud` is "gcp" but `hcb:cloud` is "aws"/],
            ["the cluster's settings", { "hcb:cluster": { clusterName: "x" } }, /`hcb:cluster` is set but `hcb:stage` is "baseline"/],
            ["a subject without the IdP prefix", { "hcb:baseline": { namespaces: [{ name: "shop", developerGroups: ["shop-developers"] }] } }, /`namespaces\[0\]\.developerGroups\[0\]` must start with the identity provider config's groupsPrefix "oidc:"/],
        ];
        for (const [what, overrides, message] of refusals) {
            it(`refuses ${what} before registering anything`, async () => {
                const run = await runProgram(baselineStage(overrides), { [CLUSTER_STACK]: EKS_OUTPUTS });
                assert.match(run.error?.message ?? "", message);
                assert.deepEqual(registered(run.resources), []);
            });
        }
    });

    it("refuses an unknown stage, naming the three", async () => {
        const run = await runProgram(eksAll({ "hcb:stage": "both" }));
        assert.match(run.error?.message ?? "", /`hcb:stage` must be one of cluster, baseline, all, not "both"/);
        assert.deepEqual(registered(run.resources), []);
    });

    it("refuses subjects in the wrong form for the cloud before the cluster is created", async () => {
        const baseline = { namespaces: [{ name: "shop", developerGroups: ["oidc:shop-developers"] }] };
        const run = await runProgram(stackConfig("gke", { "hcb:stage": "all", "hcb:renderYamlTo": "out", "hcb:baseline": baseline }));
        assert.match(run.error?.message ?? "", /`namespaces\[0\]\.developerGroups\[0\]` must be a Google Group email/);
        assert.deepEqual(registered(run.resources), []);
    });
});
