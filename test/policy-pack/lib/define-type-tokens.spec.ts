/**
 * The whole pack on one insecure resource registered under each of its tokens: every variant
 * (alias, versioned module, local package) yields the findings of the current token, and a token
 * the pack cannot read yields an explicit advisory from every policy that would have judged it.
 */
import * as assert from "node:assert/strict";
import { EngineResource } from "../../../cli/engine/model";
import { variantsOf } from "../../../policy-pack/lib/type-tokens";
import { Finding, Json, analyze, describeFindings, hardenedWorkload, resource, stackWith, urnOf } from "../../helpers/policy";

/** Findings as comparable lines, with the resource's URN written as `<urn>` (a variant's URN holds its token). */
function lines(findings: readonly Finding[], urn: string): string[] {
    return findings.map(f => `${f.policy} [${f.level}] ${f.urn === urn ? "<urn>" : f.urn}: ${f.detail}`).sort();
}

async function findingsOf(type: string, name: string, props: Json, around: (r: EngineResource) => EngineResource[]): Promise<string[]> {
    return lines(await analyze(around(resource(type, name, props))), urnOf(type, name));
}

const alone = (r: EngineResource) => [r];

/** Insecure resources of every family: the current token and what it is built from. */
const INSECURE: readonly { type: string; props: Json; around: (r: EngineResource) => EngineResource[] }[] = [
    { type: "azure-native:containerservice:ManagedCluster", props: { agentPoolProfiles: [{ name: "system", mode: "System" }] }, around: alone },
    { type: "azure-native:containerservice:AgentPool", props: { agentPoolName: "user", enableNodePublicIP: true }, around: alone },
    { type: "aws:eks/cluster:Cluster", props: { vpcConfig: { endpointPublicAccess: true } }, around: alone },
    { type: "gcp:container/cluster:Cluster", props: { enableLegacyAbac: true }, around: alone },
    {
        type: "kubernetes:apps/v1:Deployment",
        props: (() => {
            const d = hardenedWorkload("kubernetes:apps/v1:Deployment", { name: "web" });
            d.spec.template.spec.containers[0].securityContext = { privileged: true };
            return d;
        })(),
        around: r => stackWith(r),
    },
    {
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        props: { metadata: { name: "everything" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
        around: alone,
    },
    {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        props: { metadata: { name: "open", namespace: "apps" }, spec: { podSelector: {}, ingress: [{}], policyTypes: ["Ingress"] } },
        around: r => stackWith(r),
    },
];

describe("the pack on every token of a type (define.ts type matching)", () => {
    // aws:eks and gcp:container tokens have no alias in their SDKs (type-tokens.spec.ts reads them):
    // they are here for the not-judged cases below.
    for (const { type, props, around } of INSECURE.filter(i => variantsOf(i.type).length > 0)) {
        it(`judges ${type} alike under each of its tokens`, async () => {
            const expected = await findingsOf(type, "subject", props, around);
            assert.ok(expected.some(l => l.includes("[mandatory]")), `no mandatory finding on ${type}:\n${expected.join("\n")}`);
            for (const variant of variantsOf(type)) {
                assert.deepEqual(await findingsOf(variant, "subject", props, around), expected, variant);
            }
        });
    }

    /** The policies that report on the insecure resource under its own token. */
    async function policiesReporting(type: string, props: Json, around: (r: EngineResource) => EngineResource[]): Promise<string[]> {
        return [...new Set((await analyze(around(resource(type, "subject", props)))).map(f => f.policy))].sort();
    }

    const UNREAD: readonly { token: string; stands: string; reason: RegExp }[] = [
        { token: "azure:containerservice/kubernetesCluster:KubernetesCluster", stands: "azure-native:containerservice:ManagedCluster", reason: /classic azure provider/ },
        { token: "aws-native:eks:Cluster", stands: "aws:eks/cluster:Cluster", reason: /aws-native provider/ },
        { token: "google-native:container/v1:Cluster", stands: "gcp:container/cluster:Cluster", reason: /google-native provider/ },
        // A DeploymentPatch is judged on what it sets (policy-pack/lib/patch.ts; see the spec below).
        { token: "kubernetes:apps/v1:DeploymentList", stands: "kubernetes:apps/v1:Deployment", reason: /list of objects/ },
        { token: "kubernetes:rbac.authorization.k8s.io/v2:ClusterRole", stands: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", reason: /API version/ },
    ];

    for (const { token, stands, reason } of UNREAD) {
        it(`reports ${token} as not judged by every policy that finds the insecure ${stands}`, async () => {
            const spec = INSECURE.find(i => i.type === stands)!;
            const judging = await policiesReporting(stands, spec.props, spec.around);
            const findings = (await analyze(spec.around(resource(token, "subject", spec.props)))).filter(f => f.urn === urnOf(token, "subject"));
            assert.ok(findings.length > 0, `${token} passed silently`);
            for (const f of findings) {
                assert.equal(f.level, "advisory", describeFindings([f]));
                assert.match(f.detail, new RegExp(`is not judged by this policy: its type '${token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}' is `));
                assert.match(f.detail, reason);
                assert.ok(f.detail.includes(`the policy reads '${stands}'`), f.detail);
            }
            const notJudged = [...new Set(findings.map(f => f.policy))].sort();
            const missing = judging.filter(p => !notJudged.includes(p));
            assert.deepEqual(missing, [], `policies that find the insecure ${stands} but say nothing of ${token}`);
        });
    }

    it("judges kubernetes:apps/v1:DeploymentPatch on what it sets, as mandatory as the Deployment", async () => {
        const spec = INSECURE.find(i => i.type === "kubernetes:apps/v1:Deployment")!;
        const token = "kubernetes:apps/v1:DeploymentPatch";
        const findings = (await analyze(spec.around(resource(token, "subject", spec.props)))).filter(f => f.urn === urnOf(token, "subject"));
        assert.ok(findings.some(f => f.level === "mandatory"), describeFindings(findings));
        assert.ok(findings.every(f => !f.detail.includes("is not judged by this policy")), describeFindings(findings));
    });

    it("keeps a resource the pack has no policy for clean and quiet", async () => {
        const findings = await analyze([resource("kubernetes:core/v1:ConfigMap", "settings", { metadata: { name: "settings", namespace: "apps" }, data: { a: "b" } })]);
        assert.deepEqual(describeFindings(findings), "");
    });

    it("lets an exemption cover a not-judged advisory, still reported", async () => {
        const token = "azure:containerservice/kubernetesCluster:KubernetesCluster";
        const config = {
            "aks-cluster-disallow-local-accounts": {
                enforcementLevel: "mandatory",
                exemptions: [{ name: "subject", justification: "Reviewed by hand against the AKS checklist in ticket SEC-1234." }],
            },
        };
        const findings = (await analyze([resource(token, "subject", {})], config)).filter(f => f.policy === "aks-cluster-disallow-local-accounts");
        assert.equal(findings.length, 1, describeFindings(findings));
        assert.equal(findings[0].level, "advisory");
        assert.match(findings[0].detail, /exempt/i);
    });
});
