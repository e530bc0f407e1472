import * as assert from "node:assert/strict";
import { RULE_CHECKS } from "../../../policy-pack/policies/rbac-role-rules";
import { selectorMatches } from "../../../policy-pack/policies/rbac-aggregated-roles";
import {
    CLUSTER_ROLE_TYPE,
    Json,
    analyze,
    assertClean,
    assertFindings,
    hardenedClusterRole,
    policyNamed,
    resource,
    stackInputs,
    tweaked,
    urnOf,
    validateStack,
} from "../../helpers/policy";

const POLICY = "k8s-rbac-restrict-aggregated-roles";
const LABEL = "rbac.example.com/aggregate-to-monitoring";
const SECRET_READS = "k8s-rbac-restrict-secret-reads";
const AGGREGATOR_URN = urnOf(CLUSTER_ROLE_TYPE, "monitoring");

function aggregator(selectors: Json[] = [{ matchLabels: { [LABEL]: "true" } }]) {
    return resource(CLUSTER_ROLE_TYPE, "monitoring", { metadata: { name: "monitoring" }, aggregationRule: { clusterRoleSelectors: selectors }, rules: [] });
}

/** A labelled source ClusterRole named `metrics-reader` (Pulumi name `source`). */
function source(labels: Json = { [LABEL]: "true" }, change?: (r: Json) => void) {
    return resource(CLUSTER_ROLE_TYPE, "source", tweaked(hardenedClusterRole("metrics-reader"), r => {
        r.metadata.labels = labels;
        change?.(r);
    }));
}

const listSecrets = (r: Json) => r.rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["list"] });
const secretReads = RULE_CHECKS.find(c => c.name === SECRET_READS)!;

describe(POLICY, () => {
    it("passes an aggregating ClusterRole over safe roles under every policy of the pack", async () => {
        assertClean(await analyze([aggregator(), source()]));
    });

    it("reports an aggregated role that reads secrets, naming it by its Kubernetes name", async () => {
        const found = await analyze([aggregator(), source(undefined, listSecrets)]);
        assertFindings(found, [
            {
                policy: POLICY,
                level: "mandatory",
                urn: AGGREGATOR_URN,
                parts: [`ClusterRole 'monitoring' must not aggregate ClusterRole 'metrics-reader', which must not ${secretReads.mustNot}: rules[2] grants list on secrets (${SECRET_READS}).`],
            },
            // The source role is also reported on its own.
            { policy: SECRET_READS, parts: ["ClusterRole 'metrics-reader' must not read secrets"] },
        ]);
    });

    const selectors: { it: string; selector: Json; labels: Json; matches: boolean }[] = [
        { it: "matchLabels that match", selector: { matchLabels: { [LABEL]: "true" } }, labels: { [LABEL]: "true" }, matches: true },
        { it: "matchLabels with another value", selector: { matchLabels: { [LABEL]: "true" } }, labels: { [LABEL]: "false" }, matches: false },
        { it: "an empty selector, which selects every role", selector: {}, labels: {}, matches: true },
        { it: "In", selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] }, labels: { tier: "b" }, matches: true },
        { it: "In without the label", selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a"] }] }, labels: {}, matches: false },
        { it: "NotIn without the label", selector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] }, labels: {}, matches: true },
        { it: "NotIn with a listed value", selector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] }, labels: { tier: "a" }, matches: false },
        { it: "Exists", selector: { matchExpressions: [{ key: "tier", operator: "Exists" }] }, labels: { tier: "" }, matches: true },
        { it: "DoesNotExist", selector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, labels: { tier: "a" }, matches: false },
        { it: "an invalid operator, which the API server rejects", selector: { matchExpressions: [{ key: "tier", operator: "Matches", values: ["a"] }] }, labels: { tier: "a" }, matches: false },
    ];
    for (const s of selectors) {
        it(`follows label selector semantics: ${s.it}`, async () => {
            const found = await analyze([aggregator([s.selector]), source(s.labels, listSecrets)]);
            assert.equal(found.some(f => f.policy === POLICY), s.matches, found.map(f => f.detail).join("\n"));
            const sel = { matchLabels: new Map(Object.entries((s.selector.matchLabels ?? {}) as Record<string, string>)), matchExpressions: (s.selector.matchExpressions ?? []).map((e: Json) => ({ values: [], ...e })) };
            assert.equal(selectorMatches(sel, new Map(Object.entries(s.labels))), s.matches);
        });
    }

    it("does not judge an aggregating role by itself", async () => {
        const self = aggregator([{}]);
        (self.outputs as Json).rules = [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }];
        const found = await analyze([self]);
        assert.ok(!found.some(f => f.policy === POLICY), found.map(f => f.detail).join("\n"));
    });

    it("leaves a source role it cannot read to the per-role policies", async () => {
        const found = await analyze([aggregator(), source(undefined, r => (r.rules = "everything"))]);
        assert.ok(!found.some(f => f.policy === POLICY));
        assert.equal(found.filter(f => f.detail === "ClusterRole 'metrics-reader' cannot be verified: `rules` must be an array, not a string.").length, RULE_CHECKS.length);
    });

    const wrongTyped: { it: string; rule: unknown; message: string }[] = [
        { it: "aggregationRule", rule: "all", message: "`aggregationRule` must be an object, not a string" },
        { it: "clusterRoleSelectors", rule: { clusterRoleSelectors: {} }, message: "`aggregationRule.clusterRoleSelectors` must be an array, not an object" },
        { it: "a selector", rule: { clusterRoleSelectors: ["x"] }, message: "`aggregationRule.clusterRoleSelectors[0]` must be an object, not a string" },
        { it: "matchLabels", rule: { clusterRoleSelectors: [{ matchLabels: [] }] }, message: "`aggregationRule.clusterRoleSelectors[0].matchLabels` must be an object, not an array" },
        {
            it: "expression values",
            rule: { clusterRoleSelectors: [{ matchExpressions: [{ key: "a", operator: "In", values: "b" }] }] },
            message: "`aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values` must be an array, not a string",
        },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.it} as a violation`, async () => {
            const agg = resource(CLUSTER_ROLE_TYPE, "monitoring", { metadata: { name: "monitoring" }, aggregationRule: w.rule });
            assert.deepEqual(await validateStack(policyNamed(POLICY), stackInputs([agg])), {
                reports: [{ message: `ClusterRole 'monitoring' cannot be verified: ${w.message}.`, urn: AGGREGATOR_URN }],
            });
        });
    }

    it("is not applicable to a stack without ClusterRoles", async () => {
        assert.deepEqual(await validateStack(policyNamed(POLICY), []), { reports: [], notApplicable: "No resource in the stack is of a type this policy checks" });
    });
});
