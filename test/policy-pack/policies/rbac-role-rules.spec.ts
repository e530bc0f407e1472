import * as assert from "node:assert/strict";
import { RULE_CHECKS } from "../../../policy-pack/policies/rbac-role-rules";
import {
    CLUSTER_ROLE_TYPE,
    ROLE_BINDING_TYPE,
    hardenedRoleBinding,
    Expected,
    Json,
    ROLE_TYPE,
    analyze,
    assertClean,
    assertFindings,
    hardenedClusterRole,
    hardenedRole,
    policyNamed,
    resource,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const WILDCARDS = "k8s-rbac-disallow-wildcards";
const WORKLOAD_WRITES = "k8s-rbac-restrict-workload-writes";
const ESCALATION = "k8s-rbac-disallow-privilege-escalation";
const POD_EXEC = "k8s-rbac-disallow-pod-exec";
const SECRET_READS = "k8s-rbac-restrict-secret-reads";
const mustNot = (policy: string) => RULE_CHECKS.find(c => c.name === policy)!.mustNot;

/** The baseline Role with one more rule, which is rules[2]. */
function roleWith(rule: Json, type = ROLE_TYPE) {
    const base = type === ROLE_TYPE ? hardenedRole() : hardenedClusterRole();
    return stackWith(resource(type, "role", tweaked(base, r => r.rules.push(rule))));
}

function expect(policy: string, found: string, kind = "Role 'reader'"): Expected {
    return { policy, level: "mandatory", parts: [`${kind} must not ${mustNot(policy)}: ${found}.`] };
}

const rule = (apiGroups: string[], resources: string[], verbs: string[], extra: Json = {}) => ({ apiGroups, resources, verbs, ...extra });

describe("k8s-rbac role rule policies", () => {
    it("pass the hardened Role and ClusterRole under every policy of the pack", async () => {
        assertClean(await analyze(stackWith(resource(ROLE_TYPE, "role", hardenedRole()), resource(CLUSTER_ROLE_TYPE, "viewer", hardenedClusterRole()))));
    });

    const cases: { it: string; rule: Json; expected: Expected[] }[] = [
        // Wildcards
        { it: "reports a wildcard verb", rule: rule([""], ["configmaps"], ["*"]), expected: [expect(WILDCARDS, "rules[2] has * in verbs")] },
        { it: "reports a wildcard API group", rule: rule(["*"], ["configmaps"], ["get"]), expected: [expect(WILDCARDS, "rules[2] has * in apiGroups")] },
        { it: "reports a */scale resource as a wildcard", rule: rule(["apps"], ["*/scale"], ["get"]), expected: [expect(WILDCARDS, "rules[2] has * in resources")] },
        { it: "reports a wildcard non-resource URL", rule: { nonResourceURLs: ["*"], verbs: ["get"] }, expected: [expect(WILDCARDS, "rules[2] has * in nonResourceURLs")] },
        { it: "reports a non-resource URL prefix wildcard, which /* makes match every URL", rule: { nonResourceURLs: ["/*"], verbs: ["get"] }, expected: [expect(WILDCARDS, "rules[2] has * in nonResourceURLs")] },
        {
            it: "names every wildcard field of a rule",
            rule: rule(["*"], ["configmaps"], ["*"]),
            // apiGroups * with verbs * grants every verb on configmaps only: no dangerous permission.
            expected: [expect(WILDCARDS, "rules[2] has * in verbs, apiGroups")],
        },
        {
            it: "reads resource * as every resource and subresource",
            rule: rule([""], ["*"], ["get"]),
            expected: [
                expect(WILDCARDS, "rules[2] has * in resources"),
                expect(POD_EXEC, "rules[2] grants get on pods/exec, pods/attach, pods/portforward, nodes/proxy"),
                expect(SECRET_READS, "rules[2] grants get on secrets"),
            ],
        },
        {
            it: "reads */exec as the exec subresource of every resource",
            rule: rule([""], ["*/exec"], ["create"]),
            expected: [expect(WILDCARDS, "rules[2] has * in resources"), expect(POD_EXEC, "rules[2] grants create on pods/exec")],
        },
        // Workload writes
        { it: "reports creating pods", rule: rule([""], ["pods"], ["create"]), expected: [expect(WORKLOAD_WRITES, "rules[2] grants create on pods")] },
        { it: "reports patching deployments", rule: rule(["apps"], ["deployments", "daemonsets"], ["patch", "update"]), expected: [expect(WORKLOAD_WRITES, "rules[2] grants update, patch on apps/deployments, apps/daemonsets")] },
        { it: "reports writing cron jobs", rule: rule(["batch"], ["cronjobs"], ["create"]), expected: [expect(WORKLOAD_WRITES, "rules[2] grants create on batch/cronjobs")] },
        { it: "reports writing pod templates", rule: rule([""], ["podtemplates"], ["update"]), expected: [expect(WORKLOAD_WRITES, "rules[2] grants update on podtemplates")] },
        { it: "does not read pods in another API group as core pods", rule: rule(["apps"], ["pods"], ["create"]), expected: [] },
        { it: "does not read pods/status as pods", rule: rule([""], ["pods/status"], ["update"]), expected: [] },
        // Escalation
        { it: "reports bind on roles", rule: rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["bind"]), expected: [expect(ESCALATION, "rules[2] grants bind on rbac.authorization.k8s.io/clusterroles")] },
        { it: "reports escalate on roles", rule: rule(["rbac.authorization.k8s.io"], ["roles"], ["escalate"]), expected: [expect(ESCALATION, "rules[2] grants escalate on rbac.authorization.k8s.io/roles")] },
        { it: "reports creating role bindings", rule: rule(["rbac.authorization.k8s.io"], ["rolebindings"], ["create"]), expected: [expect(ESCALATION, "rules[2] grants create on rbac.authorization.k8s.io/rolebindings")] },
        { it: "reports impersonating users", rule: rule([""], ["users", "groups"], ["impersonate"]), expected: [expect(ESCALATION, "rules[2] grants impersonate on users, groups")] },
        { it: "reports minting service account tokens", rule: rule([""], ["serviceaccounts/token"], ["create"]), expected: [expect(ESCALATION, "rules[2] grants create on serviceaccounts/token")] },
        {
            it: "reports writing admission webhooks",
            rule: rule(["admissionregistration.k8s.io"], ["validatingwebhookconfigurations"], ["patch"]),
            expected: [expect(ESCALATION, "rules[2] grants patch on admissionregistration.k8s.io/validatingwebhookconfigurations")],
        },
        {
            it: "reports approving certificate signing requests",
            rule: rule(["certificates.k8s.io"], ["certificatesigningrequests/approval"], ["update"]),
            expected: [expect(ESCALATION, "rules[2] grants update on certificates.k8s.io/certificatesigningrequests/approval")],
        },
        { it: "reports approve on signers", rule: rule(["certificates.k8s.io"], ["signers"], ["approve"], { resourceNames: ["kubernetes.io/kube-apiserver-client"] }), expected: [expect(ESCALATION, 'rules[2] grants approve on certificates.k8s.io/signers (only "kubernetes.io/kube-apiserver-client")')] },
        // Pod exec
        { it: "reports exec into pods", rule: rule([""], ["pods/exec"], ["create"]), expected: [expect(POD_EXEC, "rules[2] grants create on pods/exec")] },
        { it: "reports exec into named pods, which resourceNames do not make safe", rule: rule([""], ["pods/exec"], ["create"], { resourceNames: ["web-0"] }), expected: [expect(POD_EXEC, 'rules[2] grants create on pods/exec (only "web-0")')] },
        { it: "reports port-forward", rule: rule([""], ["pods/portforward"], ["get", "create"]), expected: [expect(POD_EXEC, "rules[2] grants create, get on pods/portforward")] },
        { it: "reports adding ephemeral containers", rule: rule([""], ["pods/ephemeralcontainers"], ["patch"]), expected: [expect(POD_EXEC, "rules[2] grants patch on pods/ephemeralcontainers")] },
        { it: "reports the node proxy", rule: rule([""], ["nodes/proxy"], ["get"]), expected: [expect(POD_EXEC, "rules[2] grants get on nodes/proxy")] },
        // Secret reads
        { it: "reports listing secrets", rule: rule([""], ["secrets"], ["list"]), expected: [expect(SECRET_READS, "rules[2] grants list on secrets")] },
        { it: "reports getting every secret", rule: rule([""], ["secrets"], ["get"]), expected: [expect(SECRET_READS, "rules[2] grants get on secrets")] },
        { it: "allows getting named secrets", rule: rule([""], ["secrets"], ["get"], { resourceNames: ["web-credentials"] }), expected: [] },
        // list and watch with resourceNames need a metadata.name field selector naming one of them (RBAC docs).
        { it: "allows listing and watching named secrets", rule: rule([""], ["secrets"], ["get", "list", "watch"], { resourceNames: ["web-credentials"] }), expected: [] },
        { it: "does not count creating pods under resourceNames, which never matches a create", rule: rule([""], ["pods"], ["create"], { resourceNames: ["web"] }), expected: [] },
        { it: "reports patching named deployments", rule: rule(["apps"], ["deployments"], ["patch"], { resourceNames: ["web"] }), expected: [expect(WORKLOAD_WRITES, 'rules[2] grants patch on apps/deployments (only "web")')] },
        {
            it: "reports a rule granting everything once, by the wildcard policy",
            rule: rule(["*"], ["*"], ["*"]),
            expected: [expect(WILDCARDS, "rules[2] grants every verb on every resource of every API group, as cluster-admin does (workload writes, privilege escalation, exec and secret reads included)")],
        },
        {
            // resourceNames narrow even a rule of wildcards to the named objects (ResourceNameMatches), and never grant a
            // create of a resource or a deletecollection: not cluster-admin, but each named grant is still a finding.
            it: "judges a rule of wildcards narrowed by resourceNames grant by grant, not as cluster-admin",
            rule: rule(["*"], ["*"], ["*"], { resourceNames: ["web"] }),
            expected: [
                expect(WILDCARDS, "rules[2] has * in verbs, resources, apiGroups"),
                expect(WORKLOAD_WRITES, 'rules[2] grants update, patch on pods, replicationcontrollers, podtemplates, apps/deployments, apps/statefulsets, apps/daemonsets, apps/replicasets, batch/jobs, batch/cronjobs (only "web")'),
                expect(
                    ESCALATION,
                    'rules[2] grants update, patch on rbac.authorization.k8s.io/roles, rbac.authorization.k8s.io/rolebindings, rbac.authorization.k8s.io/clusterroles, rbac.authorization.k8s.io/clusterrolebindings, admissionregistration.k8s.io/mutatingwebhookconfigurations, admissionregistration.k8s.io/validatingwebhookconfigurations, certificates.k8s.io/certificatesigningrequests/approval; escalate on rbac.authorization.k8s.io/roles, rbac.authorization.k8s.io/clusterroles; bind on rbac.authorization.k8s.io/roles, rbac.authorization.k8s.io/clusterroles; impersonate on users, groups, serviceaccounts, authentication.k8s.io/userextras/scopes, authentication.k8s.io/uids; create on serviceaccounts/token; approve on certificates.k8s.io/signers (only "web")',
                ),
                expect(POD_EXEC, 'rules[2] grants create, get on pods/exec, pods/attach, pods/portforward; update, patch on pods/ephemeralcontainers; create, get, update, patch, delete on nodes/proxy (only "web")'),
            ],
        },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(roleWith(c.rule)), c.expected);
        });
    }

    it("checks ClusterRoles with the same rules", async () => {
        assertFindings(await analyze(roleWith(rule([""], ["secrets"], ["list"]), CLUSTER_ROLE_TYPE)), [expect(SECRET_READS, "rules[2] grants list on secrets", "ClusterRole 'viewer'")]);
    });

    it("reads every rule, not only the first", async () => {
        const role = tweaked(hardenedRole(), r => {
            r.rules[0] = rule([""], ["secrets"], ["list"]);
            r.rules.push(rule([""], ["secrets"], ["watch"]));
        });
        assertFindings(await analyze(stackWith(resource(ROLE_TYPE, "role", role))), [expect(SECRET_READS, "rules[0] grants list on secrets; rules[2] grants watch on secrets")]);
    });

    const wrongTyped: { it: string; change: (r: Json) => void; message: string }[] = [
        { it: "rules", change: r => (r.rules = {}), message: "`rules` must be an array, not an object" },
        { it: "a rule", change: r => (r.rules[0] = "get"), message: "`rules[0]` must be an object, not a string" },
        { it: "verbs", change: r => (r.rules[1].verbs = "*"), message: "`rules[1].verbs` must be an array, not a string" },
        { it: "a verb", change: r => (r.rules[0].verbs = [true]), message: "`rules[0].verbs[0]` must be a string, not a boolean" },
        { it: "resources", change: r => (r.rules[0].resources = { pods: true }), message: "`rules[0].resources` must be an array, not an object" },
        { it: "apiGroups", change: r => (r.rules[0].apiGroups = [null]), message: "`rules[0].apiGroups[0]` must be a string, not null" },
        { it: "resourceNames", change: r => (r.rules[0].resourceNames = "web"), message: "`rules[0].resourceNames` must be an array, not a string" },
        { it: "nonResourceURLs", change: r => (r.rules[0].nonResourceURLs = 5), message: "`rules[0].nonResourceURLs` must be an array, not a number" },
    ];
    for (const w of wrongTyped) {
        it(`report wrong-typed ${w.it} as a violation of every rule policy`, async () => {
            const props = tweaked(hardenedRole(), w.change);
            const message = `Role 'reader' cannot be verified: ${w.message}.`;
            for (const check of RULE_CHECKS) {
                assert.deepEqual(await validateResource(policyNamed(check.name), { type: ROLE_TYPE, name: "role", props }), { reports: [{ message }] });
            }
            assertFindings(
                await analyze(stackWith(resource(ROLE_TYPE, "role", props))),
                RULE_CHECKS.map(c => ({ policy: c.name, level: "mandatory", parts: [message] })),
            );
        });
    }

    it("are not applicable to other types", async () => {
        for (const check of RULE_CHECKS) {
            const outcome = await validateResource(policyNamed(check.name), { type: "kubernetes:core/v1:ConfigMap", name: "c", props: {} });
            assert.equal(outcome.reports.length, 0);
            assert.match(outcome.notApplicable ?? "", /Role/);
        }
    });
});

describe("k8s-rbac role rule policies on bindings to the built-in admin and edit ClusterRoles", () => {
    function bindingTo(name: string, kind = "ClusterRole") {
        return stackWith(resource(ROLE_BINDING_TYPE, "team-edit", tweaked(hardenedRoleBinding("team-edit"), b => (b.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind, name }))));
    }
    const binds = (role: string) => `RoleBinding 'team-edit' must not`;

    it("reports a binding to edit under each policy whose permissions edit holds, naming the role", async () => {
        const found = await analyze(bindingTo("edit"));
        assertFindings(found, [
            { policy: WORKLOAD_WRITES, level: "mandatory", parts: [`${binds("edit")} ${mustNot(WORKLOAD_WRITES)}: it binds the built-in ClusterRole 'edit', which grants create, update, patch on pods`] },
            { policy: ESCALATION, level: "mandatory", parts: ["it binds the built-in ClusterRole 'edit', which grants impersonate on serviceaccounts"] },
            { policy: POD_EXEC, level: "mandatory", parts: ["it binds the built-in ClusterRole 'edit', which grants get on pods/exec, pods/attach, pods/portforward"] },
            { policy: SECRET_READS, level: "mandatory", parts: ["it binds the built-in ClusterRole 'edit', which grants get, list, watch on secrets."] },
        ]);
    });

    it("reports a binding to admin with its power to write Roles and RoleBindings", async () => {
        const found = await analyze(bindingTo("admin"));
        const escalation = found.filter(f => f.policy === ESCALATION);
        assert.equal(escalation.length, 1);
        assert.ok(escalation[0].detail.includes("create, update, patch on rbac.authorization.k8s.io/roles, rbac.authorization.k8s.io/rolebindings"), escalation[0].detail);
        assert.ok(escalation[0].detail.includes("impersonate on serviceaccounts"), escalation[0].detail);
    });

    it("passes bindings to view, to a Role named edit and to the hardened roles", async () => {
        assertClean(await analyze(bindingTo("view")));
        assertClean(await analyze(bindingTo("edit", "Role")));
        assertClean(await analyze(stackWith(resource(ROLE_BINDING_TYPE, "web-reader", hardenedRoleBinding()))));
    });
});
