import * as assert from "node:assert/strict";
import { PINNED_POD_SECURITY_VERSION, POD_SECURITY_LABELS, SYSTEM_NAMESPACES } from "../../../components/controls";
import {
    Json,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    analyze,
    assertClean,
    assertFindings,
    defaultDenyNetworkPolicy,
    hardenedNamespace,
    policyNamed,
    resource,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-namespace-require-pod-security-labels";
const MUST = "Namespace 'apps' must enforce, audit and warn at an allowed Pod Security level with a pinned version";
const L = POD_SECURITY_LABELS;

function namespace(change?: (labels: Json, ns: Json) => void, name = "apps") {
    const ns = tweaked(hardenedNamespace(name), n => change?.(n.metadata.labels, n));
    return [resource(NAMESPACE_TYPE, name, ns), resource(NETWORK_POLICY_TYPE, `${name}-default-deny`, defaultDenyNetworkPolicy(name))];
}

describe(POLICY, () => {
    it("passes the hardened namespace under every policy of the pack", async () => {
        assertClean(await analyze(namespace()));
    });

    const cases: { it: string; change: (labels: Json) => void; problems: string }[] = [
        { it: "reports a missing enforce label", change: l => delete l[L.enforce], problems: `${L.enforce} is missing` },
        { it: "reports a namespace opted out of restricted (enforce=baseline)", change: l => (l[L.enforce] = "baseline"), problems: `${L.enforce}=baseline is not an allowed level (restricted)` },
        { it: "reports enforce=privileged", change: l => (l[L.enforce] = l[L.audit] = l[L.warn] = "privileged"), problems: `${L.enforce}=privileged is not an allowed level (restricted)` },
        { it: "reports an enforce value that is not a level", change: l => (l[L.enforce] = "Restricted"), problems: `${L.enforce}="Restricted" is not a level` },
        { it: "reports a missing enforce-version", change: l => delete l[L.enforceVersion], problems: `${L.enforceVersion} is missing` },
        { it: "reports an unpinned enforce-version", change: l => (l[L.enforceVersion] = "latest"), problems: `${L.enforceVersion}=latest is not pinned` },
        { it: "reports an enforce-version that is not a version", change: l => (l[L.enforceVersion] = "1.35"), problems: `${L.enforceVersion}="1.35" is not a version` },
        { it: "reports a missing audit label", change: l => delete l[L.audit], problems: `${L.audit} is missing` },
        { it: "reports a warn level weaker than the enforced one", change: l => (l[L.warn] = "baseline"), problems: `${L.warn}=baseline is weaker than the enforced restricted` },
        { it: "reports an audit value that is not a level", change: l => (l[L.audit] = "all"), problems: `${L.audit}="all" is not a level` },
        {
            it: "lists every problem in one message",
            change: l => {
                delete l[L.enforceVersion];
                l[L.warn] = "privileged";
            },
            problems: `${L.enforceVersion} is missing; ${L.warn}=privileged is weaker than the enforced restricted`,
        },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(namespace(c.change)), [{ policy: POLICY, level: "mandatory", parts: [`${MUST}: ${c.problems}.`] }]);
        });
    }

    it("allows a weaker level only when allowedLevels includes it", async () => {
        const baseline = namespace(l => (l[L.enforce] = "baseline"));
        assertClean(await analyze(baseline, { [POLICY]: { allowedLevels: ["restricted", "baseline"] } }));
        assertFindings(await analyze(baseline, { [POLICY]: { allowedLevels: ["restricted", "privileged"] } }), [
            { policy: POLICY, parts: [`${L.enforce}=baseline is not an allowed level (restricted, privileged)`] },
        ]);
    });

    it("accepts audit and warn stricter than a baseline enforce", async () => {
        assertClean(await analyze(namespace(l => (l[L.enforce] = "baseline")), { [POLICY]: { allowedLevels: ["baseline"] } }));
    });

    it("accepts any pinned version", async () => {
        assertClean(await analyze(namespace(l => (l[L.enforceVersion] = "v1.25"))));
        assert.notEqual(PINNED_POD_SECURITY_VERSION, "v1.25");
    });

    it("skips the system namespaces by default", async () => {
        for (const name of SYSTEM_NAMESPACES) {
            const ns = { metadata: { name } };
            assertClean(await analyze([resource(NAMESPACE_TYPE, name, ns), resource(NETWORK_POLICY_TYPE, `${name}-deny`, defaultDenyNetworkPolicy(name))]));
        }
    });

    it("skips the configured exemptNamespaces instead of the defaults", async () => {
        const bare = (name: string) => [resource(NAMESPACE_TYPE, name, { metadata: { name } }), resource(NETWORK_POLICY_TYPE, `${name}-deny`, defaultDenyNetworkPolicy(name))];
        const config = { [POLICY]: { exemptNamespaces: ["legacy"] } };
        assertClean(await analyze(bare("legacy"), config));
        assertFindings(await analyze(bare("kube-system"), config), [{ policy: POLICY, parts: ["Namespace 'kube-system' must enforce", `${L.enforce} is missing`] }]);
    });

    it("turns the finding into an advisory exempted one with a written justification", async () => {
        const justification = "migrating the legacy agents by the end of Q3";
        const found = await analyze(namespace(l => (l[L.enforce] = "baseline")), { [POLICY]: { exemptions: [{ name: "apps", justification }] } });
        assertFindings(found, [{ policy: POLICY, level: "advisory", parts: [`exempted: ${MUST}: ${L.enforce}=baseline is not an allowed level (restricted).\njustification: ${justification}`] }]);
    });

    it("exempts nothing without a long enough justification", async () => {
        const ns = tweaked(hardenedNamespace(), n => (n.metadata.labels[L.enforce] = "baseline"));
        const outcome = await validateResource(policyNamed(POLICY), { type: NAMESPACE_TYPE, name: "apps", props: ns }, { exemptions: [{ name: "apps", justification: "because" }] });
        assert.deepEqual(outcome, { reports: [{ message: `${MUST}: ${L.enforce}=baseline is not an allowed level (restricted).` }] });
        // The engine's config validation refuses it outright.
        await assert.rejects(analyze(namespace(), { [POLICY]: { exemptions: [{ name: "apps", justification: "because" }] } }), /justification: String length must be greater than or equal to 20/);
    });

    const wrongTyped: { it: string; change: (ns: Json) => void; message: string }[] = [
        { it: "labels", change: ns => (ns.metadata.labels = "restricted"), message: "`metadata.labels` must be an object, not a string" },
        { it: "a label value", change: ns => (ns.metadata.labels[L.enforce] = ["restricted"]), message: `\`metadata.labels.${L.enforce}\` must be a string, not an array` },
        { it: "metadata", change: ns => (ns.metadata = []), message: "`metadata` must be an object, not an array" },
        { it: "a name", change: ns => (ns.metadata.name = 5), message: "`metadata.name` must be a string, not a number" },
    ];
    for (const w of wrongTyped) {
        it(`reports wrong-typed ${w.it} as a violation`, async () => {
            const props = tweaked(hardenedNamespace(), w.change);
            const outcome = await validateResource(policyNamed(POLICY), { type: NAMESPACE_TYPE, name: "apps", props });
            assert.equal(outcome.reports.length, 1);
            assert.match(outcome.reports[0].message, /^Namespace '(apps|5)' cannot be verified: /);
            assert.ok(outcome.reports[0].message.endsWith(`${w.message}.`), outcome.reports[0].message);
        });
    }

    it("cannot run during preview when the namespace's name is unknown, and says so", async () => {
        const ns = tweaked(hardenedNamespace(), n => (n.metadata.name = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
        const found = await analyze([resource(NAMESPACE_TYPE, "apps", ns)]);
        assert.ok(found.some(f => f.policy === POLICY && f.level === "advisory" && /^can't run policy 'k8s-namespace-require-pod-security-labels' .* during preview: string value at \.metadata\.name/.test(f.detail)));
    });

    it("is not applicable to other types", async () => {
        const outcome = await validateResource(policyNamed(POLICY), { type: NETWORK_POLICY_TYPE, name: "np", props: defaultDenyNetworkPolicy() });
        assert.deepEqual(outcome, { reports: [], notApplicable: `Policy only applies to resources of type '${NAMESPACE_TYPE}', 'kubernetes:core/v1:NamespacePatch'` });
    });
});
