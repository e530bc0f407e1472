import * as assert from "node:assert/strict";
import {
    CLUSTER_ROLE_BINDING_TYPE,
    DEPLOYMENT_TYPE,
    Json,
    NAMESPACE,
    ROLE_BINDING_TYPE,
    SERVICE_ACCOUNT_TYPE,
    WORKLOAD_KINDS,
    analyze,
    assertClean,
    assertFindings,
    hardenedClusterRoleBinding,
    hardenedDefaultServiceAccount,
    hardenedRoleBinding,
    hardenedWorkload,
    kindOf,
    policyNamed,
    resource,
    specPathOf,
    stackInputs,
    stackWith,
    tweaked,
    validateStack,
} from "../../helpers/policy";
import type { EngineResource } from "../../../cli/engine/model";

const POLICY = "k8s-workload-disallow-token-automount";
const MUST = "must mount a service account token only to call the Kubernetes API";

function web(type: string, tweak?: (spec: Json) => void): EngineResource {
    return resource(type, "web", hardenedWorkload(type, { tweak }));
}

function workload(type: string, tweak?: (spec: Json) => void) {
    return stackWith(web(type, tweak));
}

function serviceAccount(change?: (sa: Json) => void) {
    return stackWith(resource(SERVICE_ACCOUNT_TYPE, "default", tweaked(hardenedDefaultServiceAccount(), sa => change?.(sa))));
}

/** The pod runs as service account `web` and mounts its token (unset, or set true). */
const usesWeb = (value: boolean | undefined) => (s: Json) => {
    s.serviceAccountName = "web";
    if (value === undefined) delete s.automountServiceAccountToken;
    else s.automountServiceAccountToken = value;
};

describe(POLICY, () => {
    it("passes the hardened baselines (a workload, the default service account) under every policy of the pack", async () => {
        assertClean(await analyze(workload(DEPLOYMENT_TYPE)));
        assertClean(await analyze(serviceAccount()));
    });

    it("reports, as advisory, a pod template that leaves the token automount unset, in every workload kind", async () => {
        for (const kind of WORKLOAD_KINDS) {
            const path = `${specPathOf(kind.type)}.automountServiceAccountToken`;
            assertFindings(await analyze(workload(kind.type, s => delete s.automountServiceAccountToken)), [
                {
                    policy: POLICY,
                    level: "advisory",
                    parts: [`${kindOf(kind.type)} 'web' ${MUST}: ${path} is unset, so the token is mounted, and no RoleBinding or ClusterRoleBinding among the inputs grants service account '${NAMESPACE}/default' anything; set it to false.`],
                },
            ]);
        }
    });

    it("reports a pod template that sets it true on purpose without a binding, in words that say so", async () => {
        assertFindings(await analyze(workload(DEPLOYMENT_TYPE, usesWeb(true))), [
            {
                policy: POLICY,
                level: "advisory",
                parts: [`Deployment 'web' ${MUST}: it sets spec.template.spec.automountServiceAccountToken=true, but no RoleBinding or ClusterRoleBinding among the inputs grants service account '${NAMESPACE}/web' anything; bind the account, or set it to false.`],
            },
        ]);
    });

    it("passes a pod whose service account is bound among the inputs, set true or left unset", async () => {
        const subjects: Json[] = [
            { kind: "ServiceAccount", name: "web", namespace: NAMESPACE },
            { kind: "ServiceAccount", name: "web" }, // the binding's own namespace
            { kind: "User", name: `system:serviceaccount:${NAMESPACE}:web` },
            { kind: "Group", name: `system:serviceaccounts:${NAMESPACE}` },
            { kind: "Group", name: "system:serviceaccounts" },
        ];
        for (const subject of subjects) {
            for (const value of [true, undefined]) {
                const binding = resource(ROLE_BINDING_TYPE, "web-reader", tweaked(hardenedRoleBinding(), b => (b.subjects = [subject])));
                assertClean(await analyze(stackWith(binding, web(DEPLOYMENT_TYPE, usesWeb(value)))));
            }
        }
        const cluster = resource(CLUSTER_ROLE_BINDING_TYPE, "web-viewer", tweaked(hardenedClusterRoleBinding(), b => (b.subjects = [subjects[0]])));
        assertClean(await analyze(stackWith(cluster, web(DEPLOYMENT_TYPE, usesWeb(undefined)))));
    });

    it("still reports a pod whose service account is bound in another namespace only", async () => {
        const binding = resource(ROLE_BINDING_TYPE, "web-reader", tweaked(hardenedRoleBinding(), b => (b.subjects = [{ kind: "ServiceAccount", name: "web", namespace: "other" }])));
        assertFindings(await analyze(stackWith(binding, web(DEPLOYMENT_TYPE, usesWeb(undefined)))), [
            { policy: POLICY, level: "advisory", parts: [`service account '${NAMESPACE}/web'`, "is unset"] },
        ]);
    });

    it("passes a pod that leaves it unset when its service account among the inputs turns the token off", async () => {
        const sa = resource(SERVICE_ACCOUNT_TYPE, "web-sa", { metadata: { name: "web", namespace: NAMESPACE }, automountServiceAccountToken: false });
        assertClean(await analyze(stackWith(sa, web(DEPLOYMENT_TYPE, usesWeb(undefined)))));
        // The pod's own true wins over the account's false.
        assertFindings(await analyze(stackWith(sa, web(DEPLOYMENT_TYPE, usesWeb(true)))), [{ policy: POLICY, parts: ["it sets spec.template.spec.automountServiceAccountToken=true"] }]);
    });

    it("places a service account and a pod that name no namespace in their provider's (pulumi-kubernetes ProviderArgs.namespace)", async () => {
        const provider = { type: "pulumi:providers:kubernetes", name: "apps", urn: "urn:pulumi:test::hcb::pulumi:providers:kubernetes::apps", inputs: { namespace: NAMESPACE } };
        const sa: EngineResource = { ...resource(SERVICE_ACCOUNT_TYPE, "web-sa", { metadata: { name: "web" }, automountServiceAccountToken: false }), provider };
        const pod: EngineResource = { ...resource(DEPLOYMENT_TYPE, "web", hardenedWorkload(DEPLOYMENT_TYPE, { namespace: null, tweak: usesWeb(undefined) })), provider };
        assertClean(await analyze(stackWith(sa, pod)));
        // A pod whose provider names no namespace lands in default, where no account among the inputs turns the token off.
        const findings = await analyze(stackWith(sa, { ...pod, provider: { ...provider, inputs: {} } }));
        const automount = findings.filter(f => f.policy === POLICY);
        assert.equal(automount.length, 1, findings.map(f => f.policy).join(", "));
        assert.match(automount[0].detail, /service account 'default\/web'/);
    });

    it("reports the default service account when it mounts its token", async () => {
        const message = "ServiceAccount 'default' must set automountServiceAccountToken=false: the default service account is used by every pod that names none.";
        for (const change of [(sa: Json) => delete sa.automountServiceAccountToken, (sa: Json) => (sa.automountServiceAccountToken = true)]) {
            assertFindings(await analyze(serviceAccount(change)), [{ policy: POLICY, level: "advisory", parts: [message] }]);
        }
    });

    it("leaves other service accounts to the pods that use them", async () => {
        const sa = { metadata: { name: "web", namespace: NAMESPACE } };
        assertClean(await analyze(stackWith(resource(SERVICE_ACCOUNT_TYPE, "web-sa", sa))));
    });

    it("reports a wrong-typed automountServiceAccountToken as a violation", async () => {
        const props = hardenedWorkload(DEPLOYMENT_TYPE, { tweak: s => (s.automountServiceAccountToken = "false") });
        const message = "Deployment 'web' cannot be verified: `spec.template.spec.automountServiceAccountToken` must be a boolean, not a string.";
        const stack = stackWith(resource(DEPLOYMENT_TYPE, "web", props));
        assert.deepEqual((await validateStack(policyNamed(POLICY), stackInputs(stack))).reports.map(r => r.message), [message]);
        assertFindings(await analyze(stack), [{ policy: POLICY, level: "advisory", parts: [message] }]);

        const sa = tweaked(hardenedDefaultServiceAccount(), x => (x.automountServiceAccountToken = "false"));
        assert.deepEqual((await validateStack(policyNamed(POLICY), stackInputs(stackWith(resource(SERVICE_ACCOUNT_TYPE, "default", sa))))).reports.map(r => r.message), [
            "ServiceAccount 'default' cannot be verified: `automountServiceAccountToken` must be a boolean, not a string.",
        ]);
    });

    it("reports a wrong-typed pod template step as a violation", async () => {
        const props = tweaked(hardenedWorkload(DEPLOYMENT_TYPE), d => (d.spec.template = "pod"));
        const reports = (await validateStack(policyNamed(POLICY), stackInputs(stackWith(resource(DEPLOYMENT_TYPE, "web", props))))).reports;
        assert.deepEqual(reports.map(r => r.message), ["Deployment 'web' cannot be verified: `spec.template` must be an object, not a string."]);
    });
});
