import * as assert from "node:assert/strict";
import { ESCALATION, POD_EXEC, Rule, SECRET_READS, WORKLOAD_WRITES, findGrants, findWildcards, grants, rulesOf } from "../../../policy-pack/lib/rbac";
import { MalformedValueError } from "../../../policy-pack/lib/read";

function rule(fields: Partial<Omit<Rule, "index">>, index = 0): Rule {
    return { index, apiGroups: [], resources: [], verbs: [], resourceNames: [], nonResourceURLs: [], ...fields };
}

describe("rbac", () => {
    describe("grants (the authorizer's matching)", () => {
        const cases: { it: string; rule: Partial<Rule>; request: [string, string, string]; granted: boolean }[] = [
            { it: "an exact match", rule: { apiGroups: [""], resources: ["pods"], verbs: ["create"] }, request: ["", "pods", "create"], granted: true },
            { it: "another verb", rule: { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, request: ["", "pods", "create"], granted: false },
            { it: "a wildcard verb", rule: { apiGroups: [""], resources: ["pods"], verbs: ["*"] }, request: ["", "pods", "delete"], granted: true },
            { it: "another API group", rule: { apiGroups: ["apps"], resources: ["pods"], verbs: ["create"] }, request: ["", "pods", "create"], granted: false },
            { it: "a wildcard API group", rule: { apiGroups: ["*"], resources: ["deployments"], verbs: ["create"] }, request: ["apps", "deployments", "create"], granted: true },
            { it: "resource * on a resource", rule: { apiGroups: [""], resources: ["*"], verbs: ["get"] }, request: ["", "secrets", "get"], granted: true },
            { it: "resource * on a subresource", rule: { apiGroups: [""], resources: ["*"], verbs: ["create"] }, request: ["", "pods/exec", "create"], granted: true },
            { it: "a resource on its subresource", rule: { apiGroups: [""], resources: ["pods"], verbs: ["create"] }, request: ["", "pods/exec", "create"], granted: false },
            { it: "a subresource on its resource", rule: { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }, request: ["", "pods", "create"], granted: false },
            { it: "*/scale on a scale subresource", rule: { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update"] }, request: ["apps", "deployments/scale", "update"], granted: true },
            { it: "*/scale on the resource itself", rule: { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update"] }, request: ["apps", "deployments", "update"], granted: false },
            { it: "*/scale on another subresource", rule: { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update"] }, request: ["apps", "deployments/status", "update"], granted: false },
            { it: "*/exec on pods/exec", rule: { apiGroups: [""], resources: ["*/exec"], verbs: ["create"] }, request: ["", "pods/exec", "create"], granted: true },
            { it: "*/scale on a longer subresource name", rule: { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update"] }, request: ["apps", "deployments/rescale", "update"], granted: false },
            { it: "a rule without verbs", rule: { apiGroups: [""], resources: ["pods"], verbs: [] }, request: ["", "pods", "create"], granted: false },
        ];
        for (const c of cases) {
            it(`${c.granted ? "grants" : "does not grant"} with ${c.it}`, () => {
                assert.equal(grants(rule(c.rule), ...c.request), c.granted);
            });
        }
    });

    describe("findGrants", () => {
        it("lists the dangerous verbs per rule, resources grouped by the verbs granted", () => {
            const rules = [
                rule({ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }, 0),
                rule({ apiGroups: ["", "apps"], resources: ["pods", "deployments"], verbs: ["create", "patch"] }, 1),
            ];
            assert.deepEqual(findGrants(rules, WORKLOAD_WRITES), ["rules[1] grants create, patch on pods, apps/deployments"]);
        });

        it("lets resourceNames narrow reads of secrets (get, list and watch) to the named ones", () => {
            const named = rule({ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"], resourceNames: ["tls"] });
            assert.deepEqual(findGrants([named], SECRET_READS), []);
        });

        it("names what resourceNames narrow a still dangerous grant to", () => {
            const exec = rule({ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"], resourceNames: ["web-0"] });
            assert.deepEqual(findGrants([exec], POD_EXEC), ['rules[0] grants create on pods/exec (only "web-0")']);
            const patch = rule({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["update", "patch"], resourceNames: ["web", "api"] });
            assert.deepEqual(findGrants([patch], WORKLOAD_WRITES), ['rules[0] grants update, patch on apps/deployments (only "web", "api")']);
        });

        it("counts no create or deletecollection from a rule with resourceNames, which the authorizer never matches to them", () => {
            const create = rule({ apiGroups: ["", "apps"], resources: ["pods", "deployments"], verbs: ["create", "deletecollection"], resourceNames: ["web"] });
            assert.deepEqual(findGrants([create], WORKLOAD_WRITES), []);
            const tokens = rule({ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: ["builder"] });
            assert.deepEqual(findGrants([tokens], ESCALATION), ['rules[0] grants create on serviceaccounts/token (only "builder")']);
        });

        it("groups every grant of a rule in one entry", () => {
            const rbacAll = rule({ apiGroups: ["rbac.authorization.k8s.io"], resources: ["*"], verbs: ["*"] });
            const found = findGrants([rbacAll], ESCALATION);
            assert.equal(found.length, 1);
            assert.ok(found[0].startsWith("rules[0] grants create, update, patch on rbac.authorization.k8s.io/roles"));
            assert.ok(found[0].includes("; bind on rbac.authorization.k8s.io/roles, rbac.authorization.k8s.io/clusterroles"));
        });

        it("leaves a rule that grants everything to the wildcard finding, for every permission list", () => {
            const all = rule({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] });
            for (const permissions of [WORKLOAD_WRITES, ESCALATION, POD_EXEC, SECRET_READS]) {
                assert.deepEqual(findGrants([all], permissions), []);
            }
            assert.deepEqual(findWildcards([all]), [
                "rules[0] grants every verb on every resource of every API group, as cluster-admin does (workload writes, privilege escalation, exec and secret reads included)",
            ]);
        });

        it("finds nothing in a read-only rule", () => {
            const read = rule({ apiGroups: ["", "apps"], resources: ["configmaps", "deployments"], verbs: ["get", "list", "watch"] });
            for (const permissions of [WORKLOAD_WRITES, ESCALATION, POD_EXEC, SECRET_READS]) {
                assert.deepEqual(findGrants([read], permissions), []);
            }
        });
    });

    describe("findWildcards", () => {
        const cases: { it: string; rule: Partial<Rule>; found: string[] }[] = [
            { it: "no wildcard", rule: { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, found: [] },
            { it: "a wildcard verb", rule: { verbs: ["get", "*"] }, found: ["rules[0] has * in verbs"] },
            { it: "a wildcard resource", rule: { resources: ["*"] }, found: ["rules[0] has * in resources"] },
            { it: "a */subresource", rule: { resources: ["*/scale"] }, found: ["rules[0] has * in resources"] },
            { it: "a wildcard API group", rule: { apiGroups: ["*"] }, found: ["rules[0] has * in apiGroups"] },
            { it: "a wildcard non-resource URL", rule: { nonResourceURLs: ["*"] }, found: ["rules[0] has * in nonResourceURLs"] },
            { it: "a prefix non-resource URL", rule: { nonResourceURLs: ["/apis/*"] }, found: ["rules[0] has * in nonResourceURLs"] },
            { it: "every field but one", rule: { verbs: ["*"], resources: ["*"], nonResourceURLs: ["*"] }, found: ["rules[0] has * in verbs, resources, nonResourceURLs"] },
            { it: "a resource name with a star, which is literal", rule: { resourceNames: ["*"] }, found: [] },
        ];
        for (const c of cases) {
            it(`finds ${c.it}`, () => {
                assert.deepEqual(findWildcards([rule(c.rule)]), c.found);
            });
        }
    });

    describe("rulesOf", () => {
        it("reads every rule with its index, missing lists as empty", () => {
            const rules = rulesOf({ rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }, { nonResourceURLs: ["/healthz"], verbs: ["get"] }] });
            assert.deepEqual(rules, [
                { index: 0, apiGroups: [""], resources: ["pods"], verbs: ["get"], resourceNames: [], nonResourceURLs: [] },
                { index: 1, apiGroups: [], resources: [], verbs: ["get"], resourceNames: [], nonResourceURLs: ["/healthz"] },
            ]);
            assert.deepEqual(rulesOf({}), []);
        });

        it("raises on wrong-typed rules", () => {
            for (const [props, path] of [
                [{ rules: {} }, "rules"],
                [{ rules: ["x"] }, "rules[0]"],
                [{ rules: [{ verbs: "*" }] }, "rules[0].verbs"],
                [{ rules: [{ verbs: ["get"], resources: [1] }] }, "rules[0].resources[0]"],
            ] as const) {
                assert.throws(() => rulesOf(props), (e: unknown) => e instanceof MalformedValueError && e.path === path);
            }
        });
    });
});
