import * as assert from "node:assert/strict";
import { PUBLIC_GROUPS } from "../../../components/controls";
import {
    CLUSTER_ROLE_BINDING_TYPE,
    Json,
    NAMESPACE,
    ROLE_BINDING_TYPE,
    analyze,
    assertClean,
    assertFindings,
    hardenedClusterRoleBinding,
    hardenedRoleBinding,
    policyNamed,
    resource,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const CLUSTER_ADMIN = "k8s-rbac-restrict-cluster-admin-bindings";
const ANONYMOUS = "k8s-rbac-disallow-anonymous-bindings";
const CRB = "ClusterRoleBinding 'ops-viewer'";

const clusterAdmin = (b: Json) => (b.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" });

function crb(change: (b: Json) => void) {
    return stackWith(resource(CLUSTER_ROLE_BINDING_TYPE, "crb", tweaked(hardenedClusterRoleBinding(), change)));
}

describe(CLUSTER_ADMIN, () => {
    it("passes the hardened RoleBinding and ClusterRoleBinding under every policy of the pack", async () => {
        assertClean(await analyze(stackWith(resource(ROLE_BINDING_TYPE, "rb", hardenedRoleBinding()), resource(CLUSTER_ROLE_BINDING_TYPE, "crb", hardenedClusterRoleBinding()))));
    });

    it("reports cluster-admin bound to a subject that is not break-glass", async () => {
        assertFindings(await analyze(crb(clusterAdmin)), [
            { policy: CLUSTER_ADMIN, level: "mandatory", parts: [`${CRB} must bind cluster-admin only to break-glass subjects: Group ops is not in breakGlassSubjects.`] },
        ]);
    });

    it("names every offender", async () => {
        const found = await analyze(crb(b => {
            clusterAdmin(b);
            b.subjects.push({ kind: "ServiceAccount", name: "deployer", namespace: "ci" });
        }));
        assertFindings(found, [{ policy: CLUSTER_ADMIN, parts: [`${CRB} must bind cluster-admin only to break-glass subjects: Group ops, ServiceAccount ci/deployer are not in breakGlassSubjects.`] }]);
    });

    it("allows the configured breakGlassSubjects, service accounts as Kind:namespace/name", async () => {
        const config = { [CLUSTER_ADMIN]: { breakGlassSubjects: ["Group:ops", "ServiceAccount:ci/deployer"] } };
        const stack = crb(b => {
            clusterAdmin(b);
            b.subjects.push({ kind: "ServiceAccount", name: "deployer", namespace: "ci" });
        });
        assertClean(await analyze(stack, config));
        assertFindings(await analyze(stack, { [CLUSTER_ADMIN]: { breakGlassSubjects: ["Group:ops", "ServiceAccount:deployer"] } }), [
            { policy: CLUSTER_ADMIN, parts: ["ServiceAccount ci/deployer is not in breakGlassSubjects"] },
        ]);
    });

    it("reports a RoleBinding to the cluster-admin ClusterRole", async () => {
        const rb = tweaked(hardenedRoleBinding(), clusterAdmin);
        assertFindings(await analyze(stackWith(resource(ROLE_BINDING_TYPE, "rb", rb))), [
            { policy: CLUSTER_ADMIN, parts: [`RoleBinding 'web-reader' must bind cluster-admin only to break-glass subjects: ServiceAccount ${NAMESPACE}/web is not in breakGlassSubjects.`] },
        ]);
    });

    it("does not read a Role named cluster-admin as the ClusterRole", async () => {
        const rb = tweaked(hardenedRoleBinding(), b => (b.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cluster-admin" }));
        assertClean(await analyze(stackWith(resource(ROLE_BINDING_TYPE, "rb", rb))));
    });

    it("reports binding the system:masters group, whatever the role", async () => {
        const found = await analyze(crb(b => b.subjects.push({ kind: "Group", name: "system:masters" })));
        assertFindings(found, [{ policy: CLUSTER_ADMIN, parts: [`${CRB} must not bind the system:masters group, which bypasses RBAC.`] }]);
        assertClean(await analyze(crb(b => b.subjects.push({ kind: "Group", name: "system:masters" })), { [CLUSTER_ADMIN]: { breakGlassSubjects: ["Group:system:masters"] } }));
    });

    it("rejects a break-glass subject without a kind in its config", async () => {
        await assert.rejects(analyze(crb(clusterAdmin), { [CLUSTER_ADMIN]: { breakGlassSubjects: ["ops"] } }), /breakGlassSubjects\.0: Does not match pattern/);
    });

    const wrongTyped: { it: string; change: (b: Json) => void; message: string; policies: string[] }[] = [
        { it: "roleRef", change: b => (b.roleRef = ["ClusterRole", "cluster-admin"]), message: "`roleRef` must be an object, not an array", policies: [CLUSTER_ADMIN] },
        { it: "roleRef name", change: b => (b.roleRef.name = { name: "cluster-admin" }), message: "`roleRef.name` must be a string, not an object", policies: [CLUSTER_ADMIN] },
        { it: "subjects", change: b => (b.subjects = "system:anonymous"), message: "`subjects` must be an array, not a string", policies: [CLUSTER_ADMIN, ANONYMOUS] },
        { it: "a subject", change: b => (b.subjects = [5]), message: "`subjects[0]` must be an object, not a number", policies: [CLUSTER_ADMIN, ANONYMOUS] },
        { it: "a subject name", change: b => (b.subjects[0].name = ["system:anonymous"]), message: "`subjects[0].name` must be a string, not an array", policies: [CLUSTER_ADMIN, ANONYMOUS] },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.it} as a violation`, async () => {
            assertFindings(await analyze(crb(w.change)), w.policies.map(policy => ({ policy, level: "mandatory" as const, parts: [`${CRB} cannot be verified: ${w.message}.`] })));
        });
    }
});

describe(ANONYMOUS, () => {
    const subjects: Json[] = [
        { kind: "User", name: "system:anonymous" },
        ...PUBLIC_GROUPS.map(name => ({ kind: "Group", name })),
    ];
    for (const s of subjects) {
        it(`reports binding ${s.kind} ${s.name}`, async () => {
            assertFindings(await analyze(crb(b => b.subjects.push(s))), [
                { policy: ANONYMOUS, level: "mandatory", parts: [`${CRB} must not bind anonymous or all-user subjects: ${s.kind} ${s.name}.`] },
            ]);
        });
    }

    it("does not read a service account of that name as the public group", async () => {
        assertClean(await analyze(crb(b => b.subjects.push({ kind: "ServiceAccount", name: "system:authenticated", namespace: NAMESPACE }))));
    });

    it("is not applicable to other types", async () => {
        const outcome = await validateResource(policyNamed(ANONYMOUS), { type: "kubernetes:core/v1:ConfigMap", name: "c", props: {} });
        assert.equal(outcome.reports.length, 0);
        assert.match(outcome.notApplicable ?? "", /RoleBinding/);
    });
});
