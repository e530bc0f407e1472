import * as assert from "node:assert/strict";
import { SYSTEM_NAMESPACES } from "../../../components/controls";
import {
    Json,
    NAMESPACE,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    UNKNOWN,
    allowNetworkPolicy,
    analyze,
    assertClean,
    assertFindings,
    defaultDenyNetworkPolicy,
    hardenedNamespace,
    policyNamed,
    resource,
    stackInputs,
    tweaked,
    urnOf,
    validateStack,
} from "../../helpers/policy";

const POLICY = "k8s-namespace-require-default-deny";
const MUST = "Namespace 'apps' must have a default-deny NetworkPolicy (empty podSelector, no rules) for ingress and egress";
const NS_URN = urnOf(NAMESPACE_TYPE, NAMESPACE);

const ns = () => resource(NAMESPACE_TYPE, NAMESPACE, hardenedNamespace());
const netpol = (name: string, change?: (p: Json) => void, base = defaultDenyNetworkPolicy()) => resource(NETWORK_POLICY_TYPE, name, tweaked(base, p => change?.(p)));

describe(POLICY, () => {
    it("passes the hardened namespace and its default deny under every policy of the pack", async () => {
        assertClean(await analyze([ns(), netpol("deny"), netpol("allow", undefined, allowNetworkPolicy())]));
    });

    const cases: { it: string; policies: () => ReturnType<typeof netpol>[]; missing: string }[] = [
        { it: "reports a namespace without NetworkPolicies", policies: () => [], missing: "ingress and egress are not denied by default" },
        { it: "reports a deny of ingress only", policies: () => [netpol("deny", p => (p.spec.policyTypes = ["Ingress"]))], missing: "egress is not denied by default" },
        { it: "reports a deny of egress only", policies: () => [netpol("deny", p => (p.spec.policyTypes = ["Egress"]))], missing: "ingress is not denied by default" },
        { it: "reads unset policyTypes as Ingress only when there are no egress rules", policies: () => [netpol("deny", p => delete p.spec.policyTypes)], missing: "egress is not denied by default" },
        { it: "reads empty policyTypes as unset, as the API server defaults them", policies: () => [netpol("deny", p => (p.spec.policyTypes = []))], missing: "egress is not denied by default" },
        { it: "does not count a policy that selects some pods", policies: () => [netpol("deny", p => (p.spec.podSelector = { matchLabels: { app: "web" } }))], missing: "ingress and egress are not denied by default" },
        {
            it: "does not count a policy with a match expression",
            policies: () => [netpol("deny", p => (p.spec.podSelector = { matchExpressions: [{ key: "app", operator: "Exists" }] }))],
            missing: "ingress and egress are not denied by default",
        },
        { it: "does not count a direction that has rules", policies: () => [netpol("deny", p => (p.spec.ingress = [{ from: [{ podSelector: {} }] }]))], missing: "ingress is not denied by default" },
        { it: "does not count a policy of another namespace", policies: () => [netpol("deny", p => (p.metadata.namespace = "other"))], missing: "ingress and egress are not denied by default" },
        { it: "places a policy without a namespace in default", policies: () => [netpol("deny", p => delete p.metadata.namespace)], missing: "ingress and egress are not denied by default" },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze([ns(), ...c.policies()]), [{ policy: POLICY, level: "mandatory", urn: NS_URN, parts: [`${MUST}: ${c.missing}.`] }]);
        });
    }

    it("accepts a deny split over two policies", async () => {
        assertClean(await analyze([ns(), netpol("deny-in", p => (p.spec.policyTypes = ["Ingress"])), netpol("deny-out", p => (p.spec.policyTypes = ["Egress"]))]));
    });

    it("accepts empty matchLabels and matchExpressions as selecting every pod", async () => {
        assertClean(await analyze([ns(), netpol("deny", p => (p.spec.podSelector = { matchLabels: {}, matchExpressions: [] }))]));
    });

    it("finds the namespace of a policy through propertyDependencies when its namespace is unknown during preview", async () => {
        const deny = resource(NETWORK_POLICY_TYPE, "deny", tweaked(defaultDenyNetworkPolicy(), p => (p.metadata.namespace = UNKNOWN.string)), {
            propertyDependencies: { metadata: [NS_URN] },
        });
        assertClean(await analyze([ns(), deny]));
    });

    it("skips the system namespaces by default, and the configured ones instead when set", async () => {
        for (const name of SYSTEM_NAMESPACES) {
            assertClean(await analyze([resource(NAMESPACE_TYPE, name, hardenedNamespace(name))]));
        }
        const config = { [POLICY]: { exemptNamespaces: ["apps"] } };
        assertClean(await analyze([ns()], config));
        assertFindings(await analyze([resource(NAMESPACE_TYPE, "kube-system", hardenedNamespace("kube-system"))], config), [
            { policy: POLICY, parts: ["Namespace 'kube-system' must have a default-deny NetworkPolicy"] },
        ]);
    });

    it("reports an unknown namespace name as advisory on that namespace during preview", async () => {
        const computed = resource(NAMESPACE_TYPE, "apps", tweaked(hardenedNamespace(), n => (n.metadata.name = UNKNOWN.string)));
        const found = await analyze([computed]);
        const mine = found.filter(f => f.policy === POLICY);
        assert.deepEqual(mine.map(f => [f.level, f.urn, f.detail]), [
            ["advisory", NS_URN, "Namespace 'apps' cannot be checked during preview: string value at .metadata.name can't be known during preview"],
        ]);
    });

    it("reports a namespace as advisory when a NetworkPolicy in it is unknown during preview", async () => {
        const found = await analyze([ns(), netpol("deny", p => (p.spec.policyTypes = UNKNOWN.array))]);
        assertFindings(found, [{ policy: POLICY, level: "advisory", urn: NS_URN, parts: ["Namespace 'apps' cannot be checked during preview: Array value at .spec.policyTypes can't be known during preview"] }]);
    });

    const wrongTyped: { it: string; change: (p: Json) => void; message: string }[] = [
        { it: "podSelector", change: p => (p.spec.podSelector = "all"), message: "`spec.podSelector` must be an object, not a string" },
        { it: "matchLabels", change: p => (p.spec.podSelector = { matchLabels: [] }), message: "`spec.podSelector.matchLabels` must be an object, not an array" },
        { it: "policyTypes", change: p => (p.spec.policyTypes = "Ingress"), message: "`spec.policyTypes` must be an array, not a string" },
        { it: "spec", change: p => (p.spec = true), message: "`spec` must be an object, not a boolean" },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.it} of a NetworkPolicy as a violation naming that NetworkPolicy`, async () => {
            const outcome = await validateStack(policyNamed(POLICY), stackInputs([ns(), netpol("deny", w.change)]));
            assert.deepEqual(outcome, { reports: [{ message: `Namespace 'apps' cannot be verified: ${w.message} in NetworkPolicy 'default-deny'.`, urn: NS_URN }] });
        });
    }

    it("reports a wrong-typed namespace name as a violation", async () => {
        const outcome = await validateStack(policyNamed(POLICY), stackInputs([resource(NAMESPACE_TYPE, "apps", tweaked(hardenedNamespace(), n => (n.metadata.name = ["apps"])))]));
        assert.deepEqual(outcome, { reports: [{ message: "Namespace 'apps' cannot be verified: `metadata.name` must be a string, not an array.", urn: NS_URN }] });
    });

    it("turns the finding into an advisory exempted one with a written justification", async () => {
        const justification = "the ingress controller namespace is protected by the cloud firewall";
        const found = await analyze([ns()], { [POLICY]: { exemptions: [{ urn: "*:Namespace::apps", justification }] } });
        assertFindings(found, [{ policy: POLICY, level: "advisory", urn: NS_URN, parts: [`exempted: ${MUST}: ingress and egress are not denied by default.\njustification: ${justification}`] }]);
    });

    it("is not applicable to a stack without namespaces", async () => {
        const outcome = await validateStack(policyNamed(POLICY), stackInputs([netpol("deny")]));
        assert.deepEqual(outcome, { reports: [], notApplicable: "No resource in the stack is of a type this policy checks" });
    });
});
