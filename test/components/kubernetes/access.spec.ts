import * as assert from "node:assert/strict";
import { ACCESS_OBJECT_NAMES, CLUSTER_ACCESS_DEFAULTS, ClusterAccess, DEVELOPER_RULES, InvalidArgsError, NamespaceAccess, READ_ONLY_RULES } from "../../../components/kubernetes";
import { created, describeFindings, mandatory, runComponent, runExpectingError } from "../../helpers/component";
import { assertClean, assertObjectsValid, objectsOfKind } from "./fixtures";

describe("NamespaceAccess", () => {
    it("grants the developer role read on pods, logs, services, config maps and deployments to the IdP groups", async () => {
        const run = await runComponent(provider => new NamespaceAccess("payments-access", { provider, namespace: "payments", developerGroups: ["team-payments", "oidc:payments-oncall"] }));
        const role = objectsOfKind(run.resources, "Role").get("payments/developer")!;
        assert.deepEqual(role["rules"], [
            { apiGroups: [""], resources: ["pods", "pods/log", "services", "configmaps"], verbs: ["get", "list", "watch"] },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] },
        ]);
        assert.deepEqual(role["rules"], DEVELOPER_RULES);
        const binding = objectsOfKind(run.resources, "RoleBinding").get("payments/developer")!;
        assert.deepEqual(binding["subjects"], [
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-payments" },
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "oidc:payments-oncall" },
        ]);
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("refuses no groups, system groups and the public groups before registering anything", async () => {
        const { error, resources } = await runExpectingError(provider => new NamespaceAccess("a", { provider, namespace: "payments", developerGroups: [] }));
        assert.match(error.message, /`developerGroups` must be a non-empty list/);
        assert.deepEqual(created(resources), []);
        const again = await runExpectingError(provider => new NamespaceAccess("a", { provider, namespace: "payments", developerGroups: ["system:authenticated", "system:masters"] }));
        const problems = (again.error as InvalidArgsError).problems;
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.ok(problems.every(p => p.startsWith("`developerGroups[")));
    });
});

describe("ClusterAccess", () => {
    it("pins its documented defaults: no read-only subjects, no break-glass binding", () => {
        assert.deepEqual(CLUSTER_ACCESS_DEFAULTS, { readOnlyGroups: [], breakGlassSubjects: [] });
    });

    it("registers only the read-only role by default, with no secrets and no wildcards", async () => {
        const run = await runComponent(provider => new ClusterAccess("access", { provider }));
        const kinds = created(run.resources).filter(r => r.custom).map(r => r.type);
        assert.deepEqual(kinds, ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"]);
        const role = objectsOfKind(run.resources, "ClusterRole").get(ACCESS_OBJECT_NAMES.readOnlyRole)!;
        assert.deepEqual(role["rules"], READ_ONLY_RULES);
        const flat = READ_ONLY_RULES.flatMap(r => [...r.resources, ...r.verbs, ...r.apiGroups]);
        assert.ok(!flat.includes("secrets") && !flat.includes("*"));
        assert.ok(READ_ONLY_RULES.every(r => r.verbs.every(v => ["get", "list", "watch"].includes(v))));
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("binds read-only groups cluster-wide", async () => {
        const run = await runComponent(provider => new ClusterAccess("access", { provider, readOnlyGroups: ["platform-readers"] }));
        const binding = objectsOfKind(run.resources, "ClusterRoleBinding").get(ACCESS_OBJECT_NAMES.readOnlyRole)!;
        assert.deepEqual(binding["roleRef"], { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ACCESS_OBJECT_NAMES.readOnlyRole });
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("binds cluster-admin to named break-glass subjects, which the pack refuses until they are its breakGlassSubjects", async () => {
        let component: ClusterAccess | undefined;
        const run = await runComponent(provider => (component = new ClusterAccess("access", { provider, breakGlass: { subjects: [{ kind: "Group", name: "platform-break-glass" }] } })));
        const binding = objectsOfKind(run.resources, "ClusterRoleBinding").get(ACCESS_OBJECT_NAMES.breakGlassBinding)!;
        assert.deepEqual(binding["roleRef"], { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" });
        const found = mandatory(run.violations);
        assert.equal(found.length, 1, describeFindings(run.violations));
        assert.equal(found[0].policyName, "k8s-rbac-restrict-cluster-admin-bindings");
        assert.deepEqual(component!.breakGlassSubjects, ["Group:platform-break-glass"]);
        const configured = await runComponent(provider => new ClusterAccess("access", { provider, breakGlass: { subjects: [{ kind: "Group", name: "platform-break-glass" }] } }), {
            packConfig: { "k8s-rbac-restrict-cluster-admin-bindings": { breakGlassSubjects: component!.breakGlassSubjects } },
        });
        assertClean(configured.violations);
    });

    it("reports every bad argument at once and registers nothing", async () => {
        const { error, resources } = await runExpectingError(
            provider => new ClusterAccess("access", { provider, readOnlyGroups: ["system:unauthenticated"], breakGlass: { subjects: [{ kind: "ServiceAccount" as "User", name: "" }] } }),
        );
        const problems = (error as InvalidArgsError).problems;
        for (const path of ["`readOnlyGroups[0]`", "`breakGlass.subjects[0].kind`", "`breakGlass.subjects[0].name`"]) {
            assert.ok(problems.some(p => p.startsWith(path)), `no problem names ${path}:\n${problems.join("\n")}`);
        }
        assert.deepEqual(created(resources), []);
    });
});
